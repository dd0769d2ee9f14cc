"""Alignment memory is bounded by the number of sentence pairs, whatever the text: the worst
case (every sentence like every other, so every pair is a seed or a weak pair) costs a few
dozen bytes a pair, not hundreds (bench/RESULTS.md has the figures at ``max_sentence_pairs``)."""

from __future__ import annotations

import random
import tracemalloc

from dupcheck.align.aligner import align_units
from dupcheck.align.side import prepare
from dupcheck.align.types import CompareOptions
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

BYTES_PER_PAIR = 100
"""The bound checked: NumPy arrays of a few per-pair numbers; a Python object per pair (the
earlier dict of weak pairs, lists of all scores) takes over 150 bytes a pair on its own."""


def dense(seed: int, sentences: int) -> Document:
    """Sentences drawn from a 30-word vocabulary: every pair shares most of its terms."""
    rng = random.Random(seed)
    words = [f"wor{k}d" for k in range(30)]
    text = " ".join(
        " ".join(rng.choice(words) for _ in range(20)).capitalize() + "." for _ in range(sentences)
    )
    return Document(f"dense{seed}", text)


def test_the_worst_case_costs_a_bounded_number_of_bytes_per_sentence_pair() -> None:
    a, b = prepare(analyse(dense(1, 400))), prepare(analyse(dense(2, 400)))
    pairs = len(a.terms) * len(b.terms)
    assert pairs >= 150_000
    tracemalloc.start()
    try:
        units = align_units(a, b, CompareOptions())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert units  # the documents do align: the work measured is the real one
    assert peak < BYTES_PER_PAIR * pairs, f"{peak / pairs:.0f} bytes per pair"
