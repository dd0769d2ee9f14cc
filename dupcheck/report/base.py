"""What every output format shares: the one formatter interface, and the look of text reports."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Generic, TypeVar

R = TypeVar("R")


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
