"""Fictional news outlets: how each one dresses a story (chrome, datelines, typography, layout).

Every page in a synthetic corpus — originals, copies, quoting stories and distractors alike — is
published by one of these outlets, so site chrome is shared by unrelated articles exactly as on a
real site and is never, by itself, a sign that two pages carry the same story.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import textwrap
from dataclasses import dataclass
from enum import StrEnum

_NAMES = (
    "The Daily Example",
    "Northfield Gazette",
    "Harbour City Post",
    "Valley Courier",
    "Metro Ledger",
    "The Evening Sentinel",
    "Lakeside Herald",
    "The Morning Dispatch",
    "Riverbend Times",
    "Capital Observer",
    "The Coastal Chronicle",
    "Westmarch Tribune",
    "Eastgate Standard",
    "The Highland Record",
    "Prairie Press",
    "The Market Monitor",
    "Bayview Journal",
    "Summit Daily",
    "The Weekly Bulletin",
    "Oakridge Examiner",
    "Granite State Wire",
    "The City Desk",
    "Southbank Review",
    "Pinecrest News",
    "The Commerce Letter",
    "Redfield Mercury",
    "Union Square Reporter",
    "The Digital Herald",
    "Ironbridge Star",
    "Meridian Online",
)
_AGENCIES = ("Wire", "Continental Press", "Metro Wire Service", "Global News Agency")
_SECTIONS = (
    "World",
    "Business",
    "Markets",
    "Politics",
    "Technology",
    "Sport",
    "Entertainment",
    "Economy",
    "UK",
    "US",
    "Companies",
    "Commodities",
    "Opinion",
    "Science",
)
_FIRST = (
    "Jane",
    "Tom",
    "Priya",
    "Lukas",
    "Amara",
    "Daniel",
    "Mei",
    "Carlos",
    "Sofia",
    "Owen",
    "Hannah",
    "Yusuf",
    "Elena",
    "Marcus",
    "Ingrid",
    "Rafael",
    "Chloe",
    "Kenji",
)
_LAST = (
    "Doe",
    "Whitaker",
    "Raman",
    "Becker",
    "Okafor",
    "Levy",
    "Chen",
    "Ortega",
    "Lindqvist",
    "Byrne",
    "Moreau",
    "Haddad",
    "Petrova",
    "Grant",
    "Sato",
    "Alves",
    "Novak",
    "Fraser",
)
_ROLES = (
    "Staff Writer",
    "Business Correspondent",
    "Senior Reporter",
    "Markets Editor",
    "Political Correspondent",
    "Contributor",
)
_CITIES = (
    "LONDON",
    "NEW YORK",
    "WASHINGTON",
    "TOKYO",
    "FRANKFURT",
    "PARIS",
    "SYDNEY",
    "CHICAGO",
    "HONG KONG",
    "SINGAPORE",
    "TORONTO",
    "BRUSSELS",
    "MADRID",
    "JOHANNESBURG",
    "SEOUL",
    "ZURICH",
    "MUMBAI",
    "SAO PAULO",
    "MANCHESTER",
    "DUBLIN",
)

_HEADERS = (
    "Home › {section} › {title}",
    "Home | {section} | {section2} | Sport | Weather",
    "{name} · {section}",
    "You are here: Home / {section} / {title}",
    "Skip to main content",
    "Menu  Search  Sign in",
)
_DATES = (
    "Published: {date}",
    "Updated {date}, {time}",
    "{date} | {time} GMT",
    "Posted on {date}",
    "Last modified: {date}",
)
_BYLINES = ("By {author}", "By {author}, {role}", "{author}, {role}", "Written by {author}")
_FOOTERS = (
    "Share this article",
    "Share on Facebook | Share on X | Email",
    "Read more: {other}",
    "Related: {other}",
    "Sign up for the {name} newsletter and get the top stories in your inbox every morning.",
    "Get our free daily briefing. Subscribe now.",
    "© {year} {name}. All rights reserved.",
    "Copyright {year} {name}",
    "This story was provided by {agency} and has not been edited by {name} staff.",
    "Follow us on social media for the latest {section} news.",
    "Advertisement",
    "Comments are closed for this article.",
)
_CREDITS = (
    "Reporting by {author}; Editing by {author2}",
    "(Reporting by {author})",
    "Additional reporting by {author}",
    "Compiled by {author} for {name}",
)
_DATELINES = (
    "{city} ({agency}) – ",
    "{city}, {month} {day} ({agency}) - ",
    "{city} — ",
    "{city} ({agency}) - ",
)


class Layout(StrEnum):
    BLANK = "blank"
    """Paragraphs separated by one blank line."""
    WRAP = "wrap"
    """Lines hard-wrapped at the outlet's width, blank line between paragraphs."""
    JOINED = "joined"
    """One paragraph per line, no blank lines."""
    CRLF = "crlf"
    """Blank-line paragraphs with Windows line ends and trailing spaces."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """A fictional site with its house style."""

    name: str
    headers: tuple[str, ...]
    """Templates of lines above the story (navigation, publication date, byline)."""
    footers: tuple[str, ...]
    """Templates of lines below the story (share, read more, newsletter, copyright)."""
    dateline: str
    """Template of the dateline prefix this outlet writes, or ``""`` for none."""
    credit: str
    """Template of the credits line closing a story, or ``""``."""
    quotes: str
    """``curly``, ``straight`` or ``keep``."""
    dash: str
    """Replacement for a spaced hyphen: ``" – "``, ``" — "``, ``" -- "`` or ``" - "``."""
    layout: Layout
    width: int
    """Hard-wrap width for `Layout.WRAP`."""


def make_outlets(rng: random.Random, count: int = 30) -> tuple[Outlet, ...]:
    """``count`` outlets with house styles drawn from ``rng``."""
    outlets = []
    for i in range(count):
        name = _NAMES[i % len(_NAMES)] + ("" if i < len(_NAMES) else f" {i // len(_NAMES) + 1}")
        headers = [*rng.sample(_HEADERS, rng.randint(0, 2)), rng.choice(_DATES)]
        if rng.random() < 0.6:
            headers.append(rng.choice(_BYLINES))
        outlets.append(
            Outlet(
                name=name,
                headers=tuple(headers),
                footers=tuple(rng.sample(_FOOTERS, rng.randint(1, 4))),
                dateline=rng.choice(_DATELINES) if rng.random() < 0.6 else "",
                credit=rng.choice(_CREDITS) if rng.random() < 0.4 else "",
                quotes=rng.choice(("curly", "straight", "keep")),
                dash=rng.choice((" – ", " — ", " -- ", " - ")),
                layout=rng.choice(tuple(Layout)),
                width=rng.randint(60, 80),
            )
        )
    return tuple(outlets)


@dataclass(frozen=True, slots=True)
class Page:
    """What an outlet needs to publish one story, beyond its paragraphs."""

    title: str
    date: dt.date
    city: str
    section: str
    other_title: str
    """A headline of some other story, for ``Read more`` links."""


def random_page_facts(rng: random.Random) -> tuple[dt.date, str, str]:
    """A publication date, a dateline city and a section for one story."""
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(360))
    return date, rng.choice(_CITIES), rng.choice(_SECTIONS)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def headline(title: str) -> str:
    """A wire headline in capitals turned into the sentence case sites use."""
    if title.isupper():
        return title[:1] + title[1:].lower()
    return title


def _fill(template: str, outlet: Outlet, page: Page, rng: random.Random) -> str:
    return template.format(
        name=outlet.name,
        title=page.title,
        section=page.section,
        section2=rng.choice(_SECTIONS),
        date=page.date.strftime(rng.choice(("%d %B %Y", "%B %d, %Y", "%Y-%m-%d"))),
        time=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        author=_person(rng),
        author2=_person(rng),
        role=rng.choice(_ROLES),
        other=page.other_title,
        year=page.date.year,
        agency=rng.choice(_AGENCIES),
        city=page.city.title(),
        month=page.date.strftime("%b"),
        day=page.date.day,
    )


def dateline(outlet: Outlet, page: Page, rng: random.Random) -> str:
    """The outlet's dateline prefix for this page (``""`` when it writes none)."""
    if not outlet.dateline:
        return ""
    return _fill(outlet.dateline, outlet, page, rng).replace(page.city.title(), page.city)


_OPEN_DOUBLE = re.compile(r'(^|[\s(\[—–-])"')
_OPEN_SINGLE = re.compile(r"(^|[\s(\[—–-])'")
_STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_SPACED_DASH = re.compile(r" (?:-{1,2}|–|—) ")


def typeset(text: str, outlet: Outlet) -> str:
    """Quotes and spaced dashes in the outlet's house style."""
    if outlet.quotes == "curly":
        text = _OPEN_DOUBLE.sub(r"\1“", text).replace('"', "”")
        text = _OPEN_SINGLE.sub(r"\1‘", text).replace("'", "’")
    elif outlet.quotes == "straight":
        text = text.translate(_STRAIGHTEN)
    return _SPACED_DASH.sub(outlet.dash, text)


def lay_out(paragraphs: list[str], outlet: Outlet) -> str:
    """Paragraphs as the outlet's page text, line ends and wrapping included."""
    if outlet.layout is Layout.WRAP:
        blocks = [
            textwrap.fill(p, outlet.width, break_long_words=False, break_on_hyphens=False)
            for p in paragraphs
        ]
        return "\n\n".join(blocks) + "\n"
    if outlet.layout is Layout.JOINED:
        return "\n".join(paragraphs) + "\n"
    if outlet.layout is Layout.CRLF:
        return "\r\n\r\n".join(p + " " for p in paragraphs) + "\r\n"
    return "\n\n".join(paragraphs) + "\n"


def publish(
    paragraphs: list[str],
    outlet: Outlet,
    page: Page,
    rng: random.Random,
    *,
    with_dateline: bool,
    with_credit: bool,
    chrome: float = 1.0,
) -> str:
    """The full page: chrome lines (each kept with probability ``chrome``), headline, dateline,
    body, credit line, footer."""
    paragraphs = list(paragraphs)
    prefix = dateline(outlet, page, rng) if with_dateline else ""
    if prefix and paragraphs:
        paragraphs[0] = prefix + paragraphs[0]
    if with_credit and outlet.credit:
        paragraphs.append(_fill(outlet.credit, outlet, page, rng))
    head = [_fill(t, outlet, page, rng) for t in outlet.headers if rng.random() < chrome]
    foot = [_fill(t, outlet, page, rng) for t in outlet.footers if rng.random() < chrome]
    body = [typeset(p, outlet) for p in paragraphs]
    return lay_out([*head, page.title, *body, *foot], outlet)
