"""``dupcheck query`` as plain text: per article, each archived copy with its verdict, scores
and the start of each shared passage. No rich: the report is short and read in a terminal or a
log alike."""

from __future__ import annotations

from collections.abc import Sequence

from dupcheck.corpus.query import ArchivedCopy, QueryResult
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import percent, plural

EXCERPT = 72
"""Characters of each shared passage shown (its start, on one line)."""


def _excerpt(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[: EXCERPT - 1].rstrip() + "…"


def _copy(copy: ArchivedCopy) -> list[str]:
    c = copy.comparison
    s = c.scores
    lines = [
        f"  {c.verdict.value:<9} {copy.name}",
        f"            coverage {percent(s.coverage_a)} of the article, "
        f"{percent(s.coverage_b)} of the archived copy; resemblance {percent(s.resemblance)}",
    ]
    for p in c.passages:
        lines.append(
            f"            {p.a.start}-{p.a.end} ~ {p.b.start}-{p.b.end} "
            f"({percent(p.score)}): {_excerpt(p.a.slice(c.a.document.text))}"
        )
    return lines


def _article(result: QueryResult) -> list[str]:
    found = plural(len(result.copies), "archived copy").replace("copys", "copies")
    head = f"{result.name}: {found} ({plural(result.candidates, 'candidate')} compared)"
    lines = [head]
    for copy in result.copies:
        lines.extend(_copy(copy))
    lines.extend(f"  not verified (too large to align): {n}" for n in result.unverified)
    return lines


class QueryTextFormatter(Formatter[Sequence[QueryResult]]):
    """One block per article, a blank line between blocks."""

    def render(self, result: Sequence[QueryResult]) -> str:
        return "\n\n".join("\n".join(_article(r)) for r in result) + "\n"
