"""A campaign worker, in persistent mode: one long-lived process runs input after input.

``python -m bench.fuzz.child serve SEED DATA WORK LIMIT`` reads commands from its standard
input, one a line: ``R TARGET START STOP`` runs inputs ``START``..``STOP`` of a target. For
each it writes a line before (``B i``) and one after: ``E i HWM CHILDREN OUTCOME``, where
``HWM`` is the worker's peak resident memory (KiB) while that input ran (the kernel's peak is
reset before each input, through ``/proc/self/clear_refs``), ``CHILDREN`` the largest peak of
the processes it has started, and ``OUTCOME`` ``ok`` or the failure's JSON signature; then
``D`` at the end of the command. The parent reads the lines with a deadline: an input whose
``E`` does not come in time is a hang, and the worker is killed from outside (a hang cannot be
caught from inside the process that hangs); a worker that dies is restarted after that input.

``python -m bench.fuzz.child minimise TARGET SEED INDEX DATA WORK OUT`` writes the smallest
files it finds that fail with the same signature into ``OUT``, with ``case.json``.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path

from bench.common import peak_rss_kib
from bench.fuzz.mutate import seed_files
from bench.fuzz.targets import Case, Context, case, run_case

MEMORY_LIMIT = 4 * 2**30
"""Address space a worker (and what it starts) may take: a runaway input ends in MemoryError,
a crash the campaign reports, rather than in the machine's out-of-memory killer."""

IN_PROCESS = frozenset({"text", "html", "jsonl", "config", "baseline", "compare", "options"})
"""Targets whose failures are exceptions in this process, which can be minimised here."""


def _limit_memory() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _protocol() -> Callable[[str], None]:
    """A writer to the real standard output; fd 1 itself goes to /dev/null so that nothing
    else in the process can corrupt the protocol."""
    fd = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    out = os.fdopen(fd, "w", buffering=1, encoding="utf-8")

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    return say


class PeakMemory:
    """This process's peak resident memory per input: the kernel's high-water mark (VmHWM),
    reset before each input. Where the reset is not available the mark is the process's."""

    def __init__(self) -> None:
        self.resettable = self._reset()

    @staticmethod
    def _reset() -> bool:
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
                handle.write("5")
        except OSError:
            return False
        return True

    def start(self) -> None:
        if self.resettable:
            self._reset()

    @staticmethod
    def peak_kib() -> int:
        """The mark since the last `start` (the process's where it cannot be reset)."""
        return peak_rss_kib()


def serve(seed: int, ctx: Context) -> None:
    say = _protocol()
    memory = PeakMemory()
    for command in sys.stdin:
        _, target, start, stop = command.split()
        for index in range(int(start), int(stop)):
            made = case(target, seed, index, ctx)
            say(f"B {index}")
            memory.start()
            failure = run_case(target, made, ctx)
            children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            outcome = "ok" if failure is None else json.dumps(failure)
            say(f"E {index} {memory.peak_kib()} {children} {outcome}")
        say("D")


def shrink(data: bytes, fails: Callable[[bytes], bool], budget: int) -> bytes:
    """A smaller ``data`` for which ``fails`` still holds: delta debugging (Zeller's ddmin),
    removing ever smaller chunks, at most ``budget`` tries."""
    parts = 2
    while len(data) >= 2 and budget > 0:
        size = -(-len(data) // parts)
        for k in range(parts):
            candidate = data[: k * size] + data[(k + 1) * size :]
            budget -= 1
            if fails(candidate):
                data, parts = candidate, max(parts - 1, 2)
                break
            if budget <= 0:
                break
        else:
            if parts >= len(data):
                break
            parts = min(len(data), parts * 2)
    return data


def minimise(target: str, seed: int, index: int, ctx: Context, out: Path) -> None:
    made = case(target, seed, index, ctx)
    wanted = run_case(target, made, ctx)
    files = dict(made.files)
    if wanted is not None and target in IN_PROCESS:
        for name in list(files):

            def fails(data: bytes, name: str = name) -> bool:
                trial = Case({**files, name: data}, made.argv, made.stdin)
                return run_case(target, trial, ctx) == wanted

            files[name] = shrink(files[name], fails, budget=3000)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (
            out / os.fsencode(name).replace(b"/", b"_").decode("utf-8", "surrogateescape")
        ).write_bytes(data)
    record = {"target": target, "seed": seed, "index": index, "signature": wanted}
    record["argv"] = list(made.argv)
    if made.options is not None:
        record["options"] = repr(made.options)
    (out / "case.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    _limit_memory()
    if argv[0] == "serve":
        seed, data, work, limit = argv[1:]
        ctx = Context(seed_files(Path(data)), Path(work) / "case", float(limit))
        serve(int(seed), ctx)
    else:
        target, seed, index, data, work, out = argv[1:]
        ctx = Context(seed_files(Path(data)), Path(work) / "case")
        minimise(target, int(seed), int(index), ctx, Path(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
