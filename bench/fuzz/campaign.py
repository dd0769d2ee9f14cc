"""The standing fuzz campaign: ``python -m bench fuzz --data ../shared/corpora [--inputs N]``.

Mutations of real corpus documents, and hostile JSONL lines, configuration files, baselines,
file names and command lines, go through dupcheck's real entry points (see
:mod:`bench.fuzz.targets`), a chunk of inputs at a time in a worker process watched from
outside: an input that does not finish within the per-input limit is a hang and its worker is
killed; a worker that dies is a crash of the input it was running. Peak memory is each
worker's ``ru_maxrss`` (from ``wait4``) and that of the processes it started.

Input ``i`` of a target depends only on the seed, the target and ``i``, so the campaign is
resumable: finished chunks are kept in ``bench/.cache/fuzz/`` and a later run with a larger
budget only runs what is new. Each failure is minimised (delta debugging, same signature) into
``bench/.cache/fuzz/crashes/``; a fixed one belongs in ``tests/data/fuzz/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.common import table
from bench.fuzz.targets import TARGETS

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "fuzz"
SEED = 16
INPUTS = 1_000_000
QUICK_INPUTS = 4_000
LIMIT = 60.0
"""Seconds one input may take before it is a hang: generous, as the machine may be loaded."""
START_LIMIT = 180.0
"""Seconds a worker may take to start (imports, the list of seed files) before its first input."""


@dataclass
class Chunk:
    """What one chunk of inputs did."""

    tried: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    hangs: list[int] = field(default_factory=list)
    peak_kib: int = 0
    seconds: float = 0.0


def plan(inputs: int) -> dict[str, int]:
    """Inputs per target for a budget of ``inputs``: each target's share, at least one chunk's
    worth of the process targets so a small budget still runs them."""
    return {
        name: max(round(inputs * t.share), min(t.chunk, inputs) if t.share < 0.01 else 1)
        for name, t in TARGETS.items()
    }


def chunks(counts: dict[str, int]) -> list[tuple[str, int, int]]:
    return [
        (name, start, min(start + TARGETS[name].chunk, n))
        for name, n in counts.items()
        for start in range(0, n, TARGETS[name].chunk)
    ]


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


def _reap(proc: subprocess.Popen[bytes]) -> tuple[int, int]:
    """``(status, peak KiB)`` of a finished or killed worker, from ``wait4``."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss


def run_chunk(target: str, start: int, stop: int, data: Path, *, seed: int, limit: float) -> Chunk:
    """Inputs ``start``..``stop`` of ``target``, restarting the worker after a hang or a death."""
    done = Chunk()
    began = time.perf_counter()
    first = start
    with tempfile.TemporaryDirectory(prefix="dupcheck-fuzz-") as work:
        while first < stop:
            argv = ["run", target, str(seed), str(first), str(stop), str(data), work, str(limit)]
            with open(Path(work) / "stderr", "wb") as stderr:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "bench.fuzz.child", *argv],
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
                )
            assert proc.stdout is not None
            lines, current, wait = _Lines(proc.stdout.fileno()), None, START_LIMIT
            lost: int | None = None  # the input the worker was killed in or died in
            hung = False
            while True:
                line = lines.next(wait + (limit if target in ("names", "cli") else 0))
                if line is None:  # no word within the limit: hung (or stuck starting)
                    proc.kill()
                    lost, hung = (current if current is not None else first), True
                    break
                if not line:  # the worker died, or finished without its last line
                    lost = current
                    break
                kind, _, rest = line.partition(" ")
                if kind == "B":
                    current, wait = int(rest), limit
                elif kind == "E":
                    index, _, outcome = rest.partition(" ")
                    done.tried += 1
                    if outcome != "ok":
                        done.failures.append((int(index), json.loads(outcome)))
                    current, first = None, int(index) + 1
                elif kind == "M":
                    done.peak_kib = max(done.peak_kib, int(rest))
                    first = stop
            proc.stdout.close()
            status, peak = _reap(proc)
            done.peak_kib = max(done.peak_kib, peak)
            if lost is not None:
                done.tried += 1
                if hung:
                    done.hangs.append(lost)
                else:
                    done.failures.append((lost, f"worker died (status {status})"))
                first = lost + 1
            elif first < stop:  # ended between inputs without its last line
                done.failures.append((first, f"worker died (status {status})"))
                first = stop
    done.seconds = time.perf_counter() - began
    return done


TESTED = (
    "dupcheck",
    "bench/fuzz/targets.py",
    "bench/fuzz/mutate.py",
    "bench/fuzz/grammar.py",
    "bench/fuzz/child.py",
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
    return {
        key: Chunk(
            tried=c["tried"],
            failures=[(int(i), str(s)) for i, s in c["failures"]],
            hangs=[int(i) for i in c["hangs"]],
            peak_kib=c["peak_kib"],
            seconds=c["seconds"],
        )
        for key, c in raw.items()
    }


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


def campaign(data: Path, *, inputs: int, jobs: int, seed: int = SEED) -> dict[str, Chunk]:
    """Run (or resume) the campaign; totals per target."""
    state = _load(seed)
    todo = [c for c in chunks(plan(inputs)) if f"{c[0]}:{c[1]}:{c[2]}" not in state]
    print(f"fuzz: {len(todo)} chunks to run, {len(state)} done before", flush=True)

    def one(item: tuple[str, int, int]) -> tuple[str, Chunk]:
        target, start, stop = item
        return f"{target}:{start}:{stop}", run_chunk(
            target, start, stop, data, seed=seed, limit=LIMIT
        )

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for key, chunk in pool.map(one, todo):
            state[key] = chunk
            _save(seed, state)
            bad = len(chunk.failures) + len(chunk.hangs)
            print(f"fuzz: {key}: {chunk.tried} in {chunk.seconds:.0f} s, {bad} failed", flush=True)

    totals: dict[str, Chunk] = {name: Chunk() for name in TARGETS}
    wanted = {f"{t}:{a}:{b}" for t, a, b in chunks(plan(inputs))}
    for key, chunk in state.items():
        if key not in wanted:
            continue  # a chunk of a larger earlier budget: not part of this run's figures
        total = totals[key.split(":")[0]]
        total.tried += chunk.tried
        total.failures += chunk.failures
        total.hangs += chunk.hangs
        total.peak_kib = max(total.peak_kib, chunk.peak_kib)
        total.seconds += chunk.seconds
    return totals


def run(data: Path, *, quick: bool, inputs: int | None = None, jobs: int = 1) -> str:
    budget = inputs if inputs is not None else QUICK_INPUTS if quick else INPUTS
    totals = campaign(data, inputs=budget, jobs=jobs)
    rows = []
    found: list[str] = []
    for name, total in totals.items():
        hangs = []
        for index in total.hangs:
            # A loaded machine can stall a worker: a hang counts when a fresh worker hangs too.
            again = run_chunk(name, index, index + 1, data, seed=SEED, limit=LIMIT)
            if again.hangs:
                hangs.append(f"- {name} #{index}: hang (over {LIMIT:.0f} s, twice)")
            else:
                found.append(
                    f"- {name} #{index}: over {LIMIT:.0f} s once, then within the limit in a fresh "
                    f"worker ({again.seconds:.0f} s with its start): a stall, not counted as a hang"
                )
        rate = total.tried / total.seconds if total.seconds else 0.0
        rows.append(
            [
                f"{name}: {TARGETS[name].what}",
                f"{total.tried:,}",
                len({sig for _, sig in total.failures}),
                len(total.failures),
                len(hangs),
                f"{total.peak_kib / 1024:,.0f}",
                f"{rate:,.1f}",
            ]
        )
        seen: set[str] = set()
        for index, sig in total.failures:
            if sig not in seen:
                seen.add(sig)
                out = None if sig.startswith("worker died") else minimise(name, index, data, SEED)
                where = f" → `{out.relative_to(CACHE.parents[1])}`" if out else ""
                found.append(f"- {name} #{index}: `{sig}`{where}")
        found.extend(hangs)
    tried = sum(t.tried for t in totals.values())
    seconds = sum(t.seconds for t in totals.values())
    headers = ["target", "inputs", "signatures", "crashes", "hangs", "peak MiB", "inputs/s"]
    return "\n".join(
        [
            "## Fuzz campaign (real entry points, real processes)",
            "",
            f"Seed {SEED}, {tried:,} inputs in {seconds / 60:.1f} worker-minutes "
            f"({tried / seconds if seconds else 0:,.1f} inputs/s of one worker). A crash is an "
            "undocumented exception, a broken invariant (a span outside its text, a score "
            "outside 0–1), a process status other than 0/1/2, a traceback, or an error that is "
            f"not one `dupcheck: error:` line; a hang is an input over {LIMIT:.0f} s (killed from "
            "outside), twice: once in the campaign, then alone in a fresh worker. Peak memory "
            "is the largest `ru_maxrss` of a worker or of a dupcheck process it ran. Workers run "
            "in a 4 GiB address space.",
            "",
            table(headers, rows),
            "",
            "Failures (first input of each signature; minimised under bench/.cache/fuzz/):"
            if found
            else "No failure.",
            *found,
        ]
    )
