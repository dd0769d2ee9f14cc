"""What every output format shares: the one formatter interface, and the look of text reports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Generic, TypeVar

from dupcheck.align.types import Note, Verdict

R = TypeVar("R")

VERDICT_NOTE = {
    Verdict.DUPLICATE: "most of one side's content is in the other",
    Verdict.PARTIAL: "some content is shared, most is not",
    Verdict.TEMPLATE: "same wording, different facts (names, dates or figures)",
    Verdict.DISTINCT: "nothing that matters is shared",
}
"""What each verdict means, in a line, wherever a report names it."""

NOTE_TEXT = {
    Note.CHANGED_FIGURES: "a figure differs where names and dates agree: a corrected re-send, "
    "or the same text of another day",
    Note.OTHER_TICKERS: "the two name different stock tickers, none in common: two companies",
    Note.OTHER_DAYS: "the two are dated more than a day apart and their text cannot tell a "
    "re-send from another day's item: the same item of another day",
    Note.ONE_LINER: "a wire one-liner: the same words recur on other days (a rate left "
    "unchanged, a purchase, a market operation), so only the dates can tell a re-send",
}
"""What each note says, in a line."""


MAX_WIDTH = 1000
"""The widest text report, in columns: rich lays a line out cell by cell, so a huge width
exhausts memory."""


@dataclass(frozen=True, slots=True)
class View:
    """How a human-facing report should look; machine formats ignore it."""

    width: int = 80
    """Columns available; the compare view switches to side by side at 120."""
    color_system: str | None = None
    """A rich colour system (``standard``, ``256``, ``truecolor``), or None for plain text: no
    escape code at all (a pipe, a file, ``NO_COLOR``)."""
    no_color: bool = False
    """``NO_COLOR`` is set: mark edits with wdiff brackets, as plain text does."""
    verbose: bool = False
    """More detail: per-sentence scores and a MinHash estimate (compare), containment (scan)."""
    top: int | None = None
    """Scan: list at most this many pairs (the most severe), and count the rest."""
    show_accepted: bool = False
    """Scan: list the pairs accepted in the baseline too, after the new ones."""


class Formatter(ABC, Generic[R]):
    """Turns a result (``Comparison`` or ``ScanResult``) into the text of one output format."""

    @abstractmethod
    def render(self, result: R) -> str:
        """The complete output, ending with a newline."""


# --- what a terminal may be sent ------------------------------------------------------------
# Documents and file names are untrusted: an escape sequence in either (``\x1b]0;…\x07`` sets
# the window title, ``\x1b[2J`` clears the screen, ``\x9b`` is a one-byte CSI) must reach the
# reader as text, never as a command to the terminal.

_CONTROLS = (*range(0x20), 0x7F, *range(0x80, 0xA0))
_IN_TEXT = {c: f"\\x{c:02x}" for c in _CONTROLS if c not in (0x09, 0x0A)}
"""Tabs and newlines are a document's layout; every other control character is escaped."""

_IN_NAMES = {
    # \xNN is a byte, \uNNNN a character: U+009B and an undecodable byte 0x9B stay apart.
    **{c: f"\\x{c:02x}" if c < 0x80 else f"\\u{c:04x}" for c in _CONTROLS},
    ord("\\"): "\\\\",
    # Bidirectional overrides and isolates would show a name reordered ("Trojan Source").
    **{c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    # Bytes that were not UTF-8, as Python's surrogateescape holds them: shown as the bytes.
    **{0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)},
}


def visible_text(text: str) -> str:
    """Document text safe for a terminal: control characters shown escaped (``\\x1b``)."""
    return text.translate(_IN_TEXT)


def visible_name(name: str) -> str:
    """A file name (or JSONL id) safe for a terminal and still recoverable, escaped the way
    ``ls -b`` does: control bytes and undecodable bytes as ``\\xNN``, other control or
    direction characters as ``\\uNNNN``, a backslash as ``\\\\``, so what is shown names one
    file only."""
    return name.translate(_IN_NAMES)
