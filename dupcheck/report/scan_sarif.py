"""``dupcheck scan --format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other viewers.

One result per pair, on the copy (``locations``: the side that is not its cluster's original,
else ``b``) with the other file as its related location. Both URIs are relative to the scanned
root, under the ``uriBaseId`` ``ROOT`` (defined in ``originalUriBaseIds`` as the root's absolute
``file:`` URI); a JSONL record points at its file. Rules: ``DUP001`` duplicate, ``DUP002``
partial, ``DUP003`` template (same wording, different facts).

Levels follow the exit status: ``error`` for a pair that makes the run exit 1, ``warning`` for
one that does not, ``note`` for a baselined pair and for a template pair that is no finding.
Baselined pairs stay in the log with ``baselineState: unchanged`` and an external, accepted
suppression, so viewers hide them but the log still says they exist; every other result is
``baselineState: new``. ``partialFingerprints`` come from the two documents' content
fingerprints (sorted, so the key survives renames and ``a``/``b`` swaps), the same key the
baseline file uses. Skipped files are tool execution notifications of the run's invocation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import Pair, ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import (
    annotated_sides,
    artifact_path,
    is_failing,
    originals_of,
    pair_clusters,
    pair_message,
    rounded,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/dupcheck/"
ROOT = "ROOT"
FINGERPRINT_KEY = "dupcheckContent/v1"

RULES: dict[Verdict, dict[str, Any]] = {
    Verdict.DUPLICATE: {
        "id": "DUP001",
        "name": "DuplicateArticle",
        "shortDescription": {"text": "Two documents are copies of one story."},
        "fullDescription": {
            "text": "Most of one document's content (boilerplate excluded) is also in the other: "
            "a syndicated, edited or republished copy."
        },
        "defaultConfiguration": {"level": "error"},
        "help": {
            "text": "Keep one copy, or accept the pair with `dupcheck scan --write-baseline`. "
            "`dupcheck compare A B` shows what the two share."
        },
        "properties": {"tags": ["duplication"]},
    },
    Verdict.PARTIAL: {
        "id": "DUP002",
        "name": "PartialReuse",
        "shortDescription": {"text": "Two documents share a passage."},
        "fullDescription": {
            "text": "Some content (a quoted paragraph, a reused section) is in both documents, "
            "but most of each is not."
        },
        "defaultConfiguration": {"level": "warning"},
        "help": {"text": "`dupcheck compare A B` shows the shared passages."},
        "properties": {"tags": ["duplication"]},
    },
    Verdict.TEMPLATE: {
        "id": "DUP003",
        "name": "TemplateWording",
        "shortDescription": {"text": "Two documents share wording but state different facts."},
        "fullDescription": {
            "text": "The shared text is the same formula about another company, day or market "
            "(dividend notices, market one-liners, weekly statistics): names, dates or figures "
            "differ, or the wording is common to many documents. Not a copy."
        },
        "defaultConfiguration": {"level": "note"},
        "help": {
            "text": "`dupcheck compare A B` shows which facts differ. A finding only with "
            "`--fail-on template`."
        },
        "properties": {"tags": ["duplication"]},
    },
}
_RULE_INDEX = {verdict: i for i, verdict in enumerate(RULES)}


def _location(name: str) -> dict[str, Any]:
    # Percent-encode the name's bytes as the file system holds them: a file name that is not
    # UTF-8 (its bytes are lone surrogates in Python) keeps a URI that points at it.
    try:
        raw = artifact_path(name).encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a JSONL id with a lone surrogate of its own
        raw = artifact_path(name).encode("utf-8", "replace")
    uri = quote(raw, safe="/")
    return {"artifactLocation": {"uri": uri, "uriBaseId": ROOT}}


def _root_uri(root: str) -> str:
    """The root as an absolute ``file:`` URI ending in ``/``. A relative root is taken from the
    working directory, where the scan that named it ran."""
    uri = Path(root).absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


class ScanSarifFormatter(Formatter[ScanResult]):
    """A SARIF log with one run; indented JSON with a trailing newline."""

    def __init__(self, policy: ExitPolicy | None = None, version: str | None = None) -> None:
        self.policy = policy or ExitPolicy()
        if version is None:
            from dupcheck import __version__ as version
        self.version = version

    def _level(self, pair: Pair) -> str:
        if pair.baselined:
            return "note"
        if is_failing(pair, self.policy):
            return "error"
        return "note" if pair.verdict is Verdict.TEMPLATE else "warning"

    def _result(self, pair: Pair, cluster: int | None, originals: frozenset[str]) -> dict[str, Any]:
        s = pair.scores
        copy, other = annotated_sides(pair, originals)
        result: dict[str, Any] = {
            "ruleId": RULES[pair.verdict]["id"],
            "ruleIndex": _RULE_INDEX[pair.verdict],
            "level": self._level(pair),
            "message": {"text": pair_message(pair)},
            "locations": [{"physicalLocation": {**_location(copy), "region": {"startLine": 1}}}],
            "relatedLocations": [
                {
                    "id": 1,
                    "physicalLocation": _location(other),
                    "message": {"text": "the other copy"},
                }
            ],
            "partialFingerprints": {
                FINGERPRINT_KEY: ":".join(sorted((pair.fingerprint_a, pair.fingerprint_b)))
            },
            "baselineState": "unchanged" if pair.baselined else "new",
            "properties": {
                "verdict": pair.verdict.value,
                "resemblance": rounded(s.resemblance),
                "containment_a": rounded(s.containment_a),
                "containment_b": rounded(s.containment_b),
                "coverage_a": rounded(s.coverage_a),
                "coverage_b": rounded(s.coverage_b),
                "formula": rounded(s.formula),
                "cluster": cluster,
            },
        }
        if pair.baselined:
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "accepted in the dupcheck baseline file",
                }
            ]
        return result

    def to_dict(self, result: ScanResult) -> dict[str, Any]:
        """The SARIF log as plain Python data, keys in output order."""
        clusters = pair_clusters(result)
        originals = originals_of(result)
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "dupcheck",
                    "version": self.version,
                    "informationUri": INFORMATION_URI,
                    "rules": list(RULES.values()),
                }
            },
        }
        run["originalUriBaseIds"] = {ROOT: {"uri": _root_uri(result.root)}}
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "note",
                        "message": {"text": f"skipped: {s.reason}"},
                        "locations": [{"physicalLocation": _location(s.path)}],
                    }
                    for s in result.skipped
                ],
            }
        ]
        # A distinct pair is nothing to report; scans do not return them, but never crash on one.
        run["results"] = [
            self._result(p, clusters.get((p.a, p.b)), originals)
            for p in result.pairs
            if p.verdict in RULES
        ]
        return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}

    def render(self, result: ScanResult) -> str:
        return json.dumps(self.to_dict(result), indent=2, ensure_ascii=False) + "\n"
