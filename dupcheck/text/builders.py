"""Trusted constructors for the result objects analysis builds by the hundred thousand.

``analyse`` builds a Span and a Sentence for every sentence of every document in a scan, where
the generated ``__init__`` (``object.__setattr__`` per field, as the classes are frozen, plus
Span's check) is most of the cost. These fill the slots directly, for a fraction of it, and
give the very same objects (equal, hashed, pickled and frozen alike). They skip Span's check:
callers pass ``0 <= start <= end``.
"""

from __future__ import annotations

from typing import Any

from dupcheck.text.types import Boilerplate, BoilerplateKind, Sentence, Span

_new = object.__new__
_slot: Any = Span, Sentence, Boilerplate
_span_start, _span_end = _slot[0].start.__set__, _slot[0].end.__set__
_sentence_index, _sentence_span = _slot[1].index.__set__, _slot[1].span.__set__
_sentence_norm, _sentence_paragraph = _slot[1].norm.__set__, _slot[1].paragraph.__set__
_boilerplate_span, _boilerplate_kind = _slot[2].span.__set__, _slot[2].kind.__set__


def make_span(start: int, end: int) -> Span:
    """``Span(start, end)`` for a caller that guarantees ``0 <= start <= end``."""
    span = _new(Span)
    _span_start(span, start)
    _span_end(span, end)
    return span


def make_sentence(index: int, start: int, end: int, norm: str, paragraph: int) -> Sentence:
    """``Sentence(index, Span(start, end), norm, paragraph)``, with ``0 <= start <= end``."""
    sentence = _new(Sentence)
    _sentence_index(sentence, index)
    _sentence_span(sentence, make_span(start, end))
    _sentence_norm(sentence, norm)
    _sentence_paragraph(sentence, paragraph)
    return sentence


def make_boilerplate(start: int, end: int, kind: BoilerplateKind) -> Boilerplate:
    """``Boilerplate(Span(start, end), kind)``, with ``0 <= start <= end``."""
    boilerplate = _new(Boilerplate)
    _boilerplate_span(boilerplate, make_span(start, end))
    _boilerplate_kind(boilerplate, kind)
    return boilerplate
