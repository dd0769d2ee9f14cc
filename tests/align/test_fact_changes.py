"""Which facts a match's two sides state otherwise (``Match.fact_changes``)."""

from __future__ import annotations

from dupcheck import compare_texts
from dupcheck.align.fact_changes import SHORT_WORDS, assess, gap_pairs
from dupcheck.align.side import prepare
from dupcheck.align.types import Comparison, FactChange, Note, Verdict
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import read_text_document
from dupcheck.text.types import FactKind
from tests._stories import NOTICES


def _changes(c: Comparison) -> list[tuple[str, str, str]]:
    return [(f.kind.value, f.a_text, f.b_text) for m in c.matches for f in m.fact_changes]


def _shown(c: Comparison, change: FactChange) -> tuple[str, str]:
    """The change's spans read back from the two original texts."""
    return change.a.slice(c.a.document.text), change.b.slice(c.b.document.text)


def test_dividend_notices_of_two_funds_state_other_names_and_figures() -> None:
    c = compare_texts(NOTICES[0], NOTICES[1])
    assert _changes(c) == [
        ("name", "Franklin Ohio Insured", "Franklin Minnesota Insured"),
        ("figure", "6.1 cts", "6.6 cts"),
        (
            "name",
            "Franklin Ohio Insured Tax-Free Income Fund",
            "Franklin Minnesota Insured Tax-Free Income Fund",
        ),
    ]
    for m in c.matches:
        for change in m.fact_changes:
            assert _shown(c, change) == (change.a_text, change.b_text)
            assert m.a.start <= change.a.start and change.a.end <= m.a.end
            assert m.b.start <= change.b.start and change.b.end <= m.b.end
    assert c.verdict is Verdict.TEMPLATE


def test_a_relative_date_made_absolute_is_no_change() -> None:
    # A story, not a one-liner (which carries its own note): four sentences.
    a = (
        "The harbour board of Port Ellerby voted on Tuesday to close the north quay to cargo "
        "ships from next spring, ending a century of freight traffic at the old berth. "
        "Dock workers said the decision came without warning. "
        "The board said repairs to the quay wall would cost more than the berth earns. "
        "Freight will move to the deep-water terminal south of the town."
    )
    b = a.replace("on Tuesday", "yesterday")
    c = compare_texts(a, b)
    assert c.matches and _changes(c) == []
    assert c.verdict is Verdict.DUPLICATE and c.notes == ()


def test_a_fact_only_one_side_states_is_no_change() -> None:
    a = "Meridian Foods Inc said its quarterly profit rose to 12 mln dlrs on higher sales in Asia."
    b = (
        "Meridian Foods Inc said its quarterly profit rose to 12 mln dlrs on higher sales in Asia "
        "and a 4 pct price rise in Europe, chief executive Ann Lowe told analysts."
    )
    assert _changes(compare_texts(a, b)) == []


def test_the_same_figure_written_or_rounded_otherwise_is_no_change() -> None:
    a = "Revenues rose to 1.46 billion dlrs from 9.1 mln dlrs, the United States agency said."
    b = "Revenues rose to 1,459,193,000 dlrs from 9,100,000 dlrs, the U.S. agency said."
    assert _changes(compare_texts(a, b)) == []


def test_the_same_figure_with_its_scale_word_on_one_side_only_is_no_change() -> None:
    a = "The Saudis asked Petrobras to pay 40 mln dlrs for the cargo before it could be unloaded."
    b = "The Saudis asked Petrobras to pay 40 dlrs for the cargo before it could be unloaded."
    assert _changes(compare_texts(a, b)) == []
    c = "The Saudis asked Petrobras to pay 45 mln dlrs for the cargo before it could be unloaded."
    assert _changes(compare_texts(a, c)) == [("figure", "40 mln dlrs", "45 mln dlrs")]
    d = "The Saudis asked Petrobras to pay 400 dlrs for the cargo before it could be unloaded."
    assert _changes(compare_texts(b, d)) == [("figure", "40 dlrs", "400 dlrs")]


def test_a_figure_replaced_in_its_place_is_a_change() -> None:
    a = "Federal funds were trading at 6-1/8 pct when the Fed began its supply of reserves."
    b = "Federal funds were trading at 6-3/16 pct when the Fed began its supply of reserves."
    c = compare_texts(a, b)
    assert _changes(c) == [("figure", "6-1/8 pct", "6-3/16 pct")]
    (change,) = c.matches[0].fact_changes
    assert change.kind is FactKind.FIGURE


def test_figures_in_their_places_change_though_the_other_side_states_one_of_them() -> None:
    a = "There were five grain ships loading and three ships were waiting to load at Portland."
    b = "There were three grain ships loading and two ships were waiting to load at Portland."
    assert _changes(compare_texts(a, b)) == [
        ("figure", "five", "three"),
        ("figure", "three", "two"),
    ]


def test_two_figures_swapped_in_their_places_are_both_still_stated() -> None:
    a = "Assays of tailings at the mine ranged from 0.50 to 0.64 ounces of gold per ton, it said."
    b = "Assays of tailings at the mine ranged from 0.64 to 0.50 ounces of gold per ton, it said."
    assert _changes(compare_texts(a, b)) == []


def test_a_word_inserted_inside_a_name_names_another_fund() -> None:
    a = "Monthly dividend 6.1 cts.\n\nNOTE: the fund is the Franklin Insured Tax-Free Income Fund."
    b = (
        "Monthly dividend 6.1 cts.\n\n"
        "NOTE: the fund is the Franklin California Insured Tax-Free Income Fund."
    )
    assert _changes(compare_texts(a, b)) == [
        (
            "name",
            "Franklin Insured Tax-Free Income Fund",
            "Franklin California Insured Tax-Free Income Fund",
        )
    ]


def test_a_title_first_name_or_initial_added_to_a_name_is_no_change() -> None:
    a = "The plan was welcomed on Monday by Ronald Reagan and by George Bush in Washington."
    b = (
        "The plan was welcomed on Monday by President Ronald Reagan and by George W. Bush in "
        "Washington."
    )
    assert _changes(compare_texts(a, b)) == []


def test_a_year_is_not_replaced_by_a_month() -> None:
    a = "Exports other than coffee rose 55 pct, setting a trend for the trade balance in 1987."
    b = "Exports other than coffee rose 55 pct, setting a trend for the trade balance in January."
    assert _changes(compare_texts(a, b)) == []


def test_another_day_of_the_month_is_a_change() -> None:
    a = "The dividend is payable April 30 to holders of record April 15, the company said."
    b = "The dividend is payable July 22 to holders of record July 10, the company said."
    assert _changes(compare_texts(a, b)) == [
        ("date", "April 30", "July 22"),
        ("date", "April 15", "July 10"),
    ]


def test_identical_notices_of_two_listed_companies_are_a_template() -> None:
    body = "\n\nQtly div 24 cts vs 24 cts prior\n\nPay April 1\n\nRecord March 15\n"
    a = "EASTGROUP PROPERTIES <EGP> SETS REGULAR PAYOUT" + body
    b = "UNISYS CORP <UIS.N> SETS QUARTERLY" + body
    c = compare_texts(a, b)
    assert _changes(c) == []
    assert (c.verdict, c.notes) == (Verdict.TEMPLATE, (Note.OTHER_TICKERS,))
    # The same notice re-sent, its ticker spelt with the exchange: a copy.
    resent = compare_texts(a, "EASTGROUP PROPERTIES <EGP.N> SETS PAYOUT" + body)
    assert (resent.verdict, resent.notes) == (Verdict.DUPLICATE, ())


def _notice(month: str, pay: int, record: int, record_word: str = "Record") -> str:
    return (
        "NORTHGATE INCOME SETS MONTHLY PAYOUT\n\nMthly div 6.2 cts vs 6.2 cts prior\n\n"
        f"Pay {month} {pay}\n\n{record_word} {month} {record}\n\n"
        "NOTE: Northgate Income Tax-Free Fund.\n"
    )


def test_short_unmatched_lines_in_the_same_gap_state_their_dates_otherwise() -> None:
    # "Rec July 14" shares no word with "Record June 12" and is not aligned, yet it is the same
    # line of the formula: the gap between the pay-date match and the NOTE match holds it on
    # both sides. With the pay date, two lines state a date otherwise: another month's notice.
    c = compare_texts(_notice("June", 30, 12), _notice("July", 31, 14, "Rec"))
    assert [len(m.fact_changes) for m in c.matches] == [0, 0, 1, 0]
    assert c.verdict is Verdict.TEMPLATE
    # The same notice re-sent, its record line abbreviated: still a copy.
    resent = compare_texts(_notice("June", 30, 12), _notice("June", 30, 12, "Rec"))
    assert resent.verdict is Verdict.DUPLICATE


def test_unmatched_lines_pair_only_in_the_same_gap_and_when_short() -> None:
    a = prepare(analyse(read_text_document(_notice("June", 30, 12), "a")))
    b = prepare(analyse(read_text_document(_notice("July", 31, 14, "Rec"), "b")))
    # Head, div line, pay line and NOTE matched one to one: the record lines stand in one gap.
    units = [([0], [0]), ([1], [1]), ([2], [2]), ([4], [4])]
    assert gap_pairs(a, b, units) == [(3, 3)]
    # The pay and NOTE matches crossed on B: the gap between them is not one gap on B.
    assert gap_pairs(a, b, [([0], [0]), ([1], [1]), ([2], [4]), ([4], [2])]) == []
    long_line = " ".join(["word"] * (SHORT_WORDS + 1)) + " on June 12."
    c = prepare(
        analyse(
            read_text_document(_notice("June", 30, 12).replace("Record June 12", long_line), "c")
        )
    )
    assert gap_pairs(c, b, units) == []


def test_identical_matches_keep_their_figures_when_others_change() -> None:
    """A match whose two sides are the same text is read for facts only when figures changed
    elsewhere, and then its figures count as kept, as they did when every match was read."""
    head = "Acme Corp said quarterly profit rose to 12 mln dlrs from 9 mln dlrs last year."
    other = head.replace("12 mln", "14 mln").replace("9 mln", "8 mln")
    tail = "The company employs 4,500 people at 17 plants in Ohio and Texas, it said."
    a = prepare(analyse(read_text_document(f"{head}\n\n{tail}\n", "a")))
    b = prepare(analyse(read_text_document(f"{other}\n\n{tail}\n", "b")))
    found, evidence = assess(a, b, [((0,), (0,)), ((1,), (1,))])
    assert [len(changes) for changes in found] == [2, 0]
    assert (evidence.figures, evidence.kept_figures) == (2, 2)
    same = prepare(analyse(read_text_document(f"{head}\n\n{tail}\n", "c")))
    _, unchanged = assess(a, same, [((0,), (0,)), ((1,), (1,))])
    assert (unchanged.figures, unchanged.kept_figures) == (0, 0)


def test_another_bank_named_before_its_ticker_is_another_bank() -> None:
    body = (
        " said it is cutting its base lending rate to 6.5 pct from 7 pct, effective tomorrow."
        "\n\nThe reduction follows similar moves by the other clearing banks this morning."
        "\n\nDealers said the cut had been expected since the central bank lowered its own "
        "rates last week.\n"
    )
    c = compare_texts(
        "BASE RATE CUT TO 6.5 PCT\n\nHarbour Savings Plc <HSAV.L>" + body,
        "BASE RATE CUT TO 6.5 PCT\n\n<Quayside Bank NA>" + body,
    )
    assert ("name", "Harbour Savings Plc", "Quayside Bank NA") in _changes(c)
    assert c.verdict is Verdict.TEMPLATE
