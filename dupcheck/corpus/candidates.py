"""Candidate pairs for a scan: two index levels over every document's sketch.

**Level 1 (documents that resemble each other).** A datasketch MinHash of each document's word
shingles (``ScanOptions.shingle_size``, ``num_perm``, ``seed``, ``scheme``) and a ``MinHashLSH``
banded for ``lsh_threshold``. It finds copies whose shingle sets mostly agree, at any cluster size,
but not a rewritten copy (the real syndicated pair this project started from has a 5-shingle
Jaccard of 0.13) nor a paragraph quoted inside a different story.

**Level 2 (documents that share a stretch).** Containment, not resemblance: every word
``fine_shingle_size``-shingle whose hash is 0 modulo ``fine_modulus`` is kept ("mod-p"
fingerprints). The sample is content-defined, so a shared stretch yields the same fingerprints in
both documents wherever it sits and whatever surrounds it. An inverted index (a sorted NumPy array
of ``(hash, document)``) counts the fingerprints each pair shares; a pair is a candidate at
``fine_min_shared`` of them, or when it shares at least half the fingerprints of the smaller
document (short texts). Fingerprints held by more than ``fine_max_df`` documents are stock phrases
or a site's footer and navigation: they are dropped before counting, so boilerplate cannot make
every pair of one site a candidate.

Both levels only propose: every candidate is verified by alignment afterwards. The sketches
themselves (signatures and fingerprint samples) are made by `dupcheck.corpus.sketch`, in the read
workers. Neither imports datasketch (its import loads SciPy): they reproduce its MinHash and
``MinHashLSH`` banding, and the tests check them against it.

Defaults (``ScanOptions``), chosen on ``bench.synth`` corpora (``python -m bench.scan_levels``):
level 1 word 5-shingles, 64 permutations, LSH at 0.5 (14 bands of 4 rows); level 2 word
4-shingles, one in 4 kept, candidate at 4 shared, fingerprints in more than 32 documents
dropped. A heavily rewritten copy (the seed pair has 5-shingle Jaccard 0.13) still shares many
level-2 fingerprints with its original, which level 1 alone would miss.

Level 2 proposes nearly every candidate; level 1 alone misses most rewritten copies and almost
every quoted paragraph, so it runs with few permutations (cheap to sketch) and remains the net
for clusters larger than the frequency cap and for copies too short to hold four fingerprints.
``python -m bench.scan_levels`` measures both levels' candidates and how many verify.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.hashing import U32, fmix64, sorted_distinct
from dupcheck.corpus.postings import Postings, sorted_postings
from dupcheck.corpus.sketch import I64, Sketch, SketchTable
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Candidates:
    """Pairs of document indices worth verifying, and where they came from."""

    pairs: npt.NDArray[np.int64]
    """Shape ``(n, 2)``, ``i < j``, sorted, unique."""
    level1: int
    """Pairs the MinHash LSH proposed."""
    level2: int
    """Pairs the fingerprint index proposed."""
    dropped_fingerprints: int
    """Distinct fingerprints ignored as too frequent (boilerplate, stock phrases)."""
    resembling: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.empty((0, 2), dtype=np.int64)
    )
    """Level 1's pairs, archive ones included (shape ``(n, 2)``, ``i < j``): documents that
    resemble each other as wholes, which count as one story (``dupcheck.corpus.frequency``)."""


def _encode(lo: I64, hi: I64, n: int) -> I64:
    return lo * np.int64(n) + hi


def _decode(codes: I64, n: int) -> npt.NDArray[np.int64]:
    return np.stack([codes // n, codes % n], axis=1)


_SLICE = 1 << 20
"""Pair codes generated at once: bounds the temporaries of the pair expansion (8 MiB each)."""


def _pairs_within(
    keys: npt.NDArray[np.uint64], docs: I64, n: int, archive: npt.NDArray[np.bool_], cap: int
) -> tuple[list[tuple[I64, I64]], int]:
    """Pairs of documents that share a key, with how many keys each pair shares, in slices of
    (sorted unique codes, counts); and how many keys were held by more than ``cap`` documents
    (dropped).

    ``keys``/``docs`` are postings sorted by key then document, each (key, doc) once. The pairs
    of every group are generated without a Python loop per group, a slice of groups at a time
    so memory follows the number of distinct pairs rather than of pair occurrences.
    """
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    dropped = int((sizes > cap).sum())
    keep_group = (sizes >= 2) & (sizes <= cap)
    starts, sizes = starts[keep_group], sizes[keep_group]
    per_group = sizes * (sizes - 1) // 2
    bounds = np.searchsorted(
        np.cumsum(per_group), np.arange(1, 1 + int(per_group.sum()) // _SLICE) * _SLICE
    )
    slices = []
    for g0, g1 in zip(np.r_[0, bounds], np.r_[bounds, len(starts)], strict=True):
        if g1 <= g0:
            continue
        # Position p of a group [s, s + z) pairs with p + 1 … s + z - 1.
        pos = _positions(starts[g0:g1], sizes[g0:g1])
        partners = np.repeat(starts[g0:g1] + sizes[g0:g1], sizes[g0:g1]) - pos - 1
        lo = np.repeat(pos, partners)
        first = np.repeat(np.cumsum(partners) - partners, partners)
        hi = lo + 1 + (np.arange(len(lo), dtype=np.int64) - first)
        a, b = docs[lo], docs[hi]
        useful = ~(archive[a] & archive[b])
        slices.append(_counted(_encode(a[useful], b[useful], n)))
    return slices, dropped


def _counted(codes: I64) -> tuple[I64, I64]:
    """``np.unique(codes, return_counts=True)`` by a sort (NumPy 2's hashing unique is slower)."""
    codes = np.sort(codes)
    if not len(codes):
        return codes, np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return codes[starts], np.diff(np.r_[starts, len(codes)])


def _merge(slices: list[tuple[I64, I64]]) -> tuple[I64, I64]:
    """Unique codes over all slices, counts summed."""
    if not slices:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    if len(slices) == 1:
        return slices[0]
    codes = np.concatenate([c for c, _ in slices])
    counts = np.concatenate([k for _, k in slices])
    order = np.argsort(codes, kind="stable")
    codes, counts = codes[order], counts[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return codes[starts], np.add.reduceat(counts, starts)


def _positions(starts: I64, sizes: I64) -> I64:
    """Every position of every group: ``starts[g] … starts[g] + sizes[g] - 1``, concatenated."""
    first = np.repeat(np.cumsum(sizes) - sizes, sizes)
    offsets = np.arange(int(sizes.sum()), dtype=np.int64) - first
    return np.repeat(starts, sizes) + offsets


def lsh_params(options: ScanOptions) -> tuple[int, int]:
    """Bands and rows per band: datasketch ``MinHashLSH``'s choice for ``lsh_threshold``
    (equal weights on false positives and false negatives), without importing datasketch.

    ``MinHashLSH`` tries every ``(b, r)`` with ``b * r <= num_perm`` and keeps the first that
    minimises the false positive area ``∫₀ᵗ 1 - (1 - sʳ)ᵇ ds`` plus the false negative area
    ``∫ₜ¹ (1 - sʳ)ᵇ ds``. It integrates with SciPy (slow to import); here Gauss–Legendre
    quadrature with ``num_perm // 2 + 1`` nodes does, which is exact (to rounding) for these
    polynomials of degree at most ``num_perm``. ``tests/corpus/test_candidates.py`` checks the
    choice is datasketch's over a grid of thresholds and permutation counts.
    """
    return _bands_and_rows(options.lsh_threshold, options.num_perm)


@functools.lru_cache(maxsize=64)
def _bands_and_rows(threshold: float, num_perm: int) -> tuple[int, int]:
    """:func:`lsh_params` of one setting, kept: every ``ScanOptions`` made asks for it."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    low = (nodes + 1) * (threshold / 2)  # the nodes mapped onto [0, t] and [t, 1]
    high = threshold + (nodes + 1) * ((1 - threshold) / 2)
    best, error = (0, 0), float("inf")
    for b in range(1, num_perm + 1):
        rows = np.arange(1, num_perm // b + 1, dtype=np.float64)[:, None]
        false_positive = threshold / 2 * ((1 - (1 - low**rows) ** b) @ weights)
        false_negative = (1 - threshold) / 2 * (((1 - high**rows) ** b) @ weights)
        weighted = false_positive * 0.5 + false_negative * 0.5
        r = int(np.argmin(weighted))  # the first of equal minima, as datasketch keeps
        if weighted[r] < error:
            best, error = (b, r + 1), float(weighted[r])
    if best[0] < 2:  # what MinHashLSH refuses: fewer than two bands
        raise ConfigError(
            f"lsh_threshold {threshold} needs more than num_perm "
            f"{num_perm} permutations (under two LSH bands); lower it or raise num_perm"
        )
    return best


def band_keys(
    signatures: npt.NDArray[np.unsignedinteger[Any]], bands_rows: tuple[int, int]
) -> npt.NDArray[np.uint64]:
    """One key per LSH band of each signature, shape ``(n, bands)``: two documents fall in the
    same bucket of band ``b`` when their keys in column ``b`` are equal. What level 1 buckets
    by, and what an archive index (`dupcheck.corpus.store`) keeps of each signature."""
    out = np.empty((len(signatures), bands_rows[0]), dtype=np.uint64)
    for band in range(bands_rows[0]):
        out[:, band] = band_key(signatures, band, bands_rows[1])
    return out


def band_key(
    signatures: npt.NDArray[np.unsignedinteger[Any]], band: int, rows: int
) -> npt.NDArray[np.uint64]:
    """Column ``band`` of `band_keys`, made from that band's columns of ``signatures`` only
    (a copy of the whole matrix in 64 bits would be twice its size again)."""
    # Equal rows → equal keys; unequal rows collide with chance ~n²/2⁶⁴, and a collision only
    # adds a candidate that verification then rejects.
    key = np.full(len(signatures), np.uint64(band + 1), dtype=np.uint64)
    for col in range(band * rows, (band + 1) * rows):
        key *= np.uint64(0x9E3779B97F4A7C15)
        key += signatures[:, col].astype(np.uint64)
        key = fmix64(key)
    return key


def _lsh_pairs(
    sketches: SketchTable,
    options: ScanOptions,
    n: int,
    archive: npt.NDArray[np.bool_],
    bands_rows: tuple[int, int],
) -> I64:
    """Level 1: pairs that fall in the same bucket of some LSH band, as encoded codes.

    Bands, rows and signatures are datasketch's; the bucketing is ``MinHashLSH``'s rule (two
    documents meet when a band's ``r`` hash values are all equal) done on the whole signature
    matrix in NumPy, because ``MinHashLSH.insert``/``query`` cost a Python call per document and
    band. ``tests/corpus/test_candidates.py`` checks both give the same pairs.
    """
    present = np.flatnonzero(sketches.shingles).astype(np.int64)
    if len(present) < 2:
        return np.empty(0, dtype=np.int64)
    codes: list[I64] = []
    for band in range(bands_rows[0]):
        key = band_key(sketches.signatures, band, bands_rows[1])[present]
        codes.extend(_band_pairs(key, present, n, archive))
    return sorted_distinct(np.concatenate(codes)) if codes else np.empty(0, dtype=np.int64)


def _band_pairs(
    key: npt.NDArray[np.uint64], members: I64, n: int, archive: npt.NDArray[np.bool_]
) -> list[I64]:
    """Code slices of the pairs of ``members`` whose ``key`` in one LSH band is equal. Level 1
    caps no bucket: none holds more than every member."""
    order = np.lexsort((members, key))
    slices, _ = _pairs_within(key[order], members[order], n, archive, cap=len(members))
    return [c for c, _ in slices]


def _shared_in_range(
    packed: npt.NDArray[np.uint64], n: int, archive: npt.NDArray[np.bool_], cap: int
) -> tuple[list[tuple[I64, I64]], int]:
    """`_pairs_within` of one range's sorted (fingerprint, document) keys (shifted in place)."""
    if not len(packed):
        return [], 0
    docs = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    packed >>= np.uint64(32)
    return _pairs_within(packed, docs, n, archive, cap=cap)


def _fingerprint_pairs(
    sketches: SketchTable,
    options: ScanOptions,
    n: int,
    archive: npt.NDArray[np.bool_],
    frequent: U32 | None = None,
) -> tuple[I64, int]:
    """Level 2: encoded pairs sharing enough fingerprints, and how many fingerprints were
    dropped as too frequent."""
    lengths = np.diff(sketches.cuts)
    if lengths.sum() == 0:
        return np.empty(0, dtype=np.int64), 0
    # Sorted packed (fingerprint, document) keys group the postings, documents ascending; a
    # range of fingerprints at a time (`dupcheck.corpus.postings`), as a pair's shared count is
    # a sum over fingerprints.
    postings = Postings(sketches.samples, sketches.cuts, np.arange(n, dtype=np.uint64))
    slices: list[tuple[I64, I64]] = []
    dropped = 0
    # Fingerprints too frequent in documents outside the table: their postings are dropped as
    # the cap would drop them if those documents were here. Lengths keep them (`smaller`).
    outside = frequent if frequent is not None and len(frequent) else None
    for packed in sorted_postings([postings]):
        if outside is not None:
            hashes = packed >> np.uint64(32)
            known = np.isin(hashes, outside)
            dropped += len(sorted_distinct(hashes[known]))
            del hashes
            packed = packed[~known]  # noqa: PLW2901 (the range's postings, narrowed)
        found, over = _shared_in_range(packed, n, archive, options.fine_max_df)
        slices.extend(found)
        dropped += over
        del packed
    codes, shared = _merge(slices)
    return codes[_enough_shared(_decode(codes, n), shared, lengths, options)], dropped


def _enough_shared(
    pairs: npt.NDArray[np.int64], shared: I64, lengths: I64, options: ScanOptions
) -> npt.NDArray[np.bool_]:
    """Level 2's rule for each pair: ``fine_min_shared`` fingerprints shared, or at least half
    the smaller document's sample (``lengths``), so that short texts can pair."""
    smaller = np.minimum(lengths[pairs[:, 0]], lengths[pairs[:, 1]])
    return (shared >= options.fine_min_shared) | (2 * shared >= smaller)


def _not_both_archive(
    pairs: npt.NDArray[np.int64], archive: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """The pairs that are not two archive documents': an archive counts only against others."""
    return ~(archive[pairs[:, 0]] & archive[pairs[:, 1]])


def find_candidates(
    sketches: Sequence[Sketch] | SketchTable,
    options: ScanOptions,
    *,
    archive: npt.NDArray[np.bool_] | None = None,
    bands: tuple[int, int] | None = None,
    frequent: U32 | None = None,
) -> Candidates:
    """Candidate pairs among ``sketches`` (indices into it).

    ``archive`` marks documents that only count against others: a pair of two archive documents
    is never proposed (``scan --against``). ``bands``: :func:`lsh_params` of ``options``, known
    (an archive index stores them), or None to compute them. ``frequent``: fingerprints held by more
    than ``fine_max_df`` documents counting some outside ``sketches`` (an archive index's),
    dropped like those too frequent here.
    """
    n = len(sketches)
    if n < 2:
        return Candidates(np.empty((0, 2), dtype=np.int64), 0, 0, 0)
    table = sketches if isinstance(sketches, SketchTable) else SketchTable.of(sketches)
    flags = archive if archive is not None else np.zeros(n, dtype=bool)
    level2, dropped = _fingerprint_pairs(table, options, n, flags, frequent)
    params = lsh_params(options) if bands is None else bands
    # Archive pairs are kept here for the story counts, and left out of the candidates below.
    resembling = _decode(_lsh_pairs(table, options, n, np.zeros(n, dtype=bool), params), n)
    level1 = resembling[_not_both_archive(resembling, flags)]
    codes = sorted_distinct(np.concatenate([_encode(level1[:, 0], level1[:, 1], n), level2]))
    return Candidates(_decode(codes, n), len(level1), len(level2), dropped, resembling)
