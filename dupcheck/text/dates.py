"""The date a story states about itself: a date header line or a dateline, near its top.

Only the head of a text is read (``HEAD_LINES`` lines, at most ``HEAD_CHARS`` characters): a
date further down is about the news, not about the story. Two kinds of statement count, the
first found in the head wins, a full date (with its year) before one without:

- a **header line** that gives the publication date: ``Date:``, ``Published:``, ``Posted on``,
  ``First published``, ``Filed``, or a line that is a date alone (with a time and a zone, if
  any: ``2024-03-12 | 10:33 GMT``). ``Updated`` and ``Last modified`` do not count: they say
  when a page changed, and the original is often the page that changed last;
- a **dateline** opening a line: a place in capitals, then a date, with an agency in
  parentheses and a dash (``NEW YORK, March 3 -``, ``LONDON (Reuters) 3 March 2005 -``,
  ``PARIS, Mar 12 (Reuters) -``).

Dates are written ``3 March 2005``, ``March 3, 2005`` (month names in full or cut to three
letters, ``Sept``), or ``2005-03-03``. A dateline often gives no year: `StatedDate.in_year_of`
then takes the latest such day not after a reference date (the file's or the record's), since a
story is written before it is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

HEAD_LINES = 15
"""Lines at the top of a text searched for a date: the chrome above a story and its first
paragraph."""
HEAD_CHARS = 3000
"""Characters at most of those lines."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"


def _month(tag: str) -> str:
    return rf"(?P<month{tag}>{_MONTH_NAMES})\.?"


def _day(tag: str) -> str:
    return rf"(?P<day{tag}>[0-3]?\d)(?:st|nd|rd|th)?"


def _year(tag: str) -> str:
    return rf"(?P<year{tag}>(?:19|20)\d\d)"


# Each alternative names its groups apart (``day1``, ``day2``…): one pattern may not repeat a
# group name.
_FULL = (
    rf"(?:{_day('1')}\s+{_month('1')},?\s+{_year('1')}"
    rf"|{_month('2')}\s+{_day('2')},?\s+{_year('2')}"
    r"|(?P<year3>(?:19|20)\d\d)-(?P<month3>[01]\d)-(?P<day3>[0-3]\d))"
)
_YEARLESS = rf"(?:{_day('4')}\s+{_month('4')}|{_month('5')}\s+{_day('5')})"
_TIME = r"(?:[\s,|T@-]+\d{1,2}[:.]\d\d(?::\d\d)?(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?"

_HEADER = re.compile(
    rf"(?i)^[ \t]*(?:date|published(?: on)?|posted(?: on)?|first published(?: on)?|filed)"
    rf"\s*:?\s*{_WEEKDAY}{_FULL}"
)
_DATE_ALONE = re.compile(rf"(?i)^[ \t]*{_WEEKDAY}{_FULL}{_TIME}[ \t]*$")
_PLACE = r"[A-Z][A-Z.'’-]*(?:[ \t]+[A-Z][A-Z.'’-]*){0,3}"
_AGENCY = r"(?:[ \t]*\([^()\n]{1,40}\))?"
_DASH = r"[ \t]*[-–—]"
_DATELINE_FULL = re.compile(rf"^[ \t]*{_PLACE}{_AGENCY},?[ \t]+(?i:{_FULL}){_AGENCY}{_DASH}")
_DATELINE_YEARLESS = re.compile(
    rf"^[ \t]*{_PLACE}{_AGENCY},?[ \t]+(?i:{_YEARLESS}){_AGENCY}{_DASH}"
)


@dataclass(frozen=True, slots=True)
class StatedDate:
    """A date found in a text."""

    month: int
    day: int
    year: int | None
    """``None`` when the text gives none (a dateline's ``March 3``)."""
    kind: str
    """``header`` or ``dateline``."""

    def in_year_of(self, reference: dt.date) -> dt.date | None:
        """The date, its year inferred when the text gave none: the latest such day not after
        ``reference`` (a 29 February goes back to the last leap year). ``None`` when the stated
        day does not exist."""
        if self.year is not None:
            return _date(self.year, self.month, self.day)
        for year in range(reference.year, reference.year - 8, -1):
            found = _date(year, self.month, self.day)
            if found is not None and found <= reference:
                return found
        return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str], kind: str) -> StatedDate | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    tag = next(k[-1] for k in groups if k.startswith("day"))
    raw_month = groups[f"month{tag}"]
    month = int(raw_month) if raw_month.isdigit() else _MONTHS[raw_month.lower()]
    day = int(groups[f"day{tag}"])
    year = int(groups.get(f"year{tag}", 0))
    # Checked in a leap year when the year is unknown, so 29 February is kept.
    if _date(year or 2000, month, day) is None:
        return None
    return StatedDate(month, day, year or None, kind)


_FIRST_FOUND = ((_HEADER, "header"), (_DATE_ALONE, "header"), (_DATELINE_FULL, "dateline"))
"""The patterns tried on each line of a head, in order, with the kind of date each finds: the
first date found is the answer. A dateline without a year (`_DATELINE_YEARLESS`) is the answer
only when no line gives one of these."""
PATTERNS = (*(pattern for pattern, _ in _FIRST_FOUND), _DATELINE_YEARLESS)
"""Every pattern `stated_date` tries on a line."""

_DIGIT = re.compile(r"\d")
"""What every date above holds: a day, a year or an ISO date has a digit. A scan dates every
document it reads, and most lines of a head hold none, so they are passed over before the
`PATTERNS` are tried (``tests/text/test_dates.py`` checks nothing is lost)."""


def stated_date(text: str) -> StatedDate | None:
    """The date ``text`` states at its top (see the module docstring), or ``None``."""
    head = text[:HEAD_CHARS].splitlines()[:HEAD_LINES]
    yearless: StatedDate | None = None
    for line in head:
        if _DIGIT.search(line) is None:
            continue
        for pattern, kind in _FIRST_FOUND:
            match = pattern.match(line)
            found = _from_match(match, kind) if match else None
            if found is not None:
                return found
        if yearless is None:
            match = _DATELINE_YEARLESS.match(line)
            yearless = _from_match(match, "dateline") if match else None
    return yearless


def parse_date(value: str) -> dt.datetime | None:
    """A date field's value as an aware datetime (UTC when it names no zone): ISO 8601
    (``2005-03-03``, ``2005-03-03T14:05:00Z``, with an offset) or a written full date
    (``3 March 2005``); ``None`` for anything else."""
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        match = re.fullmatch(rf"(?i){_WEEKDAY}{_FULL}", value)
        found = _from_match(match, "field") if match else None
        if found is None or found.year is None:
            return None
        parsed = dt.datetime(found.year, found.month, found.day)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def stated_when(published: str, text: str) -> dt.datetime | None:
    """When a document says it appeared: its date field (``published``), else a date its text
    states with the year; ``None`` without either. A file's time says only when it was saved."""
    if published:
        parsed = parse_date(published)
        if parsed is not None:
            return parsed
    stated = stated_date(text)
    if stated is None or stated.year is None:
        return None
    day = stated.in_year_of(dt.date.max)
    return None if day is None else dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
