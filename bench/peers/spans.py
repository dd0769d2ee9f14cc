"""Detections of the alignment peers, and the one passage-merging rule they share.

difflib and copydetect report many short matching stretches; PAN's plagdet punishes a case
detected in pieces (granularity), and a reader wants one passage per copied paragraph run. Both
peers therefore go through the same post-processing, stated once here: stretches are merged
when they follow each other within ``gap`` characters on both sides, and merged passages
shorter than ``min_chars`` on either side are dropped (a shared stock phrase is not reuse).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dupcheck.text.types import Span

GAP = 250
"""Characters allowed between two stretches merged into one passage (about two sentences)."""
MIN_CHARS = 100
"""A passage shorter than this on either side is dropped."""


@dataclass(frozen=True, slots=True)
class Detection:
    """``a`` in the first text is reported as ``b`` in the second."""

    a: Span
    b: Span


@dataclass(frozen=True, slots=True)
class Alignment:
    """What an alignment peer found in one pair."""

    detections: tuple[Detection, ...]
    similarity_a: float
    """Share of the first text the tool says is shared, 0–1 (its own measure)."""
    similarity_b: float


def merge(
    stretches: Iterable[Detection], *, gap: int = GAP, min_chars: int = MIN_CHARS
) -> list[Detection]:
    """Stretches merged into passages (see the module docstring), in A order."""
    out: list[Detection] = []
    for d in sorted(stretches, key=lambda d: (d.a.start, d.b.start)):
        if out:
            last = out[-1]
            near_a = d.a.start - last.a.end <= gap
            near_b = -gap <= d.b.start - last.b.end <= gap
            if near_a and near_b and d.b.end >= last.b.start:
                out[-1] = Detection(
                    Span(last.a.start, max(last.a.end, d.a.end)),
                    Span(min(last.b.start, d.b.start), max(last.b.end, d.b.end)),
                )
                continue
        out.append(d)
    return [d for d in out if len(d.a) >= min_chars and len(d.b) >= min_chars]


def coverage(spans: Sequence[Span], length: int) -> float:
    """Share of ``length`` characters inside the union of ``spans``."""
    if not length:
        return 0.0
    total, reach = 0, 0
    for span in sorted(spans):
        start = max(span.start, reach)
        if span.end > start:
            total += span.end - start
            reach = span.end
    return min(1.0, total / length)
