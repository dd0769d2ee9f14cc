"""When each document appeared: the date that names a cluster's original.

A document's date is the first of these it has:

1. ``field``: a JSONL record's ``date_field`` (``--date-field``), when the scan names one and
   the value parses (`dupcheck.text.dates.parse_date`). It comes first because the user asked
   for it by name: a feed's own publication date is the most direct statement there is.
2. ``text`` (or ``text-year-inferred``): a date header line or a dateline at the top of the text
   (`dupcheck.text.dates`). Every copy of a page carries its date line with it, so a copy that
   kept the original's date ties with it rather than winning by the date it was saved.
3. ``modified`` or ``indexed``: the earlier of the file's modification time and, for a
   document of an archive index, when ``index add`` took it in. Each says the document existed
   by then, and the earlier says more. An index keeps the modification time it read, so ``scan
   --against FILE.db`` dates the archive as ``scan --against ARCHIVE_DIR`` does and names the
   same originals; the time of indexing is earlier only for a file dated in the future.

The next source's date gives a yearless dateline its year (the latest such day not after it).

Dates are not all alike, so two documents are ordered only when their dates can say which came
first (`precedes`), by more than ``TOLERANCE`` (what a day-only date, time zones and a file saved
a little after its story cannot tell apart). A stated date (``field``, ``text``) says when a
story appeared; a file's time (``modified``, ``indexed``) only that it existed by then, as the
story in a file may be far older than the file. So a file's time may show it came before a
stated date, never after one; and a dateline's inferred year is not set against a stated year.
Every date is in the JSON report with its source, so an original is never named from anything
the report does not show.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Collection, Mapping

from dupcheck.corpus.types import DateSource, DocumentDate, OriginalBy
from dupcheck.text.dates import parse_date, stated_date
from dupcheck.text.types import Document

TOLERANCE = dt.timedelta(days=1)
"""Dates closer than this (or exactly this far apart) do not order two documents: a day-only
date against a time on that day, or the same story dated a day apart across time zones."""


_SOURCES = tuple(DateSource)


class Stamps:
    """The dates of a scan's documents without their names, in reading order: two arrays rather
    than an object per document, as a scan keeps one for every document it reads, and quick to
    send back from a worker."""

    __slots__ = ("seconds", "sources")

    def __init__(self) -> None:
        self.seconds = array("q")
        """Since the epoch, UTC."""
        self.sources = array("B")
        """Positions in `DateSource`."""

    def append(self, date: DocumentDate) -> None:
        self.seconds.append(int(date.when.timestamp()))
        self.sources.append(_SOURCES.index(date.source))

    def extend(self, other: Stamps) -> None:
        self.seconds.extend(other.seconds)
        self.sources.extend(other.sources)

    def __len__(self) -> int:
        return len(self.seconds)

    def date(self, k: int, name: str) -> DocumentDate:
        """The date of the ``k``-th document, named ``name``."""
        return DocumentDate(name, _from_timestamp(self.seconds[k]), _SOURCES[self.sources[k]])


def _from_timestamp(seconds: float) -> dt.datetime:
    # Whole seconds: the report shows seconds, and equal reports must come from equal dates.
    return dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)


def document_date(
    document: Document,
    *,
    modified_ns: int | None = None,
    indexed: float | None = None,
) -> DocumentDate:
    """The date of ``document`` (see the module docstring). ``modified_ns``: its file's
    modification time (for an indexed document, as the index recorded it); ``indexed``: when an
    archive index took it in (seconds since the epoch). The earlier of the two is the last
    resort; one must be given."""
    modified = None if modified_ns is None else _from_timestamp(modified_ns / 1e9)
    taken = None if indexed is None else _from_timestamp(indexed)
    if modified is not None and (taken is None or modified <= taken):
        fallback = DocumentDate(document.name, modified, DateSource.MODIFIED)
    elif taken is not None:
        fallback = DocumentDate(document.name, taken, DateSource.INDEXED)
    else:
        raise ValueError("a document date needs a modification or an indexing time")
    if document.published:
        parsed = parse_date(document.published)
        if parsed is not None:
            return DocumentDate(document.name, parsed.replace(microsecond=0), DateSource.FIELD)
    stated = stated_date(document.text)
    if stated is not None:
        day = stated.in_year_of(fallback.when.date())
        if day is not None:
            source = DateSource.TEXT if stated.year else DateSource.TEXT_YEAR_INFERRED
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            return DocumentDate(document.name, midnight, source)
    return fallback


_OBSERVED = frozenset({DateSource.MODIFIED, DateSource.INDEXED})
"""Sources that say when a document existed by, not when it appeared."""
_STATED_YEAR = frozenset({DateSource.FIELD, DateSource.TEXT})


def stated_apart(a: DocumentDate, b: DocumentDate) -> dt.timedelta | None:
    """How far apart two documents' stated dates are (a date field, or a text's date with its
    year; ``dupcheck.text.dates.stated_when``), or ``None`` when either has none: a file's time
    says only when it was saved, and an inferred year may be wrong."""
    if a.source not in _STATED_YEAR or b.source not in _STATED_YEAR:
        return None
    return abs(a.when - b.when)


def precedes(first: DocumentDate, then: DocumentDate) -> bool:
    """Whether ``first`` appeared before ``then`` by more than ``TOLERANCE``, as far as their
    sources can tell (see the module docstring)."""
    if then.when - first.when <= TOLERANCE:
        return False
    if then.source in _OBSERVED and first.source not in _OBSERVED:
        return False  # then's story may be older than its file
    sources = {first.source, then.source}
    return not (DateSource.TEXT_YEAR_INFERRED in sources and sources & _STATED_YEAR)


def earliest(
    members: Collection[str],
    dates: Mapping[str, DocumentDate],
    archived: Collection[str] = (),
) -> tuple[list[str], OriginalBy]:
    """The members that may be the original, and which rule narrowed them.

    The members no other member `precedes` stay (all of them when a member has no date):
    ``date`` when that left some out. Of those, the ``archived`` members (``scan --against``)
    stay when there are any: ``archive`` when that left some out. The archive held the story
    before this scan, so its copy is the original unless a scanned one precedes it. ``content``
    when neither left any out.
    """
    if not members or any(m not in dates for m in members):
        eligible = list(members)
    else:
        eligible = [
            m for m in members if not any(precedes(dates[o], dates[m]) for o in members if o != m)
        ]
    by = OriginalBy.DATE if len(eligible) < len(members) else OriginalBy.CONTENT
    in_archive = [m for m in eligible if m in archived]
    if in_archive and len(in_archive) < len(eligible):
        return in_archive, OriginalBy.ARCHIVE
    return eligible, by
