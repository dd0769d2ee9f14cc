"""``line_gate.may_claim`` turns down only lines that no boilerplate rule claims.

Lines are made to match each rule (from the rule's own pattern) and to pass or fail each clause
of the gate (fragments of real furniture and prose, joined at random); whenever a rule claims
part of a line under any flags, the gate must let the line through.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dupcheck.text import boilerplate
from dupcheck.text import boilerplate_rules as rules
from dupcheck.text.line_gate import may_claim

_ASCII = st.characters(max_codepoint=127)
_RULES = [
    rules.CREDIT_LINE,
    rules.SYNDICATION_NOTE,
    rules.SIGNATURE,
    rules.PHOTO_CREDIT,
    rules.BYLINE,
    rules.DATELINE_LINE,
    rules.PROMPT_WHOLE,
    rules.COPYRIGHT_NOTICE,
    re.compile(rf"(?:{rules.PROMPT_START.pattern}).{{0,30}}"),
    re.compile(rf"(?:{rules.DATELINE_PREFIX.pattern}) ?[A-Za-z ,.]{{0,30}}"),
    re.compile(rf"[A-Za-z ,.]{{0,30}}(?:{rules.CREDIT_TAIL.pattern})"),
    re.compile(rf"[A-Za-z ,.]{{0,30}}[.!?] (?:{rules.LEGAL.pattern})"),
    re.compile(
        r"[A-Z][a-z]{2,8}(?: [A-Za-z]{2,8}){0,3} \| (?:[A-Z][a-z]{2,8} \| ){1,3}[A-Z][a-z]+"
    ),
    re.compile(rf"{rules.MENU_WORD}{rules.MENU_WORD}{rules.MENU_WORD}"),
    re.compile(r"(?:Date|Published|Updated): (?:\d{1,2} [A-Z][a-z]{2} \d{4}|\d{4}-\d{2}-\d{2})"),
    re.compile(r"\d{1,2}/\d{1,2}/\d{4}|[A-Z][a-z]{2} \d{1,2}, \d{4}"),
]
_PROSE = [
    "The company said it had sold",
    "shares rose 3 pct",
    "SEOUL, March 3 -",
    "Jane Doe, Staff Writer",
    "(Reporting by Ann Lee)",
    "All rights reserved.",
    "The Associated Press contributed to this report.",
    "Home › World",
    "News / World / Asia",
    "first-quarter",
    "by",
    "Cookie policy",
    "(AP)",
    "Reuters",
    "Photo: X/Getty Images",
    "Copyright 2020",
    "This article contains material from Reuters.",
    "march 3 -",
    "NOTE: 1986",
    "-",
    ",",
    "|",
    ")",
    "(",
    "/",
    "1987",
]


def _claimed(s: str, head_or_foot: bool, glued: bool) -> bool:
    return any(
        boilerplate._classify(s, para_start, head_or_foot, glued) for para_start in (False, True)
    )


def _check(s: str, head_or_foot: bool, glued: bool) -> None:
    s = s.strip()
    if not s or not s.isascii():
        return
    # The document-wide flag is never False for a document holding a line with a case join.
    glued = glued or re.search(r"[a-z][A-Z]", s) is not None
    if _claimed(s, head_or_foot, glued):
        assert may_claim(s, glued, head_or_foot), s


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(_RULES).flatmap(
        lambda rule: st.from_regex(rule, fullmatch=True, alphabet=_ASCII)
    ),
    st.booleans(),
    st.booleans(),
)
def test_every_line_a_rule_claims_passes_the_gate(s: str, head_or_foot: bool, glued: bool) -> None:
    _check(s, head_or_foot, glued)


@settings(max_examples=250, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_PROSE), st.text(_ASCII, max_size=8)),
        min_size=1,
        max_size=8,
    ),
    st.booleans(),
    st.booleans(),
)
def test_mixed_lines_a_rule_claims_pass_the_gate(
    pieces: list[str], head_or_foot: bool, glued: bool
) -> None:
    _check(" ".join(pieces), head_or_foot, glued)


_FURNITURE = [
    *("SEOUL (Reuters) -", "PORT ELLERBY, March 13 (Wire) -", "WASHINGTON -", "Seoul (AP) -"),
    *("NICKEL -", "By Jane Doe", "BY JANE DOE and JOHN ROE", "Jane Doe, Staff Writer"),
    *("Jane Doe, Reuters", "Jane Doe | AFP", "Jane Doe - Associated Press", "Jane Doe/Reuters"),
    *("Ann Lee, Bureau Chief", "Ann Lee | Staff", "Bo Chan - The Canadian Press"),
    *("Reporting by Ann Lee; Editing by Bo Chan", "(Reporting by Ann Lee in TOKYO)"),
    *("It said so. (Reporting by Ann Lee)", "The Associated Press contributed to this report."),
    *("This article contains material from Reuters.", "Copyright 2020 Example Ltd"),
    *("(c) 2019 X", "All rights reserved.", "No part of this article may be reproduced."),
    *("News / World / Asia", "News | World | Asia", "News > World > Asia", "HomeWorld"),
    *("Latest NewsWorld BusinessMarkets", "Share this article", "Read more:", "12 comments"),
    *("We use cookies to improve your experience", "Photo: Jane Doe/Getty Images"),
    *("Image copyright Getty Images", "Reuters", "- AFP", "(AP)", "Picture: Ann Lee"),
    *("Published: 12 March 2021 09:14 GMT", "Updated 3 hours ago", "March 3, 2021"),
    *("2019-08-21", "ST. LOUIS, March 3", "Seoul (Reuters)", "DETROIT, March 4 -General Motors"),
    *("LONDON, march 3 - Shares fell.", "BONN, Feb 26, dpa - Talks", "Home", "Advertisement"),
    "media playback is unsupported on your device",
]


def test_furniture_passes_the_gate() -> None:
    claimed = 0
    for s in _FURNITURE:
        for head_or_foot in (False, True):
            if _claimed(s, head_or_foot, True):
                claimed += 1
                assert may_claim(s, True, head_or_foot), s
    assert claimed >= len(_FURNITURE)  # the examples are furniture indeed


def test_prose_is_turned_down() -> None:
    # What the gate is for: most lines of a story go no further.
    for s in (
        "The company said it had sold its first-quarter stake to a unit of Acme for 20 mln dlrs.",
        "Shares rose 3 pct on Tuesday, dealers said.",
        "It is generally agreed that shareholders' equity forms the base",
    ):
        assert not may_claim(s, glued=True, head_or_foot=False)
