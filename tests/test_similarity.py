"""The sentence scorer: Dice of content-term multisets via rapidfuzz."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupcheck.similarity import dice, similarity, similarity_matrix, terms, words_of


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


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)) | st.text())
def test_words_are_the_runs_of_word_characters(text: str) -> None:
    # ASCII sentences take a faster path than the regex: the words must be the same.
    assert words_of(text) == re.findall(r"\w+", text)


def test_words_of_ascii_punctuation_and_controls() -> None:
    text = "".join(map(chr, range(128))) + " it's 9.5%_x a-b\x1fc"
    assert words_of(text) == re.findall(r"\w+", text)
    assert words_of("") == []
