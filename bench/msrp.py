"""Study: which sentence scorer, at which threshold, says "these two sentences match"?

Measured on MSRP train (news sentence pairs judged paraphrases or not) and on the ``main-news``
rows of STS-B train+dev (graded 0–5; a score of 3.0 or more counts as "same content"). Every
candidate sees the folded sentences (``dupcheck.text.normalize.fold``), as alignment does.

    python bench/msrp.py --data ../shared/corpora [--quick]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from bench.common import study_main
from dupcheck.align.similarity import STOPWORDS, similarity
from dupcheck.align.types import CompareOptions
from dupcheck.text.normalize import fold

THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(13))
_WORD = re.compile(r"\w+")

Scorer = Callable[[str, str], float]


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    same: bool


@dataclass(frozen=True, slots=True)
class Counts:
    precision: float
    recall: float
    f1: float


def load_msrp(data: Path) -> list[Pair]:
    path = data / "msrp" / "msr_paraphrase_train.txt"
    lines = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    out = []
    for line in lines:
        cols = line.split("\t")
        if len(cols) >= 5:
            out.append(Pair(fold(cols[3]), fold(cols[4]), cols[0] == "1"))
    return out


def load_sts_news(data: Path) -> list[Pair]:
    out = []
    for name in ("sts-train.csv", "sts-dev.csv"):
        for line in (data / "sts-benchmark" / name).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 7 and cols[0] == "main-news":
                out.append(Pair(fold(cols[5]), fold(cols[6]), float(cols[4]) >= 3.0))
    return out


# --- candidate scorers (0–1) ------------------------------------------------------------------


def _bag(text: str, *, stop: bool, prefix: int) -> list[str]:
    words = _WORD.findall(text)
    if stop:
        words = [w for w in words if w not in STOPWORDS]
    return sorted(w[:prefix] if prefix else w for w in words)


def _dice(stop: bool, prefix: int) -> Scorer:
    # fuzz.ratio on sorted sequences is the multiset Dice coefficient (LCS of sorted = intersection)
    def scorer(a: str, b: str) -> float:
        return (
            fuzz.ratio(_bag(a, stop=stop, prefix=prefix), _bag(b, stop=stop, prefix=prefix)) / 100
        )

    return scorer


def _containment(a: str, b: str) -> float:
    x, y = _bag(a, stop=True, prefix=5), _bag(b, stop=True, prefix=5)
    if min(len(x), len(y)) < 4:
        return fuzz.ratio(x, y) / 100
    inter = fuzz.ratio(x, y) / 100 * (len(x) + len(y)) / 2
    return inter / min(len(x), len(y))


def _set_guarded(a: str, b: str) -> float:
    # token_set_ratio is 100 whenever one side's words are a subset of the other's
    if min(len(a.split()), len(b.split())) < 5:
        return fuzz.ratio(a, b) / 100
    return fuzz.token_set_ratio(a, b) / 100


def candidates() -> dict[str, Scorer]:
    terms5 = _dice(True, 5)
    return {
        "ratio (chars)": lambda a, b: fuzz.ratio(a, b) / 100,
        "token_sort_ratio": lambda a, b: fuzz.token_sort_ratio(a, b) / 100,
        "token_set_ratio (≥5 words)": _set_guarded,
        "word ratio (ordered words)": lambda a, b: fuzz.ratio(a.split(), b.split()) / 100,
        "dice all words": _dice(False, 0),
        "dice content words": _dice(True, 0),
        "dice content terms[:4]": _dice(True, 4),
        "shipped: dice content terms[:5]": similarity,
        "dice content terms[:6]": _dice(True, 6),
        "containment terms[:5] (≥4)": _containment,
        "mean(ratio, terms[:5])": lambda a, b: (fuzz.ratio(a, b) / 100 + terms5(a, b)) / 2,
        "max(ratio, terms[:5])": lambda a, b: max(fuzz.ratio(a, b) / 100, terms5(a, b)),
        "max(token_sort, terms[:5])": lambda a, b: max(
            fuzz.token_sort_ratio(a, b) / 100, terms5(a, b)
        ),
    }


def evaluate(scores: Sequence[float], gold: Sequence[bool], threshold: float) -> Counts:
    tp = sum(1 for s, g in zip(scores, gold, strict=True) if g and s >= threshold)
    fp = sum(1 for s, g in zip(scores, gold, strict=True) if not g and s >= threshold)
    fn = sum(1 for s, g in zip(scores, gold, strict=True) if g and s < threshold)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Counts(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _table(name: str, pairs: Sequence[Pair], shipped: float) -> list[str]:
    gold = [p.same for p in pairs]
    rows = [
        f"### {name}: {len(pairs)} pairs, {sum(gold)} positive",
        "",
        "| scorer | best F1 | at | P@best | R@best | P@shipped | R@shipped | F1@shipped |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, scorer in candidates().items():
        scores = [scorer(p.a, p.b) for p in pairs]
        best_t, best = max(
            ((t, evaluate(scores, gold, t)) for t in THRESHOLDS), key=lambda x: x[1].f1
        )
        at = evaluate(scores, gold, shipped)
        rows.append(
            f"| {label} | {best.f1:.3f} | {best_t:.2f} | {best.precision:.3f} | {best.recall:.3f} "
            f"| {at.precision:.3f} | {at.recall:.3f} | {at.f1:.3f} |"
        )
    return rows


def _sweep(name: str, pairs: Sequence[Pair]) -> list[str]:
    gold = [p.same for p in pairs]
    scores = [similarity(p.a, p.b) for p in pairs]
    rows = [f"Shipped scorer on {name} by threshold:", ""]
    rows += ["| threshold | P | R | F1 |", "|---|---|---|---|"]
    for t in THRESHOLDS:
        c = evaluate(scores, gold, t)
        rows.append(f"| {t:.2f} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |")
    return rows


def run(data: Path, *, quick: bool) -> str:
    """Print the scorer tables and return the markdown section for bench/RESULTS.md."""
    shipped = CompareOptions().match_threshold
    msrp, sts = load_msrp(data), load_sts_news(data)
    if quick:
        msrp, sts = msrp[::4], sts[::4]
    lines = [
        "## Sentence-match scorer (MSRP train, STS-B news)",
        "",
        "Shipped: Dice of content-term multisets (stop words dropped, words cut to 5 chars;",
        f"dupcheck/similarity.py) at match_threshold {shipped:.2f}. It ties the best F1 of the",
        "candidates on both sets and is the fastest through `process.cdist` (short int-like",
        "sequences). Character ratio has a floor near 0.5 for any two news sentences, so it adds",
        "false matches; token_set_ratio is 1.0 for any subset. The threshold sits at the F1",
        "plateau (0.45–0.5) rather than higher: MSRP's negatives often share most of their",
        "content, which for news reuse *is* a copied sentence, so measured precision understates",
        "ours; short pairs are held back by min_seed_terms and context, not by a higher threshold.",
        "",
        *_table("MSRP train", msrp, shipped),
        "",
        *_table("STS-B news (score ≥ 3)", sts, shipped),
        "",
        *_sweep("MSRP train", msrp),
        "",
        *_sweep("STS-B news", sts),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    return text


if __name__ == "__main__":
    study_main(run, __doc__, quick_help="every 4th pair only")
