"""The standing fuzz campaign: ``python -m bench fuzz --data ../shared/corpora [--inputs N]``.

Mutations of snippets of real corpus documents, and structured hostile JSONL lines,
configuration files, baselines, option values, file names and command lines, go through
dupcheck's real entry points (see :mod:`bench.fuzz.targets`) in persistent mode, as AFL's and
libFuzzer's: one long-lived worker process runs input after input, watched from outside. An
input that does not finish within the per-input limit is a hang: the parent kills the worker
with SIGKILL, records the input and starts a new worker, which resumes after it; a worker that
dies is a crash of the input it was running, and is restarted the same way. Workers run in an
address space of ``MEMORY_LIMIT`` (RLIMIT_AS); each input's peak resident memory is measured
(the kernel's high-water mark, reset before each input). The command-line targets still start
a real ``dupcheck`` process per input.

Input ``i`` of a target depends only on the seed, the target and ``i``, so the campaign is
resumable: finished chunks are kept in ``CACHE`` (outside the repository) and a later run with
a larger budget only runs what is new. Each failure is minimised (delta debugging, same
signature) into ``CACHE/crashes/``; a fixed one belongs in ``tests/data/fuzz/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.fuzz.targets import TARGETS

CACHE = Path(os.environ.get("DUPCHECK_FUZZ_DIR") or Path.home() / ".cache" / "dupcheck-fuzz")
"""Campaign state and reproducers: outside the repository (``DUPCHECK_FUZZ_DIR`` moves it)."""
SEED = 16
INPUTS = 1_000_000
QUICK_INPUTS = 20_000
LIMIT = 30.0
"""Seconds one input may take before it is a hang: generous, as the machine may be loaded."""
START_LIMIT = 180.0
"""Seconds a worker may take to start (imports, the list of seed files) before its first input."""
PROCESS_TARGETS = frozenset({"names", "cli"})
"""Targets that start a ``dupcheck`` process per input, whose own limit is ``LIMIT`` too."""


@dataclass
class Chunk:
    """What one chunk of inputs did."""

    tried: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    hangs: list[int] = field(default_factory=list)
    peak_kib: int = 0
    """Largest peak resident memory of the worker while one of these inputs ran."""
    peak_index: int = -1
    """The input that took it."""
    process_kib: int = 0
    """Largest peak of a ``dupcheck`` process the worker started (process targets)."""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """CPU time of the worker and the processes it started, on these inputs."""
    restarts: int = 0


def plan(inputs: int, targets: Sequence[str] | None = None) -> dict[str, int]:
    """Inputs per target for a budget of ``inputs``: each target's share, at least one chunk's
    worth of the process targets so a small budget still runs them. ``targets`` narrows the
    campaign to some targets, which then share the whole budget."""
    chosen = {name: TARGETS[name] for name in targets or TARGETS}
    whole = 1.0 if targets is None else sum(t.share for t in chosen.values())
    return {
        name: max(round(inputs * t.share / whole), min(t.chunk, inputs) if t.share < 0.01 else 1)
        for name, t in chosen.items()
    }


def chunks(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    """The budget in chunks, interleaved so that every target advances at the same pace (an
    interrupted campaign has tried a share of each)."""
    found = [
        (name, start, min(start + TARGETS[name].chunk, n))
        for name, n in counts.items()
        for start in range(0, n, TARGETS[name].chunk)
    ]
    return sorted(found, key=lambda c: (c[1] / counts[c[0]], c[0]))


class _Lines:
    """Protocol lines from a worker's stdout, each awaited with a deadline."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self, timeout: float) -> str | None:
        """The next line; ``""`` at end of file; ``None`` when ``timeout`` passes first."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            data = os.read(self.fd, 65536)
            if not data:
                return ""
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def _cpu(pid: int) -> float:
    """CPU seconds of a live process and of the children it has waited for."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return 0.0
    # Fields 14-17 of proc(5): utime, stime, cutime, cstime (counted from 3 after the name).
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _describe(status: int) -> str:
    if status < 0:
        with contextlib.suppress(ValueError):
            return f"worker died by {signal.Signals(-status).name}"
    return f"worker died (status {status})"


class Worker:
    """One persistent worker process, started again whenever it is killed or dies."""

    def __init__(self, data: Path, work: Path, *, seed: int, limit: float) -> None:
        self.argv = [sys.executable, "-m", "bench.fuzz.child", "serve", str(seed), str(data)]
        self.argv += [str(work), str(limit)]
        self.work = work
        self.proc: subprocess.Popen[bytes] | None = None
        self.lines = _Lines(-1)
        self.cpu_before = 0.0

    def start(self) -> None:
        with open(self.work / "stderr", "ab") as stderr:
            self.proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
            )
        assert self.proc.stdout is not None
        self.lines = _Lines(self.proc.stdout.fileno())
        self.cpu_before = 0.0

    def send(self, line: str) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def cpu(self) -> float:
        """CPU seconds since the last call (or the start)."""
        assert self.proc is not None
        now = _cpu(self.proc.pid)
        spent, self.cpu_before = now - self.cpu_before, now
        return spent

    def end(self, *, kill: bool) -> tuple[int, int, float]:
        """``(status, peak KiB, CPU seconds since the last call)`` of the worker, ended."""
        assert self.proc is not None
        proc, self.proc = self.proc, None
        if kill:
            proc.kill()
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        total = usage.ru_utime + usage.ru_stime
        return proc.returncode, usage.ru_maxrss, max(0.0, total - self.cpu_before)


def run_chunk(worker: Worker, target: str, start: int, stop: int, *, limit: float) -> Chunk:
    """Inputs ``start``..``stop`` of ``target``, restarting the worker after a hang or a death."""
    done = Chunk()
    began = time.perf_counter()
    first = start
    per_input = limit * (2 if target in PROCESS_TARGETS else 1)
    while first < stop:
        wait = 0.0
        if worker.proc is None:
            worker.start()
            wait = START_LIMIT
        worker.send(f"R {target} {first} {stop}")
        current: int | None = None
        while True:
            line = worker.lines.next(wait + per_input)
            if line is None or not line:  # silent past the limit (a hang), or dead
                lost = current if current is not None else first
                status, peak, cpu = worker.end(kill=line is None)
                done.cpu_seconds += cpu
                done.restarts += 1
                done.tried += 1
                if line is None and current is None:  # still making the input: the harness's
                    done.failures.append((lost, "the input's generation outlived the limit"))
                elif line is None:
                    done.hangs.append(lost)
                else:
                    done.failures.append((lost, _describe(status)))
                if peak > done.peak_kib:
                    done.peak_kib, done.peak_index = peak, lost
                first = lost + 1
                break
            kind, _, rest = line.partition(" ")
            if kind == "B":
                current, wait = int(rest), 0.0
            elif kind == "E":
                index, hwm, children, outcome = rest.split(" ", 3)
                done.tried += 1
                if outcome != "ok":
                    done.failures.append((int(index), json.loads(outcome)))
                if int(hwm) > done.peak_kib:
                    done.peak_kib, done.peak_index = int(hwm), int(index)
                done.process_kib = max(done.process_kib, int(children))
                current, first = None, int(index) + 1
            elif kind == "D":
                first = stop
                break
    if worker.proc is not None:
        done.cpu_seconds += worker.cpu()
    done.seconds = time.perf_counter() - began
    return done


TESTED = (
    "dupcheck",
    "bench/fuzz/targets.py",
    "bench/fuzz/mutate.py",
    "bench/fuzz/grammar.py",
    "bench/fuzz/child.py",
    "bench/fuzz/api_options.py",
)
"""What a chunk's result depends on: the code under test and how inputs are made and checked
(not this runner, whose changes leave every chunk's result as it was)."""


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return ""
    return done.stdout.strip()


def _code_version() -> str:
    """A hash of ``TESTED`` as committed (``-dirty`` when they have changes): chunks of another
    version are not reused, as their results would be those of other code."""
    objects = _git("rev-parse", *(f"HEAD:{path}" for path in TESTED))
    if not objects:
        return "unknown"
    version = hashlib.sha1(objects.encode()).hexdigest()[:12]
    return version + ("-dirty" if _git("status", "--porcelain", "--", *TESTED) else "")


def _state_path(seed: int) -> Path:
    return CACHE / f"seed-{seed}-{_code_version()}.json"


def _load(seed: int) -> dict[str, Chunk]:
    try:
        raw = json.loads(_state_path(seed).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    state = {}
    for key, c in raw.items():
        chunk = Chunk(**c)
        chunk.failures = [(int(i), str(sig)) for i, sig in c["failures"]]
        state[key] = chunk
    return state


def _save(seed: int, state: dict[str, Chunk]) -> None:
    path = _state_path(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps({k: asdict(c) for k, c in state.items()}), encoding="utf-8")
    partial.replace(path)


def minimise(target: str, index: int, data: Path, seed: int) -> Path:
    """The failing input ``index`` of ``target``, shrunk, in ``crashes/`` (once)."""
    out = CACHE / "crashes" / f"seed{seed}-{target}-{index}"
    if not (out / "case.json").exists():
        with tempfile.TemporaryDirectory(prefix="dupcheck-fuzz-") as work:
            argv = ["minimise", target, str(seed), str(index), str(data), work, str(out)]
            with contextlib.suppress(subprocess.TimeoutExpired):
                subprocess.run(
                    [sys.executable, "-m", "bench.fuzz.child", *argv],
                    timeout=600,
                    check=False,
                    capture_output=True,
                )
    return out


def campaign(
    data: Path,
    *,
    inputs: int,
    jobs: int,
    seed: int = SEED,
    targets: Sequence[str] | None = None,
) -> dict[str, Chunk]:
    """Run (or resume) the campaign with ``jobs`` persistent workers; totals per target (of
    ``targets`` only, when given)."""
    state = _load(seed)
    budget = plan(inputs, targets)
    todo = [c for c in chunks(budget) if f"{c[0]}:{c[1]}:{c[2]}" not in state]
    print(f"fuzz: {len(todo)} chunks to run, {len(state)} done before", flush=True)
    lock = threading.Lock()
    began = time.perf_counter()

    def work(share: list[tuple[str, int, int]]) -> None:
        with tempfile.TemporaryDirectory(prefix="dupcheck-fuzz-", dir=_scratch()) as scratch:
            worker = Worker(data, Path(scratch), seed=seed, limit=LIMIT)
            try:
                for target, start, stop in share:
                    chunk = run_chunk(worker, target, start, stop, limit=LIMIT)
                    with lock:
                        state[f"{target}:{start}:{stop}"] = chunk
                        _save(seed, state)
                        _progress(state, len(todo), began, chunk, f"{target}:{start}:{stop}")
            finally:
                if worker.proc is not None:
                    worker.end(kill=True)

    jobs = max(1, jobs)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for finished in [pool.submit(work, todo[k::jobs]) for k in range(jobs)]:
            finished.result()

    totals: dict[str, Chunk] = {name: Chunk() for name in budget}
    wanted = {f"{t}:{a}:{b}" for t, a, b in chunks(budget)}
    for key, chunk in state.items():
        if key not in wanted:
            continue  # a chunk of a larger earlier budget: not part of this run's figures
        total = totals[key.split(":")[0]]
        total.tried += chunk.tried
        total.failures += chunk.failures
        total.hangs += chunk.hangs
        if chunk.peak_kib > total.peak_kib:
            total.peak_kib, total.peak_index = chunk.peak_kib, chunk.peak_index
        total.process_kib = max(total.process_kib, chunk.process_kib)
        total.seconds += chunk.seconds
        total.cpu_seconds += chunk.cpu_seconds
        total.restarts += chunk.restarts
    return totals


def _scratch() -> str | None:
    """A memory-backed folder for the inputs' files when there is one: the campaign writes
    a file or more per input."""
    return "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


_last_print = [0.0]


def _progress(state: dict[str, Chunk], todo: int, began: float, chunk: Chunk, key: str) -> None:
    bad = len(chunk.failures) + len(chunk.hangs)
    if bad or time.perf_counter() - _last_print[0] > 60:
        _last_print[0] = time.perf_counter()
        tried = sum(c.tried for c in state.values())
        print(
            f"fuzz: {tried:,} inputs done ({todo:,} chunks this run), "
            f"{time.perf_counter() - began:.0f} s; {key}: {bad} failed",
            flush=True,
        )


def recheck_hang(target: str, index: int, data: Path, seed: int) -> Chunk:
    """Input ``index`` alone in a fresh worker: a loaded machine can stall a worker past the
    limit, so a hang counts only when it happens again."""
    with tempfile.TemporaryDirectory(prefix="dupcheck-fuzz-", dir=_scratch()) as scratch:
        worker = Worker(data, Path(scratch), seed=seed, limit=LIMIT)
        try:
            return run_chunk(worker, target, index, index + 1, limit=LIMIT)
        finally:
            if worker.proc is not None:
                worker.end(kill=True)
