"""Clough–Stevenson short-answer corpus: does dupcheck's coverage follow the graded reuse?

Each of the 95 answers is compared with its task's Wikipedia original (A = answer, B = original).
The answer's coverage (share of its content inside matches) should rise with the category:
non (0) < heavy (1) < light (2) < cut (3). Reported: Spearman's rho with ties, binary F1 of
"verdict is not distinct" for cut+light (positive) against non (negative), what heavy gets, and the
category × verdict confusion table.
"""

from __future__ import annotations

import csv
import dataclasses
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import pct, require, table
from bench.plagdet import f1
from dupcheck.align.compare import compare_analyses
from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import read_document

GRADES = {"non": 0, "heavy": 1, "light": 2, "cut": 3}
POSITIVE = frozenset({"cut", "light"})


@dataclass(frozen=True, slots=True)
class Answer:
    file: str
    task: str
    category: str
    coverage: float
    """Coverage of the answer's content by matches with the original."""
    verdict: Verdict


def read_labels(corpus: Path) -> list[tuple[str, str, str]]:
    """(file, task, category) per answer, from labels.csv."""
    with (corpus / "labels.csv").open(encoding="utf-8", newline="") as fh:
        return [(row["File"], row["Task"], row["Category"]) for row in csv.DictReader(fh)]


def measure(corpus: Path, options: CompareOptions) -> list[Answer]:
    texts = corpus / "corpus-20090418"
    originals = {
        task: analyse(read_document(texts / f"orig_task{task}.txt"))
        for task in sorted({task for _, task, _ in read_labels(corpus)})
    }
    out = []
    for file, task, category in read_labels(corpus):
        comparison = compare_analyses(
            analyse(read_document(texts / file)), originals[task], options
        )
        out.append(Answer(file, task, category, comparison.scores.coverage_a, comparison.verdict))
    return out


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties given the mean of the ranks they span."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in order[i : j + 1]:
            out[k] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho with ties: Pearson's correlation of the (tie-averaged) ranks."""
    rx, ry = ranks(x), ranks(y)
    return statistics.correlation(rx, ry)


def binary(answers: Sequence[Answer]) -> tuple[float, float, float]:
    """Precision, recall and F1 of "not distinct" for cut+light against non (heavy left out)."""
    scored = [a for a in answers if a.category in POSITIVE or a.category == "non"]
    flagged = [a for a in scored if a.verdict is not Verdict.DISTINCT]
    tp = sum(1 for a in flagged if a.category in POSITIVE)
    positives = sum(1 for a in scored if a.category in POSITIVE)
    precision = tp / len(flagged) if flagged else 0.0
    recall = tp / positives if positives else 0.0
    return precision, recall, f1(precision, recall)


def run(data: Path, *, quick: bool, options: dict[str, Any] | None = None) -> str:
    """The Clough–Stevenson study (95 answers: small enough that ``quick`` runs it whole)."""
    corpus = data / "clough-stevenson"
    require(corpus / "labels.csv", corpus / "corpus-20090418")
    opts = dataclasses.replace(CompareOptions(), **(options or {}))
    answers = measure(corpus, opts)

    rho = spearman([GRADES[a.category] for a in answers], [a.coverage for a in answers])
    precision, recall, score = binary(answers)
    verdicts = list(Verdict)
    rows = []
    for category in sorted(GRADES, key=GRADES.__getitem__, reverse=True):
        group = [a for a in answers if a.category == category]
        coverages = [a.coverage for a in group]
        rows.append(
            [
                category,
                len(group),
                statistics.mean(coverages),
                statistics.median(coverages),
                *(sum(1 for a in group if a.verdict is v) for v in verdicts),
                pct(sum(1 for a in group if a.verdict is not Verdict.DISTINCT) / len(group)),
            ]
        )
    confusion = table(
        [
            "category",
            "answers",
            "mean coverage",
            "median coverage",
            *(v.value for v in verdicts),
            "flagged",
        ],
        rows,
    )
    summary = table(
        ["Spearman rho (coverage vs grade)", "precision", "recall", "F1 (cut+light vs non)"],
        [[rho, precision, recall, score]],
    )
    print(summary, confusion, sep="\n\n")
    return "\n\n".join(
        [
            "## Clough–Stevenson short answers",
            "Each answer against its task's original (A = answer); coverage of the answer."
            " Grades: cut 3 > light 2 > heavy 1 > non 0. Binary: flagged = verdict not"
            " `distinct`, positives cut+light, negatives non; heavy is shown apart.",
            summary,
            confusion,
        ]
    )
