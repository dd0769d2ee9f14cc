"""Runs of consecutive sentences as single bags of terms: the block seeds of :mod:`dupcheck.align`.

A run's terms depend on its document only, never on the partner: which runs are *free* does.
So each document's runs are built once and kept (:class:`Windows`), and each comparison picks
the free ones (:func:`free_starts`). Rebuilding them per pair was a third of the
CPU of alignment in a scan, where a document meets several partners.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Container, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import LCSseq


class Windows:
    """The sorted terms of runs of consecutive sentences of one document, each built on first
    use and kept.

    A ``size`` past the document's length means the run of all its sentences, as one window.
    """

    __slots__ = ("_all", "_lengths", "_runs", "terms")

    def __init__(self, terms: Sequence[Sequence[str]]) -> None:
        self.terms = terms
        """Each sentence's sorted terms (``similarity.terms``)."""
        self._runs: dict[int, dict[int, tuple[str, ...]]] = {}
        self._lengths: dict[int, npt.NDArray[np.float32]] = {}
        self._all: list[str] | None = None

    def all_terms(self) -> list[str]:
        """The terms of all sentences, sorted."""
        if self._all is None:
            self._all = sorted(itertools.chain.from_iterable(self.terms))
        return self._all

    def runs(self, size: int, starts: Sequence[int]) -> list[tuple[str, ...]]:
        """Terms of the runs of ``size`` sentences starting at ``starts``.

        Tuples: they are the runs' keys when ties are broken by content (``align._ranks``).
        Only runs asked for are built: a document's partners mostly ask for the same ones."""
        size = min(size, len(self.terms))
        known = self._runs.setdefault(size, {})
        out = []
        for i in starts:
            run = known.get(i)
            if run is None:
                # Sorting sorted lists chained is a merge for Python's sort.
                run = tuple(sorted(itertools.chain.from_iterable(self.terms[i : i + size])))
                known[i] = run
            out.append(run)
        return out

    def free_runs(
        self, owner: Container[int], size: int
    ) -> tuple[list[int], list[tuple[str, ...]], npt.NDArray[np.float32]]:
        """Starts, sorted terms and term counts of the runs of ``size`` sentences none of which
        is in ``owner`` (one run of all of them when there are fewer)."""
        starts = free_starts(len(self.terms), owner, size)
        return starts, self.runs(size, starts), self.lengths(size)[starts]

    def lengths(self, size: int) -> npt.NDArray[np.float32]:
        """Number of terms of the run of ``size`` sentences starting at each sentence that has
        that many from it on."""
        size = min(size, len(self.terms))
        found = self._lengths.get(size)
        if found is None:
            total = np.cumsum([0] + [len(t) for t in self.terms], dtype=np.int64)
            # No sentence, no run (not one empty run).
            ends = total[size:] if self.terms else total[:0]
            found = (ends - total[: len(ends)]).astype(np.float32)
            self._lengths[size] = found
        return found


def free_starts(n: int, owner: Container[int], size: int) -> list[int]:
    """Starts of the runs of ``size`` sentences (of ``n``; all ``n`` when fewer) none of which is
    in ``owner``."""
    size = min(size, n)
    starts = []
    free = 0
    # Backwards, counting the free sentences from each one on: one look at each sentence.
    for i in range(n - 1, -1, -1):
        free = 0 if i in owner else free + 1
        if free >= size:
            starts.append(i)
    starts.reverse()
    return starts


def free_terms(windows: Windows, owner: Container[int]) -> list[str]:
    """The terms of all sentences not in ``owner``, sorted."""
    terms = windows.terms
    owned = [i for i in range(len(terms)) if i in owner]
    if len(owned) * 2 > len(terms):
        return sorted(
            itertools.chain.from_iterable(t for i, t in enumerate(terms) if i not in owner)
        )
    # Few sentences taken (other stories on the subject): cheaper to take their terms out of
    # all of them, sorted once per document.
    out = list(windows.all_terms())
    for i in owned:
        for t in terms[i]:
            del out[bisect.bisect_left(out, t)]
    return out


def shared_terms(a: Sequence[str], b: Sequence[str]) -> int:
    """How many terms two sorted term lists share, as multisets."""
    # The longest common subsequence of two sorted sequences is their multiset intersection.
    return int(LCSseq.similarity(a, b))
