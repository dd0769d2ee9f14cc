"""The fuzz campaign as a bench study: ``python -m bench fuzz`` runs (or resumes) it and writes
its figures to RESULTS.md: inputs tried per target, crashes, hangs, peak memory, inputs/s."""

from __future__ import annotations

from pathlib import Path

from bench.common import table
from bench.fuzz.campaign import (
    CACHE,
    INPUTS,
    LIMIT,
    QUICK_INPUTS,
    SEED,
    Chunk,
    campaign,
    minimise,
    recheck_hang,
)
from bench.fuzz.child import MEMORY_LIMIT
from bench.fuzz.mutate import LARGE_EVERY, MAX_INPUT, SMALL_INPUT
from bench.fuzz.targets import TARGETS


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f}" if kib else "–"


def _findings(name: str, total: Chunk, data: Path) -> tuple[list[str], int]:
    """Lines for the failures of one target, and how many hangs held on a second try."""
    found: list[str] = []
    hangs = 0
    for index in total.hangs:
        again = recheck_hang(name, index, data, SEED)
        if again.hangs:
            hangs += 1
            found.append(f"- {name} #{index}: hang (over {LIMIT:.0f} s, twice)")
        else:
            found.append(
                f"- {name} #{index}: over {LIMIT:.0f} s once, then within the limit in a fresh "
                f"worker ({again.seconds:.0f} s with its start): a stall, not counted as a hang"
            )
    seen: set[str] = set()
    for index, sig in total.failures:
        if sig not in seen:
            seen.add(sig)
            out = None if sig.startswith("worker died") else minimise(name, index, data, SEED)
            where = f" → `{out}`" if out else ""
            count = sum(1 for _, s in total.failures if s == sig)
            found.append(f"- {name} #{index} ({count:,} inputs): `{sig}`{where}")
    return found, hangs


def run(
    data: Path,
    *,
    quick: bool,
    inputs: int | None = None,
    jobs: int = 1,
    targets: str | None = None,
) -> str:
    budget = inputs if inputs is not None else QUICK_INPUTS if quick else INPUTS
    chosen = None if targets is None else [name.strip() for name in targets.split(",")]
    unknown = sorted(set(chosen or ()) - set(TARGETS))
    if unknown:
        raise SystemExit(
            f"bench: no fuzz target {', '.join(unknown)} (targets: {', '.join(TARGETS)})"
        )
    totals = campaign(data, inputs=budget, jobs=jobs, targets=chosen)
    rows = []
    found: list[str] = []
    for name, total in totals.items():
        lines, hangs = _findings(name, total, data)
        found.extend(lines)
        rate = total.tried / total.cpu_seconds if total.cpu_seconds else 0.0
        rows.append(
            [
                f"{name}: {TARGETS[name].what}",
                f"{total.tried:,}",
                len({sig for _, sig in total.failures}),
                len(total.failures),
                hangs,
                _mib(total.peak_kib),
                _mib(total.process_kib),
                f"{total.cpu_seconds:,.0f}",
                f"{rate:,.0f}",
            ]
        )
    tried = sum(t.tried for t in totals.values())
    seconds = sum(t.seconds for t in totals.values())
    cpu = sum(t.cpu_seconds for t in totals.values())
    restarts = sum(t.restarts for t in totals.values())
    headers = [
        "target",
        "inputs",
        "signatures",
        "crashes",
        "hangs",
        "peak MiB",
        "process MiB",
        "CPU s",
        "inputs/CPU s",
    ]
    return "\n".join(
        [
            "## Fuzz campaign (real entry points, a persistent worker, real processes)",
            "",
            f"Seed {SEED}, {tried:,} inputs in {seconds / 60:,.1f} worker-minutes of wall time "
            f"({tried / seconds if seconds else 0:,.0f} inputs/s) and {cpu / 60:,.1f} CPU-minutes "
            f"({tried / cpu if cpu else 0:,.0f} inputs per CPU second); workers restarted "
            f"{restarts:,} times. One persistent worker runs the inputs, watched from outside; "
            "the command-line targets start a real `dupcheck` process per input. A crash is an "
            "undocumented exception, a broken invariant (a span outside its text, a score outside "
            "0–1), a worker that dies, a process status other than 0/1/2, a traceback, or an error "
            f"that is not one `dupcheck: error:` line; a hang is an input over {LIMIT:.0f} s "
            "(the worker is killed with SIGKILL), twice: once in the campaign, then alone in a "
            "fresh worker. Peak MiB is the worker's largest resident memory while one input ran "
            "(its own imports included; the kernel's high-water mark, reset before each input); "
            "process MiB the largest of a `dupcheck` process it started. Workers run in a "
            f"{MEMORY_LIMIT / 2**30:.0f} GiB address space. Inputs are snippets of real "
            "documents, mutated, and structured hostile files and values; one input in "
            f"{LARGE_EVERY:,} may grow to {MAX_INPUT / 2**20:g} MiB, the rest stay under "
            f"{SMALL_INPUT / 2**10:g} KiB.",
            "",
            table(headers, rows),
            "",
            f"Failures (first input of each signature; minimised under `{CACHE}/crashes/`):"
            if found
            else "No failure.",
            *found,
        ]
    )
