"""What the corpus stage makes: a scan's pairs, clusters and skipped files, and its options.

Paths are relative to the scanned root with ``/`` separators (or JSONL ids).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dupcheck.align.types import CompareOptions, Note, Scores, Verdict
from dupcheck.errors import ConfigError, check_range
from dupcheck.text.intake import MAX_BYTES
from dupcheck.text.types import Span


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file a scan could not use, and why (binary, empty, undecodable, too large, unreadable);
    or a candidate pair it could not verify (too many sentences to align), listed under the
    longer document with a reason that names the other."""

    path: str
    """Relative to the scanned root, ``/`` separators."""
    reason: str
    unverified_pair: bool = False
    """A pair left unverified rather than a file left unread: the file itself was scanned."""


UNVERIFIED = "not verified against"
"""How the reason of an unverified pair's :class:`Skipped` begins."""


@dataclass(frozen=True, slots=True)
class Excerpt:
    """Where a pair's first shared passage lies in one of its two documents: the first run of
    adjacent sentences, in that document's order, that aligns with the other document."""

    span: Span
    """Into the document's decoded text, as every span is."""
    lines: tuple[int, int] | None
    """First and last line (from 1) of the span in the file; ``None`` when the text is not the
    file's own lines (a web page's extracted text, a JSONL record)."""


@dataclass(frozen=True, slots=True)
class Pair:
    """Two documents a scan found to share content, verified by alignment."""

    a: str
    """Path (relative to its root, ``/`` separators) or JSONL id; ``a < b`` in scan order."""
    b: str
    verdict: Verdict
    scores: Scores
    fingerprint_a: str
    """Content fingerprint of A (hex digest of its normalised text): keys the baseline."""
    fingerprint_b: str
    baselined: bool = False
    """Accepted in the baseline file: reported, but not a finding."""
    notes: tuple[Note, ...] = ()
    """What the text alone cannot settle about the verdict (``Comparison.notes``)."""
    excerpt_a: Excerpt | None = None
    """A's first shared passage, when the scan was asked for it (``scan(..., excerpts=True)``:
    annotations point at lines); ``None`` otherwise."""
    excerpt_b: Excerpt | None = None


class DateSource(StrEnum):
    """Where a document's date came from (`dupcheck.corpus.dates`), in the order tried (the
    last two: whichever is earlier)."""

    FIELD = "field"
    """The JSONL record's ``date_field``."""
    TEXT = "text"
    """A date header line or a dateline in the text, with its year."""
    TEXT_YEAR_INFERRED = "text-year-inferred"
    """A dateline without a year: the year is the one that puts it last before the next
    source's date."""
    MODIFIED = "modified"
    """The file's modification time (for an indexed document, as the index read it)."""
    INDEXED = "indexed"
    """When the archive index took the document in, when that is earlier than the file's
    modification time."""


@dataclass(frozen=True, slots=True)
class DocumentDate:
    """When a document appeared, as far as a scan can tell, and how it knows."""

    name: str
    when: dt.datetime
    """Aware, UTC; a day's midnight when the source gives a day only (text)."""
    source: DateSource

    def shown(self) -> str:
        """ISO 8601: the day alone for a text date, else to the second with ``Z``."""
        if self.source in (DateSource.TEXT, DateSource.TEXT_YEAR_INFERRED):
            return self.when.date().isoformat()
        return self.when.strftime("%Y-%m-%dT%H:%M:%SZ")


class OriginalBy(StrEnum):
    """Which rule named a cluster's original (`dupcheck.corpus.clusters`)."""

    DATE = "date"
    """It is dated earlier than every other member by more than the tolerance."""
    ARCHIVE = "archive"
    """It is an ``--against`` archive's, and no scanned member is dated earlier."""
    CONTENT = "content"
    """The dates did not decide: it is the member the others are most wholly found in."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A connected component of duplicate pairs: one story and its copies."""

    id: int
    members: tuple[str, ...]
    """Sorted."""
    original: str
    """The member the others were copied from: the earliest dated, an archive's, or the one
    that contains most of the others (`dupcheck.corpus.clusters`; ties broken
    deterministically)."""
    original_by: OriginalBy = OriginalBy.CONTENT


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How a scan finds and verifies candidates. Recorded in the JSON output."""

    compare: CompareOptions = field(default_factory=CompareOptions)
    num_perm: int = 64
    """MinHash permutations of the document-level index. That level is the passage level's
    backstop, proposing few candidates the passage level misses, so a small signature is enough
    and keeps the read stage cheap (``python -m bench.scan_levels`` measures both levels)."""
    lsh_threshold: float = 0.5
    """Jaccard threshold the document-level LSH bands are tuned for."""
    seed: int = 1
    """MinHash seed; signatures of different seeds or schemes are never mixed."""
    scheme: str = "affine32"
    """datasketch 2.0 permutation scheme."""
    shingle_size: int = 5
    """Words per shingle of the document-level index."""
    fine_shingle_size: int = 4
    """Words per shingle of the passage-level (containment) index."""
    fine_modulus: int = 4
    """Passage level keeps the shingles whose hash is 0 modulo this: about one in this many."""
    fine_min_shared: int = 4
    """Passage level proposes a pair sharing this many kept shingles (or half the smaller's)."""
    fine_max_df: int = 32
    """Passage level ignores a kept shingle found in more documents than this (boilerplate)."""
    include: tuple[str, ...] = ("*.txt", "*.md", "*.html", "*.htm", "*.jsonl")
    """Globs of files to read (a glob without ``/`` matches the file name, one with ``/`` the
    path relative to the root); ``.jsonl`` files hold one article per line, ``.parquet`` files
    (add ``*.parquet``) one per row."""
    exclude: tuple[str, ...] = ()
    """Globs of files or directories to leave out, matched like ``include``."""
    max_bytes: int = 10 * 1024 * 1024
    """Largest file (or JSONL line) read, in bytes; a larger one is skipped."""
    jobs: int = 0
    """Worker processes; 0 means all cores. Output is identical for any value."""
    worker_wait: int = 60
    """Dask engine: seconds to wait for a worker, at the start and whenever the cluster has
    none left mid-scan, before the scan ends with an error (a batch cluster's workers may queue
    for longer: raise it there)."""
    text_field: str = "text"
    """JSONL and Parquet: the field (column) holding an article's text."""
    id_field: str = "id"
    """JSONL and Parquet: the field (column) naming an article."""
    date_field: str = ""
    """JSONL: the field holding an article's publication date (ISO 8601 or a written date such
    as ``3 March 2005``); ``""`` for none. It dates the article before its text does
    (`dupcheck.corpus.dates`)."""
    respect_gitignore: bool = True
    """Leave out the files git ignores (``.gitignore``, ``.git/info/exclude``, global excludes),
    as git itself reports them; outside a git repository nothing is ignored."""

    def __post_init__(self) -> None:
        for name, (low, high) in _SCAN_RANGES.items():
            value = getattr(self, name)
            check_range("ScanOptions", name, value, low, high, integer=name != "lsh_threshold")
        if self.scheme not in SCHEMES:
            raise ConfigError(
                f"ScanOptions.scheme must be one of {', '.join(SCHEMES)}, got {self.scheme!r}"
            )
        # 0 and 1 are no thresholds for banding: every pair, or only equal signatures.
        if self.lsh_threshold in (0, 1):
            raise ConfigError(
                f"ScanOptions.lsh_threshold must be between 0 and 1 (not either), "
                f"got {self.lsh_threshold!r}"
            )
        # A threshold too high for num_perm leaves under two LSH bands, which no scan can
        # index: refuse it here, where the options enter, not halfway through a scan.
        from dupcheck.corpus.candidates import lsh_params  # candidates imports this module

        lsh_params(self)


SCHEMES = ("affine32", "affine64", "legacy")
"""The MinHash permutation schemes a scan can sketch with (datasketch 2.0's)."""
MAX_SHINGLE = 8
"""Largest shingle a scan hashes: ``dupcheck.corpus.hashing`` has one multiplier per word
position of a shingle, and this many."""

_SCAN_RANGES: dict[str, tuple[float, float]] = {
    "num_perm": (2, 1024),
    "lsh_threshold": (0.0, 1.0),
    "seed": (0, 2**32 - 1),
    "shingle_size": (1, MAX_SHINGLE),
    "fine_shingle_size": (1, MAX_SHINGLE),
    "fine_modulus": (1, 1024),
    "fine_min_shared": (1, 10**9),
    "fine_max_df": (1, 10**9),
    "max_bytes": (1, MAX_BYTES),
    "jobs": (0, 10**6),
    "worker_wait": (1, 10**6),
}
"""Ranges of the numeric options: the MinHash seed is 32-bit (datasketch), and a count past
these makes no index better, only larger (``num_perm`` above 1024 or a million-word shingle)."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything a scan found."""

    root: str
    documents: int
    """Documents read and analysed (skipped files excluded)."""
    pairs: tuple[Pair, ...]
    """Sorted by (a, b)."""
    clusters: tuple[Cluster, ...]
    """Sorted by their first member; ids from 1 in that order."""
    skipped: tuple[Skipped, ...]
    """Sorted by path."""
    candidates: int
    """Candidate pairs the index proposed (all verified)."""
    options: ScanOptions = field(default_factory=ScanOptions)
    dates: tuple[DocumentDate, ...] = ()
    """The date of each document in some pair, sorted by name: what named the originals."""
    archived: frozenset[str] = frozenset()
    """The documents in some pair that an archive holds (``scan --against``): settled, so
    annotations sit on the new side."""


@dataclass(frozen=True, slots=True)
class FileState:
    """What an archive index (`dupcheck.corpus.store`) knows of a file on disk."""

    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """``dupcheck index info``: what an archive index holds."""

    path: str
    schema: int
    root: str
    """The archive root as given to ``index build``: names are shown under it."""
    files: int
    documents: int
    skipped: int
    bytes: int
    """Size of the database file with its write-ahead log."""
    options: dict[str, Any]
    """The stored sketch and read options."""
