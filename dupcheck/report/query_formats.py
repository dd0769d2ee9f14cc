"""The ``--format`` choices of ``dupcheck query``, each mapped to its formatter."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # The enum is imported when ``dupcheck query`` parses its options: leave the query itself,
    # and the aligner it brings, to the moment it runs.
    from dupcheck.corpus.query import QueryResult
    from dupcheck.report.base import Formatter


class QueryFormat(StrEnum):
    """Output formats of ``dupcheck query``."""

    TEXT = "text"
    JSON = "json"

    def to_formatter(self) -> Formatter[Sequence[QueryResult]]:
        """The formatter for this format (neither loads rich)."""
        if self is QueryFormat.TEXT:
            from dupcheck.report.query_text import QueryTextFormatter

            return QueryTextFormatter()
        if self is QueryFormat.JSON:
            from dupcheck.report.query_json import QueryJsonFormatter

            return QueryJsonFormatter()
        raise NotImplementedError(self)  # pragma: no cover - the enum test keeps this unreachable
