"""Matches under construction: the alignment's working state, and how a match grows.

A :class:`Unit` holds contiguous sentences of each side and their terms; :class:`State` holds
the units and which sentence each side's unit owns. Alignment (:mod:`dupcheck.align.aligner`) adds
sentence pairs and blocks to it; every unit then grows over free neighbour sentences that
complete it (a sentence one side split in two, or broke into hard-wrapped fragments).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from dupcheck.align.sentence_runs import without
from dupcheck.align.side import Side
from dupcheck.align.similarity import dice

GROW_MARGIN = 0.05
"""How much absorbing a neighbour sentence must raise a match's score (see :meth:`State.grow`)."""

MAX_SIDE = 6
"""Most sentences one side of a match may hold: enough for a sentence hard-wrapped into
fragments, too few for a match to swallow a paragraph."""


@dataclass(slots=True)
class Unit:
    """A match under construction: contiguous sentence indices on each side, their terms, score."""

    a: list[int]
    b: list[int]
    a_terms: list[str]
    b_terms: list[str]
    score: float


@dataclass(slots=True)
class State:
    """The alignment under way between two sides: its units, and which unit holds each
    sentence."""

    a: Side
    """Side A: its sentences' terms and runs of them."""
    b: Side
    a_rank: list[int] = field(default_factory=list)
    """Each A sentence's place among the distinct texts of both documents: ties between equal
    scores are broken by content, so swapping A and B gives the same alignment."""
    b_rank: list[int] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    a_owner: dict[int, int] = field(default_factory=dict)
    """A sentence index → index of the unit holding it."""
    b_owner: dict[int, int] = field(default_factory=dict)

    def add(self, i: int, j: int, score: float) -> Unit:
        unit = Unit([i], [j], self.a.terms[i], self.b.terms[j], score)
        self.a_owner[i] = self.b_owner[j] = len(self.units)
        self.units.append(unit)
        return unit

    def add_block(self, a_idx: list[int], b_idx: list[int]) -> Unit:
        """A unit of several sentences each side, shrunk to the ones that share content."""
        a_terms = sorted(t for i in a_idx for t in self.a.terms[i])
        b_terms = sorted(t for j in b_idx for t in self.b.terms[j])
        unit = Unit(list(a_idx), list(b_idx), a_terms, b_terms, dice(a_terms, b_terms))
        self._shrink(unit)
        owner = len(self.units)
        for i in unit.a:
            self.a_owner[i] = owner
        for j in unit.b:
            self.b_owner[j] = owner
        self.units.append(unit)
        return unit

    def _shrink(self, unit: Unit) -> None:
        """Drop edge sentences whose removal does not lower the score (they share nothing)."""
        while True:
            best: tuple[float, str, int, list[str]] | None = None
            tied: set[str] = set()
            for side, k in (("a", 0), ("a", -1), ("b", 0), ("b", -1)):
                mine = unit.a if side == "a" else unit.b
                if len(mine) < 2:
                    continue
                pool = self.a.terms if side == "a" else self.b.terms
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

    def grow(self, unit: Unit) -> None:
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
                    (self.a.terms, self.a_owner, unit.a)
                    if side == "a"
                    else (self.b.terms, self.b_owner, unit.b)
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


class WeakPairs:
    """Pairs that may join a match only next to one (seed extension): score at least the weak
    threshold, not seeds themselves. A dense ``float32`` matrix over all sentence pairs, 0 where
    a pair is not weak: 4 bytes a pair, so bounded by ``max_sentence_pairs`` whatever the text
    (a dict held Python objects per weak pair, and every pair of a page of near-identical
    sentences is weak)."""

    __slots__ = ("_any", "_scores")

    def __init__(
        self,
        shape: tuple[int, int],
        rows: npt.NDArray[np.intp],
        cols: npt.NDArray[np.intp],
        scores: npt.NDArray[np.float32],
    ) -> None:
        self._scores = np.zeros(shape, dtype=np.float32)
        self._scores[rows, cols] = scores
        self._any = len(scores) > 0

    def __bool__(self) -> bool:
        return self._any

    def get(self, pair: tuple[int, int]) -> float | None:
        """The score of a weak pair, ``None`` for any other (outside the matrix included)."""
        i, j = pair
        rows, cols = self._scores.shape
        if not (0 <= i < rows and 0 <= j < cols):
            return None
        score = float(self._scores[i, j])
        return score if score > 0 else None
