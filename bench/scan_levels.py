"""How scan's candidate levels behave on a synthetic corpus with truth (``bench.synth``).

Stage times are wall times of one run on a machine that may be shared: compare runs side by side.

``python -m bench.scan_levels /tmp/synth-medium [--jobs 2] [--set fine_modulus=8 ...]``

Prints, for the options given: candidates per document and per level, the share of true
duplicate and partial pairs that became candidates (the ceiling of scan's recall), the share of
candidates that verify (not ``distinct``), wall and CPU time of each stage, documents per second,
peak memory, and how often a cluster's ``original`` is the story's true original.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.common import peak_rss_mb, require, table
from bench.truth import Found, Label, Truth, evaluate
from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.parallel import Workers
from dupcheck.corpus.pipeline import Progress, scan
from dupcheck.corpus.reading import read_corpus
from dupcheck.corpus.types import ScanOptions
from dupcheck.corpus.walk import discover


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _options(pairs: Sequence[str], jobs: int) -> ScanOptions:
    base = ScanOptions(jobs=jobs)
    values: dict[str, Any] = {}
    for item in pairs:
        key, _, raw = item.partition("=")
        values[key] = type(getattr(base, key))(raw)
    return replace(base, **values)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scan_levels")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--set", nargs="*", default=[], help="ScanOptions overrides: key=value")
    args = parser.parse_args(argv)
    require(args.corpus / "truth.json")
    options = _options(args.set, args.jobs)
    truth = Truth.read(args.corpus / "truth.json")
    labels = truth.labels()

    # Candidates alone (read + index), to see what verification is asked to do.
    with Workers(options.jobs) as workers:
        corpus = read_corpus(discover(args.corpus, options), [], options, workers, lambda *_: None)
    found = find_candidates(corpus.sketches, options)
    names = [d.name for d in corpus.origins]
    proposed = {tuple(sorted((names[i], names[j]))) for i, j in found.pairs}
    n = len(names)

    def reach(label: Label) -> str:
        true = [k for k, v in labels.items() if v is label]
        return f"{sum(k in proposed for k in true)}/{len(true)}"

    # The whole scan, timed by stage.
    marks: dict[str, float] = {}
    start, cpu0 = time.perf_counter(), _cpu()

    def progress(p: Progress) -> None:
        if p.done == p.total and p.stage not in marks:
            marks[p.stage] = time.perf_counter() - start

    result = scan(args.corpus, options=options, progress=progress)
    wall = time.perf_counter() - start
    cpu = _cpu() - cpu0  # workers' CPU is counted once they exit, at the end of the scan
    copies = [p for p in result.pairs if p.verdict.value in (Label.DUPLICATE, Label.PARTIAL)]
    pr = evaluate([Found(p.a, p.b, Label(p.verdict.value)) for p in copies], truth)
    true_original = {m: s.original for s in truth.stories for m in (s.original, *s.copies)}
    pure = [c for c in result.clusters if len({true_original.get(m) for m in c.members}) == 1]
    pure = [c for c in pure if c.members[0] in true_original]
    right = sum(c.original == true_original[c.members[0]] for c in pure)

    rows: list[tuple[str, object]] = [
        ("documents", n),
        ("candidates (per document)", f"{len(proposed)} ({len(proposed) / max(1, n):.3f})"),
        ("level 1 (MinHash LSH) / level 2 (fingerprints)", f"{found.level1} / {found.level2}"),
        ("fingerprints dropped as too frequent", found.dropped_fingerprints),
        ("true duplicates proposed", reach(Label.DUPLICATE)),
        ("true partials proposed", reach(Label.PARTIAL)),
        ("candidates that verify", f"{len(result.pairs) / max(1, result.candidates):.3f}"),
        (
            "duplicate recall / precision",
            f"{pr.duplicate_recall:.3f} / {pr.duplicate_precision:.3f}",
        ),
        ("partial recall", f"{pr.partial_recall:.3f}"),
        ("original right (pure story clusters)", f"{right}/{len(pure)}"),
    ]
    previous = 0.0
    for stage, at in marks.items():
        rows.append((f"{stage}: wall s", f"{at - previous:.2f}"))
        previous = at
    rows += [
        ("total wall s (documents/s)", f"{wall:.2f} ({n / wall:.0f})"),
        ("total CPU s, all processes", f"{cpu:.2f}"),
        (
            "peak RSS MiB (main / largest worker)",
            f"{peak_rss_mb():.0f} / {peak_rss_mb(children=True):.0f}",
        ),
    ]
    print(f"scan levels on {args.corpus} (jobs={options.jobs}, {' '.join(args.set) or 'defaults'})")
    print(table(["measure", "value"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
