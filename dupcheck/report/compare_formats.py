"""The ``--format`` choices of ``dupcheck compare``, each mapped to its formatter."""

from __future__ import annotations

from enum import StrEnum

from dupcheck.align.types import Comparison
from dupcheck.report.base import Formatter, View

__all__ = ["CompareFormat", "View"]  # View lives in report.base; re-exported for old imports


class CompareFormat(StrEnum):
    """Output formats of ``dupcheck compare``."""

    TEXT = "text"
    JSON = "json"
    HTML = "html"

    def to_formatter(self, view: View | None = None) -> Formatter[Comparison]:
        """The formatter for this format. Imports lazily: rich is only loaded for ``text``, Jinja2
        only for ``html``."""
        if self is CompareFormat.TEXT:
            from dupcheck.report.compare_text import TextCompareFormatter

            return TextCompareFormatter(view or View())
        if self is CompareFormat.JSON:
            from dupcheck.report.compare_json import CompareJsonFormatter

            return CompareJsonFormatter()
        if self is CompareFormat.HTML:
            from dupcheck.report.compare_html import CompareHtmlFormatter

            return CompareHtmlFormatter()
        raise NotImplementedError(self)  # pragma: no cover - the enum test keeps this unreachable
