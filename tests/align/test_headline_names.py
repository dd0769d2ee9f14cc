"""Names read from the openings of two wire headlines in capitals (``align.headline_names``)."""

from __future__ import annotations

from dupcheck import compare_texts
from dupcheck.align.types import Comparison, Note, Verdict
from dupcheck.text.types import FactKind

# A one-liner's body: the headline is a fifth or more of the matched text.
_BODY = "\n\nHog prices were up 0.50 dlr, private sources said. Top 49.25 dlrs per cwt.\n"


def _names(c: Comparison) -> list[tuple[str, str]]:
    return [
        (f.a_text, f.b_text) for m in c.matches for f in m.fact_changes if f.kind is FactKind.NAME
    ]


def test_the_same_market_report_of_another_market_is_a_template() -> None:
    c = compare_texts(
        "KEOKUK HOGS SEEN STEADY - PRIVATE" + _BODY, "DUBUQUE HOGS SEEN STEADY" + _BODY
    )
    assert _names(c) == [("KEOKUK", "DUBUQUE")]
    assert c.verdict is Verdict.TEMPLATE
    two_words = compare_texts(
        "KEOKUK HOGS SEEN STEADY" + _BODY, "SIOUX FALLS HOGS SEEN STEADY" + _BODY
    )
    assert _names(two_words) == [("KEOKUK", "SIOUX FALLS")]
    assert two_words.verdict is Verdict.TEMPLATE


def test_the_same_headline_is_no_change() -> None:
    c = compare_texts(
        "KEOKUK HOGS SEEN STEADY" + _BODY, "KEOKUK HOGS SEEN STEADY - PRIVATE" + _BODY
    )
    assert _names(c) == []
    assert c.verdict is Verdict.DUPLICATE


def test_an_opening_the_other_document_writes_is_no_change() -> None:
    # The other body names the market, or a longer word starts with the opening.
    named = compare_texts(
        "KEOKUK HOGS SEEN STEADY" + _BODY,
        "DUBUQUE HOGS SEEN STEADY" + _BODY.replace("Hog prices", "Keokuk hog prices"),
    )
    assert _names(named) == []
    stem = compare_texts(
        "JAPAN CRUSHERS BUY RAPESEED" + _BODY,
        "JAPANESE CRUSHERS BUY RAPESEED" + _BODY,
    )
    assert _names(stem) == []
    assert stem.verdict is Verdict.DUPLICATE


def test_openings_before_a_stop_word_or_with_a_shared_ticker_are_no_change() -> None:
    retold = compare_texts(
        "PROGRESS AT HOG MARKET TALKS" + _BODY, "DIFFERENCES RESOLVED AT HOG MARKET TALKS" + _BODY
    )
    assert _names(retold) == []
    corrected = compare_texts(
        "FIELDCORP <FDC.O> SEES HOGS STEADY" + _BODY,
        "CORRECTED-FIDELCORP <FDC.O> SEES HOGS STEADY" + _BODY,
    )
    assert _names(corrected) == []
    assert corrected.verdict is Verdict.DUPLICATE


def test_a_headline_with_lower_case_letters_is_not_read_here() -> None:
    c = compare_texts("Keokuk hogs seen steady" + _BODY, "Dubuque hogs seen steady" + _BODY)
    assert ("Keokuk", "Dubuque") not in _names(c)


_NOTICE = "\n\nMthly div 6.2 cts vs 6.2 cts prior\n\nPay May 14\n\nRecord May Two\n"


def test_two_bracketed_names_in_the_headlines_are_two_companies() -> None:
    # Two funds of one family: the headlines share every word but those inside the names.
    c = compare_texts(
        "<ELLERBY HARBOUR TAX-FREE INCOME FUND>PAYOUT" + _NOTICE.replace("6.2", "3.9"),
        "<ELLERBY NORTH QUAY TAX-FREE INCOME FUND> PAYOUT" + _NOTICE,
    )
    assert _names(c) == [
        ("ELLERBY HARBOUR TAX-FREE INCOME FUND", "ELLERBY NORTH QUAY TAX-FREE INCOME FUND")
    ]
    assert c.verdict is Verdict.TEMPLATE


def test_a_bracketed_name_the_other_document_states_is_no_change() -> None:
    # A correction of the name: the corrected notice still names the first company.
    c = compare_texts(
        "<ELLERBY TRUST BANK PLC> 1ST QTR NET" + _NOTICE,
        "CORRECTED-<ELLERBY TRUST BANK USA> 1ST QTR NET"
        + _NOTICE
        + "\nNOTE: <Ellerby Trust Bank PLC> subsidiary.\n",
    )
    assert _names(c) == []
    spelled = compare_texts(
        "<Ellerby Insured Fund Inc.> PAYOUT" + _NOTICE,
        "<ELLERBY INSURED FUND INC> PAYOUT" + _NOTICE,
    )
    assert _names(spelled) == []
    assert spelled.verdict is Verdict.DUPLICATE


_RESULTS = (
    "\n\nShr 41 cts vs 33 cts\n\nNet 5,120,000 vs 4,080,000\n\nRevs 61.3 mln vs 55.8 mln\n\n"
    "NOTE: Results restated for the sale of the bakery division in 1986.\n"
)


def test_one_company_under_two_tickers_is_no_other_company() -> None:
    # A ticker mistyped in a re-send: the headlines name the company alike.
    resent = compare_texts(
        "HARBOUR FOODS CORP <HBFD> 1ST QTR NET" + _RESULTS,
        "HARBOUR FOODS <HBFO> 1ST QTR NET" + _RESULTS,
    )
    assert resent.verdict is Verdict.DUPLICATE
    assert Note.OTHER_TICKERS not in resent.notes
    # Two companies whose results read alike are a template, by their tickers.
    other = compare_texts(
        "HARBOUR FOODS CORP <HBFD> 1ST QTR NET" + _RESULTS,
        "QUAYSIDE MILLS INC <QYMS> 1ST QTR NET" + _RESULTS,
    )
    assert (other.verdict, other.notes) == (Verdict.TEMPLATE, (Note.OTHER_TICKERS,))
