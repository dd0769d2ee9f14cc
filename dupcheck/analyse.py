"""Turn a decoded document into content sentences and boilerplate, the unit alignment works on."""

from __future__ import annotations

from dupcheck.boilerplate import detect_boilerplate
from dupcheck.models import Analysis, Boilerplate, Document, Sentence, Span
from dupcheck.normalize import fold
from dupcheck.segment import segment


def _subtract(span: Span, cuts: list[Boilerplate], text: str) -> list[Span]:
    """The parts of ``span`` outside every boilerplate cut, stripped of surrounding whitespace."""
    pieces: list[Span] = []
    start = span.start
    for cut in cuts:
        if cut.span.end <= start or cut.span.start >= span.end:
            continue
        if cut.span.start > start:
            pieces.append(Span(start, cut.span.start))
        start = max(start, cut.span.end)
    if start < span.end:
        pieces.append(Span(start, span.end))
    out: list[Span] = []
    for piece in pieces:
        chunk = piece.slice(text)
        stripped = chunk.strip()
        if not any(ch.isalnum() for ch in stripped):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Span(piece.start + lead, piece.start + lead + len(stripped)))
    return out


def analyse(document: Document) -> Analysis:
    """Segment ``document``, recognise its boilerplate, and keep the rest as content sentences."""
    text = document.text
    boilerplate = detect_boilerplate(text)
    cuts = sorted(boilerplate, key=lambda b: b.span.start)
    sentences: list[Sentence] = []
    for seg in segment(text):
        for span in _subtract(seg.span, cuts, text):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    span=span,
                    norm=fold(span.slice(text)),
                    paragraph=seg.paragraph,
                )
            )
    return Analysis(document=document, sentences=tuple(sentences), boilerplate=tuple(cuts))
