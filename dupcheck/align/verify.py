"""A pair's alignment, scores and verdict, as ``compare`` and scan verification both get them.

Both prepare each document once (:func:`dupcheck.align.side.prepare`), align the two sides
(``aligner.align_units``) and judge the aligned units (:func:`judge`): coverage reads which
sentences each unit holds, the verdict reads coverage and the units' lengths and scores.
``compare`` then builds matches (word-level edits), passages and unique spans for its reader; a
scan keeps only the verdict and the scores (:func:`reported`), and counts shared shingles only
for a pair the verdict says is a duplicate or a partial.

``tests/align/test_verify.py`` checks that scan verification and ``compare_analyses`` give the
same verdicts and scores on the samples, on edited stories and on generated pairs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from dupcheck.align.aligner import align_units, unit_span
from dupcheck.align.fact_changes import Evidence, assess
from dupcheck.align.formula import Wording, formula_share
from dupcheck.align.match_state import Unit
from dupcheck.align.scores import coverage_of, with_shingles
from dupcheck.align.side import Side, prepare, shingle_counts
from dupcheck.align.types import CompareOptions, FactChange, Note, Scores, Verdict
from dupcheck.align.verdict import Matched, notes, verdict
from dupcheck.text.rosters import other_rosters
from dupcheck.text.types import Analysis


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a scan keeps of a comparison."""

    verdict: Verdict
    scores: Scores
    notes: tuple[Note, ...] = ()
    """As ``Comparison.notes``."""


@dataclass(frozen=True, slots=True)
class Judged:
    """Two sides aligned and judged, before any match is built."""

    units: list[Unit]
    """The aligned units, in A order: the order of ``Comparison.matches``."""
    verdict: Verdict
    coverage: Scores
    """The coverages; the shingle scores are left at 0 (:func:`scores` adds them)."""
    notes: tuple[Note, ...] = ()
    fact_changes: tuple[tuple[FactChange, ...], ...] | None = None
    """Each unit's facts stated otherwise, when the verdict read them (a duplicate or partial
    by coverage); None when it did not need them."""


def _first(unit: Unit) -> int:
    return unit.a[0]


def judge(a: Side, b: Side, options: CompareOptions, *, wording: Wording | None = None) -> Judged:
    """Align ``a`` with ``b`` and judge the pair; given what a corpus knows of ``wording``, the
    coverage scores carry the formula share, which the verdict reads. Raises
    :class:`dupcheck.errors.TooLargeToAlign` past ``options.max_sentence_pairs``."""
    units = align_units(a, b, options)
    units.sort(key=_first)
    coverage = coverage_of(
        a,
        b,
        a_sentences=[u.a for u in units],
        b_sentences=[u.b for u in units],
        # A unit scoring 1 has the same content words on both sides (its match is identical,
        # or scores 1).
        same=[u.score >= 1.0 for u in units],
    )
    sentences = a.analysis.sentences
    # As the units' matches will read: a match's A span runs from its first sentence's start to
    # its last's end, its score is its unit's clipped to 0–1.
    matched = [Matched(len(unit_span(sentences, u.a)), min(1.0, max(0.0, u.score))) for u in units]
    assessed: list[tuple[list[tuple[FactChange, ...]], Evidence]] = []

    def facts() -> Evidence:
        # Read only when coverage makes the pair a finding: most candidate pairs are not.
        if not assessed:
            assessed.append(assess(a, b, [(u.a, u.b) for u in units]))
        return assessed[0][1]

    @functools.cache
    def close_coverage() -> float:
        # Read only for a duplicate by coverage.
        close = [u for u in units if u.score >= options.partial_match_score]
        found = coverage_of(
            a,
            b,
            a_sentences=[u.a for u in close],
            b_sentences=[u.b for u in close],
            same=[u.score >= 1.0 for u in close],
        )
        return max(found.coverage_a, found.coverage_b)

    @functools.cache
    def list_chars() -> int:
        # Read only for a partial: the two sides of each close match, tested for two lists of
        # different names, or two headers of lists that differ.
        a_text, b_text = a.analysis.document.text, b.analysis.document.text
        b_sentences = b.analysis.sentences
        a_used = {i for u in units for i in u.a}
        b_used = {j for u in units for j in u.b}
        return sum(
            m.a_chars
            for u, m in zip(units, matched, strict=True)
            if m.score >= options.partial_match_score
            and (
                other_rosters(
                    unit_span(sentences, u.a).slice(a_text),
                    unit_span(b_sentences, u.b).slice(b_text),
                )
                or (_bare_header(a, u.a[-1], a_used) and _bare_header(b, u.b[-1], b_used))
            )
        )

    found = verdict(
        coverage, matched, options, facts, close_coverage=close_coverage, list_chars=list_chars
    )
    if wording is not None and found is not Verdict.DISTINCT:
        # Measured for findings only: it hashes the matched sentences again.
        aligned = ((u.a, u.b, u.score) for u in units)
        share = formula_share(a.analysis, b.analysis, aligned, wording, options.formula_df)
        coverage = replace(coverage, formula=share)
        found = verdict(
            coverage,
            matched,
            options,
            facts,
            close_coverage=close_coverage,
            list_chars=list_chars,
        )
    if not assessed:
        return Judged(units, found, coverage)
    changes, evidence = assessed[0]
    said = notes(found, evidence, one_liners=_one_liner(a) and _one_liner(b))
    return Judged(units, found, coverage, said, tuple(changes))


def scores(a: Side, b: Side, judged: Judged, options: CompareOptions) -> Scores:
    """The judged pair's five scores: its coverages, and resemblance and containments from the
    two sides' shingles."""
    shared, sizes = shingle_counts(a, b, options.shingle_size)
    return with_shingles(judged.coverage, shared, sizes)


def verify_pair(
    a: Side | Analysis,
    b: Side | Analysis,
    options: CompareOptions | None = None,
    *,
    wording: Wording | None = None,
) -> Judgement:
    """The verdict and scores ``compare_analyses(a, b, options, formula=wording)`` gives,
    without the rest of a comparison. Pass prepared sides to verify one document against many
    partners at the cost of preparing it once. Raises
    :class:`dupcheck.errors.TooLargeToAlign` as ``compare_analyses`` does."""
    opts = options or CompareOptions()
    pa, pb = _prepared(a), _prepared(b)
    judged = judge(pa, pb, opts, wording=wording)
    return Judgement(judged.verdict, scores(pa, pb, judged, opts), judged.notes)


def reported(
    a: Side | Analysis,
    b: Side | Analysis,
    options: CompareOptions | None = None,
    *,
    wording: Wording | None = None,
) -> Judgement | None:
    """:func:`verify_pair`'s judgement when the pair is a duplicate or a partial, None when it
    is distinct: what a scan asks. The verdict reads only coverage, so the shingles of a
    distinct pair are never compared, nor made for a document that is only in such pairs."""
    opts = options or CompareOptions()
    pa, pb = _prepared(a), _prepared(b)
    judged = judge(pa, pb, opts, wording=wording)
    if judged.verdict is Verdict.DISTINCT:
        return None
    return Judgement(judged.verdict, scores(pa, pb, judged, opts), judged.notes)


ONE_LINER_SENTENCES = 3
"""The most sentences a wire one-liner has: a headline and two sentences ("Bundesbank leaves
credit policies unchanged" and its two lines; "Japanese crushers bought 2,000 tonnes of
Canadian rapeseed")."""


def _one_liner(side: Side) -> bool:
    return len(side.analysis.sentences) <= ONE_LINER_SENTENCES


def _bare_header(side: Side, i: int, used: set[int]) -> bool:
    """Whether sentence ``i`` introduces a list ("…, previous in brackets, as follows:") whose
    first line no match holds: two such headers share the form of a table, and the tables
    differ (an export-price adjustment or rainfall table of another day)."""
    sentences = side.analysis.sentences
    if i + 1 >= len(sentences) or i + 1 in used:
        return False
    return sentences[i].span.slice(side.analysis.document.text).rstrip().endswith(":")


def _prepared(document: Side | Analysis) -> Side:
    return document if isinstance(document, Side) else prepare(document)
