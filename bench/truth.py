"""Known truth of a synthetic corpus (``truth.json``) and the pair scores every study reports.

Labels: ``duplicate`` (two pages of one story), ``partial`` (a story that reproduces one or two
paragraphs of another), ``any`` (either verdict, or none, is acceptable: the pair is counted
neither as a hit nor as a false alarm). Unlabelled pairs are unrelated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

SCHEMA = "dupcheck.synth/1"


class Label(StrEnum):
    DUPLICATE = "duplicate"
    PARTIAL = "partial"
    ANY = "any"


@dataclass(frozen=True, slots=True)
class LabelledPair:
    a: str
    """Path relative to the corpus directory, ``/`` separators; ``a < b``."""
    b: str
    label: Label


@dataclass(frozen=True, slots=True)
class Story:
    original: str
    copies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    source: str
    """The original whose paragraphs are reproduced."""
    quoting: str
    """The different story that reproduces them."""


@dataclass(frozen=True, slots=True)
class Truth:
    seed: int
    level: str
    files: int
    pairs: tuple[LabelledPair, ...]
    stories: tuple[Story, ...]
    quotes: tuple[Quote, ...] = ()

    def labels(self) -> dict[tuple[str, str], Label]:
        return {(p.a, p.b): p.label for p in self.pairs}

    def to_json(self) -> dict[str, object]:
        return {
            "schema": SCHEMA,
            "seed": self.seed,
            "level": self.level,
            "files": self.files,
            "pairs": [{"a": p.a, "b": p.b, "label": p.label.value} for p in self.pairs],
            "stories": [{"original": s.original, "copies": list(s.copies)} for s in self.stories],
            "quotes": [{"source": q.source, "quoting": q.quoting} for q in self.quotes],
        }

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Truth:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"{path}: not a {SCHEMA} truth file")
        return cls(
            seed=data["seed"],
            level=data["level"],
            files=data["files"],
            pairs=tuple(LabelledPair(p["a"], p["b"], Label(p["label"])) for p in data["pairs"]),
            stories=tuple(Story(s["original"], tuple(s["copies"])) for s in data["stories"]),
            quotes=tuple(Quote(q["source"], q["quoting"]) for q in data.get("quotes", [])),
        )


@dataclass(frozen=True, slots=True)
class Found:
    """A pair a tool reported."""

    a: str
    b: str
    verdict: Label = Label.DUPLICATE
    """``duplicate`` or ``partial``; tools without verdicts report everything as duplicate."""


@dataclass(frozen=True, slots=True)
class PR:
    """Pair precision and recall of one tool on one labelled corpus (``any`` pairs excluded)."""

    duplicate_recall: float
    """True duplicate pairs reported with verdict duplicate, over all true duplicate pairs."""
    duplicate_precision: float
    """Reported duplicates that are true duplicates, over reported duplicates not labelled any."""
    partial_recall: float
    """True partial pairs reported at all (either verdict), over all true partial pairs."""
    precision: float
    """Reported pairs labelled duplicate or partial, over reported pairs not labelled any."""
    recall: float
    """Duplicate and partial pairs reported at all, over all of them."""
    true_duplicates: int
    true_partials: int
    reported: int
    reported_any: int
    """Reported pairs labelled any (not counted)."""


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(found: Iterable[Found], truth: Truth) -> PR:
    """Score reported pairs against the truth; pair order and duplicates in ``found`` don't
    matter."""
    labels = truth.labels()
    verdicts: dict[tuple[str, str], Label] = {}
    for f in found:
        key = (f.a, f.b) if f.a < f.b else (f.b, f.a)
        if key[0] == key[1]:
            continue
        # A pair reported twice keeps its strongest verdict.
        if verdicts.get(key) is not Label.DUPLICATE:
            verdicts[key] = f.verdict
    true_dup = {k for k, v in labels.items() if v is Label.DUPLICATE}
    true_par = {k for k, v in labels.items() if v is Label.PARTIAL}
    counted = {k: v for k, v in verdicts.items() if labels.get(k) is not Label.ANY}
    said_dup = {k for k, v in counted.items() if v is Label.DUPLICATE}
    related = true_dup | true_par
    return PR(
        duplicate_recall=_ratio(len(said_dup & true_dup), len(true_dup)),
        duplicate_precision=_ratio(len(said_dup & true_dup), len(said_dup)),
        partial_recall=_ratio(len(true_par & counted.keys()), len(true_par)),
        precision=_ratio(len(related & counted.keys()), len(counted)),
        recall=_ratio(len(related & counted.keys()), len(related)),
        true_duplicates=len(true_dup),
        true_partials=len(true_par),
        reported=len(verdicts),
        reported_any=len(verdicts) - len(counted),
    )


def found_from_scores(pairs: Iterable[tuple[str, str, float]]) -> list[Found]:
    """Pairs from a tool with no verdicts (scores only): all count as duplicates."""
    return [Found(a, b) for a, b, _ in pairs]
