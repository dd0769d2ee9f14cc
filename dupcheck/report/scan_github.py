"""``dupcheck scan --format github``: GitHub Actions workflow commands, one line per pair.

Each pair that is not in the baseline becomes an annotation on one of its files: the copy (the
side that is not its cluster's original), else ``b``::

    ::error file=site/story.txt,title=dupcheck duplicate::site/story.txt and wire/story.txt share …

The level follows the exit status, so the annotations and the red or green check agree: a pair
that makes the run exit 1 (verdict at or above ``--fail-on``, no ``--exit-zero``) is an
``error``, any other pair a ``warning``. Baselined pairs are accepted copies and get no line:
annotating them would bury the new ones.

Annotation paths must be relative to the repository checkout, while a scan reports paths
relative to the folder it scanned; ``locate`` (given by the CLI, which knows the folders and the
working directory) turns one into the other. A JSONL record is annotated on its file.
"""

from __future__ import annotations

from collections.abc import Callable

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter
from dupcheck.report.scan_common import (
    annotated_sides,
    artifact_path,
    is_failing,
    originals_of,
    pair_message,
)


def escape_data(value: str) -> str:
    """Escape a command's message, as the Actions runner's ``escapeData`` does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=``), as the runner's ``escapeProperty`` does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class ScanGithubFormatter(Formatter[ScanResult]):
    """Workflow commands for the pairs a reviewer should look at."""

    def __init__(
        self, policy: ExitPolicy | None = None, locate: Callable[[str], str] | None = None
    ) -> None:
        self.policy = policy or ExitPolicy()
        self.locate = locate or (lambda name: name)

    def render(self, result: ScanResult) -> str:
        lines = []
        originals = originals_of(result)
        for pair in result.pairs:
            # Distinct pairs share nothing worth a line; scans do not return them anyway.
            if pair.baselined or pair.verdict is Verdict.DISTINCT:
                continue
            copy, _ = annotated_sides(pair, originals)
            level = "error" if is_failing(pair, self.policy) else "warning"
            if level == "warning" and pair.verdict is Verdict.TEMPLATE:
                # Same wording, different facts: worth a look, not a copy.
                level = "notice"
            props = ",".join(
                (
                    f"file={escape_property(artifact_path(self.locate(copy)))}",
                    f"title={escape_property(f'dupcheck {pair.verdict.value}')}",
                )
            )
            text = pair_message(pair, self.locate(pair.a), self.locate(pair.b))
            lines.append(f"::{level} {props}::{escape_data(text)}\n")
        return "".join(lines)
