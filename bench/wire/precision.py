"""python -m bench.wire.precision --draw test --scan RESULT.json --corpus reuters

Scores any ``dupcheck scan`` result of one materialised corpus against the labels of a draw:
for each verdict the scan gives to labelled pairs, the share that is right by the rules of
``PROTOCOL.md`` (precision, with a 95% Wilson interval and n), and among the labelled COPY and
UPDATE pairs the share the scan reports at all and the share it calls ``duplicate`` (recall).
Only labelled pairs count: a pair the scan reports that no draw holds is not scored here (a
``fresh`` draw from the new scan's reports covers those).

A draw samples each stratum of the build it was drawn from (that build's verdicts, and two
strata of pairs it did not report) at its own rate. For that build each verdict is one stratum,
so plain shares are unbiased. A later build gives a verdict to pairs of several strata: its
precision is then estimated with each labelled pair weighted by its stratum's population over
its sample size (`weighted`), with a Wilson interval on the Kish effective sample size. Pairs the
later build reports that the source build did not report and that lie in no stratum are outside
the draw's frame: they are counted, not scored.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.wire.common import (
    CORPORA,
    DRAWS_DIR,
    LABELS,
    LABELS_DIR,
    load_scan,
    pair_key,
    read_jsonl,
)

Pair = tuple[str, str]

RIGHT: Mapping[str, frozenset[str]] = {
    "duplicate": frozenset({"COPY", "UPDATE"}),
    "partial": frozenset({"COPY", "UPDATE", "QUOTE"}),
    "template": frozenset({"TEMPLATE"}),
}
"""The labels that make each verdict right."""
SAME_STORY = frozenset({"COPY", "UPDATE"})
"""The labels a detector must report: a non-reported pair with one of them is a miss."""
FINDINGS = frozenset({"duplicate", "partial"})
"""The verdicts that report a pair as shared text (``template`` does not)."""
Z95 = 1.959963984540054


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials ((0, 1) when n is 0).

    ``n`` may be an effective (non-integer) sample size, with ``k`` the matching share of it.
    """
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class Rate:
    """``k`` of ``n`` with its Wilson interval."""

    name: str
    k: int
    n: int

    @property
    def value(self) -> float:
        return self.k / self.n if self.n else math.nan

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.k, self.n)

    def line(self) -> str:
        if not self.n:
            return f"{self.name:<22} n=0"
        low, high = self.interval
        return f"{self.name:<22} {self.value:6.3f}  [{low:.3f}, {high:.3f}]  {self.k}/{self.n}"


def cell(rate: Rate | None) -> str:
    """A rate as a report's table shows it: ``0.950 [0.86, 0.98] (57/60)``, or ``–`` when
    there is none."""
    if rate is None or not rate.n:
        return "–"
    low, high = rate.interval
    return f"{rate.value:.3f} [{low:.2f}, {high:.2f}] ({rate.k}/{rate.n})"


@dataclass(frozen=True, slots=True)
class Weighted:
    """A stratum-weighted share: ``right`` of ``total`` weight, from ``n`` labelled pairs."""

    name: str
    right: float
    total: float
    n: int
    effective_n: float

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else math.nan

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.value * self.effective_n, self.effective_n) if self.n else (0.0, 1.0)


def weighted_precision(
    labels: Mapping[Pair, str], verdicts: Mapping[Pair, str], weights: Mapping[Pair, float]
) -> dict[str, Weighted]:
    """Each verdict's precision over labelled pairs, each pair weighted by ``weights``."""
    out: dict[str, Weighted] = {}
    for verdict in sorted({verdicts[p] for p in labels if p in verdicts}):
        mine = [p for p in labels if verdicts.get(p) == verdict]
        w = [weights[p] for p in mine]
        right = RIGHT.get(verdict, frozenset())
        total = sum(w)
        out[verdict] = Weighted(
            f"precision {verdict}",
            sum(weights[p] for p in mine if labels[p] in right),
            total,
            len(mine),
            total * total / sum(x * x for x in w),
        )
    return out


def stratum_weights(draw: str, corpus: str) -> dict[Pair, float]:
    """Each drawn pair's weight: its stratum's population over the pairs the draw took from it."""
    meta = json.loads((DRAWS_DIR / f"{draw}.meta.json").read_text(encoding="utf-8"))
    strata = meta["strata"][corpus]
    rows = [r for r in read_jsonl(DRAWS_DIR / f"{draw}.jsonl") if r["corpus"] == corpus]

    def stratum(row: Mapping[str, Any]) -> str:
        if row["source"] == "reported":
            return f"reported:{row['release_verdict']}"
        return f"unreported:{row['source']}"

    taken = Counter(stratum(r) for r in rows)
    return {
        pair_key(r["a"], r["b"]): strata[stratum(r)]["population"] / taken[stratum(r)] for r in rows
    }


def score(labels: Mapping[Pair, str], verdicts: Mapping[Pair, str]) -> list[Rate]:
    """Precision of each verdict the scan gives to labelled pairs, then recall on COPY/UPDATE.

    A verdict without a rule in `RIGHT` is listed with k = 0 so it is seen, not silently dropped.
    """
    for pair, label in labels.items():
        if label not in LABELS:
            raise ValueError(f"{pair}: label {label!r} is not one of {LABELS}")
    rates = []
    given = sorted({verdicts[p] for p in labels if p in verdicts})
    for verdict in given:
        mine = [label for pair, label in labels.items() if verdicts.get(pair) == verdict]
        right = RIGHT.get(verdict, frozenset())
        rates.append(Rate(f"precision {verdict}", sum(lb in right for lb in mine), len(mine)))
    same = [pair for pair, label in labels.items() if label in SAME_STORY]
    found = sum(verdicts.get(pair) in FINDINGS for pair in same)
    rates.append(Rate("recall reported", found, len(same)))
    rates.append(
        Rate("recall duplicate", sum(verdicts.get(p) == "duplicate" for p in same), len(same))
    )
    return rates


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.wire.precision",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--draw", required=True, help="the labels/<draw>.jsonl to score on")
    parser.add_argument("--scan", type=Path, required=True, help="dupcheck scan --format json")
    parser.add_argument("--corpus", choices=CORPORA, required=True, help="the corpus scanned")
    args = parser.parse_args(argv)
    rows = read_jsonl(LABELS_DIR / f"{args.draw}.jsonl")
    labels = {pair_key(r["a"], r["b"]): str(r["label"]) for r in rows if r["corpus"] == args.corpus}
    verdicts = load_scan(args.scan, args.corpus)
    print(f"draw {args.draw}, {args.corpus}: {len(labels)} labelled pairs; scan {args.scan}")
    for rate in score(labels, verdicts):
        print(rate.line())
    if (DRAWS_DIR / f"{args.draw}.meta.json").exists():
        weights = stratum_weights(args.draw, args.corpus)
        for est in weighted_precision(labels, verdicts, weights).values():
            low, high = est.interval
            print(
                f"{est.name + ' (weighted)':<33} {est.value:6.3f}  [{low:.3f}, {high:.3f}]  "
                f"n={est.n}, effective {est.effective_n:.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
