"""plagdet: the PAN measure of text-alignment quality (Potthast et al. 2010, "An Evaluation
Framework for Plagiarism Detection"), written from the paper's definition.

A *case* (gold) and a *detection* (system output) each tie a stretch of a suspicious document to a
stretch of a source document; as a set of characters it is the union of both stretches. Detection
``r`` *detects* case ``s`` when they concern the same pair of documents and overlap in BOTH
documents (the PAN 2013 reading of the definition). With ``s ⊓ r = s ∩ r`` when ``r`` detects
``s`` and ``∅`` otherwise:

- precision = 1/|R| · Σ_r |∪_s (s ⊓ r)| / |r|
- recall    = 1/|S| · Σ_s |∪_r (s ⊓ r)| / |s|
- granularity = 1/|S_R| · Σ_{s ∈ S_R} |R_s|  (S_R: detected cases, R_s: detections of s)
- plagdet = F1 / log2(1 + granularity)

Everything is computed over a whole collection of pairs at once (macro over cases and
detections), as the PAN evaluation does, not as a mean of per-document scores.

Undefined values are ``None``, never a made-up number: precision without detections, recall
without cases (score a collection without cases by its false alarms instead). Granularity is 1.0
when no case is detected (nothing is fragmented). plagdet is ``None`` without cases and 0.0 when
cases exist but nothing is detected.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dupcheck.text.types import Span


@dataclass(frozen=True, slots=True)
class Annotation:
    """A case or a detection: ``this`` in suspicious document ``susp`` is ``source`` in ``src``."""

    susp: str
    """Name of the suspicious document."""
    src: str
    """Name of the source document."""
    this: Span
    """The stretch of the suspicious document."""
    source: Span
    """The stretch of the source document."""

    def __post_init__(self) -> None:
        if not len(self.this) or not len(self.source):
            raise ValueError(f"empty annotation side: {self}")

    def __len__(self) -> int:
        """Characters in the set the annotation stands for (both documents)."""
        return len(self.this) + len(self.source)

    def detects(self, case: Annotation) -> bool:
        """Whether this detection overlaps ``case`` in both documents of the same pair."""
        return (
            self.susp == case.susp
            and self.src == case.src
            and _overlap(self.this, case.this) > 0
            and _overlap(self.source, case.source) > 0
        )


@dataclass(frozen=True, slots=True)
class Plagdet:
    """The PAN measures over one collection of cases and detections."""

    precision: float | None
    """Macro precision over detections; ``None`` without detections."""
    recall: float | None
    """Macro recall over cases; ``None`` without cases."""
    granularity: float
    """Mean number of detections per detected case; 1.0 when none is detected."""
    plagdet: float | None
    """F1 of precision and recall divided by log2(1 + granularity); ``None`` without cases."""
    cases: int
    detections: int
    detected_cases: int
    """|S_R|: cases with at least one detection."""


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def covered(target: Span, pieces: Iterable[Span]) -> int:
    """Characters of ``target`` inside the union of ``pieces`` (overlaps counted once)."""
    clipped = sorted(
        (max(p.start, target.start), min(p.end, target.end))
        for p in pieces
        if _overlap(p, target) > 0
    )
    total = 0
    reach = target.start
    for start, end in clipped:
        begin = max(start, reach)
        if end > begin:
            total += end - begin
            reach = end
    return total


def _union_share(outer: Annotation, inner: Sequence[Annotation]) -> float:
    """|∪_i (outer ∩ i)| / |outer|, both documents counted."""
    chars = covered(outer.this, [i.this for i in inner]) + covered(
        outer.source, [i.source for i in inner]
    )
    return chars / len(outer)


def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0.0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def plagdet(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> Plagdet:
    """Precision, recall, granularity and plagdet of ``detections`` against the gold ``cases``."""
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        by_pair[case.susp, case.src].append(i)
    # R_s for every case (by position, so equal cases listed twice stay two cases).
    detectors: list[list[Annotation]] = [[] for _ in cases]
    precision_sum = 0.0
    for r in detections:
        hits = [i for i in by_pair.get((r.susp, r.src), ()) if r.detects(cases[i])]
        for i in hits:
            detectors[i].append(r)
        precision_sum += _union_share(r, [cases[i] for i in hits])
    recall_sum = sum(_union_share(s, rs) for s, rs in zip(cases, detectors, strict=True))
    detected = [rs for rs in detectors if rs]

    precision = precision_sum / len(detections) if detections else None
    recall = recall_sum / len(cases) if cases else None
    granularity = sum(len(rs) for rs in detected) / len(detected) if detected else 1.0
    if recall is None:
        score = None
    elif precision is None:  # no detections at all, so recall is 0
        score = 0.0
    else:
        score = f1(precision, recall) / math.log2(1 + granularity)
    return Plagdet(
        precision=precision,
        recall=recall,
        granularity=granularity,
        plagdet=score,
        cases=len(cases),
        detections=len(detections),
        detected_cases=len(detected),
    )
