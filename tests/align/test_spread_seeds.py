"""Spread seeds: windows of free sentences compared by their rarer words, and carried past edges."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from dupcheck.align.aligner import align
from dupcheck.align.spread_seeds import (
    WINDOW_TERMS,
    _most_held,
    edge_seeds,
    spread_seeds,
    term_weights,
    windows,
)
from dupcheck.align.types import CompareOptions
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

# Twenty-four content terms, distinct in their first five letters.
_W = [
    *("harbour", "council", "budget", "ferry", "terminal", "spring", "cranes", "pilots"),
    *("channel", "dredging", "winter", "tariffs", "freight", "unions", "strike", "wages"),
    *("tourism", "museum", "lighthouse", "pension", "rainfall", "orchard", "violin", "quarry"),
]
_OTHER = [
    *("galaxy", "nebula", "comet", "orbit", "telescope", "asteroid", "planet", "eclipse"),
    *("crater", "meteor", "quasar", "pulsar"),
]


def _sentences(words: list[str], per: int) -> list[list[str]]:
    return [sorted(w[:5] for w in words[k : k + per]) for k in range(0, len(words), per)]


def test_windows_run_from_each_free_sentence_and_stop_at_owned_ones() -> None:
    terms = [["x"] * 10] * 6
    # 10 terms a sentence: three make a window; sentence 3 is owned and bounds the stretches.
    assert WINDOW_TERMS <= 30
    assert windows(terms, {3: 0}) == [
        range(0, 3),
        range(1, 3),
        range(2, 3),
        range(4, 6),
        range(5, 6),
    ]
    assert windows(terms, dict.fromkeys(range(6), 0)) == []


def test_words_spread_over_other_sentences_seed_one_block() -> None:
    # A says it in four sentences of six words; B keeps half of each and spreads them over three
    # sentences of its own, with unrelated words in between: no sentence pair is alike.
    a = _sentences(_W, 6)
    kept = _W[::2]
    b = [sorted(w[:5] for w in kept[k::3] + _OTHER[k * 4 : k * 4 + 4]) for k in range(3)]
    seeds = spread_seeds(a, b, {}, {}, threshold=0.25, min_shared=8)
    assert seeds
    best = seeds[0]
    assert set(best.a) <= {0, 1, 2, 3}
    assert best.b == (0, 1, 2)
    assert best.score >= 0.25


def test_unrelated_windows_do_not_seed() -> None:
    a = _sentences(_W, 6)
    b = _sentences(_OTHER, 4)
    assert spread_seeds(a, b, {}, {}, threshold=0.1, min_shared=1) == []


def test_words_in_every_sentence_weigh_nothing() -> None:
    # "topic" is in every sentence of both sides: sharing it is no evidence of a copy.
    a = [["topic", w[:5]] for w in _W[:6]]
    b = [["topic", w[:5]] for w in _OTHER[:6]]
    assert spread_seeds(a, b, {}, {}, threshold=0.01, min_shared=1) == []


def test_owned_sentences_are_left_out() -> None:
    a = _sentences(_W, 6)
    b = _sentences(_W, 6)
    owned = dict.fromkeys(range(4), 0)
    assert spread_seeds(a, b, owned, {}, threshold=0.1, min_shared=1) == []


@given(st.permutations(_W), st.integers(min_value=2, max_value=8))
def test_swapping_sides_mirrors_the_seeds(words: list[str], per: int) -> None:
    a = _sentences(_W, 6)
    b = _sentences(list(words[:16]) + _OTHER[:6], per)
    forward = spread_seeds(a, b, {}, {}, threshold=0.2, min_shared=2)
    backward = spread_seeds(b, a, {}, {}, threshold=0.2, min_shared=2)
    # Equal scores of mirrored pairs have no order that swapping keeps; the scores are the same.
    assert {(s.a, s.b, s.score) for s in forward} == {(s.b, s.a, s.score) for s in backward}


def test_edge_seeds_carry_a_match_on_after_and_before() -> None:
    a = [["alpha"], *_sentences(_W[:12], 6), ["omega"]]
    b = [["alpha"], *_sentences(_W[:12][::-1], 4), ["omega"]]
    units = [((0,), (0,)), ((3,), (4,))]
    seeds = edge_seeds(a, b, {0: 0, 3: 1}, {0: 0, 4: 1}, units=units, threshold=0.3, min_shared=4)
    # The free runs between the two matches: after the first, before the second, once.
    assert [(s.a, s.b, s.score) for s in seeds] == [((1, 2), (1, 2, 3), 1.0)]
    assert not edge_seeds(
        a, b, {0: 0, 3: 1}, {0: 0, 4: 1}, units=units, threshold=0.0, min_shared=13
    )


def test_alignment_finds_a_rewrite_by_spread_seeds_alone() -> None:
    # A says it in three sentences; B spreads every sentence's words over all three of its own,
    # so each sentence pair shares a third of its words: with block seeds off, only spread
    # seeds find the stretch.
    a_block = " ".join(" ".join(_W[k : k + 6]).capitalize() + "." for k in (0, 6, 12))
    b_block = " ".join(" ".join(_W[k:18:3]).capitalize() + "." for k in range(3))
    a = analyse(
        Document("a", f"Heavy rain flooded several roads in the north overnight. {a_block}")
    )
    b = analyse(Document("b", f"{b_block} The orchestra announced its new season of concerts."))
    off = CompareOptions(window_sentences=0, spread_threshold=1.0)
    assert align(a, b, off) == ()
    (match,) = align(a, b, CompareOptions(window_sentences=0))
    assert (match.a_sentences, match.b_sentences) == ((1, 2, 3), (0, 1, 2))


_few = st.lists(
    st.lists(st.sampled_from(_W[:10]), min_size=1, max_size=8).map(sorted), min_size=1, max_size=8
)


@given(_few, _few)
def test_term_weights_are_squared_inverse_sentence_frequencies(
    a: list[list[str]], b: list[list[str]]
) -> None:
    sentences = [set(s) for s in a + b]
    n = len(sentences)
    assert term_weights(a, b) == {
        t: math.log(n / sum(t in s for s in sentences)) ** 2 for t in set().union(*sentences)
    }


@given(_few, st.sets(st.integers(0, 7)), st.sets(st.sampled_from(_W[:10])))
def test_a_runs_terms_counted_per_sentence_bound_its_distinct_ones(
    terms: list[list[str]], owned: set[int], common: set[str]
) -> None:
    runs = windows(terms, dict.fromkeys(owned, 0))
    sets = [set(s) for s in terms]
    if runs:
        most = max(len(set().union(*(sets[i] for i in r)) & common) for r in runs)
        assert _most_held(sets, runs, common) >= most


@given(_few, _few, st.sets(st.integers(0, 7)), st.sets(st.integers(0, 7)))
def test_weights_made_on_demand_change_no_seed(
    a: list[list[str]], b: list[list[str]], a_owned: set[int], b_owned: set[int]
) -> None:
    owned = (dict.fromkeys(a_owned, 0), dict.fromkeys(b_owned, 0))

    def weight() -> dict[str, float]:
        return term_weights(a, b)

    for threshold, shared in ((0.2, 2), (0.375, 8)):
        plain = spread_seeds(a, b, *owned, threshold=threshold, min_shared=shared)
        lazy = spread_seeds(a, b, *owned, threshold=threshold, min_shared=shared, weight=weight)
        assert lazy == plain
    units = [((0,), (0,))]
    plain = edge_seeds(a, b, *owned, units=units, threshold=0.1, min_shared=1)
    assert (
        edge_seeds(a, b, *owned, units=units, threshold=0.1, min_shared=1, weight=weight) == plain
    )
