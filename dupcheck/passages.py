"""Matches → passages (one copied paragraph is one passage) and the unmatched rest of each side."""

from __future__ import annotations

from collections.abc import Sequence

from dupcheck.models import Analysis, CompareOptions, Match, Passage, Span


def _joins(
    last: Match, b_extent: tuple[int, int], nxt: Match, matched_b: set[int], max_gap: int
) -> bool:
    """Whether ``nxt`` continues the run ending in ``last``, whose B sentences span ``b_extent``.

    Matches come in A order, so the A sentences between two consecutive matches are unmatched.
    In B the new match may land just after the run, just before it, or in a hole inside it, with
    at most ``max_gap`` sentences between, all unmatched: a paragraph whose sentences were
    shuffled locally stays one passage, while one moved further away (or one with a sentence
    copied from elsewhere in between) starts its own.
    """
    a_gap = nxt.a_sentences[0] - last.a_sentences[-1] - 1
    if not 0 <= a_gap <= max_gap:
        return False
    lo, hi = b_extent
    if nxt.b_sentences[0] > hi:
        between = range(hi + 1, nxt.b_sentences[0])
    elif nxt.b_sentences[-1] < lo:
        between = range(nxt.b_sentences[-1] + 1, lo)
    else:
        return True
    return len(between) <= max_gap and not any(j in matched_b for j in between)


def _passage(matches: Sequence[Match], run: list[int]) -> Passage:
    first, last = matches[run[0]], matches[run[-1]]
    weight = sum(len(matches[k].a) for k in run)
    score = (
        sum(matches[k].score * len(matches[k].a) for k in run) / weight
        if weight
        else sum(matches[k].score for k in run) / len(run)
    )
    return Passage(
        a=Span(first.a.start, last.a.end),
        b=Span(min(matches[k].b.start for k in run), max(matches[k].b.end for k in run)),
        matches=tuple(run),
        score=score,
    )


def merge_passages(matches: Sequence[Match], options: CompareOptions) -> tuple[Passage, ...]:
    """Runs of matches adjacent on both sides (up to ``options.max_gap`` unmatched sentences
    between, each side) merged into passages, in A order. Score: A-character-weighted mean."""
    matched_b = {j for m in matches for j in m.b_sentences}
    runs: list[list[int]] = []
    lo = hi = 0
    for k, m in enumerate(matches):
        if runs and _joins(matches[runs[-1][-1]], (lo, hi), m, matched_b, options.max_gap):
            runs[-1].append(k)
            lo, hi = min(lo, m.b_sentences[0]), max(hi, m.b_sentences[-1])
        else:
            runs.append([k])
            lo, hi = m.b_sentences[0], m.b_sentences[-1]
    return tuple(_passage(matches, run) for run in runs)


def unique_spans(analysis: Analysis, matched: Sequence[Span]) -> tuple[Span, ...]:
    """Content of ``analysis`` outside every matched span, in order.

    Consecutive unmatched sentences of one paragraph are joined into one span unless boilerplate
    lies between them.
    """
    covered = sorted(matched)
    bounds = sorted((b.span.start, b.span.end) for b in analysis.boilerplate)
    out: list[Span] = []
    last_paragraph = -1
    last_index = -2
    k = 0
    for s in analysis.sentences:
        # Matched spans are unions of whole sentences and never overlap, so one pass suffices.
        while k < len(covered) and covered[k].end <= s.span.start:
            k += 1
        if k < len(covered) and covered[k].start <= s.span.start < covered[k].end:
            continue
        if (
            out
            and s.index == last_index + 1
            and s.paragraph == last_paragraph
            and not any(out[-1].end <= lo < s.span.start for lo, _ in bounds)
        ):
            out[-1] = Span(out[-1].start, s.span.end)
        else:
            out.append(s.span)
        last_paragraph, last_index = s.paragraph, s.index
    return tuple(out)
