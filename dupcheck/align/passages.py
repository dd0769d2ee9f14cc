"""Matches → passages (one copied paragraph is one passage) and the unmatched rest of each side."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Opcode

from dupcheck.align.edits import WordDiff, word_similarity, word_tokens
from dupcheck.align.types import CompareOptions, Match, MatchKind, Passage
from dupcheck.text.types import Analysis, Span

IDENTICAL_WEIGHT = 3.0
"""How many times an identical match's characters count towards ``min_passage_weight``: a
sentence found verbatim is stronger evidence than a reworded one."""


@dataclass(slots=True)
class _Run:
    """Matches being merged into one passage: its last match and extent in B."""

    members: list[int]
    last: Match
    lo: int
    """First B sentence index."""
    hi: int
    """Last B sentence index."""
    b_chars: Span

    def add(self, k: int, m: Match) -> None:
        self.members.append(k)
        self.last = m
        self.lo, self.hi = min(self.lo, m.b_sentences[0]), max(self.hi, m.b_sentences[-1])
        self.b_chars = Span(min(self.b_chars.start, m.b.start), max(self.b_chars.end, m.b.end))


@dataclass(frozen=True, slots=True)
class _Used:
    """B sentences used by matches: any match, and strong ones (sorted)."""

    matched: set[int]
    anchors: list[int]
    """B sentence indices of matches that are passages on their own (``min_passage_weight``)."""

    def anchor_between(self, lo: int, hi: int) -> bool:
        """Whether a strong match uses a B sentence strictly between ``lo`` and ``hi``."""
        return bisect.bisect_right(self.anchors, lo) < bisect.bisect_left(self.anchors, hi)


REWORDED = 0.8
"""Matches scoring below this (content-word Dice) are rewordings: see ``shuffle_gap_chars``."""


def _joins(run: _Run, nxt: Match, used: _Used, options: CompareOptions) -> bool:
    """Whether ``nxt`` continues ``run``.

    Matches come in A order, so the A sentences between two consecutive matches are unmatched.
    By sentences: in B the new match may land just after the run, just before it, or in a hole
    inside it, with at most ``max_gap`` sentences between, all unmatched: a paragraph whose
    sentences were shuffled locally stays one passage, while one moved further away (or one
    with a sentence copied from elsewhere in between) starts its own.

    By characters: a match at most ``passage_gap_chars`` after the run in A goes on with it
    when in B it lies further on past nothing a strong match uses (what a copy added, or a
    summary skipped: line fragments, headings, a stray repeated line do not break it), or just
    before the previous match (sentences shuffled locally: ``passage_gap_chars`` before it, or
    ``shuffle_gap_chars`` when both matches are rewordings).
    """
    last, near = run.last, options.passage_gap_chars
    if near and nxt.a.start - last.a.end <= near:
        if nxt.b.start >= run.b_chars.start:
            if not used.anchor_between(run.hi, nxt.b_sentences[0]):
                return True
        else:
            # Heavy rewriting (a paraphraser, PAN's random obfuscation) shuffles its sentences
            # further than a copy editor does; a verbatim or lightly edited paragraph that moved
            # is a move the reader should see as a passage of its own.
            reworded = max(nxt.score, last.score) < REWORDED
            back = options.shuffle_gap_chars if reworded else near
            if nxt.b.start >= last.b.start - back:
                return True
    max_gap = options.max_gap
    a_gap = nxt.a_sentences[0] - last.a_sentences[-1] - 1
    if not 0 <= a_gap <= max_gap:
        return False
    if nxt.b_sentences[0] > run.hi:
        between = range(run.hi + 1, nxt.b_sentences[0])
    elif nxt.b_sentences[-1] < run.lo:
        between = range(nxt.b_sentences[-1] + 1, run.lo)
    else:
        return True
    return len(between) <= max_gap and not any(j in used.matched for j in between)


def _passage(matches: Sequence[Match], run: list[int]) -> Passage:
    weight = sum(len(matches[k].a) for k in run)
    score = (
        sum(matches[k].score * len(matches[k].a) for k in run) / weight
        if weight
        else sum(matches[k].score for k in run) / len(run)
    )
    return Passage(
        a=Span(matches[run[0]].a.start, matches[run[-1]].a.end),
        b=Span(min(matches[k].b.start for k in run), max(matches[k].b.end for k in run)),
        matches=tuple(run),
        score=score,
    )


def merge_passages(
    matches: Sequence[Match],
    options: CompareOptions,
    a: Analysis | None = None,
    b: Analysis | None = None,
    diffs: Sequence[WordDiff | None] = (),
) -> tuple[Passage, ...]:
    """Runs of matches adjacent on both sides (up to ``options.max_gap`` unmatched sentences
    between, each side) merged into passages, in A order. Score: A-character-weighted mean.

    Given both analyses and each match's word diff (``aligner.build_match``; None for an
    identical match), each passage's edges are then moved to where the words of the two sides
    start and stop agreeing (:func:`refine_edges`); without them passages span whole
    sentences."""
    used = _Used(
        {j for m in matches for j in m.b_sentences},
        sorted(
            j for m in matches if _weight(m) >= options.min_passage_weight for j in m.b_sentences
        ),
    )
    built: list[_Run] = []
    current: _Run | None = None
    # A weak match that does not continue the current run (a short line repeated elsewhere in
    # B) does not end it either: the next match may continue the run, or else the weak one.
    pending: _Run | None = None
    for k, m in enumerate(matches):
        if current is not None and _joins(current, m, used, options):
            current.add(k, m)
            pending = None
            continue
        if pending is not None and _joins(pending, m, used, options):
            pending.add(k, m)
            current, pending = pending, None
            continue
        run = _Run([k], m, m.b_sentences[0], m.b_sentences[-1], m.b)
        built.append(run)
        if current is None or _weight(m) >= options.min_passage_weight:
            current, pending = run, None
        else:
            pending = run
    built.sort(key=lambda r: r.members[0])
    runs = [r.members for r in built]
    passages = [_passage(matches, run) for run in runs]
    weak = [_lone(matches, p, options) for p in passages]
    # A weak passage next to a strong one (in A order) and near it on both sides belongs to it:
    # a reworded sentence a little after a copied paragraph. Alone, it is not reported.
    groups: list[list[int]] = []
    waiting = False  # the last group is a weak passage waiting for the strong one after it
    reach = 0  # end in A of the strong passages so far
    for k, p in enumerate(passages):
        if not weak[k]:
            if waiting:
                groups[-1].append(k)
            else:
                groups.append([k])
            waiting = False
            reach = max(reach, p.a.end)
        elif p.a.start < reach:
            continue  # a stray match inside a strong passage, aligned elsewhere in B
        elif k > 0 and not weak[k - 1] and _near(p, passages[k - 1], options.lone_near_chars):
            groups[-1].append(k)
        elif (
            k + 1 < len(passages)
            and not weak[k + 1]
            and _near(p, passages[k + 1], options.lone_near_chars)
        ):
            groups.append([k])
            waiting = True
    out = tuple(
        passages[g[0]] if len(g) == 1 else _passage(matches, [i for k in g for i in runs[k]])
        for g in groups
    )
    if a is None or b is None:
        return out
    return refine_edges(out, matches, diffs, a, b, options=options)


def _weight(m: Match) -> float:
    """Evidence a match carries: its A characters times its score, more when identical."""
    return len(m.a) * m.score * (IDENTICAL_WEIGHT if m.kind is MatchKind.IDENTICAL else 1.0)


def _lone(matches: Sequence[Match], passage: Passage, options: CompareOptions) -> bool:
    """A passage too weak to report on its own: see ``CompareOptions.min_passage_weight``."""
    return sum(_weight(matches[k]) for k in passage.matches) < options.min_passage_weight


def _distance(x: Span, y: Span) -> int:
    return max(0, max(x.start, y.start) - min(x.end, y.end))


def _near(p: Passage, q: Passage, chars: int) -> bool:
    return _distance(p.a, q.a) <= chars and _distance(p.b, q.b) <= chars


REACH = 2000
"""Characters before and after a passage searched for words the two sides still share."""
MIN_RUN = 2
"""Words in a row both sides must share for a trimmed passage edge to start or end there."""


class _Walls:
    """Where a passage edge may not move past on one side: other passages and boilerplate."""

    def __init__(self, spans: Sequence[Span], length: int) -> None:
        self.ends = sorted(s.end for s in spans)
        self.starts = sorted(s.start for s in spans)
        self.length = length

    def before(self, at: int) -> int:
        k = bisect.bisect_right(self.ends, at)
        return max(self.ends[k - 1] if k else 0, at - REACH)

    def after(self, at: int) -> int:
        k = bisect.bisect_left(self.starts, at)
        return min(self.starts[k] if k < len(self.starts) else self.length, at + REACH)


def refine_edges(
    passages: Sequence[Passage],
    matches: Sequence[Match],
    diffs: Sequence[WordDiff | None],
    a: Analysis,
    b: Analysis,
    *,
    options: CompareOptions,
) -> tuple[Passage, ...]:
    """Passages with edges where the words agree rather than at sentence boundaries.

    A copied stretch rarely starts and ends with sentences of both texts: a copy may begin
    mid-sentence, or a heading may run into its first sentence on one side only. At each end
    of a passage whose edge match is the same on both sides, words only one side has are
    trimmed off, up to the first run of ``MIN_RUN`` shared words, when the rest of the match
    then agrees word for word (``options.edge_agreement``); then the edge moves out over the
    words the two texts still share beyond it, short of other passages and boilerplate.
    """
    if len(diffs) != len(matches):
        raise ValueError("refining passage edges needs the word diff of every match")
    a_text, b_text = a.document.text, b.document.text
    a_walls = _Walls([p.a for p in passages] + [x.span for x in a.boilerplate], len(a_text))
    b_walls = _Walls([p.b for p in passages] + [x.span for x in b.boilerplate], len(b_text))
    out = list(passages)
    for k, p in enumerate(passages):
        run = [matches[i] for i in p.matches]
        # Only an edge match that is the edge on both sides tells where both edges lie.
        first = _edge(run[0], diffs[p.matches[0]]) if run[0].b.start == p.b.start else None
        last = _edge(run[-1], diffs[p.matches[-1]]) if run[-1].b.end == p.b.end else None
        a_lo = max(a_walls.before(p.a.start), out[k - 1].a.end if k else 0)
        a_start, b_start = _refine_start(
            first, p, (a_text, b_text), (a_lo, b_walls.before(p.b.start)), options
        )
        a_end, b_end = _refine_end(
            last, p, (a_text, b_text), (a_walls.after(p.a.end), b_walls.after(p.b.end)), options
        )
        if a_start < a_end and b_start < b_end:
            out[k] = Passage(Span(a_start, a_end), Span(b_start, b_end), p.matches, p.score)
    return tuple(out)


def _edge(match: Match, diff: WordDiff | None) -> WordDiff | None:
    """The words of an edge match, where a trimmed edge may stop; none for an identical match,
    which has no words only one side has."""
    if match.kind is MatchKind.IDENTICAL:
        return None
    if diff is None:
        raise ValueError("refining passage edges needs the word diff of every match")
    return diff


def _shared_runs(diff: WordDiff) -> list[Opcode]:
    """The runs of at least ``MIN_RUN`` words both sides share, in order."""
    return [
        block
        for block in diff.opcodes
        if block.tag == "equal" and block.src_end - block.src_start >= MIN_RUN
    ]


def _shared_lead(a_words: Sequence[str], b_words: Sequence[str]) -> int:
    """How many words the two sequences share from their first on."""
    n = 0
    while n < len(a_words) and n < len(b_words) and a_words[n] == b_words[n]:
        n += 1
    return n


def _refine_start(
    edge: WordDiff | None,
    p: Passage,
    texts: tuple[str, str],
    limits: tuple[int, int],
    options: CompareOptions,
) -> tuple[int, int]:
    """New start of ``p`` on each side: trimmed inside ``edge``, then moved back to ``limits``."""
    (a_text, b_text), (a_lo, b_lo) = texts, limits
    a_start, b_start = p.a.start, p.b.start
    a_lo, b_lo = min(a_lo, a_start), min(b_lo, b_start)
    if edge is not None:
        runs = _shared_runs(edge)
        if runs:
            i, j = runs[0].src_start, runs[0].dest_start
            agree = word_similarity(edge.a_words[i:], edge.b_words[j:])
            if (i or j) and agree >= options.edge_agreement:
                a_start, b_start = edge.a_bounds[i][0], edge.b_bounds[j][0]
    a_tok, a_words = word_tokens(a_text, a_lo, a_start)
    b_tok, b_words = word_tokens(b_text, b_lo, b_start)
    n = _shared_lead(a_words[::-1], b_words[::-1])
    if n:
        a_start, b_start = a_tok[-n][0], b_tok[-n][0]
    return a_start, b_start


def _refine_end(
    edge: WordDiff | None,
    p: Passage,
    texts: tuple[str, str],
    limits: tuple[int, int],
    options: CompareOptions,
) -> tuple[int, int]:
    """New end of ``p`` on each side: trimmed inside ``edge``, then moved on to ``limits``."""
    (a_text, b_text), (a_hi, b_hi) = texts, limits
    a_end, b_end = p.a.end, p.b.end
    a_hi, b_hi = max(a_hi, a_end), max(b_hi, b_end)
    if edge is not None:
        runs = _shared_runs(edge)
        if runs:
            i, j = runs[-1].src_end, runs[-1].dest_end
            agree = word_similarity(edge.a_words[:i], edge.b_words[:j])
            if (i < len(edge.a_words) or j < len(edge.b_words)) and agree >= options.edge_agreement:
                a_end, b_end = edge.a_bounds[i - 1][1], edge.b_bounds[j - 1][1]
    a_tok, a_words = word_tokens(a_text, a_end, a_hi)
    b_tok, b_words = word_tokens(b_text, b_end, b_hi)
    n = _shared_lead(a_words, b_words)
    if n:
        a_end, b_end = a_tok[n - 1][1], b_tok[n - 1][1]
    return a_end, b_end


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
