"""Where a reported pair's first shared passage lies on each side, for reports that point at lines.

Scan verification (:func:`dupcheck.align.verify.reported`) keeps only a pair's verdict and scores;
which sentences aligned is dropped. A report that annotates lines (GitHub, SARIF) needs them for
its findings only, so those pairs are aligned again here, on the sides verification already
prepared: a cost paid per finding, and only when asked.
"""

from __future__ import annotations

from dupcheck.align.aligner import align_units
from dupcheck.align.side import Side
from dupcheck.align.types import CompareOptions
from dupcheck.corpus.types import Excerpt
from dupcheck.text.types import Span


def line_of(text: str, offset: int) -> int:
    """The line (from 1) holding ``text[offset]``."""
    return text.count("\n", 0, offset) + 1


def first_run(side: Side, sentences: set[int], own_lines: bool) -> Excerpt:
    """The first run of adjacent ``sentences`` (indices of aligned sentences, not empty) of one
    document. ``own_lines``: the document's text is its file's, so lines can be given."""
    ordered = sorted(sentences)
    last = ordered[0]
    for index in ordered[1:]:
        if index != last + 1:
            break
        last = index
    found = side.analysis.sentences
    span = Span(found[ordered[0]].span.start, found[last].span.end)
    if not own_lines:
        return Excerpt(span, None)
    text = side.analysis.document.text
    return Excerpt(span, (line_of(text, span.start), line_of(text, max(span.start, span.end - 1))))


def first_shared(
    a: Side, b: Side, options: CompareOptions, own_lines: tuple[bool, bool]
) -> tuple[Excerpt, Excerpt] | None:
    """Each side's first shared passage, or ``None`` when nothing aligns."""
    units = align_units(a, b, options)
    if not units:
        return None
    a_side = {i for u in units for i in u.a}
    b_side = {i for u in units for i in u.b}
    return first_run(a, a_side, own_lines[0]), first_run(b, b_side, own_lines[1])
