"""After Ctrl-C a command gets a bounded time to clean up, whatever it is stuck on: real
processes, real signals, and clean-ups that really hang.

Two things hang a clean-up here for real: a standard error that is a pipe nobody reads (the
"interrupted" line cannot be written, and the write waits for ever) and a worker process that is
stopped (SIGSTOP: it takes no SIGTERM until it is continued). The program must still end, with
status 130, no traceback and no process of its left: ``dupcheck.cli.watchdog`` ends it
``CLEAN_UP_SECONDS`` after the interrupt. Without the watchdog, the first two tests wait here
until ``PATIENCE`` runs out.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import os
import random
import signal
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._processes import alive, environment, in_group
from tests.cli.test_interrupts import (
    PATIENCE,
    ROOT,
    as_a_terminal_job,
    children,
    slow_tree,
    wait_until,
)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table from /proc"
)
__all__ = ["as_a_terminal_job", "slow_tree"]  # fixtures, shared with the interrupt tests

F_GETPIPE_SZ = 1032
"""fcntl(2): the capacity of a pipe (Linux)."""


def unread(fd: int) -> int:
    """Bytes waiting in the pipe whose read end is ``fd``."""
    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count)
    return count[0]


def fill(fd: int) -> None:
    """Write into the pipe ``fd`` until it takes no more, not even one byte. Through a file
    description of its own: made non-blocking, ``fd``'s would be the process's stderr's too, and
    its writes would fail at once rather than wait."""
    own = os.open(f"/proc/self/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK)
    try:
        for size in (65536, 1):
            with contextlib.suppress(BlockingIOError):
                while True:
                    os.write(own, b"x" * size)
    finally:
        os.close(own)


def read_all(fd: int) -> bytes:
    chunks = []
    while data := os.read(fd, 1 << 16):
        chunks.append(data)
    return b"".join(chunks)


@contextlib.contextmanager
def dupcheck(argv: list[str], stdout: int, stderr: int) -> Iterator[subprocess.Popen[bytes]]:
    """``dupcheck ARGV`` in a process group of its own, as a terminal starts a job; whatever
    is left of the group at the end is killed, so a failing test leaves nothing behind."""
    process = subprocess.Popen(
        [sys.executable, "-m", "dupcheck", *argv],
        cwd=ROOT,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
        env=environment(),
    )
    try:
        yield process
    finally:
        for pid in in_group(process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def end_of(process: subprocess.Popen[bytes]) -> int:
    """The status of ``process`` once it has ended, or a failure if it has not within
    ``PATIENCE``."""
    try:
        return process.wait(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {PATIENCE:.0f} s after Ctrl-C")


def test_ctrl_c_ends_a_compare_whose_output_nobody_reads(tmp_path: Path) -> None:
    # `dupcheck compare A B -f json 2>&1 | reader` with a reader that stops reading: the report
    # fills the pipe and the write waits; Ctrl-C stops it, and the line "interrupted" waits in
    # turn on the same full pipe, for ever unless something bounds the clean-up.
    rng = random.Random(5)
    words = [f"word{k}" for k in range(2000)]
    sentences = [" ".join(rng.choices(words, k=15)).capitalize() + "." for _ in range(600)]
    text = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, 600, 3))
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    read_end, write_end = os.pipe()
    argv = ["compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json"]
    with dupcheck(argv, write_end, write_end) as process:
        os.close(write_end)
        full = fcntl.fcntl(read_end, F_GETPIPE_SZ)
        wait_until(lambda: unread(read_end) >= full, "the report to fill the pipe")
        os.killpg(process.pid, signal.SIGINT)
        assert end_of(process) == 130
        assert b"Traceback" not in read_all(read_end)
        wait_until(lambda: not in_group(process.pid), "the run's processes to end")
    os.close(read_end)


def test_ctrl_c_ends_a_scan_with_a_stopped_worker_and_a_full_stderr(slow_tree: Path) -> None:
    # A worker that cannot be terminated (stopped) and a standard error that takes nothing:
    # the watchdog kills the workers with SIGKILL, which a stopped process does not escape.
    read_end, write_end = os.pipe()
    argv = ["scan", str(slow_tree), "-j", "2", "-q"]
    with dupcheck(argv, subprocess.DEVNULL, write_end) as process:
        wait_until(lambda: len(children(process.pid)) >= 2, "two workers to start")
        workers = children(process.pid)
        os.kill(min(workers), signal.SIGSTOP)
        fill(write_end)
        os.close(write_end)
        os.killpg(process.pid, signal.SIGINT)
        assert end_of(process) == 130
        assert b"Traceback" not in read_all(read_end)
        wait_until(lambda: not any(alive(w) for w in workers), "the workers to end")
        wait_until(lambda: not in_group(process.pid), "the run's processes to end")
    os.close(read_end)


def test_ctrl_c_ends_a_scan_whose_workers_are_stopped(slow_tree: Path) -> None:
    # Stopped workers take no SIGTERM: the clean-up must not wait for them to end (the pool's
    # shutdown used to join a manager thread that waits for them), and none is left behind.
    argv = ["scan", str(slow_tree), "-j", "2", "-q"]
    with dupcheck(argv, subprocess.DEVNULL, subprocess.PIPE) as process:
        wait_until(lambda: len(children(process.pid)) >= 2, "two workers to start")
        workers = children(process.pid)
        for worker in workers:
            os.kill(worker, signal.SIGSTOP)
        os.killpg(process.pid, signal.SIGINT)
        status = end_of(process)
        assert process.stderr is not None
        lines = process.stderr.read().decode("utf-8", "replace").splitlines()
        process.stderr.close()
        assert status == 130, lines
        assert [line for line in lines if line.strip()] == ["dupcheck: interrupted"]
        wait_until(lambda: not any(alive(w) for w in workers), "the workers to end")
