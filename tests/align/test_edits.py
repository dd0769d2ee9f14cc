"""Word-level edits with spans into both original texts."""

from __future__ import annotations

from dupcheck.align.edits import word_edits, word_similarity, word_tokens
from dupcheck.align.types import EditOp
from dupcheck.text.types import Span


def _edits(a: str, b: str) -> list[tuple[EditOp, str, str]]:
    edits, _, _ = word_edits(a, [Span(0, len(a))], b, [Span(0, len(b))])
    return [(e.op, e.a.slice(a), e.b.slice(b)) for e in edits]


def test_replace_insert_delete() -> None:
    assert _edits("the big dog ran", "the small dog ran") == [(EditOp.REPLACE, "big", "small")]
    assert _edits("the dog ran", "the old dog ran") == [(EditOp.INSERT, "", "old")]
    assert _edits("the old dog ran", "the dog ran") == [(EditOp.DELETE, "old", "")]


def test_case_and_quotes_are_not_edits() -> None:
    assert _edits("“Tokyo’s move” IS positive", '"tokyo\'s move" is positive') == []


def test_insertion_at_the_end_points_after_the_last_word() -> None:
    a, b = "the dog ran.", "the dog ran away."
    edits, _, _ = word_edits(a, [Span(0, len(a))], b, [Span(0, len(b))])
    (edit,) = edits
    assert edit.op is EditOp.INSERT and edit.a == Span(11, 11) and edit.b.slice(b) == "away"


def test_spans_follow_several_sentences_and_offsets() -> None:
    a = "xx One two. Three four."
    b = "One two three four five."
    edits, a_words, b_words = word_edits(a, [Span(3, 11), Span(12, 23)], b, [Span(0, len(b))])
    assert a_words == ["one", "two", "three", "four"]
    assert b_words == ["one", "two", "three", "four", "five"]
    assert [(e.op, e.a, e.b.slice(b)) for e in edits] == [(EditOp.INSERT, Span(22, 22), "five")]


def test_word_similarity() -> None:
    assert word_similarity(["a", "b"], ["a", "b"]) == 1.0
    assert word_similarity(["a", "b"], ["c"]) == 0.0


def test_word_tokens_give_offsets_and_folded_words() -> None:
    text = "Skip this. The Harbour’s crane-hire rose"
    bounds, words = word_tokens(text, 11, len(text))
    assert words == ["the", "harbour's", "crane-hire", "rose"]  # quotes folded
    assert [text[s:e] for s, e in bounds] == ["The", "Harbour’s", "crane-hire", "rose"]
