"""Spread seeds: stretches of text that share their rarer words, wherever the sentence breaks fall.

Heavy rewriting (PAN's random obfuscation, a paraphrasing tool) shuffles words within and across
sentence boundaries, replaces about half of them and inserts others, so no sentence pair, and no
run of whole sentences at fixed counts, scores like a copy. What survives is the bag of words of
the stretch. Alignment's last seeds therefore compare *windows* of free (still unaligned)
sentences, from each free sentence on until ``WINDOW_TERMS`` content terms (or the end of its
stretch of free sentences), A against B, by a weighted Dice of their sets of terms:

- each term weighs the square of its inverse sentence frequency within the pair,
  ``log(N / df) ** 2`` (``N`` sentences in both documents, ``df`` of them holding it), so the
  words of the documents' shared topic (the subject's name, "coffee" in a piece on coffee)
  count little and specific ones a lot: two texts on one topic share the first kind, a
  rewritten copy keeps many of the second. (Squared: it parts the two further, see below.)
- a window pair scoring ``spread_threshold``, sharing at least twice ``min_seed_terms`` distinct
  terms, seeds a block over the sentences the two windows cover, best first; alignment shrinks
  and grows it like its other block seeds (:func:`spread_seeds`);
- a rewritten passage found in part is carried on (:func:`edge_seeds`): the free window just
  after (before) a match on both sides joins as a block when it scores ``EDGE_SHARE`` of
  ``spread_threshold``, as a weak sentence pair next to a match does in seed extension.

Chosen on PAN 2013 corpus A (``python -m bench pan``): against plain Dice over the same
windows, the weighting finds more of the rewritten cases that sentence alignment missed at the
same number of unrelated pairs with a detection, and squaring it raised random-obfuscation
plagdet and verbatim-copy precision together.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

WINDOW_TERMS = 24
"""Content terms a window holds (whole sentences, so often a few more): about two news
sentences. Measured on PAN 2013 random obfuscation: 16 and 32 did slightly worse."""

EDGE_SHARE = 1 / 3
"""An edge window pair (next to a match on both sides) needs this share of ``spread_threshold``,
as ``context_threshold`` is lower than ``match_threshold``: edge seeds raise
random-obfuscation plagdet, and a lower share than this costs verbatim-copy precision (tuned on
PAN 2013)."""

_CHUNK = 256
"""A windows scored against all of B's at a time, so memory grows with B's windows only."""

_DIGITS = 4
"""Scores (single precision) are rounded to this many decimals before they are compared: sums
run in another order with A and B swapped, and a tie must stay a tie."""

Vector = npt.NDArray[np.float32]

Weights = Mapping[str, float] | Callable[[], Mapping[str, float]]
"""Each term's weight (:func:`term_weights`), or how to get them when first needed: a pair
whose windows share too few terms needs none."""


@dataclass(frozen=True, slots=True)
class SpreadSeed:
    """Two runs of contiguous sentences whose words agree as a whole."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float
    """Weighted Dice of the two runs' term sets (0–1)."""


def windows(terms: Sequence[Sequence[str]], owned: Mapping[int, object]) -> list[range]:
    """From each free sentence on, the free sentences until they hold ``WINDOW_TERMS`` terms or
    the next owned sentence (or the end) comes."""
    out: list[range] = []
    n = len(terms)
    for i in range(n):
        if i not in owned:
            out.append(_run(terms, owned, i, forward=True))
    return out


def spread_seeds(
    a_terms: Sequence[Sequence[str]],
    b_terms: Sequence[Sequence[str]],
    a_owned: Mapping[int, object],
    b_owned: Mapping[int, object],
    *,
    threshold: float,
    min_shared: int,
    weight: Weights | None = None,
) -> list[SpreadSeed]:
    """Window pairs of free sentences scoring ``threshold`` or more, best first.

    ``a_owned``/``b_owned``: sentences already aligned (they bound the windows). ``min_shared``:
    distinct terms a pair must share besides its score. The pairs overlap: the caller takes them
    in order and skips those touching sentences taken before. ``weight``: :func:`term_weights`
    of the two documents, when the caller has them.
    """
    if not a_terms or not b_terms:
        return []
    aw, bw = windows(a_terms, a_owned), windows(b_terms, b_owned)
    if not aw or not bw:
        return []
    # Only terms of free sentences on both sides can be shared by two windows.
    shared = sorted(_free_terms(a_terms, a_owned) & _free_terms(b_terms, b_owned))
    if len(shared) < min_shared:
        return []
    a_sets, b_sets = [set(s) for s in a_terms], [set(s) for s in b_terms]
    # What a window's sentences share, counted per sentence, bounds what it shares: most pairs
    # that get here have no window sharing enough, and this tells so before any window is built.
    common = set(shared)
    if _most_held(a_sets, aw, common) < min_shared or _most_held(b_sets, bw, common) < min_shared:
        return []
    bags_a = _Bags(a_sets, a_owned, aw, shared)
    bags_b = _Bags(b_sets, b_owned, bw, shared)
    # Windows holding fewer shared terms than a pair needs are left out of the product.
    ka = np.flatnonzero(bags_a.held_shared >= min_shared)
    kb = np.flatnonzero(bags_b.held_shared >= min_shared)
    if not len(ka) or not len(kb):
        return []
    weight = _weights(weight, a_terms, b_terms)
    xa, da = bags_a.presence(ka), bags_a.mass(weight)[ka]
    xb, db = bags_b.presence(kb), bags_b.mass(weight)[kb]
    w = np.array([weight[t] for t in shared], dtype=np.float32)
    found = []
    for lo in range(0, len(xa), _CHUNK):
        part = (xa[lo : lo + _CHUNK], da[lo : lo + _CHUNK])
        r, c, v = _scored(part, (xb, db), w, threshold=threshold, min_shared=min_shared)
        found.append((r + lo, c, v))
    rows = np.concatenate([r for r, _, _ in found])
    cols = np.concatenate([c for _, c, _ in found])
    values = np.concatenate([v for _, _, v in found])
    if not len(rows):
        return []
    rows, cols = ka[rows], kb[cols]
    ia = np.array([aw[r].start for r in rows])
    jb = np.array([bw[c].start for c in cols])
    # Best first; among equal scores by position, in an order that swapping A and B keeps.
    order = np.lexsort((np.minimum(ia, jb), np.abs(ia - jb), ia + jb, -values))
    return [SpreadSeed(tuple(aw[rows[k]]), tuple(bw[cols[k]]), float(values[k])) for k in order]


def _most_held(sets: Sequence[set[str]], runs: list[range], terms: set[str]) -> int:
    """The most ``terms`` any run holds, counting a term once per sentence (an upper bound)."""
    held = [0, *itertools.accumulate(len(s & terms) for s in sets)]
    return max(held[r.stop] - held[r.start] for r in runs)


def _scored(
    a: tuple[Vector, Vector],
    b: tuple[Vector, Vector],
    w: Vector,
    *,
    threshold: float,
    min_shared: int,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], Vector]:
    """Rows, columns and scores of the window pairs of A × B (presence, mass) that qualify."""
    (xa, da), (xb, db) = a, b
    common = (xa * w) @ xb.T
    total = da[:, None] + db[None, :]
    score = np.divide(2 * common, total, out=np.zeros_like(common), where=total > 0)
    score = np.round(score, _DIGITS)
    rows, cols = np.nonzero(score >= threshold)
    enough = np.einsum("ij,ij->i", xa[rows], xb[cols]) >= min_shared
    rows, cols = rows[enough], cols[enough]
    return rows, cols, score[rows, cols]


def edge_seeds(
    a_terms: Sequence[Sequence[str]],
    b_terms: Sequence[Sequence[str]],
    a_owned: Mapping[int, object],
    b_owned: Mapping[int, object],
    *,
    units: Sequence[tuple[Sequence[int], Sequence[int]]],
    threshold: float,
    min_shared: int,
    weight: Weights | None = None,
) -> list[SpreadSeed]:
    """For each unit (its A and B sentences), the free windows just after it on both sides, and
    those just before it, when they score ``threshold`` and share ``min_shared`` terms; best
    first."""
    if not units:
        return []
    out: list[SpreadSeed] = []
    for a_idx, b_idx in units:
        for forward in (True, False):
            ra = _run(
                a_terms, a_owned, max(a_idx) + 1 if forward else min(a_idx) - 1, forward=forward
            )
            rb = _run(
                b_terms, b_owned, max(b_idx) + 1 if forward else min(b_idx) - 1, forward=forward
            )
            if not ra or not rb:
                continue
            sa = {t for i in ra for t in a_terms[i]}
            sb = {t for j in rb for t in b_terms[j]}
            both = sa & sb
            if len(both) < min_shared:
                continue
            weight = _weights(weight, a_terms, b_terms)
            total = math.fsum(weight[t] for t in sa) + math.fsum(weight[t] for t in sb)
            score = round(2 * math.fsum(weight[t] for t in both) / total, _DIGITS) if total else 0
            seed = SpreadSeed(tuple(ra), tuple(rb), score)
            # A window between two matches is after one and before the other.
            if score >= threshold and seed not in out:
                out.append(seed)
    out.sort(key=lambda s: (-s.score, s.a[0] + s.b[0], abs(s.a[0] - s.b[0]), min(s.a[0], s.b[0])))
    return out


def _weights(
    weight: Weights | None, a_terms: Sequence[Sequence[str]], b_terms: Sequence[Sequence[str]]
) -> Mapping[str, float]:
    if weight is None:
        return term_weights(a_terms, b_terms)
    return weight() if callable(weight) else weight


def _run(
    terms: Sequence[Sequence[str]], owned: Mapping[int, object], start: int, *, forward: bool
) -> range:
    """Free sentences from ``start`` on (or back) until they hold ``WINDOW_TERMS`` terms."""
    k, held, step = start, 0, 1 if forward else -1
    while 0 <= k < len(terms) and k not in owned and held < WINDOW_TERMS:
        held += len(terms[k])
        k += step
    return range(start, k) if forward else range(k + 1, start + 1)


def _free_terms(terms: Sequence[Sequence[str]], owned: Mapping[int, object]) -> set[str]:
    return {t for i, s in enumerate(terms) if i not in owned for t in s}


def term_weights(
    a_terms: Sequence[Sequence[str]], b_terms: Sequence[Sequence[str]]
) -> dict[str, float]:
    """Each term's weight: its inverse sentence frequency over both documents, squared,
    ``log(N / df) ** 2``."""
    df = Counter(itertools.chain.from_iterable(map(set, itertools.chain(a_terms, b_terms))))
    n = len(a_terms) + len(b_terms)
    # Few distinct frequencies: each weight is computed once, then looked up.
    of = {k: math.log(n / k) ** 2 for k in set(df.values())}
    return dict(zip(df, map(of.__getitem__, df.values()), strict=True))


class _Bags:
    """Which ``shared`` terms each run holds and the weight of all the distinct terms it holds.

    By prefix sums over the sentences: a term found in one free sentence of the document only
    adds its weight to any run holding that sentence; the others are counted per run, so a term
    repeated in a run counts once. Runs hold free sentences only, so owned ones are left out.
    Presence comes first and needs no weights: most pairs have no window sharing enough terms.
    """

    __slots__ = ("_column", "_held", "_lone", "_runs", "_sentences", "held_shared", "width")

    def __init__(
        self,
        sets: Sequence[set[str]],
        owned: Mapping[int, object],
        runs: list[range],
        shared: list[str],
    ) -> None:
        free = [(i, s) for i, s in enumerate(sets) if i not in owned]
        column = {t: k for k, t in enumerate(shared)}
        in_sentences = Counter(itertools.chain.from_iterable(s for _, s in free))
        for t, k in in_sentences.items():
            if k > 1 and t not in column:
                column[t] = len(column)
        n = len(sets)
        at_rows: list[int] = []
        at_cols: list[int] = []
        lone: list[tuple[int, list[str]]] = []
        for i, sentence in free:
            alone = []
            for t in sentence:
                c = column.get(t)
                if c is None:
                    alone.append(t)
                else:
                    at_rows.append(i + 1)
                    at_cols.append(c)
            lone.append((i + 1, alone))
        present = np.zeros((n + 1, len(column)), dtype=np.int32)
        present[at_rows, at_cols] = 1
        np.cumsum(present, axis=0, out=present)
        self._runs = (
            np.array([r.start for r in runs], dtype=np.intp),
            np.array([r.stop for r in runs], dtype=np.intp),
        )
        starts, stops = self._runs
        self._held = (present[stops] - present[starts]) > 0
        self.width = len(shared)
        self.held_shared = self._held[:, : len(shared)].sum(axis=1)
        self._column, self._sentences = column, n
        self._lone = lone
        """The prefix-sum row of each free sentence, with its terms no other free one holds."""

    def presence(self, rows: npt.NDArray[np.intp]) -> Vector:
        """Runs ``rows`` × ``shared`` terms, 0/1."""
        return self._held[rows, : self.width].astype(np.float32)

    def mass(self, weight: Mapping[str, float]) -> Vector:
        """Weight of the distinct terms each run holds."""
        lone = np.zeros(self._sentences + 1, dtype=np.float64)
        for at, alone in self._lone:
            total = 0.0
            for t in alone:
                total += weight[t]
            lone[at] = total
        np.cumsum(lone, out=lone)
        starts, stops = self._runs
        col_weight = np.array([weight[t] for t in self._column], dtype=np.float32)
        return np.asarray(lone[stops] - lone[starts] + self._held @ col_weight, dtype=np.float32)
