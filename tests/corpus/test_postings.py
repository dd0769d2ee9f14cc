"""Postings sorted a range of hashes at a time: the same keys as one sort, whatever the ranges."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.corpus import postings
from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.frequency import DenseTable, count_stories
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.postings import Postings, hash_ranges, sorted_postings
from dupcheck.corpus.sketch import Sketcher
from dupcheck.corpus.types import ScanOptions
from tests._stories import rewrite, story, syndicate

# Few distinct values (repeats across owners, as shared shingles are) and the extremes.
VALUES = st.one_of(st.integers(0, 40), st.sampled_from([0, 1, 2**31, 2**32 - 2, 2**32 - 1]))


def one_sort(tables: list[Postings]) -> list[int]:
    """Every posting packed and sorted at once, in Python."""
    keys = []
    for t in tables:
        for d in range(len(t.cuts) - 1):
            for v in t.values[t.cuts[d] : t.cuts[d + 1]].tolist():
                keys.append(v << 32 | int(t.labels[d]))
    return sorted(keys)


@settings(max_examples=150, deadline=None)
@given(
    owners=st.lists(st.lists(st.lists(VALUES, max_size=6), max_size=8), min_size=1, max_size=2),
    labels=st.lists(st.integers(0, 2**32 - 1), min_size=8, max_size=8),
    per=st.integers(1, 12),
)
def test_ranges_give_the_keys_of_one_sort(
    owners: list[list[list[int]]], labels: list[int], per: int
) -> None:
    tables = []
    for docs in owners:
        values = np.array([v for d in docs for v in d], dtype=np.uint32)
        cuts = np.r_[0, np.cumsum([len(d) for d in docs])].astype(np.int64)
        tables.append(Postings(values, cuts, np.array(labels[: len(docs)], dtype=np.uint64)))
    ranges = list(sorted_postings(tables, per))
    assert np.concatenate(ranges).tolist() == one_sort(tables)
    bounds = hash_ranges([t.values for t in tables], per)
    assert bounds[0][0] == 0 and bounds[-1][1] == 2**32
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(bounds))
    # Each range holds whole values: a value's postings are never split between two.
    tops = [set((r >> np.uint64(32)).tolist()) for r in ranges]
    assert sum(map(len, tops)) == len(set().union(*tops))


def test_skewed_values_are_cut_evenly() -> None:
    rng = np.random.default_rng(1)
    values = (rng.integers(0, 1000, 50_000) * 7).astype(np.uint32)  # all below 7,000
    table = Postings(values, np.array([0, 50_000]), np.zeros(1, np.uint64))
    sizes = [len(r) for r in sorted_postings([table], 5_000)]
    assert len(sizes) >= 8 and max(sizes) <= 2 * 5_000


def test_index_and_story_counts_are_the_same_in_tiny_ranges(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A corpus with copies, rewrites and unrelated stories; ranges of 50 postings cut its
    # few thousand postings into dozens of sorts.
    rng = random.Random(3)
    texts = []
    for s in range(12):
        original = story(s)
        texts += [original, syndicate(original, s, 0.7), rewrite(original, s, 0.4)]
    texts += [story(100 + k, paragraphs=1) for k in range(10)]
    rng.shuffle(texts)
    options = ScanOptions(fine_modulus=2)
    found = word_table(texts)
    sketches = Sketcher(options).sketch_table(found.hashes, found.lengths)
    dense = DenseTable.of(found.hashes, found.lengths, options)
    archive = np.array([k % 5 == 0 for k in range(len(texts))])
    frequent = np.unique(sketches.samples)[::9]

    def run() -> list[list[int]]:
        c = find_candidates(sketches, options, archive=archive)
        f = find_candidates(sketches, options, archive=archive, frequent=frequent)
        counts = count_stories(sketches, dense, c.resembling, options)
        return [
            c.pairs.ravel().tolist(),
            [c.level1, c.level2, c.dropped_fingerprints],
            f.pairs.ravel().tolist(),
            [f.level2, f.dropped_fingerprints],
            counts.hashes.tolist(),
            counts.counts.tolist(),
        ]

    whole = run()
    assert len(sketches.samples) + len(dense.shingles) < postings.RANGE_POSTINGS
    assert whole[0] and whole[4] and whole[3][1]
    monkeypatch.setattr(postings, "RANGE_POSTINGS", 50)
    assert len(hash_ranges([sketches.samples], postings.RANGE_POSTINGS)) > 10
    assert run() == whole
