"""Turn a decoded document into content sentences and boilerplate, the unit alignment works on.

Speed: every document of a scan passes through here. The lines are walked once for both the
segmenter and the boilerplate rules (``segment.blocks``), segments come as plain triples
(``segment.segment_spans``), and the boilerplate cuts are walked with one cursor in document
order instead of being scanned again for every segment.
"""

from __future__ import annotations

import re

from dupcheck.text.boilerplate import detect_boilerplate
from dupcheck.text.builders import make_sentence
from dupcheck.text.normalize import folder
from dupcheck.text.segment import blocks, segment_spans
from dupcheck.text.types import Analysis, Boilerplate, Document, Sentence

_ALNUM = re.compile(r"[^\W_]")
"""A character for which ``str.isalnum()`` holds (the regex engine's ``\\w`` is exactly that plus
``_``): one C search instead of a generator over the characters."""


def _subtract(
    start: int, end: int, cuts: list[Boilerplate], first: int, out: list[tuple[int, int]]
) -> None:
    """Append to ``out`` the parts of ``[start, end)`` outside every cut from ``cuts[first:]``.

    ``cuts`` are sorted by start, so the ones that can reach this span come before the first
    that starts at or past its end. Cuts may overlap one another (a repeated headline over a
    dateline prefix): each one only moves the start of what remains forward.
    """
    for index in range(first, len(cuts)):
        span = cuts[index].span
        if span.start >= end:
            break
        if span.end <= start:
            continue
        if span.start > start:
            out.append((start, span.start))
        start = span.end
    if start < end:
        out.append((start, end))


def analyse(document: Document) -> Analysis:
    """Segment ``document``, recognise its boilerplate, and keep the rest as content sentences."""
    text = document.text
    line_blocks = blocks(text)
    cuts = sorted(detect_boilerplate(text, line_blocks=line_blocks), key=lambda b: b.span.start)
    cut_starts = [cut.span.start for cut in cuts]
    cut_ends = [cut.span.end for cut in cuts]
    fold_at = folder(text)
    has_alnum = _ALNUM.search
    sentences: list[Sentence] = []
    pieces: list[tuple[int, int]] = []
    first = 0  # no cut before this one reaches the segment at hand or any later one
    last = len(cuts)
    for seg_start, seg_end, paragraph in segment_spans(text, line_blocks):
        while first < last and cut_ends[first] <= seg_start:
            first += 1
        if first == last or cut_starts[first] >= seg_end:
            # The common case: no cut touches the segment, which is already free of surrounding
            # whitespace (``segment`` guarantees it), so it is a sentence unless it holds no
            # letter or digit ("* * *"): mostly its first character tells, sparing the search.
            if text[seg_start].isalnum() or has_alnum(text, seg_start, seg_end) is not None:
                norm = fold_at(seg_start, seg_end)
                sentences.append(make_sentence(len(sentences), seg_start, seg_end, norm, paragraph))
            continue
        pieces.clear()
        _subtract(seg_start, seg_end, cuts, first, pieces)
        for start, end in pieces:
            chunk = text[start:end]
            stripped = chunk.strip()
            if _ALNUM.search(stripped) is None:
                continue
            lead = start + len(chunk) - len(chunk.lstrip())
            tail = lead + len(stripped)
            sentences.append(
                make_sentence(len(sentences), lead, tail, fold_at(lead, tail), paragraph)
            )
    return Analysis(document=document, sentences=tuple(sentences), boilerplate=tuple(cuts))
