"""Passages: adjacent matches merged, reordered paragraphs apart, unmatched content listed."""

from __future__ import annotations

import pytest

from dupcheck.align.edits import word_diff
from dupcheck.align.passages import merge_passages, unique_spans
from dupcheck.align.types import CompareOptions, Match, MatchKind
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Analysis, Boilerplate, BoilerplateKind, Document, Sentence, Span


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
    """Runs under the sentence-count rule alone (no character gaps, every passage reported)."""
    options = CompareOptions(max_gap=max_gap, passage_gap_chars=0, min_passage_weight=0)
    return [p.matches for p in merge_passages(matches, options)]


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


def _match(
    a: tuple[int, int],
    b: tuple[int, int],
    kind: MatchKind = MatchKind.IDENTICAL,
    score: float = 1.0,
) -> Match:
    """A one-sentence match with given A and B character spans (sentence index = start // 100)."""
    return Match((a[0] // 100,), (b[0] // 100,), Span(*a), Span(*b), score, kind)


def test_matches_a_few_characters_apart_join_whatever_the_sentences_between() -> None:
    # Sentence indices 0 and 5 (four sentences between: line fragments), 40 characters apart.
    matches = [
        _match((0, 300), (0, 300)),
        Match((5,), (5,), Span(340, 600), Span(340, 600), 1.0, MatchKind.IDENTICAL),
    ]
    (p,) = merge_passages(matches, CompareOptions())
    assert p.matches == (0, 1)
    assert len(merge_passages(matches, CompareOptions(passage_gap_chars=0))) == 2


def test_a_short_reworded_sentence_alone_is_not_a_passage() -> None:
    weak = _match((0, 120), (500, 620), MatchKind.REWRITTEN, 0.6)  # weight 72
    assert merge_passages([weak], CompareOptions()) == ()
    # A verbatim sentence of the same length is evidence enough, and so is a longer rewording.
    assert merge_passages([_match((0, 120), (500, 620))], CompareOptions())
    long = _match((0, 300), (500, 800), MatchKind.REWRITTEN, 0.6)
    assert merge_passages([long], CompareOptions())
    assert merge_passages([weak], CompareOptions(min_passage_weight=0))


def test_a_weak_passage_near_a_strong_one_joins_it() -> None:
    strong = [_match((0, 300), (0, 300)), _match((301, 600), (301, 600))]
    weak_near = _match((1000, 1120), (1100, 1220), MatchKind.REWRITTEN, 0.6)
    weak_far = _match((5000, 5120), (5100, 5220), MatchKind.REWRITTEN, 0.6)
    passages = merge_passages([*strong, weak_near, weak_far], CompareOptions())
    assert [p.matches for p in passages] == [(0, 1, 2)]
    assert passages[0].a == Span(0, 1120) and passages[0].b == Span(0, 1220)
    alone = merge_passages([*strong, weak_near], CompareOptions(lone_near_chars=0))
    assert [p.matches for p in alone] == [(0, 1)]


def test_sentence_shuffled_just_before_joins_but_a_moved_paragraph_does_not() -> None:
    # A0 → B1, A1 → B0: swapped neighbours stay one passage.
    swapped = [_match((0, 200), (201, 400)), _match((201, 400), (0, 200))]
    assert [p.matches for p in merge_passages(swapped, CompareOptions())] == [(0, 1)]
    # A paragraph (B 0–800) moved before the run ending at B 2000: its own passage.
    moved = [_match((0, 400), (1200, 1600)), _match((401, 800), (1601, 2000))]
    moved += [_match((801, 1200), (0, 400)), _match((1201, 1600), (401, 800))]
    assert [p.matches for p in merge_passages(moved, CompareOptions())] == [(0, 1), (2, 3)]


def test_forward_in_b_past_unmatched_sentences_joins() -> None:
    # B skipped ten unmatched sentences between the two (a summary, an added section).
    matches = [_match((0, 300), (0, 300)), _match((301, 600), (1500, 1800))]
    assert [p.matches for p in merge_passages(matches, CompareOptions())] == [(0, 1)]
    # ...but not past a B sentence another strong match uses.
    matches.append(_match((3000, 3300), (700, 1000)))
    assert [p.matches for p in merge_passages(matches, CompareOptions())] == [(0,), (1,), (2,)]


def _analysis(text: str, boilerplate: tuple[Boilerplate, ...] = ()) -> Analysis:
    return Analysis(Document("x", text), (), boilerplate)


def test_refined_edges_drop_words_only_one_side_has() -> None:
    body = "Officials expect construction of the ferry terminal to begin next spring."
    a_text = f"Weather and tides Port news {body}"
    a, b = _analysis(a_text), _analysis(body)
    edited = Match((0,), (0,), Span(0, len(a_text)), Span(0, len(body)), 0.9, MatchKind.EDITED)
    diff = word_diff(a_text, [edited.a], body, [edited.b])
    (p,) = merge_passages([edited], CompareOptions(), a, b, [diff])
    assert p.a.slice(a_text) == body
    assert p.b.slice(body) == body
    # Without the texts, passages span whole sentences.
    (whole,) = merge_passages([edited], CompareOptions())
    assert whole.a == Span(0, len(a_text))
    # The edges are trimmed by the match's own word diff, never a second tokenisation.
    with pytest.raises(ValueError, match="word diff"):
        merge_passages([edited], CompareOptions(), a, b)


def test_refined_edges_extend_over_words_both_sides_share() -> None:
    tail = "the channel was dredged last winter."
    a_text = f"Pilots say {tail} Officials expect the terminal to open next spring."
    b_text = f"Harbour staff agree {tail} Officials expect the terminal to open next spring."
    a_start, b_start = a_text.index("Officials"), b_text.index("Officials")
    m = Match((1,), (1,), Span(a_start, len(a_text)), Span(b_start, len(b_text)), 1.0,
              MatchKind.IDENTICAL)  # fmt: skip
    (p,) = merge_passages([m], CompareOptions(), _analysis(a_text), _analysis(b_text), [None])
    assert p.a.slice(a_text).startswith(tail)
    assert p.b.slice(b_text).startswith(tail)
    # Not over boilerplate: a credit line shared by both is reported apart.
    credit = Boilerplate(Span(0, a_start - 1), BoilerplateKind.CREDIT)
    a = _analysis(a_text, (credit,))
    (q,) = merge_passages([m], CompareOptions(), a, _analysis(b_text), [None])
    assert q.a == Span(a_start, len(a_text))


def test_reworded_sentences_shuffled_further_stay_one_passage() -> None:
    # A rewording moved its sentences about: a paragraph's worth back in B (B 0–800 before the
    # run ending at B 2000), as in test_sentence_shuffled_just_before_joins_but_... above.
    def layout(kind: MatchKind, score: float) -> list[Match]:
        moved = [_match((0, 400), (1200, 1600), kind, score)]
        moved += [_match((401, 800), (1601, 2000), kind, score)]
        moved += [_match((801, 1200), (800, 1190), kind, score)]
        return moved

    reworded = layout(MatchKind.REWRITTEN, 0.6)
    assert [p.matches for p in merge_passages(reworded, CompareOptions())] == [(0, 1, 2)]
    # Verbatim, the same layout is a paragraph moved: its own passage.
    verbatim = layout(MatchKind.IDENTICAL, 1.0)
    assert [p.matches for p in merge_passages(verbatim, CompareOptions())] == [(0, 1), (2,)]
    # The reach is an option.
    near = CompareOptions(shuffle_gap_chars=300)
    assert [p.matches for p in merge_passages(reworded, near)] == [(0, 1), (2,)]
