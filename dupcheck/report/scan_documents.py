"""The texts of a scan's documents, read again for a report that shows them (``scan_html``).

A scan keeps no text (``dupcheck.corpus.pipeline``: memory stays near 1 KB per document), and its
result names documents, not where they live. The command line knows the scanned root and the
archive, so it hands the formatter a :class:`DocumentReader` for them; the formatter asks it
only for the few documents it embeds. A document whose text no longer has the fingerprint the
scan recorded (edited or replaced since) is refused, so a page never shows texts other than
the ones judged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from dupcheck.corpus.hashing import content_fingerprint, words
from dupcheck.corpus.types import ScanOptions
from dupcheck.corpus.walk import read_file
from dupcheck.report.scan_common import artifact_path
from dupcheck.text.types import Document


def fingerprint(text: str) -> str:
    """The content fingerprint a scan records for a document (``Pair.fingerprint_a``)."""
    return content_fingerprint(words(text))


@dataclass(frozen=True, slots=True)
class DocumentReader:
    """Reads documents of one scan by the names its result gives them."""

    root: Path
    options: ScanOptions
    against: Path | None = None
    paths: Callable[[str], Path] | None = None
    """Where each file is, when the caller knows (several archives, a list of files): this
    replaces ``root`` and ``against``."""

    def _path(self, file: str) -> str:
        if self.paths is not None:
            return str(self.paths(file))
        if self.against is not None:
            archive = self.against.as_posix().rstrip("/") or "/"
            if file.startswith(archive + "/"):
                return file  # archive names are the archive path as given, joined with the rest
        return os.path.join(self.root, file)

    def read(self, wanted: Iterable[tuple[str, str]]) -> dict[str, Document | str]:
        """For each ``(name, fingerprint)``, the document, or why it cannot be shown. Each file
        is read once, a JSONL file included however many of its articles are wanted."""
        expected = dict(wanted)
        by_file: dict[str, list[str]] = {}
        for name in expected:
            file = artifact_path(name)
            by_file.setdefault(file, []).append(name)
        found: dict[str, Document | str] = {}
        for file, names in sorted(by_file.items()):
            path = self._path(file)
            for item in read_file(path, file, self.options):
                if isinstance(item, Document) and item.name in names:
                    found[item.name] = item
                elif not isinstance(item, Document) and item.path in names:
                    found[item.path] = item.reason
            for name in names:
                if name not in found:
                    found[name] = "no longer found"
        for name, doc in found.items():
            if isinstance(doc, Document) and fingerprint(doc.text) != expected[name]:
                found[name] = "changed since the scan"
        return found
