"""Sentence alignment. PROVISIONAL minimal version: the alignment helper replaces it."""

from __future__ import annotations

from rapidfuzz import fuzz

from dupcheck.models import Analysis, CompareOptions, Match, MatchKind


def align(a: Analysis, b: Analysis, options: CompareOptions) -> tuple[Match, ...]:
    """Matches between A's and B's content sentences, in A order."""
    pairs = []
    for sa in a.sentences:
        for sb in b.sentences:
            s = fuzz.ratio(sa.norm, sb.norm) / 100.0
            if s >= options.match_threshold:
                pairs.append((-s, sa.index, sb.index))
    pairs.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for neg, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        sa, sb = a.sentences[i], b.sentences[j]
        kind = MatchKind.IDENTICAL if sa.norm == sb.norm else (
            MatchKind.EDITED if -neg >= options.edited_threshold else MatchKind.REWRITTEN)
        out.append(Match((i,), (j,), sa.span, sb.span, -neg, kind))
    out.sort(key=lambda m: m.a)
    return tuple(out)
