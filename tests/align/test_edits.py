"""Word-level edits with spans into both original texts."""

from __future__ import annotations

from collections.abc import Sequence

from dupcheck.align.edits import WordDiff, word_diff, word_edits, word_similarity, word_tokens
from dupcheck.align.types import EditOp, WordEdit
from dupcheck.text.types import Span


def _diff(
    a: str, a_spans: Sequence[Span], b: str, b_spans: Sequence[Span]
) -> tuple[tuple[WordEdit, ...], WordDiff]:
    diff = word_diff(a, a_spans, b, b_spans)
    return word_edits(diff, a_spans[0], b_spans[0]), diff


def _edits(a: str, b: str) -> list[tuple[EditOp, str, str]]:
    edits, _ = _diff(a, [Span(0, len(a))], b, [Span(0, len(b))])
    return [(e.op, e.a.slice(a), e.b.slice(b)) for e in edits]


def test_replace_insert_delete() -> None:
    assert _edits("the big dog ran", "the small dog ran") == [(EditOp.REPLACE, "big", "small")]
    assert _edits("the dog ran", "the old dog ran") == [(EditOp.INSERT, "", "old")]
    assert _edits("the old dog ran", "the dog ran") == [(EditOp.DELETE, "old", "")]


def test_case_and_quotes_are_not_edits() -> None:
    assert _edits("“Tokyo’s move” IS positive", '"tokyo\'s move" is positive') == []


def test_insertion_at_the_end_points_after_the_last_word() -> None:
    a, b = "the dog ran.", "the dog ran away."
    edits, _ = _diff(a, [Span(0, len(a))], b, [Span(0, len(b))])
    (edit,) = edits
    assert edit.op is EditOp.INSERT and edit.a == Span(11, 11) and edit.b.slice(b) == "away"


def test_spans_follow_several_sentences_and_offsets() -> None:
    a = "xx One two. Three four."
    b = "One two three four five."
    edits, diff = _diff(a, [Span(3, 11), Span(12, 23)], b, [Span(0, len(b))])
    assert diff.a_words == ["one", "two", "three", "four"]
    assert diff.b_words == ["one", "two", "three", "four", "five"]
    assert diff.a_bounds == [(3, 6), (7, 10), (12, 17), (18, 22)]
    assert [(e.op, e.a, e.b.slice(b)) for e in edits] == [(EditOp.INSERT, Span(22, 22), "five")]


def test_word_similarity() -> None:
    assert word_similarity(["a", "b"], ["a", "b"]) == 1.0
    assert word_similarity(["a", "b"], ["c"]) == 0.0


def test_word_tokens_give_offsets_and_folded_words() -> None:
    text = "Skip this. The Harbour’s crane-hire rose"
    bounds, words = word_tokens(text, 11, len(text))
    assert words == ["the", "harbour's", "crane-hire", "rose"]  # quotes folded
    assert [text[s:e] for s, e in bounds] == ["The", "Harbour’s", "crane-hire", "rose"]
