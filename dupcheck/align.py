"""Sentence alignment: which sentences of A reappear in B, in any order, and how they changed.

1. Every A sentence is scored against every B sentence at once (:mod:`dupcheck.similarity`).
2. A one-to-one assignment over the pairs at or above ``match_threshold``, greedy by descending
   score with ties broken by indices. Order plays no part, so a paragraph moved anywhere in B is
   found. (On real pairs greedy reaches the optimum of the maximum-weight matching almost always;
   see the report of ``bench/msrp.py``'s sibling studies.)
3. Seed extension: a weaker pair (``context_threshold`` ≤ score < ``match_threshold``) is accepted
   when it sits directly before or after an accepted match in the same order on both sides (or
   one sentence further on one side, see ``STEPS``), like the seed-and-extend aligners that did
   best at PAN. An isolated weak pair is never accepted.
4. One-to-two: a match whose unmatched neighbour sentence (on either side) completes it, because
   one side split a sentence in two or merged two into one, absorbs that neighbour when the merged
   score beats the single one by ``GROW_MARGIN``.
5. Block seeds: runs of free sentences compared as wholes (``window_sentences``), for rewrites
   that moved words across sentence boundaries; then extension again.
6. Each match is classified (identical, edited, rewritten) and gets its word-level edits.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from dupcheck.edits import word_edits, word_similarity
from dupcheck.models import Analysis, CompareOptions, Match, MatchKind, Sentence, Span
from dupcheck.similarity import dice, similarity_matrix, terms
from dupcheck.windows import Overlap, Windows, without

CONTAINMENT = 0.8
"""Share of the shorter sentence's terms found in the longer one that makes a pair a seed on
its own (given ``min_seed_terms + 2`` shared terms), whatever its Dice score."""

CONTAINED_FLOOR = 0.2
"""Lowest Dice score worth scoring: 6 terms contained in a 50-term sentence score 0.21."""

GROW_MARGIN = 0.05
"""How much absorbing a neighbour sentence must raise a match's score (see :func:`_grow`)."""

STEPS = ((1, 1), (1, 2), (2, 1))
"""Where seed extension looks for a weak pair next to a match (A step, B step): the diagonal
neighbour, or one sentence further on one side, past a sentence the other side added or cut.
Measured on PAN 2013: the one-sentence skips raised recall on obfuscated copies."""

MAX_SIDE = 6
"""Most sentences one side of a match may hold: enough for a sentence hard-wrapped into
fragments, too few for a match to swallow a paragraph."""


@dataclass(slots=True)
class _Unit:
    """A match under construction: contiguous sentence indices on each side, their terms, score."""

    a: list[int]
    b: list[int]
    a_terms: list[str]
    b_terms: list[str]
    score: float


@dataclass(slots=True)
class _State:
    a_terms: list[list[str]]
    b_terms: list[list[str]]
    a_windows: Windows
    """A's runs of sentences for block seeds (the terms of ``a_terms``)."""
    b_windows: Windows
    a_rank: list[int] = field(default_factory=list)
    """Each A sentence's place among the distinct texts of both documents: ties between equal
    scores are broken by content, so swapping A and B gives the same alignment."""
    b_rank: list[int] = field(default_factory=list)
    units: list[_Unit] = field(default_factory=list)
    a_owner: dict[int, int] = field(default_factory=dict)
    """A sentence index → index of the unit holding it."""
    b_owner: dict[int, int] = field(default_factory=dict)

    def add(self, i: int, j: int, score: float) -> _Unit:
        unit = _Unit([i], [j], self.a_terms[i], self.b_terms[j], score)
        self.a_owner[i] = self.b_owner[j] = len(self.units)
        self.units.append(unit)
        return unit

    def add_block(self, a_idx: list[int], b_idx: list[int]) -> _Unit:
        """A unit of several sentences each side, shrunk to the ones that share content."""
        a_terms = sorted(t for i in a_idx for t in self.a_terms[i])
        b_terms = sorted(t for j in b_idx for t in self.b_terms[j])
        unit = _Unit(list(a_idx), list(b_idx), a_terms, b_terms, dice(a_terms, b_terms))
        self._shrink(unit)
        owner = len(self.units)
        for i in unit.a:
            self.a_owner[i] = owner
        for j in unit.b:
            self.b_owner[j] = owner
        self.units.append(unit)
        return unit

    def _shrink(self, unit: _Unit) -> None:
        """Drop edge sentences whose removal does not lower the score (they share nothing)."""
        while True:
            best: tuple[float, str, int, list[str]] | None = None
            tied: set[str] = set()
            for side, k in (("a", 0), ("a", -1), ("b", 0), ("b", -1)):
                mine = unit.a if side == "a" else unit.b
                if len(mine) < 2:
                    continue
                pool = self.a_terms if side == "a" else self.b_terms
                rest = without(unit.a_terms if side == "a" else unit.b_terms, pool[mine[k]])
                s = dice(rest, unit.b_terms) if side == "a" else dice(unit.a_terms, rest)
                if best is None or s > best[0]:
                    best, tied = (s, side, k, rest), {side}
                elif s == best[0]:
                    tied.add(side)
            if best is None or best[0] < unit.score or len(tied) > 1:
                return
            s, side, k, rest = best
            if side == "a":
                unit.a.pop(k)
                unit.a_terms = rest
            else:
                unit.b.pop(k)
                unit.b_terms = rest
            unit.score = s

    def grow(self, unit: _Unit) -> None:
        """Absorb free neighbour sentences while each raises the score by ``GROW_MARGIN``.

        One side may have split a sentence in two, merged two into one, or (hard-wrapped text)
        broken one into line fragments; absorbing a neighbour only helps when a larger share of
        its terms reappears on the other side than of the match so far, so unrelated neighbours
        are left alone.
        """
        # No score passes 1: a match scoring within GROW_MARGIN of it (an identical one) stays.
        if unit.score + GROW_MARGIN > 1.0:
            return
        owner = self.a_owner[unit.a[0]]
        while True:
            best: tuple[float, str, int, list[str]] | None = None
            tied: set[str] = set()
            for side, k in (
                ("a", unit.a[0] - 1),
                ("a", unit.a[-1] + 1),
                ("b", unit.b[0] - 1),
                ("b", unit.b[-1] + 1),
            ):
                pool, owners, mine = (
                    (self.a_terms, self.a_owner, unit.a)
                    if side == "a"
                    else (self.b_terms, self.b_owner, unit.b)
                )
                if not 0 <= k < len(pool) or k in owners or len(mine) >= MAX_SIDE:
                    continue
                if side == "a":
                    merged = sorted(unit.a_terms + pool[k])
                    s = dice(merged, unit.b_terms)
                else:
                    merged = sorted(unit.b_terms + pool[k])
                    s = dice(unit.a_terms, merged)
                if best is None or s > best[0]:
                    best, tied = (s, side, k, merged), {side}
                elif s == best[0]:
                    tied.add(side)
            # A tie between the two sides has no answer that stays the same when A and B are
            # swapped: leave the match as it is.
            if best is None or best[0] < unit.score + GROW_MARGIN or len(tied) > 1:
                return
            s, side, k, merged = best
            if side == "a":
                unit.a = sorted([*unit.a, k])
                unit.a_terms = merged
                self.a_owner[k] = owner
            else:
                unit.b = sorted([*unit.b, k])
                unit.b_terms = merged
                self.b_owner[k] = owner
            unit.score = s


def align(a: Analysis, b: Analysis, options: CompareOptions) -> tuple[Match, ...]:
    """Matches between A's and B's content sentences, in A order."""
    matches = [_build(u, a, b, options) for u in align_units(a, b, options)]
    matches.sort(key=lambda m: m.a_sentences[0])
    return tuple(matches)


def align_units(
    a: Analysis,
    b: Analysis,
    options: CompareOptions,
    *,
    a_terms: Sequence[list[str]] | None = None,
    b_terms: Sequence[list[str]] | None = None,
    a_windows: Windows | None = None,
    b_windows: Windows | None = None,
) -> list[_Unit]:
    """Which sentences align with which (steps 1–5 above), before matches are built.

    For callers that need only that (scan verification), with the sentences' :func:`terms` and
    :class:`~dupcheck.windows.Windows` of them when they keep them from one partner to the next.
    """
    if not a.sentences or not b.sentences:
        return []
    a_list = list(a_terms) if a_terms is not None else [terms(s.norm) for s in a.sentences]
    b_list = list(b_terms) if b_terms is not None else [terms(s.norm) for s in b.sentences]
    state = _State(a_list, b_list, a_windows or Windows(a_list), b_windows or Windows(b_list))
    weak = min(options.context_threshold, options.match_threshold)
    # A sentence found verbatim is kept however short: a document compared with itself aligns
    # all. Those pairs go first (_identical_seeds); a sentence taken, no other pair of it
    # matters, so only the sentences left are scored: copies keep many sentences verbatim.
    _identical_seeds(state, a, b)
    a_free = np.array([i for i in range(len(a_list)) if i not in state.a_owner], dtype=np.intp)
    b_free = np.array([j for j in range(len(b_list)) if j not in state.b_owner], dtype=np.intp)
    sim = similarity_matrix(
        [a_list[i] for i in a_free], [b_list[j] for j in b_free], cutoff=min(weak, CONTAINED_FLOOR)
    )
    rows, cols = np.nonzero(sim)
    values = sim[rows, cols]
    rows, cols = a_free[rows], b_free[cols]
    if len(values):
        state.a_rank, state.b_rank = _ranks(
            [s.norm for s in a.sentences], [s.norm for s in b.sentences]
        )
    # No verbatim pair is left (a free sentence's equal would have been free too, and taken):
    # among equal scores, all come after the verbatim ones.
    later = np.ones(len(values), dtype=bool)
    order = _order(rows, cols, values, later, (state.a_rank, state.b_rank))
    # Runs of one sentence are the sentences: their term counts, kept from one partner to the next.
    a_len, b_len = state.a_windows.lengths(1), state.b_windows.lengths(1)
    # Dice * (|A| + |B|) / 2 is the number of shared terms: a seed must share enough of them.
    la, lb = a_len[rows], b_len[cols]
    shared = values * (la + lb) / 2 + np.float32(0.01)
    seed = (values >= options.match_threshold) & (shared >= options.min_seed_terms)
    # A sentence that one side split into several (or a list the other side ran together) scores
    # low against each piece, but each piece is nearly contained in it: such a pair seeds too, and
    # growing absorbs the other pieces.
    contained = shared >= CONTAINMENT * np.minimum(la, lb)
    seed |= contained & (shared >= options.min_seed_terms + 2)
    weak_pairs: dict[tuple[int, int], float] = {}
    # Python lists: reading numpy scalars one at a time costs more than the whole conversion.
    scores, a_at, b_at, seeds = values.tolist(), rows.tolist(), cols.tolist(), seed.tolist()
    for k in order.tolist():
        s, i, j = scores[k], a_at[k], b_at[k]
        if not seeds[k]:
            if s >= weak:
                weak_pairs[i, j] = s
        elif i not in state.a_owner and j not in state.b_owner:
            state.add(i, j, s)
    for unit in sorted(state.units, key=lambda u: (-u.score, u.a[0])):
        state.grow(unit)
    _extend(state, weak_pairs)
    _window_seeds(state, options)
    _extend(state, weak_pairs)
    return state.units


def _identical_seeds(state: _State, a: Analysis, b: Analysis) -> None:
    """Pair sentences with equal norms, in the order :func:`_order` gives them: they score 1,
    the most there is, and go first among equal scores, then by content (the norm, whose rank
    :func:`_ranks` gives) and position."""
    where: dict[str, list[int]] = {}
    for j, s in enumerate(b.sentences):
        where.setdefault(s.norm, []).append(j)
    pairs = [
        (s.norm, i + j, abs(i - j), i, j)
        for i, s in enumerate(a.sentences)
        for j in where.get(s.norm, ())
    ]
    pairs.sort()
    for _, _, _, i, j in pairs:
        if i not in state.a_owner and j not in state.b_owner:
            state.add(i, j, 1.0)


_Key = TypeVar("_Key", str, tuple[str, ...])


def _ranks(a_keys: Sequence[_Key], b_keys: Sequence[_Key]) -> tuple[list[int], list[int]]:
    """Each item's place among the distinct items of both lists (the same for equal items)."""
    index = {key: k for k, key in enumerate(sorted(set(a_keys) | set(b_keys)))}
    return [index[x] for x in a_keys], [index[x] for x in b_keys]


def _order(
    rows: npt.NDArray[np.intp],
    cols: npt.NDArray[np.intp],
    values: npt.NDArray[np.float32],
    later: npt.NDArray[np.bool_],
    ranks: tuple[Sequence[int], Sequence[int]],
) -> npt.NDArray[np.intp]:
    """Pairs best first; among equal scores ``later`` ones last, then by the pair's content
    (its two ranks, unordered), then by position, so that the order is the same with A and B
    swapped except between pairs of the very same texts."""
    ra, rb = np.asarray(ranks[0])[rows], np.asarray(ranks[1])[cols]
    lo, hi = np.minimum(ra, rb), np.maximum(ra, rb)
    order: npt.NDArray[np.intp] = np.lexsort(
        (rows, np.abs(rows - cols), rows + cols, hi, lo, later, -values)
    )
    return order


def _window_seeds(state: _State, options: CompareOptions) -> None:
    """Block seeds from runs of ``window_sentences`` sentences down to two, longest first."""
    # Seeding only takes free sentences: what all of them share bounds what any two runs of
    # them share, now and after seeds took some. Most candidate pairs stop here.
    overlap = Overlap.of(
        (state.a_windows, state.a_owner),
        (state.b_windows, state.b_owner),
        options.window_threshold,
        2 * options.min_seed_terms,
    )
    if overlap is None:
        return
    for size in range(options.window_sentences, 1, -1):
        _window_seeds_of(state, options, size, overlap)


def _window_seeds_of(state: _State, options: CompareOptions, size: int, overlap: Overlap) -> None:
    """Seed from runs of sentences whose words agree only as a whole.

    Heavy rewriting (PAN's random obfuscation, a paraphrasing tool) moves words across sentence
    boundaries, so no sentence pair scores like a copy while the stretch as a whole does: runs
    of ``size`` sentences are scored against each other (one matrix), best first, and a pair of
    free runs scoring ``window_threshold`` with twice ``min_seed_terms`` shared terms becomes
    one match, shrunk to the sentences that share content, then grown like any other. Sizes
    at which no two runs could (``overlap``) are skipped.
    """
    longest = max(len(state.a_terms), len(state.b_terms))
    # A run longer than both documents is the same as the run of all their sentences; two
    # single sentences are no block (``match_threshold`` judges them).
    if size < 2 or longest < 2 or size > max(2, longest) or not state.a_terms or not state.b_terms:
        return
    if not overlap.possible(size):
        return
    a_starts, aw, a_len = state.a_windows.free_runs(state.a_owner, size)
    b_starts, bw, b_len = state.b_windows.free_runs(state.b_owner, size)
    if not aw or not bw:
        return
    sim = similarity_matrix(aw, bw, cutoff=options.window_threshold)
    rows, cols = np.nonzero(sim)
    values = sim[rows, cols]
    shared = values * (a_len[rows] + b_len[cols]) / 2 + np.float32(0.01)
    keep = shared >= 2 * options.min_seed_terms
    # Most pairs of documents have no block seed: order only the ones there are (the order of
    # a subset is the order of the whole restricted to it).
    if not keep.any():
        return
    rows, cols, values = rows[keep], cols[keep], values[keep]
    ranks = _ranks(aw, bw)
    order = _order(rows, cols, values, np.zeros(len(values), dtype=bool), ranks)
    for k in order:
        i, j = a_starts[int(rows[k])], b_starts[int(cols[k])]
        a_idx = list(range(i, min(i + size, len(state.a_terms))))
        b_idx = list(range(j, min(j + size, len(state.b_terms))))
        if any(x in state.a_owner for x in a_idx) or any(y in state.b_owner for y in b_idx):
            continue
        unit = state.add_block(a_idx, b_idx)
        state.grow(unit)


def _extend(state: _State, weak_pairs: dict[tuple[int, int], float]) -> None:
    """Accept weak pairs diagonally adjacent to matches, best first, until none is left."""
    if not weak_pairs:
        return
    heap: list[tuple[float, int, int, int, int, int]] = []

    def offer(unit: _Unit) -> None:
        for di, dj in STEPS:
            for i, j in ((unit.a[0] - di, unit.b[0] - dj), (unit.a[-1] + di, unit.b[-1] + dj)):
                s = weak_pairs.get((i, j))
                if s is not None and i not in state.a_owner and j not in state.b_owner:
                    lo, hi = sorted((state.a_rank[i], state.b_rank[j])) if state.a_rank else (0, 0)
                    heapq.heappush(heap, (-s, lo, hi, i + j, i, j))

    for unit in list(state.units):
        offer(unit)
    while heap:
        neg, _, _, _, i, j = heapq.heappop(heap)
        if i in state.a_owner or j in state.b_owner:
            continue
        unit = state.add(i, j, -neg)
        state.grow(unit)
        offer(unit)


def _span(sentences: tuple[Sentence, ...], indices: list[int]) -> Span:
    return Span(sentences[indices[0]].span.start, sentences[indices[-1]].span.end)


def _build(unit: _Unit, a: Analysis, b: Analysis, options: CompareOptions) -> Match:
    a_span, b_span = _span(a.sentences, unit.a), _span(b.sentences, unit.b)
    a_norm = " ".join(a.sentences[i].norm for i in unit.a)
    b_norm = " ".join(b.sentences[j].norm for j in unit.b)
    if a_norm == b_norm:
        return Match(tuple(unit.a), tuple(unit.b), a_span, b_span, 1.0, MatchKind.IDENTICAL)
    a_spans = [a.sentences[i].span for i in unit.a]
    b_spans = [b.sentences[j].span for j in unit.b]
    edits, a_words, b_words = word_edits(a.document.text, a_spans, b.document.text, b_spans)
    kind = (
        MatchKind.EDITED
        if word_similarity(a_words, b_words) >= options.edited_threshold
        else MatchKind.REWRITTEN
    )
    score = min(1.0, max(0.0, unit.score))
    return Match(tuple(unit.a), tuple(unit.b), a_span, b_span, score, kind, edits)
