"""Word-level differences inside a match, with spans into both original texts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Indel, Levenshtein

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


def word_edits(
    a_text: str, a_spans: Sequence[Span], b_text: str, b_spans: Sequence[Span]
) -> tuple[tuple[WordEdit, ...], list[str], list[str]]:
    """The edits turning A's words into B's, in A order, plus both sides' folded word lists.

    ``a_spans``/``b_spans`` are the sentences of each side of a match, in order.
    """
    a_tokens, a_words = _tokens(a_text, a_spans)
    b_tokens, b_words = _tokens(b_text, b_spans)
    edits = tuple(
        WordEdit(
            _OPS[op.tag],
            _cover(a_tokens, op.src_start, op.src_end, a_spans[0]),
            _cover(b_tokens, op.dest_start, op.dest_end, b_spans[0]),
        )
        for op in Levenshtein.opcodes(a_words, b_words)
        if op.tag != "equal"
    )
    return edits, a_words, b_words


def word_similarity(a_words: Sequence[str], b_words: Sequence[str]) -> float:
    """Ordered word-level similarity (0–1): 1 minus the share of words inserted or deleted."""
    return float(Indel.normalized_similarity(a_words, b_words))
