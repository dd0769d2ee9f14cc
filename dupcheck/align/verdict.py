"""The verdict on a pair: whether one document is a copy of the other, reuses part of it, is the
same formula about other facts, or none of these. ``compare`` and scan verification both call
:func:`verdict`, so a scan reports the verdict ``compare`` gives.

*Template* (same wording, different facts) is decided on a pair the coverages make a duplicate
or a partial, from the facts its matches state otherwise (``dupcheck.align.fact_changes``):

- a name, ticker or date stated otherwise, in matches holding ``template_share`` of the matched
  text: two copies of a story are about the same company and day, two dividend notices are not
  ("Franklin Ohio Insured" / "Franklin Minnesota Insured", "Pay April 1" / "Pay July 22");
- a name or date stated otherwise in two lines or more, however short: a notice's pay and
  record dates both moved ("Pay March 31 / Record March 16" against "Pay April 30 / Reord April
  15"). Unmatched short lines standing in the same gap between two matches count here as a
  match would (``fact_changes.gap_pairs``): a record line too unlike its partner to align;
- ``template_figures`` or more figures stated otherwise, or one fewer and no more figures that
  agree: the weekly statistics of another week change most figures, a one-liner of another day
  both of its own; a corrected re-send changes one or two among many;
- both documents state stock tickers and share none (note ``other-tickers``): dividend notices
  of two companies whose bodies agree word for word, under headlines naming each company;
- ``Scores.formula`` at ``formula_share`` or more: what the two share is wording that many
  documents of the corpus carry;
- a figure stated otherwise with ``Scores.formula`` at ``formula_figures_share`` or more: the
  corpus's stock lines with another day's figures (a daily livestock estimate of another day);
- a partial (by coverage, or a retelling) whose figures are stated otherwise, no more of them
  agreeing, with ``Scores.formula`` at half ``formula_figures_share`` or more: a tender result
  or Fed operation of another day, sharing its stock lines and none of its figures, where a
  partial (unlike a duplicate) cannot be a corrected re-send;
- a duplicate by coverage that is a retelling (``duplicate_close_coverage`` not reached) with
  no passage of ``partial_min_chars`` in close matches and ``Scores.formula`` at
  ``formula_figures_share`` or more: the stock wording of a Fed operation notice or a eurobond
  launch told again, reworded, of another day or issuer;
- a partial whose close matches, less their formula share, fall short of
  ``partial_min_chars``: reuse needs a passage copied besides the corpus's stock wording (a
  hog-slaughter estimate or SEC offerings list of another day shares its header lines);
- a partial whose close matches, less those pairing two lists of different names
  (``dupcheck.text.rosters``) or two headers of lists whose lines no match holds ("…, previous
  in brackets, as follows:"), fall short of ``partial_min_chars``: stories of two matches
  printing one team's sheets share a line-up with changes, two tables of another day share
  their header, not a passage of reporting.

A duplicate or partial with a figure stated otherwise, but not enough for a template, keeps its
verdict with :attr:`~dupcheck.align.types.Note.CHANGED_FIGURES`: a corrected re-send and the
same one-liner of another day read alike, and only the source can tell them apart. A duplicate
of two one-liners carries :attr:`~dupcheck.align.types.Note.ONE_LINER` for the same reason, when
every figure agrees: the Bundesbank leaving its rates unchanged reads the same after every
council meeting. When the two documents state their dates (a feed's date field, or a date the
text gives with its year), such a duplicate dated more than a day apart is a template with the
note :attr:`~dupcheck.align.types.Note.OTHER_DAYS` (:func:`on_other_days`): a re-send goes out
the same day or the next. ``compare`` reads the dates from the two documents, a scan from its
documents' dates (``dupcheck.corpus.dates``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import NamedTuple

from dupcheck.align.fact_changes import Evidence
from dupcheck.align.types import CompareOptions, Note, Scores, Verdict


class Matched(NamedTuple):
    """What the verdict reads of one match."""

    a_chars: int
    """Characters of its A side, from its first sentence's start to its last one's end."""
    score: float
    """Its score, 0–1 (``Match.score``)."""


_NAMED_LINES = 2
"""Lines stating a name or date otherwise that decide ``template`` however short they are: a
notice's pay and record dates both moved is another notice, where one misaligned sentence of a
long copy moves one."""


def verdict(
    scores: Scores,
    matches: Sequence[Matched],
    options: CompareOptions,
    facts: Callable[[], Evidence] | None = None,
    *,
    close_coverage: Callable[[], float] | None = None,
    list_chars: Callable[[], int] = lambda: 0,
) -> Verdict:
    """Duplicate when most of one side is in the other (``duplicate_coverage``) and most of it
    nearly word for word (``close_coverage()``, the larger coverage counting only matches
    scoring ``partial_match_score``, at ``duplicate_close_coverage``; partial otherwise: a
    retelling in other words, not a copy); partial when a share of one side is in the other
    (``partial_coverage``) and enough of that share is copied nearly word for word
    (``partial_min_chars`` A characters in close matches), so that two stories on one topic
    sharing reworded facts are not reuse; template instead of either when the shared text is
    formula wording or states other facts (module docstring; ``facts`` is asked only then);
    distinct otherwise. Without ``close_coverage`` every match counts as close. ``list_chars()``:
    the A characters of close matches pairing two lists of different names or two bare list
    headers (asked of a partial only; without it, none)."""
    found = _coverage_verdict(scores, matches, options)
    if found is Verdict.DISTINCT:
        return found
    if scores.formula > 0.0 and scores.formula >= options.formula_share:
        return Verdict.TEMPLATE
    if found is Verdict.PARTIAL:
        # Reuse needs a passage of copied text besides the corpus's formula wording and besides
        # lists (a team sheet, a table's header) that stories of different events print alike.
        close = _close_chars(matches, options) - list_chars()
        if close * (1.0 - scores.formula) < options.partial_min_chars:
            return Verdict.TEMPLATE
    if facts is not None:
        evidence = facts()
        if _states_other_facts(evidence, options):
            return Verdict.TEMPLATE
        if evidence.figures and 0.0 < options.formula_figures_share <= scores.formula:
            # Another day's figures in the corpus's stock wording: the next instance of it.
            return Verdict.TEMPLATE
        if found is Verdict.PARTIAL and _other_figures(evidence, scores, options):
            return Verdict.TEMPLATE
    # Never more than the coverage asked for: lowering that alone must be able to call a copy.
    needed = min(options.duplicate_close_coverage, options.duplicate_coverage)
    if (
        found is Verdict.DUPLICATE
        and close_coverage is not None
        and needed > 0.0
        and close_coverage() < needed
    ):
        # After the template rules: a retelling shares few close characters, and the partial
        # rule's passage of close matches would call an update a template.
        if (
            0.0 < options.formula_figures_share <= scores.formula
            and _close_chars(matches, options) < options.partial_min_chars
        ):
            # A retelling of the corpus's stock wording without a passage of its own: the
            # formula told again of another day or issuer.
            return Verdict.TEMPLATE
        if facts is not None and _other_figures(facts(), scores, options):
            return Verdict.TEMPLATE
        return Verdict.PARTIAL
    return found


def notes(found: Verdict, facts: Evidence, *, one_liners: bool = False) -> tuple[Note, ...]:
    """What the reader should know of ``found``: a duplicate or partial whose matches state a
    figure otherwise, and a duplicate of two one-liners (``one_liners``: each document is a
    headline and at most two sentences), neither of which the text alone can settle; a template
    decided by the documents' tickers, which no match shows (module docstring)."""
    said: list[Note] = []
    if found in (Verdict.DUPLICATE, Verdict.PARTIAL) and facts.figures:
        said.append(Note.CHANGED_FIGURES)
    if found is Verdict.DUPLICATE and one_liners:
        said.append(Note.ONE_LINER)
    if found is Verdict.TEMPLATE and facts.other_tickers:
        said.append(Note.OTHER_TICKERS)
    return tuple(said)


OTHER_DAYS = dt.timedelta(days=1)
"""Dates further apart than this make two undecidable copies another day's item: a re-send goes
out the same day or the next (``dupcheck.corpus.dates.TOLERANCE`` orders documents alike)."""
_UNDECIDED = frozenset({Note.ONE_LINER, Note.CHANGED_FIGURES})


def on_other_days(
    found: Verdict, said: tuple[Note, ...], apart: Callable[[], dt.timedelta | None]
) -> tuple[Verdict, tuple[Note, ...]]:
    """The verdict and notes once the documents' own dates are read: a duplicate the text
    alone cannot settle (``one-liner``, ``changed-figures``) whose two documents state dates
    more than ``OTHER_DAYS`` apart (``apart()``; ``None`` when either states none) is a template
    with the note ``other-days``: the Bundesbank's unchanged rates after another council
    meeting. A copy of a longer story sent days later stays a duplicate: its text says it is
    one story."""
    if found is not Verdict.DUPLICATE or _UNDECIDED.isdisjoint(said):
        return found, said
    gap = apart()
    if gap is None or gap <= OTHER_DAYS:
        return found, said
    return Verdict.TEMPLATE, (Note.OTHER_DAYS,)


def _coverage_verdict(
    scores: Scores, matches: Sequence[Matched], options: CompareOptions
) -> Verdict:
    top = max(scores.coverage_a, scores.coverage_b)
    if matches and top >= options.duplicate_coverage:
        return Verdict.DUPLICATE
    if top >= options.partial_coverage and (
        _close_chars(matches, options) >= options.partial_min_chars
    ):
        return Verdict.PARTIAL
    return Verdict.DISTINCT


def _close_chars(matches: Sequence[Matched], options: CompareOptions) -> int:
    """The A characters of the matches close to word for word (``partial_match_score``)."""
    return sum(m.a_chars for m in matches if m.score >= options.partial_match_score)


def _states_other_facts(ev: Evidence, options: CompareOptions) -> bool:
    if ev.other_tickers:
        return True
    if ev.named >= options.template_names and (
        ev.named_chars >= options.template_share * ev.matched_chars
        or ev.named_lines >= _NAMED_LINES
    ):
        return True
    if ev.figures >= options.template_figures:
        return True
    if (ev.dates or ev.names) and ev.figures:
        # A correction changes figures of the same company and day; another company's or day's
        # figures come with its name or date.
        return True
    # Two figures of a one-liner restated otherwise, and no more agreeing: the whole formula
    # with another day's figures (a Fed operation, a price table).
    return ev.figures >= options.template_figures - 1 >= 1 and ev.figures >= ev.kept_figures


def _other_figures(ev: Evidence, scores: Scores, options: CompareOptions) -> bool:
    """A partial none of whose figures agrees more than it changes, in wording the corpus often
    carries: a partial (a passage, or a retelling) is no corrected re-send, which the text
    alone cannot tell from another day's one-liner, so it is the formula of another day or
    tender."""
    return ev.figures >= max(1, ev.kept_figures) and (
        0.0 < options.formula_figures_share / 2 <= scores.formula
    )
