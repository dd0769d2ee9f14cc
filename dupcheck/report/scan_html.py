"""``dupcheck scan --format html``: one self-contained page for the people who act on a scan.

The summary, the clusters with their original, and a table of findings (sortable and filterable
by verdict, coverage and baseline by the page's small script; a plain table without it). The
most severe findings also get their side-by-side view, the same as ``compare --format html``
draws, up to ``EMBED_FINDINGS`` findings and ``EMBED_CHARS`` characters of text; the others
link to nothing and say which command shows them.

A scan result holds no text, so the side-by-side views need the documents again: the command
line passes a :class:`~dupcheck.report.scan_documents.DocumentReader` for the scanned trees and
this formatter compares the top findings' documents with the scan's own options. Without a
reader (a library caller holding only the result) the page has the table and no views.
"""

from __future__ import annotations

from dataclasses import dataclass

from dupcheck.align.compare import compare_analyses
from dupcheck.align.types import Comparison
from dupcheck.corpus.types import Pair, ScanResult
from dupcheck.errors import TooLargeToAlign
from dupcheck.report.base import NOTE_TEXT, VERDICT_NOTE, Formatter
from dupcheck.report.html_page import render_page
from dupcheck.report.scan_common import originals_of, pair_clusters, plural
from dupcheck.report.scan_documents import DocumentReader
from dupcheck.report.side_by_side import SideBySide, side_by_side
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

EMBED_FINDINGS = 20
"""Most findings whose side-by-side view is embedded in the page, the most severe first."""
EMBED_CHARS = 2_000_000
"""Most characters of document text embedded in all: each character costs the page about its
markup too, and a page of tens of megabytes is slow to open. The finding that would pass the
limit, and every one after it, is listed without its view."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One row of the table, and its view when embedded."""

    rank: int
    """Position in the table's first order (most severe first), from 1; also its anchor."""
    pair: Pair
    cluster: int | None
    comparison: Comparison | None = None
    view: SideBySide | None = None
    missing: str = ""
    """Why the view is not embedded, when it is not."""

    @property
    def coverage(self) -> float:
        return max(self.pair.scores.coverage_a, self.pair.scores.coverage_b)


def summary(result: ScanResult) -> str:
    """``12 documents, 3 pairs (2 duplicate, 1 partial; 1 baselined), 1 cluster, 2 skipped``:
    the text report's summary line, each verdict found counted, most severe first."""
    pairs = plural(len(result.pairs), "pair")
    if result.pairs:
        found = sorted({p.verdict for p in result.pairs}, key=lambda v: -v.rank)
        kinds = [f"{sum(p.verdict is v for p in result.pairs)} {v.value}" for v in found]
        baselined = sum(p.baselined for p in result.pairs)
        pairs += f" ({', '.join(kinds)}{f'; {baselined} baselined' if baselined else ''})"
    parts = [plural(result.documents, "document"), pairs, plural(len(result.clusters), "cluster")]
    unverified = sum(s.unverified_pair for s in result.skipped)
    if len(result.skipped) > unverified:
        parts.append(f"{len(result.skipped) - unverified} skipped")
    if unverified:
        parts.append(f"{plural(unverified, 'pair')} not verified")
    return ", ".join(parts)


def _severity(pair: Pair) -> tuple[bool, int, float, str, str]:
    s = pair.scores
    return (pair.baselined, -pair.verdict.rank, -max(s.coverage_a, s.coverage_b), pair.a, pair.b)


class ScanHtmlFormatter(Formatter[ScanResult]):
    """The scan as one HTML page; ``reader`` lets it embed the top findings' views."""

    def __init__(
        self,
        reader: DocumentReader | None = None,
        *,
        max_findings: int = EMBED_FINDINGS,
        max_chars: int = EMBED_CHARS,
    ) -> None:
        self.reader = reader
        self.max_findings = max_findings
        self.max_chars = max_chars

    def render(self, result: ScanResult) -> str:
        clusters = pair_clusters(result)
        ordered = sorted(result.pairs, key=_severity)
        findings = [
            Finding(rank, pair, clusters.get((pair.a, pair.b)))
            for rank, pair in enumerate(ordered, 1)
        ]
        findings = self._embed(result, findings)
        return render_page(
            "scan.html.j2",
            result=result,
            summary=summary(result),
            originals=originals_of(result),
            findings=findings,
            embedded=[f for f in findings if f.view is not None],
            verdicts=sorted({p.verdict for p in result.pairs}, key=lambda v: -v.rank),
            notes=VERDICT_NOTE,
            note_text=NOTE_TEXT,
            max_findings=self.max_findings,
            max_chars=self.max_chars,
        )

    def _embed(self, result: ScanResult, findings: list[Finding]) -> list[Finding]:
        if self.reader is None:
            return [_without(f, "") for f in findings]
        top = findings[: self.max_findings]
        wanted = {(f.pair.a, f.pair.fingerprint_a) for f in top}
        wanted |= {(f.pair.b, f.pair.fingerprint_b) for f in top}
        documents = self.reader.read(sorted(wanted))
        out: list[Finding] = []
        budget = self.max_chars
        for f in findings:
            if f.rank > self.max_findings:
                out.append(_without(f, f"past the first {self.max_findings} findings"))
                continue
            a, b = documents[f.pair.a], documents[f.pair.b]
            if isinstance(a, str) or isinstance(b, str):
                reason = f"{f.pair.a}: {a}" if isinstance(a, str) else f"{f.pair.b}: {b}"
                out.append(_without(f, reason))
                continue
            size = len(a.text) + len(b.text)
            if size > budget:
                budget = 0  # later findings stay out too, so the cut is one place in the table
                out.append(_without(f, f"past the {self.max_chars:,} characters embedded"))
                continue
            out.append(_compared(f, a, b, result))
            budget -= size
        return out


def _without(f: Finding, reason: str) -> Finding:
    return Finding(f.rank, f.pair, f.cluster, missing=reason)


def _compared(f: Finding, a: Document, b: Document, result: ScanResult) -> Finding:
    try:
        c = compare_analyses(analyse(a), analyse(b), result.options.compare)
    except TooLargeToAlign:
        return _without(f, "too many sentences to align (max_sentence_pairs)")
    return Finding(f.rank, f.pair, f.cluster, c, side_by_side(c))
