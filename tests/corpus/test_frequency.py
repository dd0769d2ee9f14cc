"""Story counts of sampled shingles: exact against a reference, bounded, the same for any jobs."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.corpus.frequency import (
    DENSE_WORDS,
    DenseTable,
    ShingleCounts,
    count_stories,
    story_labels,
)
from dupcheck.corpus.hashing import fmix32, shingle_hashes, word_hashes, words
from dupcheck.corpus.knowledge import corpus_wording
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.sketch import Sketcher
from dupcheck.corpus.types import ScanOptions
from dupcheck.report.scan_json import ScanJsonFormatter
from tests._formula import FORMULA, write_corpus

OPTIONS = ScanOptions(jobs=1, fine_modulus=2)
WORDS = ("alpha", "beta", "gamma", "delta", "rates", "said", "pct", "the", "of", "bank")


def reference_labels(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    """The smallest member of each document's component, by search."""
    links: dict[int, set[int]] = {d: set() for d in range(n)}
    for a, b in pairs:
        links[a].add(b)
        links[b].add(a)
    out = [-1] * n
    for d in range(n):
        if out[d] >= 0:
            continue
        seen, todo = {d}, [d]
        while todo:
            for nxt in links[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        for m in seen:
            out[m] = min(seen)
    return out


def reference_counts(texts: list[str], labels: list[int], options: ScanOptions) -> dict[int, int]:
    """Stories per counted shingle, with Python sets: the sampled shingles of every document,
    every full shingle of a short one."""
    k = options.fine_shingle_size
    stories: dict[int, set[int]] = {}
    for text, story in zip(texts, labels, strict=True):
        hashed = word_hashes(words(text))
        if not len(hashed):
            continue
        found = shingle_hashes(hashed, k)
        counted = set(found[fmix32(found) % np.uint32(options.fine_modulus) == 0].tolist())
        if k <= len(hashed) <= DENSE_WORDS:
            counted |= set(found.tolist())
        for h in counted:
            stories.setdefault(h, set()).add(story)
    return {h: len(s) for h, s in stories.items()}


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(
        st.one_of(
            st.lists(st.sampled_from(WORDS), max_size=30),
            st.lists(st.sampled_from(WORDS), min_size=DENSE_WORDS - 5, max_size=DENSE_WORDS + 40),
        ),
        max_size=12,
    ),
    links=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=10),
    floor=st.integers(1, 4),
)
def test_counts_are_exact_and_bounded_per_document(
    docs: list[list[str]], links: list[tuple[int, int]], floor: int
) -> None:
    texts = [" ".join(d) for d in docs]
    n = len(texts)
    pairs = sorted({(min(a, b), max(a, b)) for a, b in links if a < n and b < n and a != b})
    resembling = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    labels = story_labels(n, resembling)
    assert labels.tolist() == reference_labels(n, pairs)

    hashed = [word_hashes(words(t)) for t in texts]
    joined = np.concatenate(hashed) if texts else np.empty(0, np.uint32)
    lengths = np.array([len(h) for h in hashed], dtype=np.int64)
    table = Sketcher(OPTIONS).sketch_table(joined, lengths)
    dense = DenseTable.of(joined, lengths, OPTIONS)
    counts = count_stories(table, dense, resembling, OPTIONS, floor=floor)
    expected = reference_counts(texts, labels.tolist(), OPTIONS)
    assert dict(zip(counts.hashes.tolist(), counts.counts.tolist(), strict=True)) == {
        h: c for h, c in expected.items() if c >= floor
    }
    # Bounded per document: a long one adds nothing to the index's sample, a short one at most
    # its own shingles.
    per_doc = np.diff(dense.cuts)
    assert np.all(per_doc[lengths > DENSE_WORDS] == 0)
    assert np.all(per_doc <= np.maximum(lengths - OPTIONS.fine_shingle_size + 1, 0))
    assert np.all(np.diff(counts.hashes.astype(np.int64)) > 0)
    some = list(range(0, n, 2))
    part = counts.restricted(some, table, dense)
    held = np.unique(
        np.concatenate(
            [table[d].sample for d in some]
            + [dense.shingles[dense.cuts[d] : dense.cuts[d + 1]] for d in some]
            + [np.empty(0, np.uint32)]
        )
    )
    assert part.stories(held).tolist() == counts.stories(held).tolist()
    assert set(part.hashes.tolist()) <= set(held.tolist())


def test_frequent_counts_sampled_shingles_of_each_text() -> None:
    found = shingle_hashes(word_hashes(words(FORMULA)), 4)
    counts = ShingleCounts(
        np.unique(found), np.full(len(np.unique(found)), 7, dtype=np.uint32), 4, 1
    )
    other = "Entirely different words appear in this sentence about ferries."
    # A long document: only its sampled shingles (all of them, modulus 1) count.
    long = " ".join([FORMULA, other] * 30)
    (formula, fresh, short) = counts.frequent(long, [FORMULA, other, "Too short."], 5)
    assert formula == (len(found), len(found))
    assert fresh[0] > 0 and fresh[1] == 0
    assert short == (0, 0)
    assert counts.frequent(long, [FORMULA], 8) == [(len(found), 0)]


def test_copies_count_as_one_story(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", notices=0)
    counts = corpus_wording(root, ScanOptions(jobs=1))
    # The story and its copy resemble each other: none of their shingles is carried by two.
    assert len(counts.hashes) == 0


def test_counts_are_the_same_for_any_jobs(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    rng = random.Random(3)
    for n in range(300):
        # Enough files for several read chunks, spread over both workers.
        (root / f"filler-{n:03}.txt").write_text(
            " ".join(rng.choice(WORDS) for _ in range(40)), encoding="utf-8"
        )
    one = corpus_wording(root, ScanOptions(jobs=1))
    two = corpus_wording(root, replace(ScanOptions(), jobs=2))
    assert len(one.hashes) > 0
    assert np.array_equal(one.hashes, two.hashes)
    assert np.array_equal(one.counts, two.counts)


def test_scan_output_with_formula_is_identical_for_any_jobs(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", notices=8)
    rng = random.Random(5)
    for n in range(200):
        (root / f"filler-{n:03}.txt").write_text(
            " ".join(rng.choice(WORDS) for _ in range(30)), encoding="utf-8"
        )
    formatter = ScanJsonFormatter()
    one = formatter.render(scan(root, options=ScanOptions(jobs=1)))
    two = formatter.render(scan(root, options=ScanOptions(jobs=2)))
    assert one == two
    shares = [p["formula"] for p in json.loads(one)["pairs"]]
    assert max(shares) >= 0.85 and min(shares) <= 0.05
