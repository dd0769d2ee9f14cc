"""Shingles, resemblance, containment, coverage, verdict. PROVISIONAL minimal version."""

from __future__ import annotations

from collections.abc import Sequence

from dupcheck.models import Analysis, CompareOptions, Match, Scores, Verdict


def _shingles(a: Analysis, k: int) -> set[tuple[str, ...]]:
    words = " ".join(s.norm for s in a.sentences).split()
    return {tuple(words[i : i + k]) for i in range(max(0, len(words) - k + 1))}


def score(a: Analysis, b: Analysis, matches: Sequence[Match], options: CompareOptions) -> Scores:
    sa, sb = _shingles(a, options.shingle_size), _shingles(b, options.shingle_size)
    inter = len(sa & sb)
    union = len(sa | sb)
    ca = sum(len(m.a) for m in matches)
    cb = sum(len(m.b) for m in matches)
    return Scores(
        resemblance=inter / union if union else 0.0,
        containment_a=inter / len(sa) if sa else 0.0,
        containment_b=inter / len(sb) if sb else 0.0,
        coverage_a=min(1.0, ca / a.content_chars) if a.content_chars else 0.0,
        coverage_b=min(1.0, cb / b.content_chars) if b.content_chars else 0.0,
    )


def judge(scores: Scores, matches: Sequence[Match], options: CompareOptions) -> Verdict:
    top = max(scores.coverage_a, scores.coverage_b)
    if top >= options.duplicate_coverage:
        return Verdict.DUPLICATE
    if top >= options.partial_coverage:
        return Verdict.PARTIAL
    return Verdict.DISTINCT
