"""The verdict from coverage and the matches' lengths and scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from dupcheck import compare_texts
from dupcheck.align.fact_changes import Evidence
from dupcheck.align.types import CompareOptions, Note, Scores, Verdict
from dupcheck.align.verdict import Matched, notes, on_other_days, verdict
from tests._stories import ONE_LINER

OPTIONS = CompareOptions()


def _scores(cov_a: float, cov_b: float) -> Scores:
    return Scores(0.0, 0.0, 0.0, cov_a, cov_b)


def _match(chars: int, score: float = 1.0) -> Matched:
    return Matched(chars, score)


def test_verdicts() -> None:
    assert verdict(_scores(0.9, 0.2), [_match(500)], OPTIONS) is Verdict.DUPLICATE
    assert (
        verdict(_scores(0.1, OPTIONS.duplicate_coverage), [_match(500)], OPTIONS)
        is Verdict.DUPLICATE
    )
    assert verdict(_scores(0.3, 0.2), [_match(500)], OPTIONS) is Verdict.PARTIAL
    assert (
        verdict(_scores(0.3, 0.2), [_match(OPTIONS.partial_min_chars - 1)], OPTIONS)
        is Verdict.DISTINCT
    )
    assert verdict(_scores(0.01, 0.02), [_match(500)], OPTIONS) is Verdict.DISTINCT
    assert verdict(_scores(0.0, 0.0), [], OPTIONS) is Verdict.DISTINCT


def test_partial_needs_a_passage_worth_of_close_matches() -> None:
    # Two stories on one topic share facts in reworded sentences; a quoted paragraph is copied
    # nearly word for word. Only the second is partial reuse.
    close = OPTIONS.partial_match_score
    reworded = [_match(200, close - 0.2), _match(200, close - 0.1)]
    assert verdict(_scores(0.3, 0.2), reworded, OPTIONS) is Verdict.DISTINCT
    assert verdict(_scores(0.3, 0.2), [*reworded, _match(120, close)], OPTIONS) is Verdict.PARTIAL
    # Coverage can still make reworded matches a duplicate when no close coverage is given.
    assert verdict(_scores(0.9, 0.8), reworded, OPTIONS) is Verdict.DUPLICATE


def test_a_duplicate_needs_most_of_one_side_nearly_word_for_word() -> None:
    # A later story retelling an earlier one in its own words, or built around its background
    # paragraph, covers it; a copy also keeps most of it nearly word for word.
    dup = _scores(0.9, 0.8)
    needed = OPTIONS.duplicate_close_coverage
    below = verdict(dup, [_match(500)], OPTIONS, close_coverage=lambda: needed - 0.01)
    assert below is Verdict.PARTIAL
    at = verdict(dup, [_match(500)], OPTIONS, close_coverage=lambda: needed)
    assert at is Verdict.DUPLICATE
    off = replace(OPTIONS, duplicate_close_coverage=0.0)
    assert verdict(dup, [_match(500)], off, close_coverage=lambda: 0.0) is Verdict.DUPLICATE
    # Lowering the duplicate coverage lowers the close coverage asked for with it.
    lenient = replace(OPTIONS, duplicate_coverage=0.1)
    assert verdict(_scores(0.15, 0.1), [_match(500)], lenient, close_coverage=lambda: 0.15) is (
        Verdict.DUPLICATE
    )


def test_close_coverage_is_read_only_for_a_duplicate_by_coverage() -> None:
    asked: list[bool] = []

    def close() -> float:
        asked.append(True)
        return 1.0

    assert verdict(_scores(0.3, 0.2), [_match(500)], OPTIONS, close_coverage=close) is (
        Verdict.PARTIAL
    )
    assert not asked
    assert verdict(_scores(0.9, 0.2), [_match(500)], OPTIONS, close_coverage=close) is (
        Verdict.DUPLICATE
    )
    assert asked


def test_verdict_thresholds_are_configurable() -> None:
    strict = CompareOptions(duplicate_coverage=0.95)
    assert verdict(_scores(0.9, 0.2), [_match(500)], strict) is Verdict.PARTIAL


def _evidence(
    *,
    named: int = 0,
    figures: int = 0,
    kept_figures: int = 0,
    named_chars: int = 0,
    dates: int = 0,
    names: int = 0,
) -> Evidence:
    return Evidence(
        named, figures, kept_figures, named_chars, matched_chars=500, dates=dates, names=names
    )


def test_names_or_dates_stated_otherwise_make_a_template() -> None:
    dup = _scores(0.9, 0.8)
    assert verdict(dup, [_match(500)], OPTIONS, _evidence) is Verdict.DUPLICATE
    other_fund = _evidence(named=1, named_chars=200)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: other_fund) is Verdict.TEMPLATE
    assert verdict(_scores(0.3, 0.2), [_match(500)], OPTIONS, lambda: other_fund) is (
        Verdict.TEMPLATE
    )
    # One misaligned sentence in a long copy does not.
    stray = _evidence(named=1, named_chars=50)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: stray) is Verdict.DUPLICATE


def test_figures_alone_make_a_template_only_when_most_changed() -> None:
    dup = _scores(0.9, 0.8)
    corrected = _evidence(figures=1, kept_figures=6)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: corrected) is Verdict.DUPLICATE
    assert notes(Verdict.DUPLICATE, corrected) == (Note.CHANGED_FIGURES,)
    one_liner = _evidence(figures=1)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: one_liner) is Verdict.DUPLICATE
    another_week = _evidence(figures=4, kept_figures=2)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: another_week) is Verdict.TEMPLATE
    updated = _evidence(figures=2, kept_figures=5)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: updated) is Verdict.DUPLICATE
    fed_one_liner = _evidence(figures=2, kept_figures=1)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: fed_one_liner) is Verdict.TEMPLATE
    price_table = _evidence(figures=OPTIONS.template_figures, kept_figures=10)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: price_table) is Verdict.TEMPLATE
    assert notes(Verdict.DUPLICATE, _evidence()) == ()


def test_a_figure_changed_with_its_day_makes_a_template() -> None:
    dup = _scores(0.9, 0.8)
    # A short dated line in a long stock text: too little to decide by names alone.
    other_day = _evidence(named=1, named_chars=20, dates=1)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: other_day) is Verdict.DUPLICATE
    other_day_figures = _evidence(named=1, named_chars=20, dates=1, figures=1, kept_figures=4)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: other_day_figures) is Verdict.TEMPLATE
    # A year a rewrite restated ("last year" as "1986"), with a figure, is no day moved.
    other_year_figures = _evidence(named=1, named_chars=20, figures=1, kept_figures=4)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: other_year_figures) is Verdict.DUPLICATE


def test_a_figure_changed_with_a_name_makes_a_template() -> None:
    # The same cattle report of another market: "SIOUX FALLS" / "OMAHA" in a short headline,
    # too little to decide by names alone, and its prices. A correction keeps the names.
    dup, partial = _scores(0.9, 0.8), _scores(0.5, 0.5)
    other_market = _evidence(named=1, names=1, named_chars=20, figures=2, kept_figures=7)
    for found in (dup, partial):
        assert verdict(found, [_match(500)], OPTIONS, lambda: other_market) is Verdict.TEMPLATE
    name_only = _evidence(named=1, names=1, named_chars=20, kept_figures=7)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: name_only) is Verdict.DUPLICATE
    corrected = _evidence(figures=1, kept_figures=7)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: corrected) is Verdict.DUPLICATE


def test_a_partial_whose_figures_all_changed_in_stock_wording_is_a_template() -> None:
    # A Fed operation or tender result of another day: a fifth of the shared wording is stock
    # lines, and its one figure is stated otherwise. A partial cannot be a corrected re-send.
    share = OPTIONS.formula_figures_share / 2
    other_day = _evidence(figures=1, kept_figures=1)
    retold = _scores(0.9, 0.7)
    # More figures agreeing than changed: an update carrying the earlier story's figures.
    update = _evidence(figures=1, kept_figures=2)
    for found, close in ((_scores(0.4, 0.3), None), (retold, lambda: 0.2)):
        stock = replace(found, formula=share)
        assert verdict(stock, [_match(500)], OPTIONS, lambda: other_day, close_coverage=close) is (
            Verdict.TEMPLATE
        )
        assert verdict(stock, [_match(500)], OPTIONS, lambda: update, close_coverage=close) is (
            Verdict.PARTIAL
        )
        own = replace(found, formula=share - 0.01)
        assert verdict(own, [_match(500)], OPTIONS, lambda: other_day, close_coverage=close) is (
            Verdict.PARTIAL
        )
    # A duplicate by its close matches may be a corrected re-send: it keeps its verdict.
    resent = replace(_scores(0.9, 0.9), formula=share)
    assert verdict(resent, [_match(500)], OPTIONS, lambda: other_day) is Verdict.DUPLICATE


def test_a_changed_figure_and_day_in_a_stock_text_is_a_template_end_to_end() -> None:
    stock = (
        "The U.S. Feeder Steer Price, or USFSP, as posted by the CME is calculated by Cattle Fax "
        "and represents the price used for cash settlement of the CME Feeder Cattle contract.\n\n"
        "The USFSP is a seven-calendar-day average of feeder steer prices from 27 states, based "
        "on auction and direct country sales for feeder steers that weigh between 600 and 800 "
        "lbs.\n\n"
    )
    a = stock + "The price for April 5 was 69.32 dlrs, the exchange said."
    b = stock + "The price for April 9 was 70.03 dlrs, the exchange said."
    corrected = stock + "The price for April 5 was 69.23 dlrs, the exchange said."
    assert compare_texts(a, b).verdict is Verdict.TEMPLATE
    assert compare_texts(a, corrected).verdict is Verdict.DUPLICATE


def test_formula_wording_makes_a_template() -> None:
    formula = replace(_scores(0.9, 0.8), formula=OPTIONS.formula_share)
    assert verdict(formula, [_match(500)], OPTIONS) is Verdict.TEMPLATE
    below = replace(formula, formula=OPTIONS.formula_share - 0.01)
    assert verdict(below, [_match(500)], OPTIONS) is Verdict.DUPLICATE
    # Without corpus knowledge the share is 0, whatever the threshold.
    assert verdict(_scores(0.9, 0.8), [_match(500)], CompareOptions(formula_share=0.0)) is (
        Verdict.DUPLICATE
    )
    # Distinct stays distinct: there is nothing shared to call a formula.
    assert verdict(replace(_scores(0.0, 0.0), formula=1.0), [], OPTIONS) is Verdict.DISTINCT


def test_a_figure_changed_in_formula_wording_makes_a_template() -> None:
    # A daily estimate of another day: the stock lines many stories carry, one figure changed.
    share = OPTIONS.formula_figures_share
    one_figure = _evidence(figures=1, kept_figures=3)
    for found in (_scores(0.9, 0.8), _scores(0.3, 0.2)):
        stock = replace(found, formula=share)
        assert verdict(stock, [_match(500)], OPTIONS, lambda: one_figure) is Verdict.TEMPLATE
        # The same figures in the same stock lines: a re-send.
        assert verdict(stock, [_match(500)], OPTIONS, _evidence) is not Verdict.TEMPLATE
        # A corrected figure in a story told mostly in its own words.
        own_words = replace(found, formula=share - 0.01)
        assert verdict(own_words, [_match(500)], OPTIONS, lambda: one_figure) is not (
            Verdict.TEMPLATE
        )
        off = CompareOptions(formula_figures_share=0.0)
        assert verdict(stock, [_match(500)], off, lambda: one_figure) is not Verdict.TEMPLATE


def test_a_figure_changed_in_stock_wording_of_a_short_notice_makes_a_template() -> None:
    # A seat-sale or barge-price one-liner of another day: its headline and opening line are
    # stock wording, the story's own line states another price. Stock wording is rarely most of
    # such a short notice, so the share that decides is well under half.
    seat_sale = _evidence(figures=1, kept_figures=2)
    for found in (_scores(0.6, 0.8), _scores(0.3, 0.2)):
        stock = replace(found, formula=0.36)
        assert verdict(stock, [_match(200)], OPTIONS, lambda: seat_sale) is Verdict.TEMPLATE
        # The same notice re-sent with its figures: no change, no template.
        assert verdict(stock, [_match(200)], OPTIONS, _evidence) is not Verdict.TEMPLATE
        own_words = replace(found, formula=0.3)
        assert verdict(own_words, [_match(200)], OPTIONS, lambda: seat_sale) is not (
            Verdict.TEMPLATE
        )


def test_facts_are_read_only_for_a_duplicate_or_partial() -> None:
    def never() -> Evidence:
        raise AssertionError("facts read for a distinct pair")

    assert verdict(_scores(0.01, 0.02), [_match(500)], OPTIONS, never) is Verdict.DISTINCT


def test_documents_naming_different_tickers_make_a_template() -> None:
    dup = _scores(0.9, 0.8)
    two_companies = replace(_evidence(), other_tickers=True)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: two_companies) is Verdict.TEMPLATE
    assert notes(Verdict.TEMPLATE, two_companies) == (Note.OTHER_TICKERS,)


def test_two_short_lines_stating_dates_otherwise_make_a_template() -> None:
    # A notice's pay and record lines are short: their dates decide even below template_share.
    dup = _scores(0.9, 0.8)
    one_line = replace(_evidence(named=1, named_chars=20), named_lines=1)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: one_line) is Verdict.DUPLICATE
    two_lines = replace(_evidence(named=2, named_chars=40), named_lines=2)
    assert verdict(dup, [_match(500)], OPTIONS, lambda: two_lines) is Verdict.TEMPLATE


def test_a_partial_made_of_formula_wording_is_a_template() -> None:
    # The close matches hold enough characters, but most of them are stock wording many
    # stories of the corpus carry: what is left is too short to be reuse.
    close = [_match(OPTIONS.partial_min_chars + 60)]
    assert verdict(_scores(0.3, 0.2), close, OPTIONS) is Verdict.PARTIAL
    mostly_formula = replace(_scores(0.3, 0.2), formula=0.5)
    assert verdict(mostly_formula, close, OPTIONS) is Verdict.TEMPLATE
    some_formula = replace(_scores(0.3, 0.2), formula=0.2)
    assert verdict(some_formula, close, OPTIONS) is Verdict.PARTIAL
    # A duplicate is judged by formula_share alone.
    assert verdict(replace(_scores(0.9, 0.8), formula=0.5), close, OPTIONS) is Verdict.DUPLICATE


def test_a_partial_made_of_two_line_ups_is_a_template() -> None:
    # Two match stories print one team's sheets with changes: the close matches are the lists.
    sheets = [_match(400, 0.85)]
    partial = _scores(0.3, 0.2)
    assert verdict(partial, sheets, OPTIONS, list_chars=lambda: 400) is Verdict.TEMPLATE
    # A passage of reporting copied besides the sheets keeps the partial.
    both = [*sheets, _match(OPTIONS.partial_min_chars)]
    assert verdict(partial, both, OPTIONS, list_chars=lambda: 400) is Verdict.PARTIAL
    # The same names listed again are no line-up of another match: nothing is taken off.
    assert verdict(partial, sheets, OPTIONS, list_chars=lambda: 0) is Verdict.PARTIAL


def test_line_ups_are_read_only_for_a_partial() -> None:
    def fail() -> int:
        raise AssertionError("list_chars read")

    assert verdict(_scores(0.9, 0.8), [_match(500)], OPTIONS, list_chars=fail) is (
        Verdict.DUPLICATE
    )
    assert verdict(_scores(0.01, 0.0), [_match(500)], OPTIONS, list_chars=fail) is (
        Verdict.DISTINCT
    )


def test_a_retelling_of_formula_wording_without_a_passage_is_a_template() -> None:
    # Coverage makes a duplicate, but nothing is copied nearly word for word (a retelling) and
    # much of what aligns is the corpus's stock wording: the formula told of another day.
    share = OPTIONS.formula_figures_share
    reworded = [_match(300, OPTIONS.partial_match_score - 0.1)]
    retold = lambda: 0.0  # noqa: E731
    formula = replace(_scores(0.9, 0.8), formula=share)
    assert verdict(formula, reworded, OPTIONS, close_coverage=retold) is Verdict.TEMPLATE
    # Own wording retold stays a partial, as does formula wording with a passage copied.
    own = replace(_scores(0.9, 0.8), formula=share - 0.01)
    assert verdict(own, reworded, OPTIONS, close_coverage=retold) is Verdict.PARTIAL
    passage = [*reworded, _match(OPTIONS.partial_min_chars)]
    assert verdict(formula, passage, OPTIONS, close_coverage=retold) is Verdict.PARTIAL
    # The rule is off with the option at 0.
    off = replace(OPTIONS, formula_figures_share=0.0)
    assert verdict(formula, reworded, off, close_coverage=retold) is Verdict.PARTIAL


def test_two_tables_sharing_only_their_header_are_a_template() -> None:
    # An export-price adjustment of another day: the headline and the list's header align word
    # for word, and no line of the two lists does.
    header = (
        "ARGENTINE GRAIN/OILSEED EXPORT PRICES ADJUSTED\n\n"
        "The Argentine Grain Board adjusted minimum export prices of grain and oilseed products "
        "in dlrs per tonne FOB, previous in brackets, as follows:\n\n"
    )
    maize = "Maize 71 (72), grain sorghum 65 (66), wheat 90 (92), barley 80 (81), oats 70 (70).\n\n"
    a = (
        header
        + maize
        + (
            "Roasted groundnutseed, according to grain size, 510 (520), 400 (410).\n\n"
            "Soybean pellets for shipments through May 164 (162) and June onwards 161 (159)."
        )
    )
    b = header + (
        "Sunflowerseed cake and expellers 103 (102), pellets 101 (100), meal 99 (98), linseed "
        "oil 274 (264), groundnutseed oil 450 (445), soybean oil 300 (290).\n\n"
        "Bran pollard wheat 40 (42), pellets 42 (44), sunflowerseed oil 323 (313)."
    )
    assert compare_texts(a, b).verdict is Verdict.TEMPLATE
    # The same header over a list that carries on into the other document is shared content.
    carried = b.replace("Bran pollard", maize + "Bran pollard")
    assert compare_texts(a, carried).verdict in (Verdict.PARTIAL, Verdict.DUPLICATE)
    # A header that ends a document introduces nothing there: no list to differ.
    assert compare_texts(header.strip(), header + "Bran pollard wheat 40 (42).").verdict is (
        Verdict.DUPLICATE
    )


def test_a_duplicate_of_two_one_liners_says_only_the_dates_can_tell() -> None:
    assert notes(Verdict.DUPLICATE, _evidence(), one_liners=True) == (Note.ONE_LINER,)
    assert notes(Verdict.DUPLICATE, _evidence(figures=1, kept_figures=3), one_liners=True) == (
        Note.CHANGED_FIGURES,
        Note.ONE_LINER,
    )
    # A partial or a template is no re-send in question.
    assert notes(Verdict.PARTIAL, _evidence(), one_liners=True) == ()
    assert notes(Verdict.TEMPLATE, _evidence(), one_liners=True) == ()


def test_two_identical_one_liners_are_a_duplicate_with_the_note_and_a_story_is_not() -> None:
    c = compare_texts(ONE_LINER, ONE_LINER)
    assert (c.verdict, c.notes) == (Verdict.DUPLICATE, (Note.ONE_LINER,))
    longer = ONE_LINER + (
        "\nDealers had expected no change. The next board meeting is on April 2, when the "
        "bank will review its money supply target.\n"
    )
    story = compare_texts(longer, longer)
    assert (story.verdict, story.notes) == (Verdict.DUPLICATE, ())


def test_an_undecided_duplicate_dated_days_apart_is_another_days_item() -> None:
    day = dt.timedelta(days=1)
    one_liner = (Note.ONE_LINER,)
    assert on_other_days(Verdict.DUPLICATE, one_liner, lambda: 14 * day) == (
        Verdict.TEMPLATE,
        (Note.OTHER_DAYS,),
    )
    changed = (Note.CHANGED_FIGURES,)
    assert on_other_days(Verdict.DUPLICATE, changed, lambda: 3 * day)[0] is Verdict.TEMPLATE
    # A re-send goes out the same day or the next; without dates the text decides.
    assert on_other_days(Verdict.DUPLICATE, one_liner, lambda: day) == (
        Verdict.DUPLICATE,
        one_liner,
    )
    assert on_other_days(Verdict.DUPLICATE, one_liner, lambda: None) == (
        Verdict.DUPLICATE,
        one_liner,
    )
    # A story copied days later says by its text that it is one story; a partial is no re-send.
    assert on_other_days(Verdict.DUPLICATE, (), lambda: 14 * day) == (Verdict.DUPLICATE, ())
    assert on_other_days(Verdict.PARTIAL, changed, lambda: 14 * day) == (Verdict.PARTIAL, changed)


def _dated(day: str, text: str) -> str:
    return f"Date: {day}\n\n{text}"


def test_two_one_liners_with_date_headers_weeks_apart_are_a_template() -> None:
    c = compare_texts(_dated("5 March 1987", ONE_LINER), _dated("2 April 1987", ONE_LINER))
    assert (c.verdict, c.notes) == (Verdict.TEMPLATE, (Note.OTHER_DAYS,))
    resent = compare_texts(_dated("5 March 1987", ONE_LINER), _dated("6 March 1987", ONE_LINER))
    assert (resent.verdict, resent.notes) == (Verdict.DUPLICATE, (Note.ONE_LINER,))
    # Only a day stated with its year counts: a file's time is not the story's date.
    undated = compare_texts(ONE_LINER, _dated("2 April 1987", ONE_LINER))
    assert (undated.verdict, undated.notes) == (Verdict.DUPLICATE, (Note.ONE_LINER,))
