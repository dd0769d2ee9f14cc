"""Word-level differences inside a match, with spans into both original texts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel, Levenshtein, Opcodes

from dupcheck.align.types import EditOp, WordEdit
from dupcheck.text.normalize import fold
from dupcheck.text.types import Span

_OPS = {"replace": EditOp.REPLACE, "insert": EditOp.INSERT, "delete": EditOp.DELETE}
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Not normalize.word_tokens: building a Token and a Span per word was most of the time of a
# compare; edits need only (start, end, folded word) and Spans for the few words that changed.


def _tokens(text: str, spans: Sequence[Span]) -> tuple[list[tuple[int, int]], list[str]]:
    bounds: list[tuple[int, int]] = []
    words: list[str] = []
    for span in spans:
        for m in _WORD.finditer(text, span.start, span.end):
            bounds.append(m.span())
            w = m.group()
            words.append(w.lower() if w.isascii() else fold(w))
    return bounds, words


def word_tokens(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    """The words of ``text[start:end]``: their ``(start, end)`` offsets and folded forms."""
    return _tokens(text, [Span(start, end)])


def _cover(bounds: Sequence[tuple[int, int]], start: int, end: int, fallback: Span) -> Span:
    """Original span of words ``start:end``; empty at the gap's position when nothing is taken."""
    if start < end:
        return Span(bounds[start][0], bounds[end - 1][1])
    if start < len(bounds):
        return Span(bounds[start][0], bounds[start][0])
    if bounds:
        return Span(bounds[-1][1], bounds[-1][1])
    return Span(fallback.start, fallback.start)


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The words of a match's two sides and how they line up, made once per match: its edits
    and kind, and the trimming of a passage edge inside it, all read this one diff."""

    a_bounds: list[tuple[int, int]]
    """Offsets of each A word in A's text."""
    a_words: list[str]
    """A's folded words."""
    b_bounds: list[tuple[int, int]]
    b_words: list[str]
    opcodes: Opcodes
    """``Levenshtein.opcodes(a_words, b_words)``."""


def word_diff(
    a_text: str, a_spans: Sequence[Span], b_text: str, b_spans: Sequence[Span]
) -> WordDiff:
    """The words of A's ``a_spans`` and B's ``b_spans`` (the sentences of each side of a match,
    in order), diffed."""
    a_bounds, a_words = _tokens(a_text, a_spans)
    b_bounds, b_words = _tokens(b_text, b_spans)
    return WordDiff(a_bounds, a_words, b_bounds, b_words, Levenshtein.opcodes(a_words, b_words))


def word_edits(diff: WordDiff, a_at: Span, b_at: Span) -> tuple[WordEdit, ...]:
    """The edits turning A's words into B's, in A order; ``a_at``/``b_at``: where each side
    starts, for an edit on a side without words."""
    return tuple(
        WordEdit(
            _OPS[op.tag],
            _cover(diff.a_bounds, op.src_start, op.src_end, a_at),
            _cover(diff.b_bounds, op.dest_start, op.dest_end, b_at),
        )
        for op in diff.opcodes
        if op.tag != "equal"
    )


def word_similarity(a_words: Sequence[str], b_words: Sequence[str]) -> float:
    """Ordered word-level similarity (0–1): 1 minus the share of words inserted or deleted."""
    return float(Indel.normalized_similarity(a_words, b_words))
