"""Shingle resemblance and containment, coverage, figures and names."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupcheck.align.compare import compare_texts
from dupcheck.align.scores import coverage_of, with_shingles
from dupcheck.align.side import prepare, shingle_counts
from dupcheck.align.types import CompareOptions, Scores
from dupcheck.align.verify import verify_pair
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

OPTIONS = CompareOptions()


def test_resemblance_and_containment() -> None:
    a = prepare(analyse(Document("a", "one two three four five six")))
    b = prepare(analyse(Document("b", "one two three four five six seven eight")))
    unmatched = Scores(0.0, 0.0, 0.0, 0.0, 0.0)
    s = with_shingles(unmatched, *shingle_counts(a, b, OPTIONS.shingle_size))
    # A has 2 shingles, B 4, all of A's in B.
    assert s.resemblance == pytest.approx(2 / 4)
    assert s.containment_a == 1.0
    assert s.containment_b == pytest.approx(2 / 4)
    assert s.coverage_a == s.coverage_b == 0.0


def test_empty_documents_score_zero() -> None:
    a = analyse(Document("a", ""))
    assert verify_pair(a, a).scores == Scores(0.0, 0.0, 0.0, 0.0, 0.0)


def test_very_short_documents_compare_without_dividing_by_zero() -> None:
    s = compare_texts("Hi there.", "Hi there.").scores
    assert s.resemblance == 1.0 and s.containment_a == 1.0


def test_coverage_counts_content_characters_of_matched_sentences() -> None:
    text_a = "Alpha beta gamma delta epsilon. Zeta eta theta iota kappa lambda."
    a = analyse(Document("a", text_a))
    b = analyse(Document("b", "Alpha beta gamma delta epsilon."))
    s0, s1 = a.sentences
    s = coverage_of(prepare(a), prepare(b), a_sentences=[(0,)], b_sentences=[(0,)], same=[True])
    assert s.coverage_a == pytest.approx(len(s0.span) / (len(s0.span) + len(s1.span)))
    assert s.coverage_b == 1.0


def test_agreement_of_figures() -> None:
    from dupcheck.align.scores import agreement

    # A copy keeps the figures, whatever their format.
    assert agreement(["rates rose 10 percent to 2.4 mln"], ["rates rose 10% to 2.4 million"]) == 1.0
    # Figures only one side has are not replaced figures.
    assert agreement(["the plant closed on tuesday"], ["the plant closed on march 3, 2020"]) == 1.0
    # A template sentence with other figures is weak evidence of a copy.
    assert agreement(["taiwan buys 27 tonnes of soy"], ["taiwan buys 32 tonnes of soy"]) == 0.0
    assert agreement(["buys 27,000 tonnes"], ["buys 32,000 tonnes"]) == 0.0
    assert agreement(["buys 27,000 tonnes"], ["buys 27000 tonnes"]) == 1.0
    assert agreement(["sold 50 mln of 7 pct notes"], ["sold 50 mln of 8 pct notes"]) == 1 / 3


def test_template_story_with_other_figures_is_not_a_duplicate() -> None:
    from dupcheck import Verdict, compare_texts

    template = (
        "The Bank of England said it provided the money market with {n} mln stg assistance "
        "in the afternoon session.\n\n"
        "This brings the bank's total help so far today to {t} mln stg and compares with its "
        "revised estimate of a {s} mln stg shortage in the system.\n\n"
        "The central bank bought {n} mln stg of bank bills in band two at 9-13/16 pct."
    )
    monday = template.format(n=284, t=511, s=750)
    tuesday = template.format(n=518, t=643, s=900)
    same = compare_texts(monday, template.format(n=284, t=511, s=750))
    other = compare_texts(monday, tuesday)
    assert same.verdict is Verdict.DUPLICATE
    assert other.verdict is not Verdict.DUPLICATE
    assert other.scores.coverage_a < same.scores.coverage_a


def test_figures_of_a_sentence() -> None:
    from dupcheck.align.scores import figures

    assert figures("buys 27,000 tonnes at 2.4 pct") == {"27000", "2.4"}
    assert figures("no figure here") == frozenset()


def test_names_of_a_sentence() -> None:
    from dupcheck.align.scores import names

    assert names("Guilford Mills Inc said it filed with the SEC on Tuesday.") == {
        "guilford",
        "mills",
        "inc",
        "sec",
    }
    # One spelling whatever the quotes, possessive or dots.
    assert names("He said Israel's U.S. envoy left.") == names("He said Israel’s US envoy left.")
    # A capitalised first word alone is no name; weekdays and months are none either.
    assert names("Shares fell on Monday in March.") == frozenset()


def test_names_replaced_by_others_weaken_a_match() -> None:
    from dupcheck.align.scores import name_agreement, names

    a = names("Waxman Industries Inc said it filed with the Securities and Exchange Commission.")
    b = names("Guilford Mills Inc said it filed with the Securities and Exchange Commission.")
    assert name_agreement(a, b, set(), set()) == pytest.approx(4 / 8)
    # Names only one side has (a dropped credit) are not replaced names.
    told = names("A spokeswoman declined to comment, she told Reuters.")
    assert name_agreement(told, frozenset(), set(), set()) == 1.0
    # A name the other document uses anywhere, in any case, is not replaced: a rewrite that
    # expands a title keeps its weight.
    expanded = names("A Samsung and Ministry of Trade, Industry and Energy spokeswoman declined.")
    plain = names("A Samsung Electronics and trade ministry spokeswoman declined.")
    vocab_a = {"samsung", "ministry", "trade", "industry", "energy", "electronics"}
    vocab_b = {"samsung", "electronics", "trade", "ministry", "industry", "energy"}
    assert name_agreement(expanded, plain, vocab_a, vocab_b) == 1.0


def test_template_story_about_another_company_is_not_a_duplicate() -> None:
    from dupcheck import Verdict, compare_texts

    template = (
        "{name} said it filed with the Securities and Exchange Commission a registration "
        "statement covering a proposed offering of convertible subordinated debentures.\n\n"
        "Proceeds will be used to repay short-term indebtedness and for general corporate "
        "purposes, {name} said.\n\n"
        "The offering will be made through an underwriting group managed by {bank}."
    )
    one = template.format(name="Waxman Industries Inc", bank="Drexel Burnham Lambert")
    same = compare_texts(
        one, template.format(name="Waxman Industries Inc", bank="Drexel Burnham Lambert")
    )
    other = compare_texts(one, template.format(name="Guilford Mills Inc", bank="Morgan Stanley"))
    assert same.verdict is Verdict.DUPLICATE
    assert other.verdict is not Verdict.DUPLICATE
    assert other.scores.coverage_a < same.scores.coverage_a / 2


_TEXTS = st.text(alphabet=st.sampled_from(list("Aa Zz É é.'’-&_19,\n")), max_size=40)


@given(_TEXTS)
def test_figures_are_digit_runs_with_separators(text: str) -> None:
    from dupcheck.align.scores import figures

    runs = re.findall(r"\d+(?:[.,]\d+)*", text)
    assert figures(text) == {f.replace(",", "") for f in runs}


@given(_TEXTS)
def test_name_candidates_open_with_a_capital_after_no_token_character(text: str) -> None:
    from dupcheck.align.scores import _CAPITAL

    assert _CAPITAL.findall(text) == re.findall(r"(?<![\w&'’.-])[A-ZÀ-ÖØ-Þ][\w&'’.-]*", text)
