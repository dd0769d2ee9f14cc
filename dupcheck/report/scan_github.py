"""``dupcheck scan --format github``: GitHub Actions workflow commands, one line per finding.

Each pair that is not in the baseline becomes an annotation on one of its files: the copy (the
side that is not its cluster's original), else ``b``; at the copy's first shared passage when
the scan found it (``line`` and ``endLine``), so GitHub shows it beside those lines in a pull
request's "Files changed"::

    ::error file=site/story.txt,line=3,endLine=5,title=dupcheck duplicate::site/story.txt and …

The level follows the exit status, so the annotations and the red or green check agree: a pair
that makes the run exit 1 (verdict at or above ``--fail-on``, no ``--exit-zero``) is an
``error``, any other pair a ``warning`` (a ``notice`` for a template: same wording, different
facts). Baselined pairs are accepted copies and get no line:
annotating them would bury the new ones.

GitHub shows at most ``PER_LEVEL`` annotations of each level per step and drops the rest
silently, so the most severe come first (:func:`~dupcheck.report.scan_common.by_severity`), only
as many of each level as GitHub shows are written, and one ``notice`` counts the rest.

Annotation paths must be relative to the repository checkout, while a scan reports paths
relative to the folder it scanned; ``locate`` (given by the CLI, which knows the folders and the
working directory) turns one into the other. A JSONL record is annotated on its file, without
lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

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
    lines_text,
    pair_message,
    plural,
    precedence_of,
)

PER_LEVEL = 10
"""Annotations of each level (error, warning, notice) GitHub shows per step."""


def escape_data(value: str) -> str:
    """Escape a command's message, as the Actions runner's ``escapeData`` does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=``), as the runner's ``escapeProperty`` does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class ScanGithubFormatter(Formatter[ScanResult]):
    """Workflow commands for the pairs a reviewer should look at."""

    def __init__(
        self,
        policy: ExitPolicy | None = None,
        locate: Callable[[str], str] | None = None,
    ) -> None:
        self.policy = policy or ExitPolicy()
        self.locate = locate or (lambda name: name)

    def _annotation(self, pair: Pair, level: str, originals: Precedence) -> str:
        copy, other = annotated_sides(pair, originals)
        props = [f"file={escape_property(artifact_path(self.locate(copy)))}"]
        here, there = excerpt_of(pair, copy), excerpt_of(pair, other)
        if here is not None and here.lines is not None:
            props += [f"line={here.lines[0]}", f"endLine={here.lines[1]}"]
        props.append(f"title={escape_property(f'dupcheck {pair.verdict.value}')}")
        text = pair_message(pair, self.locate(pair.a), self.locate(pair.b))
        if there is not None and there.lines is not None:
            text += f"; the passage is at {lines_text(there.lines)} of {self.locate(other)}"
        return f"::{level} {','.join(props)}::{escape_data(text)}\n"

    def render(self, result: ScanResult) -> str:
        originals = precedence_of(result)
        lines = []
        shown: Counter[str] = Counter()
        left = 0
        for pair in by_severity(result.pairs, self.policy):
            level = "error" if is_failing(pair, self.policy) else "warning"
            if level == "warning" and pair.verdict is Verdict.TEMPLATE:
                # Same wording, different facts: worth a look, not a copy.
                level = "notice"
            # One notice is kept for the count of what is left out.
            if shown[level] == (PER_LEVEL - 1 if level == "notice" else PER_LEVEL):
                left += 1
                continue
            shown[level] += 1
            lines.append(self._annotation(pair, level, originals))
        if left:
            rest = (
                f"{plural(left, 'more pair')} not annotated: GitHub shows {PER_LEVEL} "
                "annotations of each level per step; the job summary and the report list them all"
            )
            lines.append(f"::notice title=dupcheck::{escape_data(rest)}\n")
        return "".join(lines)
