"""Interrupts and kills, with real processes and real signals.

Ctrl-C sends SIGINT to the terminal's whole process group (the program and its workers): the
program ends with one line and status 130 whenever it comes, during the imports too, and no
process prints a traceback. ``kill -9`` of the main process leaves no worker behind: each
worker ends with its parent.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._processes import alive, classify, environment, in_group

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table from /proc"
)

ROOT = Path(__file__).resolve().parents[2]
PATIENCE = 180.0
"""Seconds to wait for a process to do what it must (a loaded machine starts Python slowly);
a limit on waiting, never a check of speed."""


@pytest.fixture(scope="module")
def slow_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirty copies of one article whose every sentence lost a word to another: every pair is
    a candidate, no sentence is found verbatim, and every sentence resembles every other (a
    few dozen words, reshuffled), so each pair takes a while to align and a scan is still
    running when it is interrupted."""
    root = tmp_path_factory.mktemp("slow")
    rng = random.Random(7)
    words = [f"word{k}" for k in range(40)]
    base = [[rng.choice(words) for _ in range(12)] for _ in range(200)]
    for n in range(30):
        sentences = []
        for sentence in base:
            changed = list(sentence)
            changed[rng.randrange(12)] = rng.choice(words)
            sentences.append(" ".join(changed).capitalize() + ".")
        (root / f"article{n:02}.txt").write_text(" ".join(sentences), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def as_a_terminal_job() -> Iterator[None]:
    """The processes started here get SIGINT at its default, as a terminal starts a job: tests
    run in the background of a shell have it ignored, which a child would inherit (a handler
    is reset to the default in it), and Python keeps it so until dupcheck's own is installed."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    if before is not None:  # None: a handler set outside Python, which cannot be put back
        signal.signal(signal.SIGINT, before)


OWN_FRAME = f'File "{ROOT / "dupcheck"}'
"""How a traceback line in one of dupcheck's own files begins."""


def start(tree: Path, program: list[str] | None = None) -> subprocess.Popen[bytes]:
    """``dupcheck scan`` of ``tree`` in a new process (``python -m dupcheck`` unless ``program``
    says how to start it)."""
    command = program or [sys.executable, "-m", "dupcheck"]
    return subprocess.Popen(
        [*command, "scan", str(tree), "-j", "2", "-q"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal gives a job
        env=environment(),
    )


SCRIPT = Path(sys.executable).with_name("dupcheck")
"""The ``dupcheck`` program as the installer made it (the console entry point)."""


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command may hold spaces and parentheses: fields follow the last ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting after {PATIENCE:.0f} s: {what}")
        time.sleep(0.05)


def interrupt_at(delays: list[float], program: list[str] | None, tree: Path) -> None:
    """Start one run per delay, send Ctrl-C to each run's process group that long after its
    start, and check how each ended."""
    runs = []
    for delay in delays:
        runs.append((delay, start(tree, program), time.monotonic() + delay))
    for _, process, when in runs:
        time.sleep(max(0.0, when - time.monotonic()))
        os.killpg(process.pid, signal.SIGINT)
    for delay, process, _ in runs:
        _, err = process.communicate(timeout=PATIENCE)
        stderr = err.decode("utf-8", "replace")
        if "Traceback" in stderr and OWN_FRAME not in stderr:
            # Python was still starting (importing ``site``, or finding the module to run)
            # before any line of dupcheck ran: out of the program's reach.
            assert process.returncode != 0, stderr
            continue
        assert "Traceback" not in stderr, f"after {delay} s:\n{stderr}"
        lines = [line for line in stderr.splitlines() if line.strip()]
        if process.returncode == -signal.SIGINT and not lines:
            # Killed by the signal itself before Python had set any handler: Python's start.
            continue
        assert process.returncode == 130, f"after {delay} s:\n{stderr}"
        assert lines == ["dupcheck: interrupted"], f"after {delay} s:\n{stderr}"
        wait_until(lambda p=process: not in_group(p.pid), f"workers of the run at {delay} s")


def test_ctrl_c_at_any_moment_is_one_line_and_status_130(slow_tree: Path) -> None:
    # From the first instants (Python still importing numpy, click, rapidfuzz) to the middle
    # of verification, with workers running.
    interrupt_at([0.0, 0.05, 0.15, 0.3, 0.6, 1.2, 2.5, 5.0], None, slow_tree)


@pytest.mark.skipif(not SCRIPT.is_file(), reason="the dupcheck script is not installed here")
def test_ctrl_c_while_the_program_starts_is_one_line_and_status_130(slow_tree: Path) -> None:
    # The installed script, interrupted every few hundredths of a second of its start: while
    # Python starts, while the entry point loads the command line, as the scan begins.
    delays = [0.0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.13, 0.17, 0.22, 0.3, 0.4]
    interrupt_at(delays, [str(SCRIPT)], slow_tree)


def test_kill_9_of_the_main_process_leaves_no_worker(slow_tree: Path) -> None:
    process = start(slow_tree)
    try:
        wait_until(lambda: len(children(process.pid)) >= 2, "two workers to start")
        workers = children(process.pid)
        process.kill()
        process.wait(timeout=PATIENCE)
        wait_until(lambda: not any(alive(w) for w in workers), "the workers to end")
    finally:
        for pid in in_group(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.communicate()


def test_sigint_to_the_main_process_alone_stops_its_workers(slow_tree: Path) -> None:
    # `kill -INT PID` (not the group): the workers never see it; the main process stops them.
    process = start(slow_tree)
    wait_until(lambda: len(children(process.pid)) >= 2, "two workers to start")
    workers = children(process.pid)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=PATIENCE)
    assert process.returncode == 130, err
    assert [line for line in err.decode().splitlines() if line.strip()] == ["dupcheck: interrupted"]
    wait_until(lambda: not any(alive(w) for w in workers), "the workers to end")


def test_the_program_ends_without_the_interpreters_shutdown() -> None:
    # Python's shutdown puts SIGINT back to the system's default before the process is gone:
    # an interrupt then killed a finished run by SIGINT (status -2). The program leaves with
    # os._exit once its output is flushed: nothing of the shutdown runs (an atexit hook
    # neither), and its output is whole.
    code = (
        "import atexit, sys\n"
        "from dupcheck.cli import entry\n"
        "atexit.register(lambda: print('shutdown ran', file=sys.stderr, flush=True))\n"
        "sys.stdout.write('report ' * 20000)\n"
        "entry._finish(1)\n"
    )
    done = _python(code)
    assert done.returncode == 1
    assert done.stdout == b"report " * 20000
    assert b"shutdown ran" not in done.stderr


def test_an_interrupt_python_drops_in_a_callback_is_raised_again() -> None:
    # An interrupt landing in a callback the interpreter runs on its own (a module lock's,
    # while a module is imported) is printed as "Exception ignored" and dropped: the command
    # would run on, with a traceback on stderr. Here a real weakref callback raises it.
    code = (
        "import sys, weakref\n"
        "from dupcheck.cli import entry\n"
        "sys.unraisablehook = entry._unraisable\n"
        "class Lock: pass\n"
        "def callback(ref):\n"
        "    raise KeyboardInterrupt\n"
        "lock = Lock()\n"
        "ref = weakref.ref(lock, callback)\n"
        "try:\n"
        "    del lock\n"
        "    for _ in range(50_000_000):\n"
        "        pass\n"
        "    print('ran on')\n"
        "except KeyboardInterrupt:\n"
        "    print('raised again')\n"
        "entry._finish(0)\n"
    )
    done = _python(code)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"raised again\n", b"")


def _python(code: str) -> subprocess.CompletedProcess[bytes]:
    """``code`` run by a fresh interpreter in the repository, its output captured."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=PATIENCE, check=False
    )


@pytest.fixture(scope="module")
def news_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eighty short articles of shuffled words, a few of them copies: a scan, an index build
    or a query of it lives a second or two, long enough to hit every stage with a signal."""
    root = tmp_path_factory.mktemp("news")
    rng = random.Random(16)
    words = [f"w{k}" for k in range(300)]
    articles = [" ".join(rng.choices(words, k=300)) + "." for _ in range(70)]
    for n, text in enumerate([*articles, *articles[:10]]):
        (root / f"story{n:02}.txt").write_text(text, encoding="utf-8")
    return root


RUNS = 5
"""Interrupted runs of each command, at the same time (a sweep of hundreds is a bench study)."""


def untouched_life(argv: list[str]) -> tuple[float, int]:
    """Seconds one untouched run of ``dupcheck ARGV`` lives, and its status."""
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dupcheck", *argv],
        cwd=ROOT,
        capture_output=True,
        env=environment(),
        timeout=PATIENCE,
        check=False,
    )
    return time.monotonic() - began, done.returncode


@pytest.mark.parametrize("command", ["compare", "scan", "index build", "query"])
def test_ctrl_c_over_a_commands_whole_life(
    command: str, news_tree: Path, slow_tree: Path, tmp_path: Path
) -> None:
    """Ctrl-C from the first instant to past the end of a run: each run is interrupted (130,
    one line) or had finished (its own status, no word of an interrupt), and none leaves a
    process behind. ``bench/interrupts.py`` sweeps the same with hundreds of signals."""
    files = sorted(news_tree.iterdir())
    archive = tmp_path / "archive.db"
    if command == "query":
        built = untouched_life(["index", "build", str(news_tree), "--db", str(archive), "-q"])
        assert built[1] == 0
    slow = sorted(slow_tree.iterdir())
    arguments = {
        "compare": ["compare", str(slow[0]), str(slow[1])],
        "scan": ["scan", str(news_tree), "-j", "2"],
        "index build": ["index", "build", str(news_tree), "--db", "{db}", "-j", "2"],
        "query": ["query", "--db", str(archive), *map(str, files[:20])],
    }[command]
    life, status = untouched_life(
        [a.replace("{db}", str(tmp_path / "first.db")) for a in arguments]
    )
    runs = []
    for k in range(RUNS):
        argv = [a.replace("{db}", str(tmp_path / f"run{k}.db")) for a in arguments]
        process = subprocess.Popen(
            [sys.executable, "-m", "dupcheck", *argv],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=environment(),
        )
        runs.append((k / (RUNS - 1) * 1.2 * life, process, time.monotonic()))
    ended = []
    for delay, process, began in sorted(runs, key=lambda run: run[0]):
        time.sleep(max(0.0, began + delay - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):  # the whole group has gone: it finished
            os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=PATIENCE)
        stderr = err.decode("utf-8", "replace")
        assert "Traceback" not in stderr or OWN_FRAME not in stderr, stderr
        outcome = classify(process.returncode, stderr, status)
        if outcome == "before dupcheck":
            assert delay < 1.0, f"Python still starting after {delay:.2f} s?\n{stderr}"
            continue  # Python's own start, before any line of dupcheck ran
        assert outcome in ("interrupted", "finished"), f"after {delay:.2f} s:\n{stderr}"
        ended.append(outcome)
        wait_until(lambda p=process: not in_group(p.pid), f"the group of the run at {delay:.2f} s")
    assert "interrupted" in ended  # the sweep reached the command while it ran
