"""``dupcheck scan --format gitlab``: a GitLab code quality report (a JSON array of issues), the
artifact GitLab shows in a merge request's widget and diff.

One issue per pair that is not in the baseline, on the same side as the other annotation
formats (the new copy), at its first shared passage's lines. GitLab requires a line; where the
scan knows none (a web page's extracted text, a JSONL record) the issue is on line 1, the file
itself. Paths are relative to the repository's root, as GitLab resolves them (the CLI gives the
root and each document's file; by default, the scanned root). Severities follow the exit
status: ``major`` for a pair that fails the run, ``minor`` for the others (``info`` for a
template: same wording, different facts). The fingerprint, which
GitLab uses to tell new issues from old ones across pipelines, hashes the two documents' content
fingerprints and the annotated file, so it survives edits elsewhere in the tree.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import Pair, ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import (
    Precedence,
    annotated_sides,
    artifact_path,
    by_severity,
    excerpt_of,
    is_failing,
    pair_message,
    precedence_of,
)

CHECK_NAMES = {
    "duplicate": "dupcheck/duplicate",
    "partial": "dupcheck/partial",
    "template": "dupcheck/template",
}


class ScanGitlabFormatter(Formatter[ScanResult]):
    """A code quality report; indented JSON with a trailing newline."""

    def __init__(
        self,
        policy: ExitPolicy | None = None,
        *,
        base: Path | None = None,
        files: Callable[[str], Path] | None = None,
    ) -> None:
        self.policy = policy or ExitPolicy()
        self.base = base
        self.files = files

    def to_list(self, result: ScanResult) -> list[dict[str, Any]]:
        """The report as plain Python data, most severe first."""
        root = Path(os.path.abspath(result.root))
        base = self.base or root
        files = self.files or (lambda name: root / artifact_path(name))
        originals = precedence_of(result)

        def path_of(name: str) -> str:
            return Path(os.path.relpath(files(name), base)).as_posix()

        return [
            self._issue(pair, originals, path_of) for pair in by_severity(result.pairs, self.policy)
        ]

    def _issue(
        self, pair: Pair, originals: Precedence, path_of: Callable[[str], str]
    ) -> dict[str, Any]:
        copy, _ = annotated_sides(pair, originals)
        here = excerpt_of(pair, copy)
        first, last = here.lines if here is not None and here.lines is not None else (1, 1)
        path = path_of(copy)
        key = ":".join([*sorted((pair.fingerprint_a, pair.fingerprint_b)), path])
        return {
            "description": pair_message(pair, path_of(pair.a), path_of(pair.b)),
            "check_name": CHECK_NAMES[pair.verdict.value],
            "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest(),
            "severity": self._severity(pair),
            "location": {"path": path, "lines": {"begin": first, "end": last}},
        }

    def _severity(self, pair: Pair) -> str:
        if is_failing(pair, self.policy):
            return "major"
        # Same wording, different facts: worth a look, not a copy.
        return "info" if pair.verdict is Verdict.TEMPLATE else "minor"

    def render(self, result: ScanResult) -> str:
        return json.dumps(self.to_list(result), indent=2, ensure_ascii=False) + "\n"
