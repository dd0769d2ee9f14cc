"""The sentence scorer: Dice of content-term multisets via rapidfuzz."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from dupcheck.align import similarity as similarity_module
from dupcheck.align.similarity import dice, similarity, similarity_matrix, terms, words_of


def test_terms_drop_stop_words_and_cut_words() -> None:
    assert terms("the council approved the budgets") == ["appro", "budge", "counc"]


def test_terms_never_empty() -> None:
    assert terms("it is what it is") == sorted(["it", "is", "what", "it", "is"])
    assert terms("!!") == ["!!"]


def test_identical_and_disjoint() -> None:
    assert similarity("japan approved exports", "japan approved exports") == 1.0
    assert similarity("japan approved exports", "heavy rain flooded roads") == 0.0


def test_order_does_not_matter_but_inflection_is_forgiven() -> None:
    assert similarity("exports approved by japan", "japan approves export") == 1.0


def test_dice_is_the_multiset_dice_coefficient() -> None:
    assert dice(["a", "b", "c"], ["b", "c", "d", "e"]) == pytest.approx(2 * 2 / 7)
    assert dice(["a", "a"], ["a"]) == pytest.approx(2 * 1 / 3)


def test_matrix_matches_pairwise_scores_and_honours_cutoff() -> None:
    a = ["japan approved exports to korea", "rain flooded roads"]
    b = ["korea received exports from japan", "roads flooded after rain", "nothing here"]
    at, bt = [terms(x) for x in a], [terms(x) for x in b]
    m = similarity_matrix(at, bt)
    assert m.shape == (2, 3)
    for i in range(2):
        for j in range(3):
            assert m[i, j] == pytest.approx(similarity(a[i], b[j]), abs=1e-6)
    cut = similarity_matrix(at, bt, cutoff=0.9)
    assert np.all((cut == 0) | (cut >= 0.9))
    assert similarity_matrix([], bt).shape == (0, 3)


_term_lists = st.lists(
    st.lists(st.sampled_from("abcdef"), min_size=1, max_size=40).map(sorted), max_size=6
)


@settings(max_examples=200)
@given(a=_term_lists, b=_term_lists, cutoff=st.sampled_from([0.2, 0.47, 0.5, 0.9]))
def test_giant_lists_give_the_matrix_cdist_gives(
    a: list[list[str]], b: list[list[str]], cutoff: float
) -> None:
    # Lists past GIANT are scored cell by cell, skipping cells their lengths rule out: with
    # GIANT lowered, most generated lists take that path, and every cell must be cdist's.
    expected = process.cdist(
        a, b, scorer=fuzz.ratio, dtype=np.float32, workers=1, score_cutoff=cutoff * 100
    ) * np.float32(0.01)
    saved = similarity_module.GIANT
    similarity_module.GIANT = 8
    try:
        got = similarity_matrix(a, b, cutoff=cutoff)
    finally:
        similarity_module.GIANT = saved
    assert got.dtype == np.float32
    assert np.array_equal(got, expected)


def test_a_giant_sentence_against_short_ones_scores_what_it_should() -> None:
    giant = sorted(["a", "b"] * 5_000)
    short = [["a", "b"], sorted(["a", "b"] * 4_000)]
    m = similarity_matrix([giant], short, cutoff=0.2)
    # 2 shared of 10,002 terms is under the cutoff; 8,000 of 18,000 is 0.889.
    assert m[0, 0] == 0
    assert m[0, 1] == pytest.approx(2 * 8_000 / 18_000, abs=1e-6)


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)) | st.text())
def test_words_are_the_runs_of_word_characters(text: str) -> None:
    # ASCII sentences take a faster path than the regex: the words must be the same.
    assert words_of(text) == re.findall(r"\w+", text)


def test_words_of_ascii_punctuation_and_controls() -> None:
    text = "".join(map(chr, range(128))) + " it's 9.5%_x a-b\x1fc"
    assert words_of(text) == re.findall(r"\w+", text)
    assert words_of("") == []
