"""The ``--format`` choices of ``dupcheck scan``, each mapped to its formatter."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from dupcheck.corpus.types import ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter, View

if TYPE_CHECKING:
    from dupcheck.report.scan_documents import DocumentReader


class ScanFormat(StrEnum):
    """Output formats of ``dupcheck scan``."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    GITHUB = "github"
    SARIF = "sarif"
    GITLAB = "gitlab"
    HTML = "html"

    def to_formatter(
        self,
        *,
        view: View | None = None,
        policy: ExitPolicy | None = None,
        locate: Callable[[str], str] | None = None,
        base: Path | None = None,
        files: Callable[[str], Path] | None = None,
        reader: DocumentReader | None = None,
    ) -> Formatter[ScanResult]:
        """The formatter for this format. Imports lazily: rich is only loaded for ``text``.

        ``view`` shapes the text report; ``policy`` decides which pairs the annotation formats
        (github, sarif) raise as errors, so they agree with the exit status; ``locate`` turns a
        document's name into its path from the working directory (the checkout, in CI), for
        GitHub annotations; ``base`` and ``files``: the folder
        SARIF URIs are relative to, and each document's file (see ``ScanSarifFormatter``);
        ``reader`` reads the scanned documents again, so the HTML page can embed the top
        findings side by side.
        """
        if self is ScanFormat.TEXT:
            from dupcheck.report.scan_text import TextScanFormatter

            return TextScanFormatter(view, policy)
        if self is ScanFormat.JSON:
            from dupcheck.report.scan_json import ScanJsonFormatter

            return ScanJsonFormatter()
        if self is ScanFormat.CSV:
            from dupcheck.report.scan_csv import ScanCsvFormatter

            return ScanCsvFormatter()
        if self is ScanFormat.GITHUB:
            from dupcheck.report.scan_github import ScanGithubFormatter

            return ScanGithubFormatter(policy, locate)
        if self is ScanFormat.SARIF:
            from dupcheck.report.scan_sarif import ScanSarifFormatter

            return ScanSarifFormatter(policy, base=base, files=files)
        if self is ScanFormat.GITLAB:
            from dupcheck.report.scan_gitlab import ScanGitlabFormatter

            return ScanGitlabFormatter(policy, base=base, files=files)
        if self is ScanFormat.HTML:
            from dupcheck.report.scan_html import ScanHtmlFormatter

            return ScanHtmlFormatter(reader)
        raise NotImplementedError(self)  # pragma: no cover - the enum test keeps this unreachable
