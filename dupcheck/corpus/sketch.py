"""What the index keeps of each document: a sketch, computed in the read workers.

A sketch holds the two things `dupcheck.corpus.candidates` needs: the datasketch MinHash signature
of the
document's word ``shingle_size``-shingles (level 1) and its distinct mod-``fine_modulus`` word
``fine_shingle_size``-shingle fingerprints (level 2). `Sketcher` makes them for many documents
in a few NumPy passes; `SketchTable` holds many as four arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.hashing import (
    U32,
    concat_words,
    fmix32,
    fmix64,
    shingle_hashes_many,
    sorted_distinct,
)
from dupcheck.corpus.types import ScanOptions

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the index keeps of one document."""

    signature: npt.NDArray[np.unsignedinteger[Any]]
    """MinHash hash values (datasketch's, for ``options.scheme``): ``num_perm`` of them."""
    sample: U32
    """Distinct level-2 fingerprints, sorted."""
    shingles: int
    """Level-1 shingles, repeats included; a document without any is left out of the LSH (the
    signatures of all empty sets are equal, and would all collide)."""


@dataclass(frozen=True, slots=True)
class Samples:
    """Documents' level-2 samples end to end, as a `SketchTable` holds them."""

    samples: U32
    """Every document's ``Sketch.sample``, end to end."""
    cuts: I64
    """Document ``d``'s sample is ``samples[cuts[d]:cuts[d + 1]]``."""


@dataclass(frozen=True, slots=True)
class SketchTable:
    """The sketches of many documents as four arrays: what read workers hand back (one pickle
    of a few arrays instead of an object and two arrays per document) and what the index reads.
    """

    signatures: npt.NDArray[np.unsignedinteger[Any]]
    """Shape ``(n, num_perm)``: row ``d`` is document ``d``'s ``Sketch.signature``."""
    samples: U32
    """Every document's ``Sketch.sample``, end to end."""
    cuts: I64
    """Document ``d``'s sample is ``samples[cuts[d]:cuts[d + 1]]``."""
    shingles: I64
    """``Sketch.shingles`` of each document."""

    def __len__(self) -> int:
        return len(self.shingles)

    def __getitem__(self, d: int) -> Sketch:
        return Sketch(
            signature=self.signatures[d],
            sample=self.samples[self.cuts[d] : self.cuts[d + 1]],
            shingles=int(self.shingles[d]),
        )

    def without_signatures(self) -> SketchTable:
        """This table with its signatures dropped (shape ``(n, 0)``): what the story counts and
        verification need of it, once the candidates are found."""
        empty = np.empty((len(self), 0), dtype=self.signatures.dtype)
        return SketchTable(empty, self.samples, self.cuts, self.shingles)

    @staticmethod
    def of(sketches: Sequence[Sketch]) -> SketchTable:
        """The table of separate sketches (all of one scheme)."""
        lengths = np.fromiter((len(s.sample) for s in sketches), dtype=np.int64)
        return SketchTable(
            signatures=(
                np.stack([s.signature for s in sketches])
                if sketches
                else np.empty((0, 0), dtype=np.uint32)
            ),
            samples=(
                np.concatenate([s.sample for s in sketches])
                if sketches
                else np.empty(0, dtype=np.uint32)
            ),
            cuts=np.r_[0, np.cumsum(lengths)].astype(np.int64),
            shingles=np.fromiter((s.shingles for s in sketches), dtype=np.int64),
        )

    @staticmethod
    def concat(tables: Sequence[SketchTable]) -> SketchTable:
        """One table of the documents of ``tables``, in order."""
        tables = [t for t in tables if len(t)]
        return SketchTable.joined(
            [t.signatures for t in tables],
            [t.samples for t in tables],
            [np.diff(t.cuts) for t in tables],
            [t.shingles for t in tables],
        )

    @staticmethod
    def joined(
        signatures: list[npt.NDArray[np.unsignedinteger[Any]]],
        samples: list[U32],
        lengths: list[I64],
        shingles: list[I64],
    ) -> SketchTable:
        """The table of non-empty tables' fields, given as lists of parts in order (``lengths``:
        each document's sample size). Each list is emptied once its field is joined, so a
        caller that keeps no other reference to the parts holds them and their join together
        for one field at a time, not for all four."""
        if not shingles:
            return SketchTable.of([])
        joined_signatures, joined_samples = _joined(signatures), _joined(samples)
        cuts = np.r_[0, np.cumsum(_joined(lengths))].astype(np.int64)
        return SketchTable(joined_signatures, joined_samples, cuts, _joined(shingles))


def _joined(parts: list[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """``parts`` end to end; the list is emptied."""
    out = np.concatenate(parts)
    parts.clear()
    return out


_BLOCK = 16384
"""Shingles permuted at once: bounds the ``num_perm × block`` temporary (4 MiB at 64 permutations
of 32 bits) whatever the documents' sizes."""


def _identity(value: int) -> int:
    # Shingles are hashed to 32 bits once, in NumPy; datasketch then only permutes them.
    return value


_AFFINE: dict[str, Any] = {"affine32": np.uint32, "affine64": np.uint64}
"""The affine schemes' value types (datasketch 2.0: ``_SCHEME_DTYPES``)."""


def affine_permutations(
    num_perm: int, seed: int, scheme: str
) -> tuple[tuple[npt.NDArray[Any], npt.NDArray[Any]], npt.NDArray[Any]]:
    """``MinHash(num_perm=num_perm, seed=seed, scheme=scheme).permutations`` for an affine
    scheme, drawn as datasketch 2.0 draws them (an odd ``a`` and any ``b`` per permutation from
    ``RandomState(seed)``), and the empty signature.

    Made here rather than by datasketch because the read workers need nothing else of it, and
    importing datasketch is slow (its package imports scipy.integrate for the LSH): the
    workers start without it and the scan loads it while they read (``scanner``).
    ``tests/corpus/test_sketch.py`` checks these are datasketch's for both schemes.
    """
    dtype = _AFFINE[scheme]
    width = 8 * np.dtype(dtype).itemsize
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << (width - 1), num_perm, dtype=dtype) * dtype(2) + dtype(1)
    b = gen.randint(0, 1 << width, num_perm, dtype=dtype)
    return (a, b), np.full(num_perm, np.iinfo(dtype).max, dtype=dtype)


class Sketcher:
    """Turns word hashes into a `Sketch`; one per process, reused for every document.

    Signatures are exactly datasketch's for the configured scheme and seed: the permutations are
    those of ``MinHash(num_perm, seed, scheme)``, built once here, and for the affine schemes the
    permutation is datasketch's own arithmetic (MurmurHash3 pre-mix, ``a * h + b`` wrapping at
    the scheme width, column minimum) applied to the whole shingle array at once, which is 3x
    faster than ``MinHash.update_batch`` (its per-value Python loop and per-document copy).
    ``tests/corpus/test_sketch.py`` checks the two agree. The legacy scheme goes through
    ``update_batch``.
    """

    def __init__(
        self,
        options: ScanOptions,
        *,
        permutations: tuple[npt.NDArray[Any], npt.NDArray[Any]] | None = None,
    ) -> None:
        """``permutations``: an affine scheme's ``(a, b)`` when known (an archive index stores
        those of `affine_permutations`), which spares loading ``numpy.random`` to draw them."""
        self._options = options
        if options.scheme in _AFFINE and permutations is not None:
            dtype = _AFFINE[options.scheme]
            a, b = (np.asarray(p, dtype=dtype) for p in permutations)
            self._empty_values = np.full(options.num_perm, np.iinfo(dtype).max, dtype=dtype)
        elif options.scheme in _AFFINE:
            (a, b), self._empty_values = affine_permutations(
                options.num_perm, options.seed, options.scheme
            )
        else:
            # Only the legacy scheme needs datasketch in the workers (see affine_permutations).
            from datasketch import MinHash

            self._legacy = MinHash(
                num_perm=options.num_perm,
                seed=options.seed,
                scheme=options.scheme,
                hashfunc=_identity,
            )
            a, b = self._legacy.permutations
            self._empty_values = self._legacy.hashvalues
        # Columns: permuting a block gives a (num_perm, shingles) array whose per-document
        # minimum is a reduceat along contiguous rows, far faster than along the other axis.
        self._a, self._b = a.reshape(-1, 1), b.reshape(-1, 1)

    def _permuted(self, shingles: U32) -> npt.NDArray[np.unsignedinteger[Any]]:
        """Every permutation of every shingle, shape ``(num_perm, len(shingles))``."""
        hv: npt.NDArray[np.unsignedinteger[Any]] = (
            fmix32(shingles)
            if self._options.scheme == "affine32"
            else fmix64(shingles.astype(np.uint64))
        )
        permuted: npt.NDArray[np.unsignedinteger[Any]] = self._a * hv
        np.add(permuted, self._b, out=permuted)
        return permuted

    def signature(self, shingles: U32) -> npt.NDArray[np.unsignedinteger[Any]]:
        """The MinHash hash values of a set of 32-bit shingle hashes (repeats change nothing:
        each value is a minimum)."""
        if self._options.scheme == "legacy" and len(shingles):
            minhash = self._legacy.copy()
            minhash.update_batch(shingles)
            values: npt.NDArray[np.unsignedinteger[Any]] = minhash.hashvalues
            return values
        out: npt.NDArray[np.unsignedinteger[Any]] = self._empty_values.copy()
        for start in range(0, len(shingles), _BLOCK):
            np.minimum(out, self._permuted(shingles[start : start + _BLOCK]).min(axis=1), out=out)
        return out

    def sketch(self, words: U32) -> Sketch:
        """The sketch of one document's word hashes."""
        return self.sketch_many([words])[0]

    def sketch_many(self, docs: Sequence[U32]) -> list[Sketch]:
        """Sketches of many documents at once (see `sketch_table`)."""
        words, _, lengths = concat_words(docs)
        table = self.sketch_table(words, lengths)
        return [table[d] for d in range(len(docs))]

    def sketch_table(self, words: U32, lengths: I64) -> SketchTable:
        """Sketches of documents whose word hashes are ``words`` end to end, ``lengths[d]`` of
        them for document ``d``: a few NumPy passes over all their words instead of a few
        dozen small ones per document (2x less CPU on news-sized documents)."""
        opts = self._options
        n = len(lengths)
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        # Not made distinct: a signature is a minimum, which repeats do not change, and the
        # sort that drops them would cost more than permuting the few there are.
        coarse, coarse_owner = shingle_hashes_many(words, owner, lengths, opts.shingle_size)
        sampled = self._samples(words, owner, lengths)
        coarse_cuts = np.searchsorted(coarse_owner, np.arange(n + 1))
        return SketchTable(
            signatures=self._signatures(coarse, coarse_cuts),
            samples=sampled.samples,
            cuts=sampled.cuts,
            shingles=np.diff(coarse_cuts).astype(np.int64),
        )

    def samples(self, words: U32, lengths: I64) -> Samples:
        """The level-2 samples of `sketch_table`'s documents, without their signatures: what
        the story counts read of a table."""
        owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        return self._samples(words, owner, lengths)

    def _samples(self, words: U32, owner: I64, lengths: I64) -> Samples:
        opts = self._options
        fine, fine_owner = shingle_hashes_many(words, owner, lengths, opts.fine_shingle_size)
        keep = fmix32(fine) % np.uint32(opts.fine_modulus) == 0
        sample, sample_owner = _unique_per_doc(fine[keep], fine_owner[keep])
        cuts = np.searchsorted(sample_owner, np.arange(len(lengths) + 1)).astype(np.int64)
        return Samples(sample, cuts)

    def _signatures(self, shingles: U32, cuts: I64) -> npt.NDArray[np.unsignedinteger[Any]]:
        """Signatures (one row each) of documents whose shingles are
        ``shingles[cuts[d]:cuts[d+1]]``.

        Documents are permuted together in blocks of about ``_BLOCK`` shingles and reduced per
        document with ``minimum.reduceat``; a document larger than a block goes alone."""
        n = len(cuts) - 1
        out = np.tile(self._empty_values, (n, 1))
        sizes = np.diff(cuts)
        d = 0
        while d < n:
            end = d
            while end < n and (end == d or int(cuts[end + 1] - cuts[d]) <= _BLOCK):
                end += 1
            full = np.flatnonzero(sizes[d:end] > 0)
            if self._options.scheme == "legacy" or (end - d == 1 and len(full)):
                for k in range(d, end):
                    out[k] = self.signature(shingles[cuts[k] : cuts[k + 1]])
            elif len(full):
                permuted = self._permuted(shingles[cuts[d] : cuts[end]])
                starts = (cuts[d:end] - cuts[d])[full]
                out[d + full] = np.minimum.reduceat(permuted, starts, axis=1).T
            d = end
        return out


def _unique_per_doc(hashes: U32, owner: I64) -> tuple[U32, I64]:
    """Distinct hashes of each document, sorted by document then hash."""
    keys = sorted_distinct((owner.astype(np.uint64) << np.uint64(32)) | hashes.astype(np.uint64))
    return (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), (keys >> np.uint64(32)).astype(
        np.int64
    )
