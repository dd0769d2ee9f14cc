"""The ``--format`` choices of ``dupcheck compare``, each mapped to its formatter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dupcheck.models import Comparison
from dupcheck.report.base import Formatter


@dataclass(frozen=True, slots=True)
class View:
    """How a human-facing report should look; machine formats ignore it."""

    width: int = 80
    """Columns available; the text view switches to side by side at 120."""
    color_system: str | None = None
    """A rich colour system (``standard``, ``256``, ``truecolor``), or None for plain text."""
    no_color: bool = False
    """``NO_COLOR`` is set: keep bold/strike/dim, drop colours, mark edits with wdiff brackets."""
    verbose: bool = False
    """Add per-sentence scores and a MinHash estimate of resemblance."""


class CompareFormat(StrEnum):
    """Output formats of ``dupcheck compare``."""

    TEXT = "text"
    JSON = "json"

    def to_formatter(self, view: View | None = None) -> Formatter[Comparison]:
        """The formatter for this format. Imports lazily: rich is only loaded for ``text``."""
        if self is CompareFormat.TEXT:
            from dupcheck.report.text_compare import TextCompareFormatter

            return TextCompareFormatter(view or View())
        if self is CompareFormat.JSON:
            from dupcheck.report.compare_json import CompareJsonFormatter

            return CompareJsonFormatter()
        raise NotImplementedError(self)  # pragma: no cover - the enum test keeps this unreachable
