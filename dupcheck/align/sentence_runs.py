"""Runs of consecutive sentences as single bags of terms: the block seeds of
:mod:`dupcheck.align.aligner`.

A run's terms depend on its document only, never on the partner: which runs are *free* does.
So each document's runs are built once and kept (:class:`Windows`), and each comparison picks
the free ones (:func:`free_starts`). Rebuilding them per pair was a third of the
CPU of alignment in a scan, where a document meets several partners.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Container, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import LCSseq


class Windows:
    """The sorted terms of runs of consecutive sentences of one document, each built on first
    use and kept.

    A ``size`` past the document's length means the run of all its sentences, as one window.
    """

    __slots__ = ("_all", "_codes", "_lengths", "_runs", "terms")

    def __init__(self, terms: Sequence[Sequence[str]]) -> None:
        self.terms = terms
        """Each sentence's sorted terms (``similarity.terms``)."""
        self._runs: dict[int, dict[int, tuple[str, ...]]] = {}
        self._lengths: dict[int, npt.NDArray[np.float32]] = {}
        self._all: list[str] | None = None
        self._codes: dict[int, Codes] = {}

    def codes(self) -> Codes:
        """:func:`codes` of its sentences' terms, made on first use and kept by the process's
        str hash salt: a pickled copy never compares them with another process's."""
        found = self._codes.get(_SALT)
        if found is None:
            found = self._codes[_SALT] = codes(self.terms)
        return found

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
    if len(a) * len(b) > _LCS_MAX:
        counts = Counter(a)
        return sum(min(k, counts[t]) for t, k in Counter(b).items() if t in counts)
    # The longest common subsequence of two sorted sequences is their multiset intersection.
    return int(LCSseq.similarity(a, b))


_LCS_MAX = 1_000_000
"""Past this product of lengths, counting terms beats rapidfuzz's LCS, whose time grows with it
(a page without sentence breaks); below it the LCS is as cheap and exact."""


def free_shared(a: tuple[Windows, Container[int]], b: tuple[Windows, Container[int]]) -> int:
    """How many terms the free sentences of A (windows, taken sentences) share with B's, as
    multisets: a bound on what any seed built of free sentences can share, now and after
    seeds took some."""
    return shared_terms(free_terms(*a), free_terms(*b))


_SALT = hash("dupcheck.align.sentence_runs")
"""Term hashes are kept under the process's str hash salt (see :meth:`Windows.codes`)."""

_MAX_CELLS = 4_000_000
"""Most (A runs x B runs x shared terms) :meth:`Overlap.possible` works through; past it (two
very long documents) it answers yes."""

Codes = tuple[npt.NDArray[np.int64], npt.NDArray[np.intp], npt.NDArray[np.intp]]


def codes(terms: Sequence[Sequence[str]]) -> Codes:
    """The distinct terms' str hashes, sorted, and of each term of each sentence its place among
    them and its sentence, for :class:`Overlap`."""
    flat = list(itertools.chain.from_iterable(terms))
    hashes = np.fromiter(map(hash, flat), dtype=np.int64, count=len(flat))
    distinct, place = np.unique(hashes, return_inverse=True)
    sent = np.repeat(np.arange(len(terms), dtype=np.intp), [len(t) for t in terms])
    return distinct, place.astype(np.intp).reshape(-1), sent


class Overlap:
    """How many terms each run of A's free sentences can share with each run of B's at most,
    from counts of the terms both documents hold, made once per pair.

    Block seeds need two runs sharing enough terms to score ``window_threshold``. For most
    candidate pairs that get this far no two runs come close, and this says so without building
    the runs or scoring them. (Cheaper still, and asked first: :func:`free_shared` under
    ``least`` rules out every run at once.) Terms are compared by hash: two terms with one hash
    can only raise the bound.
    """

    __slots__ = ("_a", "_b", "_least", "_threshold", "_windows")

    def __init__(
        self,
        a: tuple[Windows, Container[int]],
        b: tuple[Windows, Container[int]],
        threshold: float,
        least: float,
    ) -> None:
        """Runs of ``a``'s and ``b``'s (windows, taken sentences) that could score
        ``threshold`` sharing ``least`` terms."""
        (aw, a_owner), (bw, b_owner) = a, b
        self._windows, self._threshold, self._least = (aw, bw), threshold, least
        a_distinct, a_place, a_sent = aw.codes()
        b_distinct, b_place, b_sent = bw.codes()
        _, a_in, b_in = np.intersect1d(
            a_distinct, b_distinct, assume_unique=True, return_indices=True
        )
        a_free = ~_owned(len(aw.terms), a_owner)[a_sent]
        b_free = ~_owned(len(bw.terms), b_owner)[b_sent]
        # Only terms both sides' free sentences hold can be shared by runs of them.
        a_has, b_has = np.zeros(len(a_distinct), bool), np.zeros(len(b_distinct), bool)
        a_has[a_place[a_free]] = True
        b_has[b_place[b_free]] = True
        both = a_has[a_in] & b_has[b_in]
        self._a = _cumulative(a_place, a_sent, a_in[both], len(a_distinct), a_free, len(aw.terms))
        self._b = _cumulative(b_place, b_sent, b_in[both], len(b_distinct), b_free, len(bw.terms))

    def possible(self, size: int) -> bool:
        """Whether two free runs of ``size`` sentences (``Windows.free_runs``: their sentences
        were free when this was made) could share ``least`` terms and score ``threshold``.

        Every run is tried, not only free ones: taken sentences count no term here, and more runs
        only make a yes likelier, never a wrong no."""
        a, b = self._windows
        threshold, least = self._threshold, self._least
        width = self._a.shape[1]
        a_size, b_size = min(size, len(a.terms)), min(size, len(b.terms))
        a_count, b_count = len(a.terms) - a_size + 1, len(b.terms) - b_size + 1
        if not width or a_count * b_count * width > _MAX_CELLS:
            return bool(width)
        a_runs = self._a[a_size:] - self._a[:a_count]
        b_runs = self._b[b_size:] - self._b[:b_count]
        a_len, b_len = a.lengths(size), b.lengths(size)
        # A run with t terms the other side holds shares at most t with any run of it, so
        # scores at most 2t / (its length + t): most runs are out before any pair is counted.
        a_some = _could(a_runs.sum(axis=1), a_len, threshold, least)
        b_some = _could(b_runs.sum(axis=1), b_len, threshold, least)
        if not a_some.any() or not b_some.any():
            return False
        a_runs, b_runs = a_runs[a_some], b_runs[b_some]
        bound = np.minimum(a_runs[:, None, :], b_runs[None, :, :]).sum(axis=2)
        lengths = a_len[a_some][:, None] + b_len[b_some][None, :]
        return bool(_could(bound, lengths, threshold, least, pairs=True).any())


def _could(
    shared: npt.NDArray[np.int32],
    lengths: npt.NDArray[np.float32],
    threshold: float,
    least: float,
    *,
    pairs: bool = False,
) -> npt.NDArray[np.bool_]:
    """Whether runs sharing at most ``shared`` terms could share ``least`` and score
    ``threshold``: ``lengths`` the two runs' (``pairs``) or one run's, the other's then at best
    ``shared``."""
    total = lengths if pairs else lengths + shared
    # Slack for the rounding of the scores this stands in for: a size tried in vain costs
    # time, one skipped wrongly an alignment.
    ok: npt.NDArray[np.bool_] = (shared + 0.01 >= least) & (
        2 * shared >= (threshold - 1e-4) * total
    )
    return ok


def _owned(n: int, owner: Container[int]) -> npt.NDArray[np.bool_]:
    out = np.zeros(n, dtype=bool)
    out[[i for i in range(n) if i in owner]] = True
    return out


def _cumulative(  # noqa: PLR0917 (one call site, each side's arrays in one order)
    place: npt.NDArray[np.intp],
    sent: npt.NDArray[np.intp],
    shared: npt.NDArray[np.intp],
    distinct: int,
    free: npt.NDArray[np.bool_],
    n: int,
) -> npt.NDArray[np.int32]:
    """Row ``i``: how many times each ``shared`` term (by place among the document's
    ``distinct`` ones) occurs in the ``free`` terms of the sentences before sentence ``i``."""
    width = len(shared)
    out = np.zeros((n + 1, width), dtype=np.int32)
    if not width:
        return out
    column = np.full(distinct, -1, dtype=np.intp)
    column[shared] = np.arange(width, dtype=np.intp)
    col = column[place]
    hit = (col >= 0) & free
    counts = np.bincount(sent[hit] * width + col[hit], minlength=n * width)
    np.cumsum(counts.reshape(n, width), axis=0, out=out[1:])
    return out


def without(terms: list[str], drop: Sequence[str]) -> list[str]:
    """``terms`` (sorted) minus the multiset ``drop``."""
    out = list(terms)
    for t in drop:
        out.remove(t)
    return out
