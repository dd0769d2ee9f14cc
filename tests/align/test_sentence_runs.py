"""Runs of sentences for block seeds: built once per document, the free ones picked per pair."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import LCSseq

from dupcheck.align import sentence_runs as windows_module
from dupcheck.align.sentence_runs import (
    Overlap,
    Windows,
    free_shared,
    free_starts,
    free_terms,
    shared_terms,
    without,
)
from dupcheck.align.similarity import dice

_terms = st.lists(
    st.lists(
        st.sampled_from(["alpha", "beta", "gamma", "delta", "eps"]), min_size=1, max_size=5
    ).map(sorted),
    max_size=9,
)


def _run(terms: list[list[str]], start: int, size: int) -> tuple[str, ...]:
    return tuple(sorted(itertools.chain.from_iterable(terms[start : start + size])))


@given(terms=_terms, size=st.integers(1, 12))
def test_runs_and_lengths_are_the_sorted_terms_of_consecutive_sentences(
    terms: list[list[str]], size: int
) -> None:
    windows = Windows(terms)
    width = min(size, len(terms))
    starts = list(range(len(terms) - width + 1)) if terms else []
    expected = [_run(terms, i, width) for i in starts]
    assert windows.runs(size, starts) == expected
    # Asked again (another partner), in another order: the same runs, kept.
    assert windows.runs(size, starts[::-1]) == expected[::-1]
    assert windows.lengths(size).tolist() == [float(len(r)) for r in expected]


def test_a_run_longer_than_the_document_is_all_of_it() -> None:
    terms = [["b", "c"], ["a"]]
    windows = Windows(terms)
    assert windows.runs(4, [0]) == [("a", "b", "c")]
    assert windows.lengths(4).tolist() == [3.0]


@given(n=st.integers(0, 12), owned=st.sets(st.integers(0, 11)), size=st.integers(1, 6))
def test_free_starts_are_the_runs_with_no_taken_sentence(
    n: int, owned: set[int], size: int
) -> None:
    width = min(size, n)
    expected = [
        i for i in range(n - width + 1) if n and not any(k in owned for k in range(i, i + width))
    ]
    assert free_starts(n, owned, size) == expected


@given(terms=_terms, owned=st.sets(st.integers(0, 8)))
def test_free_terms_are_the_terms_of_untaken_sentences(
    terms: list[list[str]], owned: set[int]
) -> None:
    windows = Windows(terms)
    expected = sorted(t for i, ts in enumerate(terms) if i not in owned for t in ts)
    assert free_terms(windows, owned) == expected
    # Once the sorted whole is cached too.
    assert free_terms(windows, owned) == expected


@given(a=st.lists(st.sampled_from("abcde")), b=st.lists(st.sampled_from("abcde")))
def test_shared_terms_is_the_multiset_intersection(a: list[str], b: list[str]) -> None:
    assert shared_terms(sorted(a), sorted(b)) == sum((Counter(a) & Counter(b)).values())


def test_shared_terms_of_long_lists_is_the_multiset_intersection() -> None:
    # Past windows._LCS_MAX the terms are counted instead of aligned by LCS: the same answer.
    rng = random.Random(7)
    a = sorted(rng.choices("abcdefghij", k=3_000))
    b = sorted(rng.choices("abcdefghijkl", k=2_000))
    assert len(a) * len(b) > windows_module._LCS_MAX
    assert shared_terms(a, b) == sum((Counter(a) & Counter(b)).values())
    assert shared_terms(a, b) == int(LCSseq.similarity(a, b))


@given(
    a=_terms,
    b=_terms,
    a_owned=st.sets(st.integers(0, 8)),
    b_owned=st.sets(st.integers(0, 8)),
    size=st.integers(1, 5),
    threshold=st.sampled_from([0.3, 0.47, 0.8]),
    least=st.integers(1, 6),
)
def test_overlap_never_rules_out_runs_that_could_seed(  # noqa: PLR0917
    a: list[list[str]],
    b: list[list[str]],
    a_owned: set[int],
    b_owned: set[int],
    size: int,
    threshold: float,
    least: int,
) -> None:
    aw, bw = Windows(a), Windows(b)
    _, a_runs, _ = aw.free_runs(a_owned, size)
    _, b_runs, _ = bw.free_runs(b_owned, size)
    could = any(
        shared_terms(x, y) >= least and dice(x, y) >= threshold for x in a_runs for y in b_runs
    )
    if could:
        # What align asks first, then the overlap.
        assert free_shared((aw, a_owned), (bw, b_owned)) >= least
        assert Overlap((aw, a_owned), (bw, b_owned), threshold, least).possible(size)


def test_overlap_rules_out_runs_with_nothing_in_common() -> None:
    aw = Windows([["alpha", "beta"], ["gamma", "delta"], ["eps", "zeta"]])
    bw = Windows([["alpha", "theta"], ["iota", "kappa"], ["lamda", "mu"]])
    assert free_shared((aw, set()), (bw, set())) == 1
    overlap = Overlap((aw, set()), (bw, set()), 0.47, 1)
    assert not overlap.possible(2)
    assert Overlap((aw, set()), (aw, set()), 0.47, 1).possible(2)


@given(a=st.lists(st.sampled_from("abcde")), k=st.integers(0, 5))
def test_without_removes_a_multiset(a: list[str], k: int) -> None:
    terms = sorted(a)
    drop = terms[::2][:k]
    assert without(terms, drop) == sorted((Counter(terms) - Counter(drop)).elements())
