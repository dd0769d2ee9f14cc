"""``dupcheck scan --format csv``: one row per pair, for spreadsheets and ``sqlite-utils insert``.

Columns: ``a, b, verdict``, the five scores (4 decimals), ``baselined`` (``true``/``false``),
``cluster`` (the id of the cluster holding both documents, empty when the pair crosses clusters
or is partial or template), then ``notes`` (``;``-separated, e.g. ``changed-figures``) and
``formula`` (4 decimals), added after the first ten so readers of those keep working. Rows end
with ``\\n`` rather than the RFC 4180 ``\\r\\n``: the output is meant for
Unix pipes and diffs, and every CSV reader accepts both.

A name that a spreadsheet would take for a formula (it begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) gets a leading ``'``, as OWASP recommends against CSV injection: the
cell shows the name, and never runs it.
"""

from __future__ import annotations

import csv
import io

from dupcheck.corpus.types import ScanResult
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import pair_clusters, rounded

COLUMNS = (
    "a",
    "b",
    "verdict",
    "resemblance",
    "containment_a",
    "containment_b",
    "coverage_a",
    "coverage_b",
    "baselined",
    "cluster",
    "notes",
    "formula",
)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """``cell`` as a spreadsheet shows it but never evaluates it (see the module docstring)."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


class _LineFeed:
    """A file for ``csv.writer`` that turns each row's ``\r\n`` ending into ``\n``."""

    def __init__(self, out: io.StringIO) -> None:
        self.out = out

    def write(self, row: str) -> int:
        return self.out.write(row[:-2] + "\n" if row.endswith("\r\n") else row)


class ScanCsvFormatter(Formatter[ScanResult]):
    """A header and one row per pair, in the result's order."""

    def render(self, result: ScanResult) -> str:
        out = io.StringIO()
        # The csv module quotes a cell holding a character of the line terminator only: with
        # "\n" alone, a name with a bare "\r" would break its row. Rows are written ending in
        # "\r\n" (so both are quoted) and given their "\n" ending here.
        writer = csv.writer(_LineFeed(out), lineterminator="\r\n")
        writer.writerow(COLUMNS)
        clusters = pair_clusters(result)
        for pair in result.pairs:
            s = pair.scores
            cluster = clusters.get((pair.a, pair.b))
            writer.writerow(
                (
                    inert(pair.a),
                    inert(pair.b),
                    pair.verdict.value,
                    f"{rounded(s.resemblance):.4f}",
                    f"{rounded(s.containment_a):.4f}",
                    f"{rounded(s.containment_b):.4f}",
                    f"{rounded(s.coverage_a):.4f}",
                    f"{rounded(s.coverage_b):.4f}",
                    "true" if pair.baselined else "false",
                    "" if cluster is None else cluster,
                    ";".join(n.value for n in pair.notes),
                    f"{rounded(s.formula):.4f}",
                )
            )
        return out.getvalue()
