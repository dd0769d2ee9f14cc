"""The date a story states at its top: header lines and datelines, years given or inferred."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupcheck.text import dates
from dupcheck.text.dates import HEAD_LINES, StatedDate, parse_date, stated_date

REFERENCE = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NEW YORK, March 3 - Stocks fell on Tuesday.", dt.date(2026, 3, 3)),
        ("LONDON (Reuters) 3 March 2005 - The pound rose.", dt.date(2005, 3, 3)),
        ("PARIS, Mar 12 (Reuters) - Talks resumed.", dt.date(2026, 3, 12)),
        ("SAO PAULO, Dec. 24 - Shops closed.", dt.date(2025, 12, 24)),
        ("Home › Business\nPublished: 12 March 2024\nHeadline\n\nBody.", dt.date(2024, 3, 12)),
        ("Posted on March 12, 2024\nHeadline", dt.date(2024, 3, 12)),
        ("Date: Tue, 3 Mar 2005 10:00:00 +0000\n\nBody", dt.date(2005, 3, 3)),
        ("2024-03-12 | 10:33 GMT\nHeadline", dt.date(2024, 3, 12)),
        ("Menu\nWednesday, 4th September 2019\nHeadline", dt.date(2019, 9, 4)),
        # A full date wins over a yearless dateline found before it.
        ("TOKYO, May 2 - Shares rose.\nPublished: 2 May 2019", dt.date(2019, 5, 2)),
    ],
)
def test_dates_stated_at_the_top_are_found(text: str, found: dt.date) -> None:
    stated = stated_date(text)
    assert stated is not None
    assert stated.in_year_of(REFERENCE) == found


@pytest.mark.parametrize(
    "text",
    [
        "Updated March 12, 2024, 10:33\nHeadline",  # when the page changed, not appeared
        "Last modified: 12 March 2024\nHeadline",
        "The meeting on March 3 - it said - went well.",  # no place in capitals
        "In London, March 3 - the pound rose.",
        "Shares rose on March 3, 2005 after the report.",  # a date inside a sentence
        "February 30, 2020\nHeadline",  # no such day
        "Headline\n\nNo date anywhere in this story.",
        "",
    ],
)
def test_no_date_is_made_up(text: str) -> None:
    assert stated_date(text) is None


def test_a_date_below_the_head_of_the_text_is_about_the_news() -> None:
    lines = [f"Paragraph {k} of the story." for k in range(HEAD_LINES)]
    assert stated_date("\n".join([*lines, "Published: 3 March 2005"])) is None
    assert stated_date("\n".join(["Published: 3 March 2005", *lines])) is not None


def test_a_yearless_date_takes_the_latest_year_not_after_the_reference() -> None:
    march = StatedDate(3, 3, None, "dateline")
    assert march.in_year_of(dt.date(2026, 3, 3)) == dt.date(2026, 3, 3)
    assert march.in_year_of(dt.date(2026, 3, 2)) == dt.date(2025, 3, 3)
    leap = StatedDate(2, 29, None, "dateline")
    assert leap.in_year_of(dt.date(2026, 12, 5)) == dt.date(2024, 2, 29)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_of_a_day_reads_back_as_that_day(day: dt.date) -> None:
    for form in ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y", "%A, %d %B %Y"):
        stated = stated_date(f"Published: {day.strftime(form)}\nHeadline")
        assert stated is not None and stated.in_year_of(REFERENCE) == day, form
        parsed = parse_date(day.strftime(form))
        assert parsed is not None and parsed.date() == day, form


@given(st.text(max_size=300))
def test_any_text_gives_a_real_day_or_none(text: str) -> None:
    stated = stated_date(text)
    if stated is not None:
        assert isinstance(stated.in_year_of(REFERENCE), dt.date)


def test_a_field_value_is_iso_8601_or_a_written_date() -> None:
    assert parse_date("2005-03-03") == dt.datetime(2005, 3, 3, tzinfo=dt.UTC)
    assert parse_date("2005-03-03T14:05:00+02:00") == dt.datetime(2005, 3, 3, 12, 5, tzinfo=dt.UTC)
    assert parse_date("3 March 2005") == dt.datetime(2005, 3, 3, tzinfo=dt.UTC)
    assert parse_date("March 3") is None  # no year: a field must say which day
    assert parse_date("yesterday") is None


@given(
    place=st.sampled_from(["NEW YORK", "LONDON", "ST. LOUIS"]),
    agency=st.sampled_from(["", " (Reuters)", " (AP)"]),
    header=st.sampled_from(["", "Date: ", "Published on ", "Tuesday, "]),
    day=st.integers(1, 31),
    month=st.sampled_from(["March", "mar.", "SEPT", "september", "May", "Dec"]),
    year=st.sampled_from(["", " 2005", ", 1987"]),
    day_first=st.booleans(),
)
def test_no_line_that_states_a_date_is_passed_over(
    *, place: str, agency: str, header: str, day: int, month: str, year: str, day_first: bool
) -> None:
    # The digit pre-filter may only skip lines that none of the four patterns would match.
    date = f"{day} {month}{year}" if day_first else f"{month} {day}{year}"
    dateline = f"{place}{agency}, {date} - The harbour authority said"
    assert any(p.match(dateline) for p in dates.PATTERNS), dateline
    lines = [dateline, f"{header}{date}", f"{date.replace(',', '')} 10:33 GMT", "2005-03-03"]
    for line in lines:
        if any(p.match(line) for p in dates.PATTERNS):
            assert dates._DIGIT.search(line) is not None, line
