"""``dupcheck scan --format json``: the ``dupcheck.scan/4`` contract other tools parse.

Paths are relative to the scanned root with ``/`` separators (or JSONL ids), exactly as the scan
reports them. Keys come in a fixed order and scores are rounded to 4 decimals, so equal results
give equal bytes. ``options`` records what decides the output (index scheme, seed, thresholds)
and leaves out what must not change it (``jobs``, ``worker_wait``). The schema lives in
``dupcheck/schemas/scan-4.schema.json``; adding keys keeps ``/4``, removing or changing one, or a
value a key may take, needs ``/5``. Version 4 added the notes ``one-liner`` and ``other-days``;
version 3 ``dates`` (each paired document's date and its source) and each cluster's
``original_by``, as originals became the earliest-dated member; version 2 the verdict
``template``, ``notes``, ``formula`` and ``counts`` (``scan-1`` to ``scan-3.schema.json`` are kept
for tools that read those).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import Pair, ScanOptions, ScanResult
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import pair_clusters, rounded

SCHEMA = "dupcheck.scan/4"


def _pair(pair: Pair, cluster: int | None) -> dict[str, Any]:
    s = pair.scores
    return {
        "a": pair.a,
        "b": pair.b,
        "verdict": pair.verdict.value,
        "notes": [n.value for n in pair.notes],
        "resemblance": rounded(s.resemblance),
        "containment_a": rounded(s.containment_a),
        "containment_b": rounded(s.containment_b),
        "coverage_a": rounded(s.coverage_a),
        "coverage_b": rounded(s.coverage_b),
        "formula": rounded(s.formula),
        "baselined": pair.baselined,
        "cluster": cluster,
        "fingerprint_a": pair.fingerprint_a,
        "fingerprint_b": pair.fingerprint_b,
    }


def _options(options: ScanOptions) -> dict[str, Any]:
    thresholds = asdict(options.compare)
    return {
        "num_perm": options.num_perm,
        "seed": options.seed,
        "scheme": options.scheme,
        "lsh_threshold": options.lsh_threshold,
        "shingle_size": options.shingle_size,
        "fine_shingle_size": options.fine_shingle_size,
        "fine_modulus": options.fine_modulus,
        "fine_min_shared": options.fine_min_shared,
        "fine_max_df": options.fine_max_df,
        "include": list(options.include),
        "exclude": list(options.exclude),
        "max_bytes": options.max_bytes,
        "text_field": options.text_field,
        "id_field": options.id_field,
        "date_field": options.date_field,
        "respect_gitignore": options.respect_gitignore,
        "thresholds": {k: rounded(v) if isinstance(v, float) else v for k, v in thresholds.items()},
    }


def to_dict(result: ScanResult) -> dict[str, Any]:
    """The JSON document as plain Python data, keys in output order."""
    clusters = pair_clusters(result)
    return {
        "schema": SCHEMA,
        "root": result.root,
        "documents": result.documents,
        "candidates": result.candidates,
        "pairs": [_pair(p, clusters.get((p.a, p.b))) for p in result.pairs],
        "clusters": [
            {
                "id": c.id,
                "members": list(c.members),
                "original": c.original,
                "original_by": c.original_by.value,
            }
            for c in result.clusters
        ],
        "dates": [
            {"path": d.name, "date": d.shown(), "source": d.source.value} for d in result.dates
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "counts": {
            v.value: sum(1 for p in result.pairs if p.verdict is v)
            for v in (Verdict.DUPLICATE, Verdict.PARTIAL, Verdict.TEMPLATE)
        },
        "options": _options(result.options),
    }


class ScanJsonFormatter(Formatter[ScanResult]):
    """One JSON object, indented, with a trailing newline."""

    def render(self, result: ScanResult) -> str:
        return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"
