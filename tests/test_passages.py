"""Passages: adjacent matches merged, reordered paragraphs apart, unmatched content listed."""

from __future__ import annotations

from dupcheck.analyse import analyse
from dupcheck.models import (
    Analysis,
    Boilerplate,
    BoilerplateKind,
    CompareOptions,
    Document,
    Match,
    MatchKind,
    Sentence,
    Span,
)
from dupcheck.passages import merge_passages, unique_spans


def _m(a: int, b: int, score: float = 1.0, size: int = 10) -> Match:
    return Match(
        (a,),
        (b,),
        Span(a * 100, a * 100 + size),
        Span(b * 100, b * 100 + size),
        score,
        MatchKind.IDENTICAL,
    )


def _runs(matches: list[Match], max_gap: int = 1) -> list[tuple[int, ...]]:
    return [p.matches for p in merge_passages(matches, CompareOptions(max_gap=max_gap))]


def test_consecutive_matches_form_one_passage() -> None:
    matches = [_m(0, 5), _m(1, 6), _m(2, 7)]
    (p,) = merge_passages(matches, CompareOptions())
    assert p.matches == (0, 1, 2)
    assert p.a == Span(0, 210) and p.b == Span(500, 710)


def test_gaps_up_to_max_gap_are_bridged() -> None:
    matches = [_m(0, 0), _m(2, 2), _m(5, 5)]
    assert _runs(matches, max_gap=1) == [(0, 1), (2,)]
    assert _runs(matches, max_gap=2) == [(0, 1, 2)]
    assert _runs(matches, max_gap=0) == [(0,), (1,), (2,)]


def test_reordered_paragraph_is_its_own_passage() -> None:
    # A: p1 p2 p3 ; B: p3 ... p1 p2 — p3 moved far away.
    matches = [_m(0, 10), _m(1, 11), _m(2, 12), _m(3, 0), _m(4, 1)]
    assert _runs(matches) == [(0, 1, 2), (3, 4)]


def test_locally_swapped_sentences_stay_in_one_passage() -> None:
    matches = [_m(0, 1), _m(1, 0), _m(2, 2)]
    (p,) = merge_passages(matches, CompareOptions(max_gap=1))
    assert p.b == Span(0, 210)


def test_b_sentence_matched_elsewhere_breaks_a_run() -> None:
    # B sentence 1 belongs to A sentence 9, so A0→B0 and A1→B2 are not one stretch of B.
    matches = [_m(0, 0), _m(1, 2), _m(9, 1)]
    assert _runs(matches) == [(0,), (1,), (2,)]


def test_passage_score_is_weighted_by_a_characters() -> None:
    (p,) = merge_passages([_m(0, 0, 1.0, size=30), _m(1, 1, 0.5, size=10)], CompareOptions())
    assert p.score == (1.0 * 30 + 0.5 * 10) / 40


def test_no_matches_no_passages() -> None:
    assert merge_passages([], CompareOptions()) == ()


def test_unique_spans_join_consecutive_unmatched_sentences_of_a_paragraph() -> None:
    text = "One two three. Four five six. Seven eight nine.\n\nTen eleven twelve."
    analysis = analyse(Document("a", text))
    spans = [s.span for s in analysis.sentences]
    got = unique_spans(analysis, [spans[1]])
    assert [s.slice(text) for s in got] == [
        "One two three.",
        "Seven eight nine.",
        "Ten eleven twelve.",
    ]
    got = unique_spans(analysis, [])
    assert [s.slice(text) for s in got] == [
        "One two three. Four five six. Seven eight nine.",
        "Ten eleven twelve.",
    ]


def test_unique_spans_do_not_join_across_boilerplate() -> None:
    text = "Alpha beta gamma. Copyright 2019. Delta epsilon zeta."
    sentences = (
        Sentence(0, Span(0, 17), "alpha beta gamma.", 0),
        Sentence(1, Span(34, 53), "delta epsilon zeta.", 0),
    )
    analysis = Analysis(
        Document("a", text), sentences, (Boilerplate(Span(18, 33), BoilerplateKind.COPYRIGHT),)
    )
    assert unique_spans(analysis, []) == (Span(0, 17), Span(34, 53))
