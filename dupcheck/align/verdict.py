"""The verdict on a pair: whether one document is a copy of the other, reuses part of it, or
neither. ``compare`` and scan verification both call :func:`verdict`, so a scan reports the
verdict ``compare`` gives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from dupcheck.align.types import CompareOptions, Scores, Verdict


class Matched(NamedTuple):
    """What the verdict reads of one match."""

    a_chars: int
    """Characters of its A side, from its first sentence's start to its last one's end."""
    score: float
    """Its score, 0–1 (``Match.score``)."""


def verdict(scores: Scores, matches: Sequence[Matched], options: CompareOptions) -> Verdict:
    """Duplicate when most of one side is in the other (``duplicate_coverage``); partial when a
    share of it is (``partial_coverage``) and enough of that share is copied nearly word for
    word (``partial_min_chars`` A characters in matches scoring ``partial_match_score``), so
    that two stories on one topic sharing reworded facts are not reuse; distinct otherwise."""
    top = max(scores.coverage_a, scores.coverage_b)
    if matches and top >= options.duplicate_coverage:
        return Verdict.DUPLICATE
    if top >= options.partial_coverage:
        close = sum(m.a_chars for m in matches if m.score >= options.partial_match_score)
        if close >= options.partial_min_chars:
            return Verdict.PARTIAL
    return Verdict.DISTINCT
