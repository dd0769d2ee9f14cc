"""Boilerplate recognition: each kind on fictional snippets, near-misses that must stay content,
the real seed pair, and invariants of the spans."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.text.analyse import analyse
from dupcheck.text.boilerplate import detect_boilerplate
from dupcheck.text.segment import blocks
from dupcheck.text.types import BoilerplateKind, Document

K = BoilerplateKind
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def flagged(text: str) -> list[tuple[str, BoilerplateKind]]:
    return [(b.span.slice(text), b.kind) for b in detect_boilerplate(text)]


def one_line(line: str, story: str = "The council approved the budget on Monday.") -> str:
    """``line`` as its own paragraph above an ordinary story paragraph."""
    return f"{line}\n\n{story}\n"


# --- each kind ------------------------------------------------------------------------------

DATELINE_PREFIXES = [
    ("SEOUL (Reuters) – ", "Ministers met on Tuesday."),
    ("WASHINGTON, March 3 (AP) — ", "Lawmakers voted on the bill."),
    ("LONDON, Jan 5 (Reuters) - ", "Shares fell in early trade."),
    ("NEW YORK — ", "The city council met late into the night."),
    ("PARIS (AFP) - ", "Farmers blocked roads around the capital."),
    ("(Reuters) - ", "The company said profit rose."),
    ("SAN FRANCISCO, March 3 - ", "Orbis Corp said it would cut 200 jobs."),
    ("PORTLAND, Ore. (AP) — ", "Firefighters contained the blaze."),
    ("SPRINGFIELD, Ill., June 18 - ", "Dalton Mills Inc said it sold a unit."),
    ("VANCOUVER, British Columbia, March 9 - ", "Carrow Mines Ltd said assays improved."),
    ("Seoul (Reuters) - ", "Exports fell for a third month."),
    ("DETROIT, March 4 -", "General Motors Corp said it would offer loans."),
]


@pytest.mark.parametrize(("prefix", "sentence"), DATELINE_PREFIXES)
def test_dateline_prefix_is_only_the_prefix(prefix: str, sentence: str) -> None:
    text = f"Headline of the story\n\n{prefix}{sentence} More followed later.\n"
    assert flagged(text) == [(prefix.strip(), K.DATELINE)]


@pytest.mark.parametrize(
    "line",
    [
        "date 2019-08-21 Reuters, SEOUL",
        "Published: 12 March 2021 09:14 GMT",
        "Updated 3 hours ago",
        "March 3, 2021",
        "Tue 3 Mar 2020 14.05 GMT",
        "Last updated on Friday, 5 June 2020, 10:30 BST",
        "PORT HALDEN, March 13 (AP)",
        "SEOUL (Reuters)",
    ],
)
def test_date_header_lines(line: str) -> None:
    assert flagged(one_line(line)) == [(line, K.DATELINE)]


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By JANE DOE and JOHN ROE",
        "Jane Doe, Staff Writer",
        "By Jane Doe | Reuters",
        "By Maria de la Cruz and Tom O'Neill, Associated Press",
        "BY ANNA VAN DER BERG",
    ],
)
def test_bylines(line: str) -> None:
    assert flagged(one_line(line)) == [(line, K.BYLINE)]


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Hana Kim; Additional reporting by Leo Brandt in BERLIN; "
        "Editing by Ruth Adler and Sam Okafor",
        "Writing by Omar Haddad; Editing by Clare Finch",
        "Compiled by Nora Lind",
        "(Reporting by Ivo Petrov in Sofia; Editing by Mark Hale)",
        "Photo: Lena Ortiz/Getty Images",
        "— The Associated Press contributed to this report.",
        "Associated Press writer Paul Brandt in Berlin contributed to this report.",
        "Reuter",
        "(AP)",
    ],
)
def test_credits(line: str) -> None:
    assert flagged(one_line(line)) == [(line, K.CREDIT)]


def test_credit_closing_a_paragraph_is_cut_from_it() -> None:
    text = (
        "The mill closes in May, the union said. (Reporting by Ivo Petrov; Editing by Mark Hale)\n"
    )
    assert flagged(text) == [("(Reporting by Ivo Petrov; Editing by Mark Hale)", K.CREDIT)]


@pytest.mark.parametrize(
    "line",
    [
        "Copyright EngageNewswire 2019",
        "© 2021 Reuters",
        "Copyright 2021 The Associated Press. All rights reserved.",
        "All rights reserved.",
        "This material may not be published, broadcast, rewritten or redistributed.",
        "Copyright (c) 2020 Harbour Media Ltd. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed.",
    ],
)
def test_copyright(line: str) -> None:
    assert flagged(one_line(line)) == [(line, K.COPYRIGHT)]


def test_legal_sentence_closing_a_paragraph() -> None:
    text = "The vote is due on Friday. All rights reserved.\n"
    assert flagged(text) == [("All rights reserved.", K.COPYRIGHT)]


@pytest.mark.parametrize(
    "line",
    [
        "Home › World › Asia",
        "Home > News > Business > Markets",
        "HomeWorld NewsFarmers protest",
        "Share this article",
        "Follow us on Twitter",
        "Click here to subscribe",
        "Sign up for our newsletter",
        "Read more: Farmers block roads",
        "Related: Council approves budget",
        "Advertisement",
        "Skip to content",
        "We use cookies to improve your experience on our website.",
    ],
)
def test_chrome(line: str) -> None:
    assert flagged(one_line(line)) == [(line, K.CHROME)]


def test_breadcrumb_holding_the_headline_is_chrome_the_headline_is_not() -> None:
    headline = "Harbour city council approves new ferry budget"
    text = f"News | Local | {headline}\n\n{headline}\n\nThe council voted on Monday.\n"
    assert flagged(text) == [(f"News | Local | {headline}", K.CHROME)]


def test_truncated_headline_in_a_menu_line_is_chrome() -> None:
    headline = "Harbour city council approves new ferry budget after long debate"
    crumb = "Latest stories Harbour city council approves new ferry budget after"
    text = f"{headline}\n\n{crumb}\n\nThe council voted on Monday.\n"
    assert flagged(text) == [(crumb, K.CHROME)]


def test_second_copy_of_the_headline_right_after_it_is_chrome() -> None:
    headline = "Harbour city council approves new ferry budget"
    text = f"{headline}\n\n{headline}\n\nThe council voted on Monday.\n"
    found = detect_boilerplate(text)
    assert [(b.span.start, b.kind) for b in found] == [(len(headline) + 2, K.CHROME)]


def test_copies_of_a_short_line_further_apart_stay_content() -> None:
    # Identical short lines apart from each other are as often list entries (module docstring).
    headline = "Harbour city council approves new ferry budget"
    text = f"{headline}\n\nThe council voted on Monday.\n\n{headline}\n\nIt met again.\n"
    assert flagged(text) == []


def test_full_page() -> None:
    text = (
        "Skip to content\n"
        "Home › Business › Harbour ferries\n"
        "Harbour ferries to run all night\n"
        "By Jane Doe, Staff Writer\n"
        "Published: 12 March 2021 09:14 GMT\n"
        "\n"
        "HARBOUR CITY, March 12 (Reuters) - Ferries will run all night from May, the "
        "operator said on Friday.\n"
        "\n"
        "Fares will not change, it said.\n"
        "\n"
        "(Reporting by Jane Doe; Editing by Sam Roe)\n"
        "Share this article\n"
        "© 2021 Reuters. All rights reserved.\n"
    )
    assert flagged(text) == [
        ("Skip to content", K.CHROME),
        ("Home › Business › Harbour ferries", K.CHROME),
        ("By Jane Doe, Staff Writer", K.BYLINE),
        ("Published: 12 March 2021 09:14 GMT", K.DATELINE),
        ("HARBOUR CITY, March 12 (Reuters) -", K.DATELINE),
        ("(Reporting by Jane Doe; Editing by Sam Roe)", K.CREDIT),
        ("Share this article", K.CHROME),
        ("© 2021 Reuters. All rights reserved.", K.COPYRIGHT),
    ]


# --- near-misses: story content that must not be flagged -------------------------------------

NEAR_MISSES = [
    "By the end of the year, the plant will employ 400 people.",
    "Home prices rose 3% in March, the agency said.",
    "The figures surprised analysts. Reporting by the newspaper showed the deal had stalled.",
    '"We will defend all rights of our members," she said.',
    "Copyright law was reformed in 2019, the ministry said.",
    "Copyright Office officials said the rules would change.",
    "Harbour city council approves new ferry budget",
    "By March, sales had doubled.",
    "Share prices fell 2% after the announcement.",
    "Related businesses also suffered, traders said.",
    "Advertisement revenue rose 4% in the quarter.",
    "Follow-up talks are planned for June.",
    "The union said the strike would end. All rights were restored by the court.",
    "UPDATE - the council will meet again next week.",
    "COCA-Cola sales rose in March.",
    "The May 11 meeting - the first since the vote - went well.",
    "Ministers met on March 3, 2021 to discuss the budget.",
    "Subscribers rose 5% to 2 million.",
    "Editing by hand is slow, the printer said.",
    "US sales rose. Europe - its biggest market - was flat.",
    "DAY TWO- the rally resumed at dawn.",
    "She said she contributed this story idea to the paper years ago.",
]


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_near_misses_are_content(line: str) -> None:
    assert flagged(f"{line}\n\nThe council approved the budget on Monday.\n") == []


def test_wrapped_wire_lines_are_content() -> None:
    # Hard-wrapped wire copy: lines that only look like furniture mid-paragraph.
    text = (
        "LONDON, March 3 - The company said its board approved the\n"
        "share.\n"
        "\n"
        "Dalton Mills Inc said it was acquired by the group, which is\n"
        "owned\n"
        "by Andover Group.\n"
        "It said the unit was\n"
        "produced by Sandy Howard.\n"
    )
    assert flagged(text) == [("LONDON, March 3 -", K.DATELINE)]


def test_table_headers_with_dates_are_content() -> None:
    text = (
        "Grain stocks\n\nThe agency gave these figures.\n\n"
        "          04/09/87 03/09/87  04/09/87 03/09/87\n"
        "Wheat        2.55     2.40      4.65     4.70\n"
        "Corn         1.50     1.45      2.10     2.05\n"
        "Oats         1.10     1.05      1.60     1.55\n"
    )
    assert flagged(text) == []


def test_repeated_list_entries_are_content() -> None:
    fixture = "Winners meet in final match"
    text = "Cup fixtures\n\n" + "".join(
        f"Round {n}\n\n{fixture}\n\nKick-off at 3pm.\n\n" for n in range(3)
    )
    assert flagged(text) == []


# --- the real seed pair ---------------------------------------------------------------------


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_original() -> None:
    text = _seed("001")
    assert flagged(text) == [
        ("Copyright EngageNewswire 2019", K.COPYRIGHT),
        (
            "HomeTechnology NewsJapan approves further exports of high-tech material to South "
            "Korea: sources",
            K.CHROME,
        ),
        ("SEOUL (Reuters) –", K.DATELINE),
        (
            "Reporting by Hyunjoo Jin; Additional reporting by Makiko Yamazaki in TOKYO; Editing "
            "by Sandra Maler and Stephen Coates",
            K.CREDIT,
        ),
    ]
    # The story sentence after the dateline stays content, the dateline cut from it.
    first = analyse(Document("001", text)).sentences
    assert any(s.span.slice(text).startswith("Japan has approved shipments") for s in first)


def test_seed_copy() -> None:
    text = _seed("000")
    assert flagged(text) == [("date 2019-08-21 Reuters, SEOUL", K.DATELINE)]


# --- invariants -----------------------------------------------------------------------------


def test_empty_and_blank() -> None:
    assert detect_boilerplate("") == ()
    assert detect_boilerplate("\n\n  \n") == ()


def test_spans_index_the_original_with_crlf_and_indent() -> None:
    text = "Copyright Harbour Media 2020\r\n\r\n    SEOUL (Reuters) - Rates rose.\r\n"
    found = detect_boilerplate(text)
    assert [(b.span.slice(text), b.kind) for b in found] == [
        ("Copyright Harbour Media 2020", K.COPYRIGHT),
        ("SEOUL (Reuters) -", K.DATELINE),
    ]


_PIECES = st.sampled_from(
    [
        "SEOUL (Reuters) - ",
        "By Jane Doe",
        "Reporting by Ann Lee; Editing by Bo Chan",
        "© 2021 Reuters",
        "All rights reserved.",
        "Home › World › Asia",
        "Share this article",
        "March 3, 2021",
        "The council met.",
        "Rates rose 3% on Monday, the bank said.",
        "Harbour council approves ferry budget",
        "\n",
        "\n\n",
        " ",
        "(",
        ")",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=25))
def test_spans_are_ordered_disjoint_and_inside(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = detect_boilerplate(text)
    end = 0
    for b in found:
        assert end <= b.span.start < b.span.end <= len(text)
        assert b.span.slice(text).strip() == b.span.slice(text)
        end = b.span.end
    analysed = analyse(Document("x", text))
    assert analysed.boilerplate == found


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # Each passes a cheap gate placed before a costly rule (a glued-menu join, a breadcrumb
        # separator, a label or a digit in a date stamp); the lines after them fail the gate.
        ("Latest NewsWorld BusinessMarkets Japan approves plan", BoilerplateKind.CHROME),
        ("Home › World › Asia", BoilerplateKind.CHROME),
        ("News / World / Asia", BoilerplateKind.CHROME),
        ("Updated: yesterday", BoilerplateKind.DATELINE),
        ("March 3, 2021", BoilerplateKind.DATELINE),
    ],
)
def test_gated_rules_still_fire(line: str, kind: BoilerplateKind) -> None:
    text = f"Title of the story here\n\n{line}\n\nThe body of the story goes on here. It ends.\n"
    found = detect_boilerplate(text)
    assert [(b.span.slice(text), b.kind) for b in found] == [(line, kind)]


@pytest.mark.parametrize(
    "line", ["Latest News World Business", "Home and World and Asia", "Updated plans for March"]
)
def test_gated_rules_spare_plain_lines(line: str) -> None:
    text = f"Title of the story here\n\n{line}\n\nThe body of the story goes on here. It ends.\n"
    assert detect_boilerplate(text) == ()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "Copyright © 2024 Coastal Daily Media Group. Terms of use | Privacy | Contact us",
            BoilerplateKind.COPYRIGHT,
        ),
        ("This article contains material from Northern Wire Service.", BoilerplateKind.CREDIT),
        (
            "This story was provided by Metro Wire and has not been edited by Example staff.",
            BoilerplateKind.CREDIT,
        ),
        (
            "This story has not been edited by Example Times staff and is published from a "
            "syndicated feed.",
            BoilerplateKind.CREDIT,
        ),
    ],
)
def test_syndication_footers(line: str, kind: BoilerplateKind) -> None:
    text = f"The council approved the budget on Monday.\n\n{line}\n"
    found = detect_boilerplate(text)
    assert [(b.kind, b.span.slice(text)) for b in found] == [(kind, line)]


@pytest.mark.parametrize(
    "line",
    [
        "This article contains claims from officials that could not be verified.",
        "The report was provided by the ministry to lawmakers on Monday, officials said.",
        "Copyright law was changed in 2019. Critics | supporters disagree on what it means.",
        "This report was provided by the ministry to lawmakers on Monday, officials said.",
    ],
)
def test_story_sentences_like_footers_stay_content(line: str) -> None:
    text = f"The council approved the budget on Monday.\n\n{line}\n"
    assert detect_boilerplate(text) == ()


def test_line_blocks_from_the_caller_give_the_same_result() -> None:
    text = "Home › World › Asia\n\nSEOUL (Reuters) - Exports fell.\n\nBy Jane Doe\n"
    assert detect_boilerplate(text, line_blocks=blocks(text)) == detect_boilerplate(text)
    assert len(detect_boilerplate(text)) == 3


def test_a_repeated_headline_holding_a_dateline_is_one_span() -> None:
    # Found by the property above: the repeat is chrome as a whole, and the dateline the line
    # opens with must not overlap it.
    text = "SEOUL (Reuters) - SEOUL (Reuters) - \n\nSEOUL (Reuters) - SEOUL (Reuters) - "
    found = detect_boilerplate(text)
    repeat = text.rindex("SEOUL (Reuters) - SEOUL")
    assert [b.span.start for b in found if b.span.start >= repeat] == [repeat]
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(found))


def test_lazy_rules_answer_as_the_compiled_regex() -> None:
    from dupcheck.text import boilerplate_rules as rules

    lines = [
        line.strip()
        for path in sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    lazy = [v for v in vars(rules).values() if isinstance(v, rules.LazyPattern)]
    assert lazy
    for rule in lazy:
        regex = re.compile(rule.pattern, rule.flags)
        for line in lines:
            for method in ("match", "fullmatch", "search"):
                got, want = getattr(rule, method)(line, 1), getattr(regex, method)(line, 1)
                assert (got and got.span()) == (want and want.span()), (rule.pattern, line)
            assert rule.findall(line) == regex.findall(line)
            assert rule.sub(" ", line) == regex.sub(" ", line)
            assert [m.span() for m in rule.finditer(line)] == [
                m.span() for m in regex.finditer(line)
            ]
