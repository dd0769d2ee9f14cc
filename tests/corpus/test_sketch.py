"""Sketches: datasketch's signatures, computed in batches, and the table that carries them."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.corpus.hashing import fmix32, shingle_hashes
from dupcheck.corpus.sketch import Sketcher, _identity, affine_permutations
from dupcheck.corpus.types import ScanOptions

OPTIONS = ScanOptions()


@pytest.mark.parametrize("scheme", ["affine32", "affine64", "legacy"])
@given(values=st.sets(st.integers(0, 2**32 - 1), min_size=1, max_size=300))
@settings(max_examples=25, deadline=None)
def test_signature_is_datasketchs(scheme: str, values: set[int]) -> None:
    options = ScanOptions(scheme=scheme, num_perm=32, seed=7)
    shingles = np.array(sorted(values), dtype=np.uint32)
    reference = MinHash(num_perm=32, seed=7, scheme=scheme, hashfunc=_identity)
    reference.update_batch(shingles)
    signature = Sketcher(options).signature(shingles)
    assert signature.dtype == reference.hashvalues.dtype
    assert np.array_equal(signature, reference.hashvalues)


@pytest.mark.parametrize("scheme", ["affine32", "affine64"])
@given(num_perm=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=25, deadline=None)
def test_affine_permutations_are_datasketchs(scheme: str, num_perm: int, seed: int) -> None:
    reference = MinHash(num_perm=num_perm, seed=seed, scheme=scheme)
    (a, b), empty = affine_permutations(num_perm, seed, scheme)
    expected_a, expected_b = reference.permutations
    for ours, theirs in ((a, expected_a), (b, expected_b), (empty, reference.hashvalues)):
        assert ours.dtype == theirs.dtype
        assert np.array_equal(ours, theirs)


def test_read_workers_need_no_datasketch() -> None:
    # The scan loads datasketch while the workers read: sketching must not import it.
    code = (
        "import sys, numpy as np\n"
        "from dupcheck.corpus.types import ScanOptions\n"
        "from dupcheck.corpus.sketch import Sketcher\n"
        "Sketcher(ScanOptions()).sketch_many([np.arange(50, dtype=np.uint32)])\n"
        "assert 'datasketch' not in sys.modules, 'datasketch was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@given(
    lengths=st.lists(st.integers(0, 40), min_size=1, max_size=12),
    scheme=st.sampled_from(["affine32", "affine64", "legacy"]),
    vocabulary=st.sampled_from([3, 2**32]),
)
@settings(max_examples=30, deadline=None)
def test_batched_sketches_equal_single_ones(
    lengths: list[int], scheme: str, vocabulary: int
) -> None:
    options = ScanOptions(scheme=scheme, num_perm=16, fine_modulus=2)
    rng = np.random.default_rng(len(lengths))
    # A 3-word vocabulary repeats shingles inside a document, which must change nothing.
    docs = [rng.integers(0, vocabulary, n, dtype=np.uint64).astype(np.uint32) for n in lengths]
    sketcher = Sketcher(options)
    for doc, many in zip(docs, sketcher.sketch_many(docs), strict=True):
        coarse = shingle_hashes(doc, options.shingle_size)
        fine = shingle_hashes(doc, options.fine_shingle_size)
        assert np.array_equal(many.signature, sketcher.signature(np.unique(coarse)))
        assert np.array_equal(many.sample, np.unique(fine[fmix32(fine) % np.uint32(2) == 0]))
        assert many.shingles == len(coarse)


def test_documents_larger_than_a_block_are_sketched_alone() -> None:
    options = ScanOptions(num_perm=16)
    rng = np.random.default_rng(5)
    sizes = [3, 40_000, 0, 12, 25_000, 7]
    docs = [rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32) for n in sizes]
    sketcher = Sketcher(options)
    table = sketcher.sketch_table(np.concatenate(docs), np.array(sizes, dtype=np.int64))
    assert len(table) == len(docs)
    for d, doc in enumerate(docs):
        shingles = np.unique(shingle_hashes(doc, options.shingle_size))
        reference = MinHash(num_perm=16, seed=options.seed, scheme="affine32", hashfunc=_identity)
        if len(shingles):
            reference.update_batch(shingles)
        assert np.array_equal(table[d].signature, reference.hashvalues)


@given(lengths=st.lists(st.integers(0, 60), max_size=8))
@settings(max_examples=30, deadline=None)
def test_samples_are_the_tables_without_its_signatures(lengths: list[int]) -> None:
    options = ScanOptions(num_perm=16, fine_modulus=2)
    rng = np.random.default_rng(len(lengths))
    words = rng.integers(0, 2**32, sum(lengths), dtype=np.uint64).astype(np.uint32)
    sizes = np.array(lengths, dtype=np.int64)
    sketcher = Sketcher(options)
    table = sketcher.sketch_table(words, sizes)
    samples = sketcher.samples(words, sizes)
    assert np.array_equal(samples.samples, table.samples)
    assert np.array_equal(samples.cuts, table.cuts)
