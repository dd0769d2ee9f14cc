"""Postings sorted one range of hash values at a time: the scan's big sorts in bounded memory.

Level 2 of the index (`dupcheck.corpus.candidates`) and the story counts
(`dupcheck.corpus.frequency`) each sort every (shingle hash, owner) posting of the corpus, packed
into one 64-bit key. Sorted all at once, they need several arrays of 8 bytes per posting besides
the sketches themselves: memory that grows with the corpus. Both only ever look at the postings of
one hash at a time, so the hash values are cut into consecutive ranges of about ``per`` postings
and each range is packed, sorted and handed on alone: the same keys come out in the same
ascending order, and no temporary is larger than a range.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.hashing import U32
from dupcheck.corpus.sketch import I64

U64 = npt.NDArray[np.uint64]

RANGE_POSTINGS = 1 << 22
"""Postings sorted at once (32 MiB of packed keys): small enough to bound the sorts'
temporaries, large enough that the passes over the corpus per range stay few."""

_BLOCK = 1 << 20
"""Postings scanned at once when picking a range's: bounds the scan's masks."""

_TOP = 1 << 32


@dataclass(frozen=True, slots=True)
class Postings:
    """Hash values of many owners end to end, and what each owner's are packed with."""

    values: U32
    """Owner ``d``'s values are ``values[cuts[d]:cuts[d + 1]]``."""
    cuts: I64
    labels: U64
    """Packed into the low 32 bits of each of owner ``d``'s postings: ``labels[d]``."""


def hash_ranges(values: Sequence[U32], per: int) -> list[tuple[int, int]]:
    """Consecutive ranges ``[lo, hi)`` covering every 32-bit value, about ``per`` of ``values``
    in each: bounds at quantiles of a regular sample, so skewed hashes are cut evenly too (one
    value held more than ``per`` times still lies in one range)."""
    total = sum(len(v) for v in values)
    ranges = -(-total // max(1, per))
    if ranges <= 1:
        return [(0, _TOP)]
    step = max(1, total // (64 * ranges))
    sample = np.sort(np.concatenate([v[::step] for v in values]))
    picks = sample[(np.arange(1, ranges) * len(sample)) // ranges].astype(np.int64)
    bounds = np.unique(np.r_[0, picks, _TOP]).tolist()
    return list(itertools.pairwise(bounds))


def _packed_in_range(table: Postings, lo: int, hi: int) -> list[U64]:
    """The postings of ``table`` whose values lie in ``[lo, hi)``, packed, a block at a time (so
    the positions and owners found on the way are a block's, not the corpus's)."""
    parts = []
    for start in range(0, len(table.values), _BLOCK):
        block = table.values[start : start + _BLOCK]
        inside = block >= lo
        if hi < _TOP:
            inside &= block < hi
        at = np.flatnonzero(inside)
        # The owner of a position is the last whose postings start at or before it (owners
        # without postings share their cut with the next).
        owner = np.searchsorted(table.cuts, at + start, side="right") - 1
        packed = block[at].astype(np.uint64)
        packed <<= np.uint64(32)
        packed |= table.labels[owner]
        parts.append(packed)
    return parts


def sorted_postings(tables: Sequence[Postings], per: int | None = None) -> Iterator[U64]:
    """For each range of hash values (`hash_ranges`), ascending: the postings of ``tables``
    whose values lie in it, packed as ``value << 32 | label`` and sorted. Concatenated, they are
    the sort of every posting at once. ``per``: postings per range, `RANGE_POSTINGS` unless
    given."""
    for lo, hi in hash_ranges([t.values for t in tables], per or RANGE_POSTINGS):
        parts = [part for table in tables for part in _packed_in_range(table, lo, hi)]
        packed = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint64)
        del parts
        packed.sort()
        yield packed
