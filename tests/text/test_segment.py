from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dupcheck.text.segment as segment_module
from dupcheck.text.segment import Segment, blocks, paragraphs, segment, segment_spans


def sentences(text: str) -> list[str]:
    return [s.span.slice(text) for s in segment(text)]


def paras(text: str) -> list[int]:
    return [s.paragraph for s in segment(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Ties between the two U.S. allies soured last year over wartime labour.",
        "The order went to Hanwha Heavy Co Ltd’s shipyard in Geoje.",
        "Shares of Acme Corp. rose after the report.",
        "Output grew 1.95 percent in the quarter, the bureau said.",
        "The plant will cost US$827.7 million, the group said.",
        "President John F. Kennedy signed the order.",
        "Mr. Park and Dr. Lee met Gov. Kim and Sen. Choi on Main St. in the morning.",
        "The ruling is due on Jan. 5 and the appeal on Sept. 30.",
        "Seed No. 3 lost in the first round.",
        "Chipmakers, e.g. the two largest, and i.e. the memory makers, fell.",
        "They sold phones, tablets, etc. and reported a loss.",
        "The vote came at 10 a.m. on Tuesday.",
        "“We will not back down,” the minister said, “not this year.”",
        "“Why now?” she asked reporters in Seoul.",
        "He said the talks were “going nowhere . . . but still alive.”",
        "Relations with Acme Inc. , the supplier, worsened.",
        "Exports to the then-Gov. Kim’s province fell.",
    ],
)
def test_one_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Exports fell in July. Imports rose 3 percent.",
            ["Exports fell in July.", "Imports rose 3 percent."],
        ),
        (
            "The board met on Monday. “The deal is off.” Shares fell.",
            ["The board met on Monday.", "“The deal is off.”", "Shares fell."],
        ),
        (
            '"We are ready," he said. "The talks start Monday."',
            ['"We are ready," he said.', '"The talks start Monday."'],
        ),
        (
            "Is it over? Not yet! The strike goes on.",
            ["Is it over?", "Not yet!", "The strike goes on."],
        ),
        (
            "He called it ‘a good start.’ Others disagreed.",
            ["He called it ‘a good start.’", "Others disagreed."],
        ),
        (
            "The parts came from Acme Inc. The deal was signed in Seoul.",
            ["The parts came from Acme Inc.", "The deal was signed in Seoul."],
        ),
        (
            "Chips made up a fifth of exports to the U.S. It was the first fall in a year.",
            ["Chips made up a fifth of exports to the U.S.", "It was the first fall in a year."],
        ),
        (
            "Prices fell 2 pct. 10 banks cut rates.",
            ["Prices fell 2 pct.", "10 banks cut rates."],
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_headline_and_dateline_lines_stand_alone() -> None:
    text = (
        "Seoul eases curbs on chip materials: officials\n"
        "date 2021-03-04 Wire Service, SEOUL\n"
        "Seoul has cleared a second shipment of etching gas to local chipmakers, officials "
        "said on Thursday. The move comes before talks next week.\n"
    )
    assert sentences(text) == [
        "Seoul eases curbs on chip materials: officials",
        "date 2021-03-04 Wire Service, SEOUL",
        "Seoul has cleared a second shipment of etching gas to local chipmakers, officials "
        "said on Thursday.",
        "The move comes before talks next week.",
    ]
    assert paras(text) == [0, 1, 2, 2]


BODY = (
    "SEOUL (Wire) - The government approved a second shipment of an etching gas to "
    "a local chipmaker on Tuesday, two officials said. The approval came before talks "
    "between the trade ministers of the two U.S. allies, due in Beijing on Wednesday. "
    "Shares of Hanwha Chemical Co Ltd rose 1.95 percent after Mr. Cho spoke."
)
BODY_SENTENCES = [
    "SEOUL (Wire) - The government approved a second shipment of an etching gas to "
    "a local chipmaker on Tuesday, two officials said.",
    "The approval came before talks between the trade ministers of the two U.S. allies, "
    "due in Beijing on Wednesday.",
    "Shares of Hanwha Chemical Co Ltd rose 1.95 percent after Mr. Cho spoke.",
]


@pytest.mark.parametrize("width", [50, 60, 70, 79])
def test_hard_wrapped_paragraph_is_not_split_at_line_breaks(width: int) -> None:
    text = textwrap.fill(BODY, width)
    assert "\n" in text
    assert [" ".join(s.split()) for s in sentences(text)] == BODY_SENTENCES
    assert set(paras(text)) == {0}


def test_ragged_hand_wrap_is_still_a_wrap() -> None:
    text = (
        "The government approved a second shipment of an etching gas to a\n"
        "local chipmaker on Tuesday, two officials said, ahead of talks between\n"
        "the two trade ministers in Beijing on Wednesday.\n"
    )
    assert len(sentences(text)) == 1


def test_wrapped_paragraphs_separated_by_blank_lines_or_indents() -> None:
    text = (
        "    The government approved a second shipment of an etching gas to a\n"
        "local chipmaker on Tuesday, two officials said.\n"
        "    The approval came before talks between the two trade ministers,\n"
        "due in Beijing on Wednesday.\n"
        "\n"
        "Shares rose.\n"
    )
    assert paras(text) == [0, 1, 2]


def test_one_paragraph_per_line() -> None:
    lines = [
        "Japan has cleared a second shipment of an etching gas to South Korea, two people "
        "familiar with the matter said on Tuesday, before talks this week.",
        "Relations between the neighbours soured late last year over compensation for "
        "wartime labour, and trade curbs followed in July.",
        "A spokeswoman for the chipmaker declined to comment.",
    ]
    text = "\n".join(lines)
    assert sentences(text) == lines
    assert paras(text) == [0, 1, 2]


def test_crlf_text() -> None:
    text = "Oil rises on supply fears\r\n\r\nPrices rose on Monday. Traders cited Iran.\r\n"
    assert sentences(text) == [
        "Oil rises on supply fears",
        "Prices rose on Monday.",
        "Traders cited Iran.",
    ]
    assert paras(text) == [0, 1, 1]


def test_spans_exclude_whitespace_and_paragraphs_cover_text() -> None:
    text = "\n\n   First line here.   \n\n\t Second. Third.  \n"
    segs = list(segment(text))
    assert [s.span.slice(text) for s in segs] == ["First line here.", "Second.", "Third."]
    assert [p.slice(text) for p in paragraphs(text)] == ["First line here.", "Second. Third."]


def test_empty_and_blank_text() -> None:
    assert list(segment("")) == []
    assert list(segment(" \n\r\n\t ")) == []


def test_segment_is_a_frozen_record() -> None:
    seg = next(segment("One sentence."))
    assert seg == Segment(seg.span, 0)
    with pytest.raises(AttributeError):
        seg.paragraph = 3  # type: ignore[misc]


def _check_invariants(text: str) -> None:
    segs = list(segment(text))
    covered = bytearray(len(text))
    previous_end = 0
    previous_paragraph = 0
    for seg in segs:
        chunk = seg.span.slice(text)
        assert chunk and chunk == chunk.strip()
        assert previous_end <= seg.span.start < seg.span.end <= len(text)
        assert previous_paragraph <= seg.paragraph <= previous_paragraph + 1
        previous_end, previous_paragraph = seg.span.end, seg.paragraph
        covered[seg.span.start : seg.span.end] = b"\1" * len(seg.span)
    assert not segs or segs[0].paragraph == 0
    assert all(covered[i] for i, ch in enumerate(text) if ch.isalnum())


NEWSY = [
    *"aZ .,!?…\"'“”‘’()[]\n\r\t-",
    "U.S.",
    "Mr.",
    "Inc.",
    "The",
    "1.9",
    ". . .",
    "\n\n",
    "    ",
]


@settings(max_examples=300)
@given(st.text())
def test_invariants_on_any_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(NEWSY), max_size=60).map("".join))
def test_invariants_on_newsy_text(text: str) -> None:
    _check_invariants(text)


def test_blocks_are_runs_of_non_blank_lines_and_feed_segment_spans() -> None:
    text = "  Title line\n\nFirst wrapped line of a story that\ngoes on here.\n \r\nLast.\n"
    assert [[text[start:end] for _, start, end in block] for block in blocks(text)] == [
        ["Title line"],
        ["First wrapped line of a story that", "goes on here."],
        ["Last."],
    ]
    assert blocks(text)[0][0][:2] == (0, 2)  # the line's start, then its content's
    spans = [(s.span.start, s.span.end, s.paragraph) for s in segment(text)]
    assert segment_spans(text, blocks(text)) == segment_spans(text) == spans


# Found by the fuzz campaign: a line of half a million full stops not followed by a space (a
# mangled page) took minutes, because the stop pattern was tried again from every stop of the
# run, each try reading the rest of the run. A try now starts only at the first stop of a run
# (or of a spaced ellipsis), which gives the same matches: the first try already read the rest.
_OLD_CANDIDATE = re.compile(r"([.!?…](?>[.!?…]*(?:\s[.…]+)*))([\"'’”»)\]]*)\s+")


def _spans_with(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, int]]:
    saved = segment_module._CANDIDATE
    segment_module._CANDIDATE = pattern
    try:
        return segment_spans(text)
    finally:
        segment_module._CANDIDATE = saved


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list('. !?…x X"”)\n\t,aT')), max_size=60))
def test_the_stop_pattern_matches_as_before(text: str) -> None:
    assert segment_spans(text) == _spans_with(_OLD_CANDIDATE, text)


@pytest.mark.parametrize("run", ["." * 50, "?!." * 20, ". " * 30 + ".", "… " * 20 + "…"])
def test_no_try_starts_inside_a_run_of_stops(run: str) -> None:
    text = f"Words{run} Next words"
    first = text.index(run[0])
    starts = [m.start() for m in segment_module._CANDIDATE.finditer(text)]
    assert all(s == first or s > first + len(run) for s in starts), starts
    inside = [i for i in range(first + 1, first + len(run)) if text[i] in ".!?…"]
    assert all(segment_module._CANDIDATE.match(text, i) is None for i in inside)
