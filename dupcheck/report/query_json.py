"""``dupcheck query --format json``: each article's archived copies, as ``dupcheck.query/1``.

Keys come in a fixed order and scores are rounded to 4 decimals, so equal results give equal
bytes. Spans are ``[start, end)`` character offsets: ``article`` into the queried text,
``archived`` into the archived text the index holds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from dupcheck.corpus.query import ArchivedCopy, QueryResult
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import rounded

SCHEMA = "dupcheck.query/1"


def _copy(copy: ArchivedCopy) -> dict[str, Any]:
    c = copy.comparison
    s = c.scores
    return {
        "archived": copy.name,
        "verdict": c.verdict.value,
        "resemblance": rounded(s.resemblance),
        "containment_article": rounded(s.containment_a),
        "containment_archived": rounded(s.containment_b),
        "coverage_article": rounded(s.coverage_a),
        "coverage_archived": rounded(s.coverage_b),
        "fingerprint": copy.fingerprint,
        "passages": [
            {
                "article": p.a.as_list(),
                "archived": p.b.as_list(),
                "score": rounded(p.score),
                "text": p.a.slice(c.a.document.text),
            }
            for p in c.passages
        ],
    }


def to_dict(results: Sequence[QueryResult]) -> dict[str, Any]:
    """The JSON document as plain Python data, keys in output order."""
    return {
        "schema": SCHEMA,
        "articles": [
            {
                "name": r.name,
                "fingerprint": r.fingerprint,
                "candidates": r.candidates,
                "copies": [_copy(c) for c in r.copies],
                "unverified": list(r.unverified),
            }
            for r in results
        ],
    }


class QueryJsonFormatter(Formatter[Sequence[QueryResult]]):
    """One JSON object, indented, with a trailing newline."""

    def render(self, result: Sequence[QueryResult]) -> str:
        return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
