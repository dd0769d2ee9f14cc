"""Matches → passages and unique spans. PROVISIONAL minimal version."""

from __future__ import annotations

from collections.abc import Sequence

from dupcheck.models import Analysis, CompareOptions, Match, Passage, Span


def merge_passages(matches: Sequence[Match], options: CompareOptions) -> tuple[Passage, ...]:
    return tuple(Passage(m.a, m.b, (i,), m.score) for i, m in enumerate(matches))


def unique_spans(analysis: Analysis, matched: Sequence[Span]) -> tuple[Span, ...]:
    covered = sorted(matched)
    out = []
    for s in analysis.sentences:
        if not any(c.start <= s.span.start and s.span.end <= c.end for c in covered):
            out.append(s.span)
    return tuple(out)
