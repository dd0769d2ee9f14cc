"""Sentence alignment: which sentences of A reappear in B, in any order, and how they changed.

1. Every A sentence is scored against every B sentence at once (:mod:`dupcheck.align.similarity`).
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
   score beats the single one by ``units.GROW_MARGIN``.
5. Block seeds: runs of free sentences compared as wholes (``window_sentences``), for rewrites
   that moved words across sentence boundaries; then spread seeds, windows of free sentences
   compared by their rarer words (:mod:`dupcheck.align.spread_seeds`); then extension again, and
   spread
   seeds carried on past the edges of matches.
6. Each match is classified (identical, edited, rewritten) and gets its word-level edits.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from dupcheck.align.edits import WordDiff, word_diff, word_edits, word_similarity
from dupcheck.align.match_state import State, Unit, WeakPairs
from dupcheck.align.sentence_runs import Overlap, free_shared
from dupcheck.align.side import Side, prepare
from dupcheck.align.similarity import similarity_matrix
from dupcheck.align.spread_seeds import (
    EDGE_SHARE,
    SpreadSeed,
    edge_seeds,
    spread_seeds,
    term_weights,
)
from dupcheck.align.types import CompareOptions, Match, MatchKind
from dupcheck.errors import TooLargeToAlign
from dupcheck.text.types import Analysis, Sentence, Span

CONTAINMENT = 0.8
"""Share of the shorter sentence's terms found in the longer one that makes a pair a seed on
its own (given ``min_seed_terms + 2`` shared terms), whatever its Dice score."""

CONTAINED_FLOOR = 0.2
"""Lowest Dice score worth scoring: 6 terms contained in a 50-term sentence score 0.21."""

SEED_BLOCK = 65_536
"""Seed pairs turned into Python objects at a time (see :func:`align_units`)."""

STEPS = ((1, 1), (1, 2), (2, 1))
"""Where seed extension looks for a weak pair next to a match (A step, B step): the diagonal
neighbour, or one sentence further on one side, past a sentence the other side added or cut.
Measured on PAN 2013: the one-sentence skips raised recall on obfuscated copies."""


def align(a: Analysis, b: Analysis, options: CompareOptions) -> tuple[Match, ...]:
    """Matches between A's and B's content sentences, in A order."""
    units = align_units(prepare(a), prepare(b), options)
    units.sort(key=lambda u: u.a[0])
    return tuple(build_match(u, a, b, options)[0] for u in units)


def align_units(a: Side, b: Side, options: CompareOptions) -> list[Unit]:
    """Which sentences align with which (steps 1–5 above), before matches are built.

    Raises :class:`~dupcheck.errors.TooLargeToAlign` past ``options.max_sentence_pairs``.
    """
    if not a.terms or not b.terms:
        return []
    # Scoring every sentence against every other is quadratic: bounded here, where compare and
    # scan verification both pass, rather than left to exhaust memory.
    na, nb = len(a.terms), len(b.terms)
    if na * nb > options.max_sentence_pairs:
        raise TooLargeToAlign(
            a.analysis.document.name, b.analysis.document.name, na, nb, options.max_sentence_pairs
        )
    state = State(a, b)
    weak = min(options.context_threshold, options.match_threshold)
    # A sentence found verbatim is kept however short: a document compared with itself aligns
    # all. Those pairs go first (_identical_seeds); a sentence taken, no other pair of it
    # matters, so only the sentences left are scored: copies keep many sentences verbatim.
    _identical_seeds(state, a.analysis, b.analysis)
    a_free = np.array([i for i in range(len(a.terms)) if i not in state.a_owner], dtype=np.intp)
    b_free = np.array([j for j in range(len(b.terms)) if j not in state.b_owner], dtype=np.intp)
    sim = similarity_matrix(
        [a.terms[i] for i in a_free],
        [b.terms[j] for j in b_free],
        cutoff=min(weak, CONTAINED_FLOOR),
    )
    rows, cols = np.nonzero(sim)
    values = sim[rows, cols]
    rows, cols = a_free[rows], b_free[cols]
    if len(values):
        state.a_rank, state.b_rank = _ranks(
            [s.norm for s in a.analysis.sentences], [s.norm for s in b.analysis.sentences]
        )
    # Runs of one sentence are the sentences: their term counts, kept from one partner to the next.
    a_len, b_len = state.a.runs.lengths(1), state.b.runs.lengths(1)
    # Dice * (|A| + |B|) / 2 is the number of shared terms: a seed must share enough of them.
    la, lb = a_len[rows], b_len[cols]
    shared = values * (la + lb) / 2 + np.float32(0.01)
    seed = (values >= options.match_threshold) & (shared >= options.min_seed_terms)
    # A sentence that one side split into several (or a list the other side ran together) scores
    # low against each piece, but each piece is nearly contained in it: such a pair seeds too, and
    # growing absorbs the other pieces.
    contained = shared >= CONTAINMENT * np.minimum(la, lb)
    seed |= contained & (shared >= options.min_seed_terms + 2)
    weak_at = ~seed & (values >= weak)
    weak_pairs = WeakPairs((na, nb), rows[weak_at], cols[weak_at], values[weak_at])
    # Seeds are taken best first; the other pairs need no order (ordering a subset gives the
    # order of the whole restricted to it). No verbatim pair is left (a free sentence's equal
    # would have been free too, and taken): among equal scores, all come after the verbatim ones.
    chosen = np.flatnonzero(seed)
    later = np.ones(len(chosen), dtype=bool)
    ranks = (state.a_rank, state.b_rank)
    taken = chosen[_order(rows[chosen], cols[chosen], values[chosen], later, ranks)]
    # Python lists (reading numpy scalars one at a time costs more than the conversion), a block
    # at a time: memory stays a few bytes per pair even when every pair of two pages is a seed.
    for start in range(0, len(taken), SEED_BLOCK):
        block = taken[start : start + SEED_BLOCK]
        for s, i, j in zip(
            values[block].tolist(), rows[block].tolist(), cols[block].tolist(), strict=True
        ):
            if i not in state.a_owner and j not in state.b_owner:
                state.add(i, j, s)
    for unit in sorted(state.units, key=lambda u: (-u.score, u.a[0])):
        state.grow(unit)
    _extend(state, weak_pairs)
    bound = _FreeShared(state)
    _window_seeds(state, options, bound)
    if options.spread_threshold < 1.0:
        _spread(state, options, weak_pairs, bound)
    else:
        _extend(state, weak_pairs)
    return state.units


def _identical_seeds(state: State, a: Analysis, b: Analysis) -> None:
    """Pair sentences with equal norms, in the order :func:`_order` gives them: they score 1,
    the most there is, and go first among equal scores, then by content (the norm, whose rank
    :func:`_ranks` gives) and position."""
    where: dict[str, list[int]] = {}
    for j, s in enumerate(b.sentences):
        where.setdefault(s.norm, []).append(j)
    ours: dict[str, list[int]] = {}
    for i, s in enumerate(a.sentences):
        if s.norm in where:
            ours.setdefault(s.norm, []).append(i)
    # Taken one by one in the order (norm, i + j, |i - j|, i, j), free pairs of one norm pair
    # its k-th sentence in A with its k-th in B (any other free pair has a larger i + j): so
    # they are added in that order without listing every equal pair, which for a sentence
    # repeated n times on each side would be n² pairs.
    for norm in sorted(ours):
        for i, j in zip(ours[norm], where[norm], strict=False):
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


class _FreeShared:
    """:func:`~dupcheck.align.sentence_runs.free_shared` of the state's free sentences, computed
    again only
    after sentences were taken: block seeds and spread seeds both bound their work by it, and
    mostly no block seed comes between them."""

    __slots__ = ("_state", "_taken", "_value")

    def __init__(self, state: State) -> None:
        self._state = state
        self._taken = (-1, -1)
        self._value = 0

    def __call__(self) -> int:
        state = self._state
        # Sentences are taken, never given back: the same counts are the same sentences.
        taken = (len(state.a_owner), len(state.b_owner))
        if taken != self._taken:
            self._taken = taken
            self._value = free_shared((state.a.runs, state.a_owner), (state.b.runs, state.b_owner))
        return self._value


def _window_seeds(state: State, options: CompareOptions, bound: _FreeShared) -> None:
    """Block seeds from runs of ``window_sentences`` sentences down to two, longest first."""
    # Seeding only takes free sentences: what all of them share bounds what any two runs of
    # them share, now and after seeds took some. Most candidate pairs stop here.
    least = 2 * options.min_seed_terms
    if bound() < least:
        return
    overlap = Overlap(
        (state.a.runs, state.a_owner),
        (state.b.runs, state.b_owner),
        options.window_threshold,
        least,
    )
    for size in range(options.window_sentences, 1, -1):
        _window_seeds_of(state, options, size, overlap)


def _window_seeds_of(state: State, options: CompareOptions, size: int, overlap: Overlap) -> None:
    """Seed from runs of sentences whose words agree only as a whole.

    Heavy rewriting (PAN's random obfuscation, a paraphrasing tool) moves words across sentence
    boundaries, so no sentence pair scores like a copy while the stretch as a whole does: runs
    of ``size`` sentences are scored against each other (one matrix), best first, and a pair of
    free runs scoring ``window_threshold`` with twice ``min_seed_terms`` shared terms becomes
    one match, shrunk to the sentences that share content, then grown like any other. Sizes
    at which no two runs could (``overlap``) are skipped.
    """
    longest = max(len(state.a.terms), len(state.b.terms))
    # A run longer than both documents is the same as the run of all their sentences; two
    # single sentences are no block (``match_threshold`` judges them).
    if size < 2 or longest < 2 or size > max(2, longest) or not state.a.terms or not state.b.terms:
        return
    if not overlap.possible(size):
        return
    a_starts, aw, a_len = state.a.runs.free_runs(state.a_owner, size)
    b_starts, bw, b_len = state.b.runs.free_runs(state.b_owner, size)
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
        a_idx = list(range(i, min(i + size, len(state.a.terms))))
        b_idx = list(range(j, min(j + size, len(state.b.terms))))
        if any(x in state.a_owner for x in a_idx) or any(y in state.b_owner for y in b_idx):
            continue
        unit = state.add_block(a_idx, b_idx)
        state.grow(unit)


def _spread(
    state: State,
    options: CompareOptions,
    weak_pairs: WeakPairs,
    bound: _FreeShared,
) -> None:
    """Spread seeds (:mod:`dupcheck.align.spread_seeds`), extension, then spread seeds past the
    edges of
    matches until none is left, and extension again."""
    # Both kinds of seed join free sentences sharing at least min_seed_terms terms: what all
    # free sentences share bounds them (as in _window_seeds). Most candidate pairs stop here.
    if bound() < options.min_seed_terms:
        _extend(state, weak_pairs)
        return
    # Made when a window pair first needs them: most pairs that get here have none sharing enough.
    weight = functools.cache(lambda: term_weights(state.a.terms, state.b.terms))
    free = (state.a.terms, state.b.terms, state.a_owner, state.b_owner)
    shared = 2 * options.min_seed_terms
    _take_blocks(
        state,
        spread_seeds(*free, threshold=options.spread_threshold, min_shared=shared, weight=weight),
    )
    _extend(state, weak_pairs)
    edge = EDGE_SHARE * options.spread_threshold
    grew = False
    while _take_blocks(
        state,
        edge_seeds(
            *free,
            units=[(u.a, u.b) for u in state.units],
            threshold=edge,
            min_shared=options.min_seed_terms,
            weight=weight,
        ),
    ):
        grew = True
    if grew:
        _extend(state, weak_pairs)


def _take_blocks(state: State, seeds: list[SpreadSeed]) -> bool:
    """Each seed touching no aligned sentence becomes a block, grown; whether any did."""
    took = False
    for seed in seeds:
        if any(i in state.a_owner for i in seed.a) or any(j in state.b_owner for j in seed.b):
            continue
        state.grow(state.add_block(list(seed.a), list(seed.b)))
        took = True
    return took


def _extend(state: State, weak_pairs: WeakPairs) -> None:
    """Accept weak pairs diagonally adjacent to matches, best first, until none is left."""
    if not weak_pairs:
        return
    heap: list[tuple[float, int, int, int, int, int]] = []

    def offer(unit: Unit) -> None:
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


def unit_span(sentences: tuple[Sentence, ...], indices: list[int]) -> Span:
    """Where the sentences ``indices`` (in order) of one side of a unit are written: from the
    first's start to the last's end."""
    return Span(sentences[indices[0]].span.start, sentences[indices[-1]].span.end)


def build_match(
    unit: Unit, a: Analysis, b: Analysis, options: CompareOptions
) -> tuple[Match, WordDiff | None]:
    """The match ``unit`` becomes (its spans, kind and word-level edits), and the diff of its
    words (None when it is identical)."""
    a_span, b_span = unit_span(a.sentences, unit.a), unit_span(b.sentences, unit.b)
    a_norm = " ".join(a.sentences[i].norm for i in unit.a)
    b_norm = " ".join(b.sentences[j].norm for j in unit.b)
    if a_norm == b_norm:
        return Match(tuple(unit.a), tuple(unit.b), a_span, b_span, 1.0, MatchKind.IDENTICAL), None
    a_spans = [a.sentences[i].span for i in unit.a]
    b_spans = [b.sentences[j].span for j in unit.b]
    diff = word_diff(a.document.text, a_spans, b.document.text, b_spans)
    kind = (
        MatchKind.EDITED
        if word_similarity(diff.a_words, diff.b_words) >= options.edited_threshold
        else MatchKind.REWRITTEN
    )
    score = min(1.0, max(0.0, unit.score))
    edits = word_edits(diff, a_spans[0], b_spans[0])
    return Match(tuple(unit.a), tuple(unit.b), a_span, b_span, score, kind, edits), diff
