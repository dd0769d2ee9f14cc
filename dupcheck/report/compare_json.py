"""``dupcheck compare --format json``: the ``dupcheck.compare/3`` contract other tools parse.

Offsets are Python ``str`` indices into the decoded original text, end exclusive. Keys are
emitted in a fixed order and scores rounded to 4 decimals, so equal results give equal bytes.
The schema lives in ``dupcheck/schemas/compare-3.schema.json``; adding keys keeps ``/3``,
removing or changing one, or a value a key may take, needs ``/4``. Version 3 added the notes
``one-liner`` and ``other-days``; version 2 the verdict ``template``, ``notes``,
``scores.formula`` and each match's ``fact_changes`` (``compare-1`` and ``compare-2.schema.json``
are kept for tools that read those).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from dupcheck.align.types import Comparison, Match
from dupcheck.report.base import Formatter
from dupcheck.text.types import Analysis, Span

SCHEMA = "dupcheck.compare/3"
DECIMALS = 4


def _r(x: float) -> float:
    return round(x, DECIMALS)


def _spans(spans: tuple[Span, ...] | list[Span]) -> list[list[int]]:
    return [s.as_list() for s in spans]


def _side(analysis: Analysis) -> dict[str, Any]:
    doc = analysis.document
    return {
        "path": doc.name,
        "chars": len(doc.text),
        "encoding": doc.encoding,
        "content_chars": analysis.content_chars,
    }


def _match(match: Match) -> dict[str, Any]:
    return {
        "a": match.a.as_list(),
        "b": match.b.as_list(),
        "score": _r(match.score),
        "kind": match.kind.value,
        "a_sentences": list(match.a_sentences),
        "b_sentences": list(match.b_sentences),
        "edits": [{"op": e.op.value, "a": e.a.as_list(), "b": e.b.as_list()} for e in match.edits],
        "fact_changes": [
            {
                "kind": c.kind.value,
                "a": c.a.as_list(),
                "b": c.b.as_list(),
                "a_text": c.a_text,
                "b_text": c.b_text,
            }
            for c in match.fact_changes
        ],
    }


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON document as plain Python data, keys in output order."""
    c = comparison
    s = c.scores
    return {
        "schema": SCHEMA,
        "a": _side(c.a),
        "b": _side(c.b),
        "verdict": c.verdict.value,
        "notes": [n.value for n in c.notes],
        "scores": {
            "resemblance": _r(s.resemblance),
            "containment_a": _r(s.containment_a),
            "containment_b": _r(s.containment_b),
            "coverage_a": _r(s.coverage_a),
            "coverage_b": _r(s.coverage_b),
            "formula": _r(s.formula),
        },
        "corpus_knowledge": c.corpus_knowledge,
        "matches": [_match(m) for m in c.matches],
        "passages": [
            {
                "a": p.a.as_list(),
                "b": p.b.as_list(),
                "score": _r(p.score),
                "matches": list(p.matches),
            }
            for p in c.passages
        ],
        "unique_a": _spans(c.unique_a),
        "unique_b": _spans(c.unique_b),
        "boilerplate_a": _spans([bp.span for bp in c.a.boilerplate]),
        "boilerplate_b": _spans([bp.span for bp in c.b.boilerplate]),
        "boilerplate": {
            side: [{"span": bp.span.as_list(), "kind": bp.kind.value} for bp in an.boilerplate]
            for side, an in (("a", c.a), ("b", c.b))
        },
        "sentences": {
            side: [s.span.as_list() for s in an.sentences] for side, an in (("a", c.a), ("b", c.b))
        },
        "options": asdict(c.options),
    }


class CompareJsonFormatter(Formatter[Comparison]):
    """One JSON object, indented, with a trailing newline."""

    def render(self, result: Comparison) -> str:
        return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
