"""Sentence alignment: which sentences of A reappear in B, in any order, and how they changed.

1. Every A sentence is scored against every B sentence at once (:mod:`dupcheck.similarity`).
2. A one-to-one assignment over the pairs at or above ``match_threshold``, greedy by descending
   score with ties broken by indices. Order plays no part, so a paragraph moved anywhere in B is
   found. (On real pairs greedy reaches the optimum of the maximum-weight matching almost always;
   see the report of ``bench/msrp.py``'s sibling studies.)
3. Seed extension: a weaker pair (``context_threshold`` ≤ score < ``match_threshold``) is accepted
   when it sits directly before or after an accepted match in the same order on both sides, like
   the seed-and-extend aligners that did best at PAN. An isolated weak pair is never accepted.
4. One-to-two: a match whose unmatched neighbour sentence (on either side) completes it, because
   one side split a sentence in two or merged two into one, absorbs that neighbour when the merged
   score beats the single one by ``SPLIT_MARGIN``.
5. Each match is classified (identical, edited, rewritten) and gets its word-level edits.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from dupcheck.edits import word_edits, word_similarity
from dupcheck.models import Analysis, CompareOptions, Match, MatchKind, Sentence, Span
from dupcheck.similarity import dice, similarity_matrix, terms

CONTAINMENT = 0.8
"""Share of the shorter sentence's terms found in the longer one that makes a pair a seed on
its own (given ``min_seed_terms + 2`` shared terms), whatever its Dice score."""

CONTAINED_FLOOR = 0.2
"""Lowest Dice score worth scoring: 6 terms contained in a 50-term sentence score 0.21."""

GROW_MARGIN = 0.05
"""How much absorbing a neighbour sentence must raise a match's score (see :func:`_grow`)."""

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
    units: list[_Unit] = field(default_factory=list)
    a_owner: dict[int, int] = field(default_factory=dict)
    """A sentence index → index of the unit holding it."""
    b_owner: dict[int, int] = field(default_factory=dict)

    def add(self, i: int, j: int, score: float) -> _Unit:
        unit = _Unit([i], [j], self.a_terms[i], self.b_terms[j], score)
        self.a_owner[i] = self.b_owner[j] = len(self.units)
        self.units.append(unit)
        return unit

    def grow(self, unit: _Unit) -> None:
        """Absorb free neighbour sentences while each raises the score by ``GROW_MARGIN``.

        One side may have split a sentence in two, merged two into one, or (hard-wrapped text)
        broken one into line fragments; absorbing a neighbour only helps when a larger share of
        its terms reappears on the other side than of the match so far, so unrelated neighbours
        are left alone.
        """
        owner = self.a_owner[unit.a[0]]
        while True:
            best: tuple[float, str, int, list[str]] | None = None
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
                    best = (s, side, k, merged)
            if best is None or best[0] < unit.score + GROW_MARGIN:
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
    if not a.sentences or not b.sentences:
        return ()
    state = _State([terms(s.norm) for s in a.sentences], [terms(s.norm) for s in b.sentences])
    weak = min(options.context_threshold, options.match_threshold)
    sim = similarity_matrix(state.a_terms, state.b_terms, cutoff=min(weak, CONTAINED_FLOOR))
    rows, cols = np.nonzero(sim)
    values = sim[rows, cols]
    # Equal norms score 1 but so may reworded ones; among equal scores identical pairs go first,
    # then A index, then B index: a total, deterministic order.
    identical = np.zeros(len(values), dtype=bool)
    for k in np.flatnonzero(values >= 1.0):
        identical[k] = a.sentences[rows[k]].norm == b.sentences[cols[k]].norm
    order = np.lexsort((cols, rows, ~identical, -values))
    a_len = np.array([len(t) for t in state.a_terms], dtype=np.float32)
    b_len = np.array([len(t) for t in state.b_terms], dtype=np.float32)
    # Dice * (|A| + |B|) / 2 is the number of shared terms: a seed must share enough of them.
    la, lb = a_len[rows], b_len[cols]
    shared = values * (la + lb) / 2 + np.float32(0.01)
    seed = (values >= options.match_threshold) & (shared >= options.min_seed_terms)
    # A sentence that one side split into several (or a list the other side ran together) scores
    # low against each piece, but each piece is nearly contained in it: such a pair seeds too, and
    # growing absorbs the other pieces.
    contained = shared >= CONTAINMENT * np.minimum(la, lb)
    seed |= contained & (shared >= options.min_seed_terms + 2)
    # A sentence found verbatim is kept however short: a document compared with itself aligns all.
    seed |= identical
    weak_pairs: dict[tuple[int, int], float] = {}
    for k in order:
        s, i, j = float(values[k]), int(rows[k]), int(cols[k])
        if not seed[k]:
            if s >= weak:
                weak_pairs[i, j] = s
        elif i not in state.a_owner and j not in state.b_owner:
            state.add(i, j, s)
    for unit in sorted(state.units, key=lambda u: (-u.score, u.a[0])):
        state.grow(unit)
    _extend(state, weak_pairs)
    matches = [_build(u, a, b, options) for u in state.units]
    matches.sort(key=lambda m: m.a_sentences[0])
    return tuple(matches)


def _extend(state: _State, weak_pairs: dict[tuple[int, int], float]) -> None:
    """Accept weak pairs diagonally adjacent to matches, best first, until none is left."""
    heap: list[tuple[float, int, int]] = []

    def offer(unit: _Unit) -> None:
        for i, j in ((unit.a[0] - 1, unit.b[0] - 1), (unit.a[-1] + 1, unit.b[-1] + 1)):
            s = weak_pairs.get((i, j))
            if s is not None and i not in state.a_owner and j not in state.b_owner:
                heapq.heappush(heap, (-s, i, j))

    for unit in list(state.units):
        offer(unit)
    while heap:
        neg, i, j = heapq.heappop(heap)
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
