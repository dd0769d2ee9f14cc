"""One comparison as two columns of numbered lines, each line cut into marked pieces: what the
HTML pages (``compare_html``, ``scan_html``) draw, computed here so the templates only loop.

Each side's original text is cut at every edge of a span the comparison reports (matches, word
edits, boilerplate, unique content) and at line breaks. A piece carries what covers it: the
shared passage its match belongs to (numbered from 1, as in the text report), the word edit,
or boilerplate, or nothing shared. The pieces of one line, joined, are exactly that line of the
original text, so nothing is lost or reordered; escaping is the template engine's job.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from dupcheck.align.types import Comparison, EditOp, Match
from dupcheck.text.types import Analysis, Span

PASSAGE_COLOURS = 10
"""Distinct passage colours in the stylesheet (``.p0`` to ``.p9``)."""

_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls other than tab and line breaks: not allowed in an HTML page, shown as U+FFFD."""


class Mark(StrEnum):
    """What a piece of text is, for its CSS class (the legend explains each)."""

    SHARED = "s"
    """Inside a match of a reported passage."""
    WEAK = "w"
    """Inside a match too weak to be reported as a passage (counted in coverage)."""
    UNIQUE = "u"
    """Content not inside any match: only this side has it."""
    BOILERPLATE = "bp"
    """Datelines, bylines, credits, site chrome: not counted."""
    PLAIN = ""
    """Neither content nor boilerplate (blank space, a line of dashes)."""


class Change(StrEnum):
    """A word-level edit inside a match, from the ``Match.edits`` of the comparison."""

    NONE = ""
    DELETED = "del"
    """Words only A has (A side)."""
    INSERTED = "ins"
    """Words only B has (B side)."""
    REPLACED = "rep"
    """Words replaced by others (both sides)."""
    FACT = "fact"
    """A figure, date, name or ticker the other side states otherwise (``Match.fact_changes``):
    same wording, different facts."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one line's text with one marking."""

    text: str
    mark: Mark
    change: Change = Change.NONE
    passage: int = 0
    """Number of the shared passage (from 1), 0 when not in one."""
    first: bool = False
    """The first piece of its passage on this side: where a link to the passage lands."""
    note: str = ""
    """A short label for a tooltip: the boilerplate kind, or the match kind and score."""

    @property
    def colour(self) -> str:
        """The passage's colour class: ten colours, reused in turn."""
        return f"p{(self.passage - 1) % PASSAGE_COLOURS}" if self.passage else ""

    @property
    def classes(self) -> str:
        """The CSS classes of this piece, empty for plain text."""
        return " ".join(c for c in (self.mark.value, self.colour, self.change.value) if c)


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    """From 1, as an editor numbers the lines of the file."""
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class SideView:
    """One column: a document's lines, every character of its text in one piece or another."""

    key: str
    """``a`` or ``b``."""
    name: str
    encoding: str
    chars: int
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class FactView:
    """One fact the two sides state differently, for the list above the columns."""

    passage: int
    """The passage holding its match, 0 for a match outside any passage."""
    kind: str
    a_text: str
    b_text: str
    a_line: int
    b_line: int


@dataclass(frozen=True, slots=True)
class PassageView:
    """One shared passage, for the list above the columns."""

    number: int
    a_lines: tuple[int, int]
    b_lines: tuple[int, int]
    matches: int
    score: float
    kinds: str
    """Match kinds in this passage, e.g. ``2 identical, 1 edited``."""


@dataclass(frozen=True, slots=True)
class SideBySide:
    a: SideView
    b: SideView
    passages: tuple[PassageView, ...]
    facts: tuple[FactView, ...]


@dataclass(frozen=True, slots=True)
class _Cover:
    """What covers a stretch of text: the spans painted over it, strongest first."""

    mark: Mark = Mark.PLAIN
    change: Change = Change.NONE
    passage: int = 0
    note: str = ""


def _short(text: str, most: int = 60) -> str:
    """A fact for a tooltip: a run of capitalised words can be as long as a document."""
    text = _visible(text)
    return text if len(text) <= most else text[: most - 1] + "…"


def _visible(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def _edit_spans(match: Match, side: str) -> Iterable[tuple[Span, Change]]:
    for e in match.edits:
        if side == "a" and e.op in (EditOp.DELETE, EditOp.REPLACE):
            yield e.a, Change.DELETED if e.op is EditOp.DELETE else Change.REPLACED
        elif side == "b" and e.op in (EditOp.INSERT, EditOp.REPLACE):
            yield e.b, Change.INSERTED if e.op is EditOp.INSERT else Change.REPLACED


def _passage_of(c: Comparison) -> dict[int, int]:
    """Passage number (from 1) of each match index that lies in a reported passage."""
    return {m: n for n, p in enumerate(c.passages, 1) for m in p.matches}


def _side(c: Comparison, side: str, passage_of: dict[int, int]) -> SideView:
    analysis: Analysis = c.a if side == "a" else c.b
    text = analysis.document.text
    unique = c.unique_a if side == "a" else c.unique_b
    # Spans painted in order of precedence: an edit inside a match, then the match, then
    # boilerplate and unique content. The first painter of a stretch wins.
    layers: list[tuple[Span, _Cover]] = []
    for i, m in enumerate(c.matches):
        number = passage_of.get(i, 0)
        mark = Mark.SHARED if number else Mark.WEAK
        note = f"{m.kind.value} {m.score:.0%}"
        span = m.a if side == "a" else m.b
        for fc in m.fact_changes:
            fact = f"{fc.kind.value}: {_short(fc.a_text)} → {_short(fc.b_text)}"
            layers.append((fc.a if side == "a" else fc.b, _Cover(mark, Change.FACT, number, fact)))
        for edit, change in _edit_spans(m, side):
            layers.append((edit, _Cover(mark, change, number, note)))
        layers.append((span, _Cover(mark, Change.NONE, number, note)))
    for bp in analysis.boilerplate:
        layers.append((bp.span, _Cover(Mark.BOILERPLATE, note=bp.kind.value)))
    layers.extend((span, _Cover(Mark.UNIQUE)) for span in unique)

    cuts = sorted({0, len(text)} | {x for span, _ in layers for x in (span.start, span.end)})
    cuts = [x for x in cuts if 0 <= x <= len(text)]
    covers: list[_Cover | None] = [None] * (len(cuts) - 1)
    for span, cover in layers:
        if not span:
            continue
        for k in range(bisect_left(cuts, span.start), bisect_left(cuts, span.end)):
            if covers[k] is None:
                covers[k] = cover
    return SideView(
        key=side,
        name=analysis.document.name,
        encoding=analysis.document.encoding,
        chars=len(text),
        lines=_lines(text, cuts, covers),
    )


def _lines(text: str, cuts: Sequence[int], covers: Sequence[_Cover | None]) -> tuple[Line, ...]:
    lines: list[Line] = []
    current: list[Piece] = []
    seen: set[int] = set()
    plain = _Cover()
    last = plain
    for k, painted in enumerate(covers):
        cover = painted or plain
        chunk = text[cuts[k] : cuts[k + 1]]
        parts = _BREAK.split(chunk)
        for at, part in enumerate(parts):
            if at:
                lines.append(Line(len(lines) + 1, tuple(current)))
                current = []
            if not part:
                continue
            if current and cover == last:
                # Cut at another span's edge (an edit inside a fact, one side's edit ending
                # inside the other's): the stretch is marked the same, so it stays one element.
                current[-1] = replace(current[-1], text=current[-1].text + _visible(part))
                continue
            last = cover
            first = bool(cover.passage) and cover.passage not in seen
            seen.add(cover.passage)
            current.append(
                Piece(_visible(part), cover.mark, cover.change, cover.passage, first, cover.note)
            )
    lines.append(Line(len(lines) + 1, tuple(current)))
    return tuple(lines)


def _line_ranges(side: SideView) -> dict[int, tuple[int, int]]:
    """First and last line of each passage on this side."""
    found: dict[int, tuple[int, int]] = {}
    for line in side.lines:
        for piece in line.pieces:
            if piece.passage:
                first, _ = found.get(piece.passage, (line.number, line.number))
                found[piece.passage] = (first, line.number)
    return found


def _line_at(text: str, offset: int) -> int:
    return len(_BREAK.findall(text, 0, offset)) + 1


def _facts(c: Comparison, passage_of: dict[int, int]) -> tuple[FactView, ...]:
    a_text, b_text = c.a.document.text, c.b.document.text
    return tuple(
        FactView(
            passage_of.get(i, 0),
            fc.kind.value,
            _visible(fc.a_text),
            _visible(fc.b_text),
            _line_at(a_text, fc.a.start),
            _line_at(b_text, fc.b.start),
        )
        for i, m in enumerate(c.matches)
        for fc in m.fact_changes
    )


def side_by_side(c: Comparison) -> SideBySide:
    """The two columns of ``c`` and its passages, ready for a template."""
    passage_of = _passage_of(c)
    a, b = _side(c, "a", passage_of), _side(c, "b", passage_of)
    a_lines, b_lines = _line_ranges(a), _line_ranges(b)
    passages = []
    for n, p in enumerate(c.passages, 1):
        kinds: dict[str, int] = {}
        for i in p.matches:
            kinds[c.matches[i].kind.value] = kinds.get(c.matches[i].kind.value, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
        passages.append(
            PassageView(
                n, a_lines.get(n, (0, 0)), b_lines.get(n, (0, 0)), len(p.matches), p.score, summary
            )
        )
    return SideBySide(a, b, tuple(passages), _facts(c, passage_of))
