"""The tools dupcheck is measured against, each run the way its own documentation says.

Scan peers are command-line runners (``python -m bench.peers.<name> CORPUS OUT …``) so every tool,
dupcheck included, runs in a process of its own: its wall time and peak memory are measured from
outside the same way (:func:`run_measured`), and no tool inherits another's imports or caches.
Each runner writes the pairs it found as JSON (:func:`write_found`); the study scores them
against the corpus truth.

Alignment peers (``difflib_align``, ``copydetect_align``) are plain functions turning two texts
into detections; ``bench.align_study`` runs them beside dupcheck on the same pairs.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from bench.truth import Found, Label


@dataclass(frozen=True, slots=True)
class ScanOutput:
    """What a scan runner reports."""

    documents: int
    seconds: float
    """Wall time inside the runner, from listing the files to the last pair (imports excluded)."""
    found: tuple[Found, ...]


def corpus_files(root: Path) -> list[Path]:
    """The pages of a synthetic corpus, in a fixed order (``truth.json`` is not a page)."""
    return sorted(root.rglob("*.txt"))


def write_found(path: Path, *, documents: int, seconds: float, found: Iterable[Found]) -> None:
    pairs = [[f.a, f.b, f.verdict.value] for f in found]
    path.write_text(
        json.dumps({"documents": documents, "seconds": seconds, "pairs": pairs}), encoding="utf-8"
    )


def read_found(path: Path) -> ScanOutput:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ScanOutput(
        documents=int(data["documents"]),
        seconds=float(data["seconds"]),
        found=tuple(Found(a, b, Label(v)) for a, b, v in data["pairs"]),
    )


def cluster_pairs(clusters: Iterable[Iterable[str]]) -> list[Found]:
    """Every pair inside every cluster, ``a < b``, sorted.

    Dedup tools answer with clusters ("keep one of these"), not pairs; all members of a cluster
    are called copies of each other, so that is what they are scored on.
    """
    pairs = {(a, b) for members in clusters for a, b in combinations(sorted(set(members)), 2)}
    return [Found(a, b) for a, b in sorted(pairs)]


# --- measuring a process --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measured:
    """One run of a command."""

    seconds: float
    """Wall time from start to exit, interpreter start-up and imports included."""
    peak_rss_mib: float
    """Largest resident set of any single process of the run (``ru_maxrss``; see
    :func:`run_measured`)."""
    tree_pss_mib: float
    """Largest proportional set size summed over the whole process tree, sampled every 50 ms:
    worker pools counted in full, pages they share with their parent counted once."""
    returncode: int
    stderr_tail: str
    """The last lines of stderr, to say why a run failed."""
    cpu_seconds: float = math.nan
    """User and system CPU time of the whole process tree (its processes that were waited
    for): on a shared machine, a steadier figure of the work done than wall time."""


TIME = Path("/usr/bin/time")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        out.extend(int(c) for c in text.split())
    return out


def _pss_kib(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return 0


def tree_pss_kib(pid: int) -> int:
    """Proportional memory of ``pid`` and all its descendants now (0 without ``/proc``)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _pss_kib(p)
        stack.extend(_children(p))
    return total


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800.0,
) -> Measured:
    """Run ``argv`` to completion (stdout discarded) and measure its time and memory.

    The command runs under ``/usr/bin/time`` when it exists: Linux charges a child the peak
    resident set of the memory image it had *before* ``exec`` (a copy of the forking parent,
    here a bench holding corpora), so ``ru_maxrss`` is only right when a small process forks
    the command. Without ``/usr/bin/time`` the child's own ``wait4`` figure is used, which can
    overstate small tools. A run past ``timeout`` seconds is killed with its whole process
    group and reported with return code -9.
    """
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        err_path, max_path = Path(tmp) / "stderr", Path(tmp) / "maxrss"
        prefix = [str(TIME), "-f", "%M", "-o", str(max_path)] if TIME.exists() else []
        start = time.perf_counter()
        with open(os.devnull, "wb") as devnull, err_path.open("wb") as err:
            proc = subprocess.Popen(
                [*prefix, *argv], stdout=devnull, stderr=err, cwd=cwd,
                env=None if env is None else dict(env), start_new_session=True,
            )  # fmt: skip
            peak_tree = 0
            done = threading.Event()

            def sample() -> None:
                nonlocal peak_tree
                while not done.wait(0.05):
                    peak_tree = max(peak_tree, tree_pss_kib(proc.pid))

            def kill() -> None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            timer = threading.Timer(timeout, kill)
            timer.start()
            # wait4 rather than Popen.wait: it hands back this child's own rusage, whereas
            # RUSAGE_CHILDREN keeps the maximum over every child this process ever had.
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            timer.cancel()
            done.set()
            sampler.join()
            proc.returncode = os.waitstatus_to_exitcode(status)
        maxrss_kib = usage.ru_maxrss
        if prefix:
            with contextlib.suppress(OSError, ValueError, IndexError):
                maxrss_kib = int(max_path.read_text().split()[-1])
        tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
    return Measured(
        seconds=seconds,
        peak_rss_mib=maxrss_kib / 1024,
        tree_pss_mib=peak_tree / 1024,
        returncode=proc.returncode,
        stderr_tail="\n".join(tail),
        # wait4 hands back the child's usage with that of the descendants it waited for.
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )
