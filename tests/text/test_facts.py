"""The facts of a sentence: figures, dates, names and tickers, with spans into the original text.

Most cases live in ``facts_cases.txt`` (a sentence, then one ``kind | as written | key`` line per
fact); the tests here read it and check invariants on any text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupcheck.text.facts import facts
from dupcheck.text.types import FactKind, Span

CASES = Path(__file__).with_name("facts_cases.txt")


def _cases() -> list[tuple[str, list[tuple[str, str, str]]]]:
    blocks = []
    lines = [line for line in CASES.read_text("utf-8").splitlines() if not line.startswith("#")]
    for block in "\n".join(lines).strip().split("\n\n"):
        sentence, *expected = block.splitlines()
        rows = [tuple(part.strip() for part in row.split(" | ")) for row in expected]
        assert all(len(r) == 3 for r in rows), block
        blocks.append((sentence, [(r[0], r[1], r[2]) for r in rows]))
    return blocks


@pytest.mark.parametrize(("sentence", "expected"), _cases(), ids=lambda v: str(v)[:40])
def test_facts_of_the_case_file(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    # Inside a longer text, so the spans must be offsets into it, not into the sentence.
    text = "Header line.\n\n" + sentence + "\n\nFooter."
    span = Span(14, 14 + len(sentence))
    found = [
        (
            f.kind.value,
            f.span.slice(text),
            f.key + (" (relative)" if f.relative else ""),
        )
        for f in facts(text, span)
    ]
    assert found == expected


def test_a_capitalised_first_word_alone_is_no_name() -> None:
    text = "Shares fell sharply in Tokyo."
    assert [f.span.slice(text) for f in facts(text, Span(0, len(text)))] == ["Tokyo"]


def test_context_is_the_word_on_each_side() -> None:
    text = "Pay April 1 to holders"
    (date,) = facts(text, Span(0, len(text)))
    assert date.kind is FactKind.DATE
    assert date.context == ("pay", "to")


def test_a_name_stands_before_the_word_after_its_ticker() -> None:
    # "Harbour Savings Plc <HSAV.L> said" stands where "Quayside Bank NA said" does.
    text = "Harbour Savings Plc <HSAV.L> said it cut its base rate."
    name = next(f for f in facts(text, Span(0, len(text))) if f.kind is FactKind.NAME)
    assert name.span.slice(text) == "Harbour Savings Plc"
    assert name.context == ("", "said")


@given(st.text(max_size=200))
def test_spans_lie_inside_the_sentence_and_are_in_order(body: str) -> None:
    text = "xx " + body + " yy"
    span = Span(3, 3 + len(body))
    found = facts(text, span)
    starts = [f.span.start for f in found]
    assert starts == sorted(starts)
    for f in found:
        assert span.start <= f.span.start < f.span.end <= span.end
        assert f.key
