"""A scan as a GitHub job summary: Markdown the CLI appends to ``$GITHUB_STEP_SUMMARY``.

Annotations are capped per step (see :mod:`dupcheck.report.scan_github`); the summary is where
every finding of the run is listed, most severe first, on the job's page. It stays well under
GitHub's size limit for a step summary by listing at most ``ROWS`` pairs and counting the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import (
    annotated_sides,
    by_severity,
    excerpt_of,
    is_failing,
    lines_text,
    percent,
    plural,
    precedence_of,
)

ROWS = 200
"""Pairs listed in the table; the rest are counted."""

# Only what means something inside a table cell: a cell never starts a line, so the marks of
# headings, lists and numbered lists (# - + 1.) mean nothing there.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()!|~])")


def markdown_text(value: str) -> str:
    """``value`` shown as itself in Markdown: every character Markdown gives a meaning to is
    escaped, and a line break (a file name may hold one) becomes a space."""
    return _MARKDOWN.sub(r"\\\1", " ".join(value.splitlines()))


class ScanSummaryFormatter(Formatter[ScanResult]):
    """A heading that says whether the run fails, the counts, and a table of findings."""

    def __init__(
        self,
        policy: ExitPolicy | None = None,
        locate: Callable[[str], str] | None = None,
    ) -> None:
        self.policy = policy or ExitPolicy()
        self.locate = locate or (lambda name: name)

    def render(self, result: ScanResult) -> str:
        shown = by_severity(result.pairs, self.policy)
        failing = sum(is_failing(p, self.policy) for p in shown)
        accepted = sum(p.baselined for p in result.pairs)
        verb = "fails" if failing == 1 else "fail"
        heading = (
            f"dupcheck: {plural(failing, 'finding')} {verb} the check"
            if failing
            else "dupcheck: nothing fails the check"
        )
        counts = [
            f"{plural(result.documents, 'document')} scanned",
            f"{plural(len(shown), 'new pair')} sharing content",
        ]
        if accepted:
            counts.append(f"{accepted} accepted in the baseline")
        counts.append(plural(len(result.clusters), "cluster"))
        files = sum(not s.unverified_pair for s in result.skipped)
        if files:
            counts.append(f"{plural(files, 'file')} skipped")
        out = [f"### {heading}", "", ", ".join(counts) + ".", ""]
        if shown:
            originals = precedence_of(result)
            out += [
                "| level | file | shares content with | verdict | coverage (file / other) "
                "| first shared passage |",
                "|---|---|---|---|---|---|",
            ]
            for pair in shown[:ROWS]:
                copy, other = annotated_sides(pair, originals)
                here = excerpt_of(pair, copy)
                where = lines_text(here.lines) if here is not None and here.lines else ""
                level = "error" if is_failing(pair, self.policy) else "warning"
                if level == "warning" and pair.verdict is Verdict.TEMPLATE:
                    level = "notice"  # as the annotation: same wording, different facts
                s = pair.scores
                mine, theirs = (
                    (s.coverage_a, s.coverage_b) if copy == pair.a else (s.coverage_b, s.coverage_a)
                )
                cover = f"{percent(mine)} / {percent(theirs)}"
                cells = [
                    level,
                    markdown_text(self.locate(copy)),
                    markdown_text(self.locate(other)),
                    pair.verdict.value,
                    cover,
                    where,
                ]
                out.append("| " + " | ".join(cells) + " |")
            if len(shown) > ROWS:
                out += ["", f"{plural(len(shown) - ROWS, 'more pair')} in the report."]
        # A blank line at the end: the next step's summary starts a paragraph of its own.
        return "\n".join(out).rstrip("\n") + "\n\n"
