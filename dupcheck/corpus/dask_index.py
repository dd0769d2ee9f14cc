"""Both index levels and the story counts as shuffles on a Dask cluster: the client never holds
the sketches, only the candidate pairs and the level-1 pairs that make the stories.

The read tasks' sketches stay on the workers, gathered into a few `Group` s of consecutive
documents. Then three rounds of tasks, each a shuffle (every group's output cut into ``parts``
by a hash of its key, one task per part taking that part of every group):

1. **buckets**, keyed by level-2 fingerprint and by level-1 band key: a bucket's documents pair
   up exactly as `dupcheck.corpus.candidates` pairs them, with its own functions (a fingerprint
   held by more than ``fine_max_df`` documents is dropped; an LSH bucket is never capped there
   either, its cap being every document). Each level-2 pair comes out with the fingerprints it
   shares in this part.
2. **pairs**, keyed by pair: a pair's shared fingerprints summed over all parts, kept at
   ``fine_min_shared`` (or half the smaller sample), pairs of two archive documents left out,
   and the union with level 1. Each part's pairs are distinct from every other's, so the
   client's concatenation, sorted, is `find_candidates`' array.
3. **stories**, keyed by shingle: the stories carrying each shingle (`count_stories`), the
   story labels made by the client from the level-1 pairs. One task then joins the parts into
   one `ShingleCounts`, which stays on the cluster for the verification tasks.

Every step is a function of sets (sorted, deduplicated) and of keys' hashes, never of which
worker or in what order the tasks ran: the pairs and counts are the local scan's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.candidates import (
    _band_pairs,
    _decode,
    _enough_shared,
    _merge,
    _not_both_archive,
    _shared_in_range,
    band_keys,
)
from dupcheck.corpus.frequency import DenseTable, ShingleCounts
from dupcheck.corpus.hashing import U32, fmix64
from dupcheck.corpus.reading import ReadBatch
from dupcheck.corpus.sketch import I64, SketchTable
from dupcheck.corpus.types import ScanOptions

U64 = npt.NDArray[np.uint64]
_SALT = np.uint64(0x9E3779B97F4A7C15)


def _part_of(keys: npt.NDArray[Any], parts: int) -> I64:
    """The part of each key: a hash of it, as fingerprints are sampled by their own hash and
    would fall in few parts if cut by value."""
    return (fmix64(keys.astype(np.uint64) ^ _SALT) % np.uint64(parts)).astype(np.int64)


def _cut(parts: int, by: I64, *columns: npt.NDArray[Any]) -> list[tuple[npt.NDArray[Any], ...]]:
    """``columns`` cut into ``parts`` by ``by``, each part in the columns' order."""
    order = np.argsort(by, kind="stable")
    bounds = np.searchsorted(by[order], np.arange(parts + 1))
    return [
        tuple(column[order[bounds[p] : bounds[p + 1]]] for column in columns) for p in range(parts)
    ]


@dataclass(frozen=True, slots=True)
class Group:
    """The sketches of consecutive documents, from ``first`` on, as read tasks made them."""

    first: int
    sketches: SketchTable
    dense: DenseTable

    def documents(self) -> I64:
        return np.arange(self.first, self.first + len(self.sketches), dtype=np.int64)


def group(first: int, *batches: ReadBatch) -> Group:
    return Group(
        first,
        SketchTable.concat([b.sketches for b in batches]),
        DenseTable.concat([b.dense for b in batches]),
    )


@dataclass(frozen=True, slots=True)
class Postings:
    """One part of a group's postings: level 2 ``(fingerprint, document)``, level 1
    ``(band, key, document)``."""

    fingerprints: U32
    holders: I64
    bands: I64
    keys: U64
    members: I64


def postings(found: Group, parts: int, bands_rows: tuple[int, int]) -> list[Postings]:
    """A group's postings of both levels, cut into ``parts`` by fingerprint and by band key."""
    table, docs = found.sketches, found.documents()
    fingerprints = table.samples
    holders = np.repeat(docs, np.diff(table.cuts))
    present = np.flatnonzero(table.shingles)
    bands = bands_rows[0]
    if len(present):
        keys = band_keys(table.signatures[present], bands_rows)
    else:
        keys = np.empty((0, bands), dtype=np.uint64)
    # Band-major, as candidates' level 1 takes one band at a time.
    band = np.repeat(np.arange(bands, dtype=np.int64), len(present))
    flat, members = keys.T.reshape(-1), np.tile(docs[present], bands)
    level2 = _cut(parts, _part_of(fingerprints, parts), fingerprints, holders)
    level1 = _cut(parts, _part_of(flat, parts), band, flat, members)
    return [
        Postings(fp, held, b, k, m) for (fp, held), (b, k, m) in zip(level2, level1, strict=True)
    ]


def part(found: list[Postings] | list[U64], at: int) -> Postings | U64:
    """Part ``at`` of a group's output: its own task, so a shuffle moves only that part."""
    return found[at]


@dataclass(frozen=True, slots=True)
class Buckets:
    """One part (by pair) of the pairs a part of the buckets proposes, as codes ``i * n + j``
    (`dupcheck.corpus.candidates`' encoding)."""

    resembling: I64
    """Level-1 pairs, archive ones included, distinct."""
    shared: I64
    """Level-2 pairs, distinct, each with ``counts`` fingerprints shared in this part."""
    counts: I64


def buckets(
    n: int, archive: npt.NDArray[np.bool_], cap: int, bands: int, parts: int, *found: Postings
) -> list[Buckets]:
    """The pairs of every bucket of one part of the keys, cut into ``parts`` by pair."""
    fingerprints = np.concatenate([p.fingerprints for p in found]).astype(np.uint64)
    packed = (fingerprints << np.uint64(32)) | np.concatenate([p.holders for p in found]).astype(
        np.uint64
    )
    packed.sort()
    slices, _ = _shared_in_range(packed, n, archive, cap)
    shared, counts = _merge(slices)
    band = np.concatenate([p.bands for p in found])
    keys = np.concatenate([p.keys for p in found])
    members = np.concatenate([p.members for p in found])
    anyone = np.zeros(n, dtype=bool)
    codes: list[I64] = []
    for b in range(bands):
        mine = band == b
        codes.extend(_band_pairs(keys[mine], members[mine], n, anyone))
    resembling = np.unique(np.concatenate(codes)) if codes else np.empty(0, dtype=np.int64)
    by_pair = _cut(parts, _part_of(shared, parts), shared, counts)
    resembling_parts = _cut(parts, _part_of(resembling, parts), resembling)
    return [Buckets(r, s, c) for (r,), (s, c) in zip(resembling_parts, by_pair, strict=True)]


@dataclass(frozen=True, slots=True)
class Found:
    """One part (by pair) of the candidates: codes, sorted and distinct."""

    candidates: I64
    resembling: I64


def pairs(
    n: int,
    lengths: I64,
    archive: npt.NDArray[np.bool_],
    options: ScanOptions,
    *found: Buckets,
) -> Found:
    """The candidates of one part of the pairs: level 2's shared fingerprints summed over every
    part of the buckets and kept as `dupcheck.corpus.candidates` keeps them, joined with level
    1's pairs that are not two archive documents'."""
    resembling = np.unique(np.concatenate([f.resembling for f in found]))
    codes, shared = _merge([(f.shared, f.counts) for f in found if len(f.shared)])
    hit = _enough_shared(_decode(codes, n), shared, lengths, options)
    level1 = resembling[_not_both_archive(_decode(resembling, n), archive)]
    return Found(np.union1d(level1, codes[hit]), resembling)


def story_postings(found: Group, labels: I64, parts: int) -> list[U64]:
    """A group's ``(shingle, story)`` keys of its samples and short documents' shingles, cut
    into ``parts`` by shingle."""
    table, dense, docs = found.sketches, found.dense, found.documents()
    shingles = np.concatenate([table.samples, dense.shingles])
    owners = np.concatenate(
        [np.repeat(docs, np.diff(table.cuts)), np.repeat(docs, np.diff(dense.cuts))]
    )
    packed = (shingles.astype(np.uint64) << np.uint64(32)) | labels[owners].astype(np.uint64)
    return [p for (p,) in _cut(parts, _part_of(shingles, parts), packed)]


def stories(floor: int, *found: U64) -> tuple[U32, U32]:
    """Shingles of one part carried by at least ``floor`` stories, and how many carry each
    (`dupcheck.corpus.frequency.count_stories`, on the shingles of this part)."""
    packed = np.unique(np.concatenate(found))  # a story's documents carry one shingle once
    if not len(packed):
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.uint32)
    shingles = packed >> np.uint64(32)
    starts = np.flatnonzero(np.r_[True, shingles[1:] != shingles[:-1]])
    counts = np.diff(np.r_[starts, len(shingles)])
    keep = counts >= floor
    return shingles[starts[keep]].astype(np.uint32), counts[keep].astype(np.uint32)


def story_counts(options: ScanOptions, floor: int, *found: tuple[U32, U32]) -> ShingleCounts:
    """One `ShingleCounts` of every part's (each part's shingles are its own)."""
    hashes = np.concatenate([h for h, _ in found])
    counts = np.concatenate([c for _, c in found])
    order = np.argsort(hashes, kind="stable")
    return ShingleCounts(
        hashes[order], counts[order], options.fine_shingle_size, options.fine_modulus, floor
    )
