"""``dupcheck scan --format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other viewers.

One result per pair, on the copy (``locations``: the new side when the other is an ``--against``
archive's, else the side that is not its cluster's original, else ``b``) with the other file as
its related location; each with a ``region`` of lines at its first shared passage when the scan
found it in a plain-text file (a web page's extracted text and a JSONL record have no lines of
their file to point at, so they get no region). URIs are relative to a base folder under the
``uriBaseId`` ``%SRCROOT%`` (defined in ``originalUriBaseIds`` as the base's absolute ``file:``
URI): the CLI gives the repository's root (or ``--sarif-root``), which is what code scanning
resolves paths against; by default it is the scanned root. A file outside the base gets an
absolute ``file:`` URI. A JSONL record points at its file. Rules: ``DUP001`` duplicate,
``DUP002`` partial, ``DUP003`` template (same wording, different facts). ``informationUri`` is
the package's own project URL when its metadata has one, and absent otherwise: no page is made
up.

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
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import Excerpt, Pair, ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import (
    Precedence,
    annotated_sides,
    artifact_path,
    excerpt_of,
    is_failing,
    pair_clusters,
    pair_message,
    precedence_of,
    rounded,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
BASE_ID = "%SRCROOT%"
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


def project_url() -> str | None:
    """The package's project URL from its installed metadata (``[project.urls]``), if any."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("dupcheck")
    except PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or []:
        url = str(entry).partition(",")[2].strip()
        if url.startswith("https://"):
            return url
    return None


def _uri_path(path: str) -> str:
    # Percent-encode the name's bytes as the file system holds them: a file name that is not
    # UTF-8 (its bytes are lone surrogates in Python) keeps a URI that points at it.
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a JSONL id with a lone surrogate of its own
        raw = path.encode("utf-8", "replace")
    return quote(raw, safe="/")


def _folder_uri(folder: Path) -> str:
    """A folder as an absolute ``file:`` URI ending in ``/``."""
    uri = "file://" + _uri_path(folder.as_posix())
    return uri if uri.endswith("/") else uri + "/"


Files = Callable[[str], Path]
"""The absolute path of the file holding a document, from its name."""
_Place = Callable[[str, Excerpt | None], dict[str, Any]]


class ScanSarifFormatter(Formatter[ScanResult]):
    """A SARIF log with one run; indented JSON with a trailing newline.

    ``base``: the folder URIs are relative to (default: the scanned root, taken from the working
    directory when relative); ``files``: where each document's file is (default: its name under
    the scanned root). ``information_uri``: by default :func:`project_url`.
    """

    def __init__(
        self,
        policy: ExitPolicy | None = None,
        version: str | None = None,
        *,
        base: Path | None = None,
        files: Files | None = None,
        information_uri: str | None = "",
    ) -> None:
        self.policy = policy or ExitPolicy()
        if version is None:
            from dupcheck import __version__ as version
        self.version = version
        self.base = base
        self.files = files
        self.information_uri = project_url() if information_uri == "" else information_uri

    def _level(self, pair: Pair) -> str:
        if pair.baselined:
            return "note"
        if is_failing(pair, self.policy):
            return "error"
        return "note" if pair.verdict is Verdict.TEMPLATE else "warning"

    def _result(
        self, pair: Pair, cluster: int | None, originals: Precedence, place: _Place
    ) -> dict[str, Any]:
        s = pair.scores
        copy, other = annotated_sides(pair, originals)
        result: dict[str, Any] = {
            "ruleId": RULES[pair.verdict]["id"],
            "ruleIndex": _RULE_INDEX[pair.verdict],
            "level": self._level(pair),
            "message": {"text": pair_message(pair)},
            "locations": [{"physicalLocation": place(copy, excerpt_of(pair, copy))}],
            "relatedLocations": [
                {
                    "id": 1,
                    "physicalLocation": place(other, excerpt_of(pair, other)),
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
        originals = precedence_of(result)
        root = Path(os.path.abspath(result.root))
        base = self.base or root
        files = self.files or (lambda name: root / artifact_path(name))

        def place(name: str, excerpt: Excerpt | None = None) -> dict[str, Any]:
            path = files(name)
            rel = os.path.relpath(path, base)
            if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
                found: dict[str, Any] = {"uri": "file://" + _uri_path(path.as_posix())}
            else:
                found = {"uri": _uri_path(Path(rel).as_posix()), "uriBaseId": BASE_ID}
            located: dict[str, Any] = {"artifactLocation": found}
            if excerpt is not None and excerpt.lines is not None:
                located["region"] = {"startLine": excerpt.lines[0], "endLine": excerpt.lines[1]}
            return located

        driver: dict[str, Any] = {"name": "dupcheck", "version": self.version}
        if self.information_uri is not None:
            driver["informationUri"] = self.information_uri
        driver["rules"] = list(RULES.values())
        run: dict[str, Any] = {"tool": {"driver": driver}}
        run["originalUriBaseIds"] = {BASE_ID: {"uri": _folder_uri(base)}}
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "note",
                        "message": {"text": f"skipped: {s.reason}"},
                        "locations": [{"physicalLocation": place(s.path)}],
                    }
                    for s in result.skipped
                ],
            }
        ]
        # A distinct pair is nothing to report; scans do not return them, but never crash on one.
        run["results"] = [
            self._result(p, clusters.get((p.a, p.b)), originals, place)
            for p in result.pairs
            if p.verdict in RULES
        ]
        return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}

    def render(self, result: ScanResult) -> str:
        return json.dumps(self.to_dict(result), indent=2, ensure_ascii=False) + "\n"
