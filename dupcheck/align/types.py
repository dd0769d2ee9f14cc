"""What the align stage makes: matches, passages, scores and the verdict, and its options.

Offsets are Python ``str`` indices into the decoded original text of a document, end exclusive.
Scores are floats in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum

from dupcheck.errors import check_range
from dupcheck.text.types import Analysis, FactKind, Span


class MatchKind(StrEnum):
    """How a matched sentence (or pair of merged sentences) differs from its counterpart."""

    IDENTICAL = "identical"
    """Equal after normalisation (case, quotes, dashes, whitespace)."""
    EDITED = "edited"
    """A few words changed, added or removed; the word-level edits say which."""
    REWRITTEN = "rewritten"
    """The same content reworded: above the match threshold but far from identical."""


class EditOp(StrEnum):
    REPLACE = "replace"
    INSERT = "insert"
    """Words present only in B (the A span is empty, at the insertion point)."""
    DELETE = "delete"
    """Words present only in A (the B span is empty, at the deletion point)."""


@dataclass(frozen=True, slots=True)
class WordEdit:
    """A word-level change inside a match."""

    op: EditOp
    a: Span
    b: Span


@dataclass(frozen=True, slots=True)
class FactChange:
    """A fact of a match that the other side states otherwise: ``7.1 cts → 9 cts``,
    ``March 9 → April 1``, ``Franklin Insured → Franklin Puerto Rico``.

    Only facts *replaced* count: a figure or name only one side has (a clause dropped) and a
    relative date made absolute ("on Tuesday" → "yesterday") are no change.
    """

    kind: FactKind
    a: Span
    """Where A states it (original text of A)."""
    b: Span
    """Where B states it instead."""
    a_text: str
    """``a`` as written in A."""
    b_text: str


@dataclass(frozen=True, slots=True)
class Match:
    """One aligned unit: one or two adjacent sentences of A against one or two of B."""

    a_sentences: tuple[int, ...]
    """Indices (``Sentence.index``) of the A sentences in this match, ascending."""
    b_sentences: tuple[int, ...]
    a: Span
    """From the start of the first to the end of the last A sentence."""
    b: Span
    score: float
    """Similarity of the two sides, 0–1."""
    kind: MatchKind
    edits: tuple[WordEdit, ...] = ()
    """Word-level changes, in A order; empty for identical matches."""
    fact_changes: tuple[FactChange, ...] = ()
    """Facts (figures, dates, names, tickers) the two sides state differently, in A order."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Adjacent matches merged: one copied paragraph or run of paragraphs is one passage."""

    a: Span
    b: Span
    matches: tuple[int, ...]
    """Indices into ``Comparison.matches`` of the matches it merges."""
    score: float
    """Mean match score, weighted by the characters of the A side."""


class Verdict(StrEnum):
    DUPLICATE = "duplicate"
    """Most of one side's content is in the other: a copy, syndicated or edited."""
    PARTIAL = "partial"
    """Some content is shared (a quoted paragraph, a reused section), most is not."""
    TEMPLATE = "template"
    """Same wording, different facts: the shared text states other names, dates or figures
    (dividend notices of two companies, a market report of two days), or is formula wording
    that many documents of the corpus carry. Not a copy, and not a finding unless asked for."""
    DISTINCT = "distinct"
    """Nothing, or too little to matter, is shared."""

    @property
    def rank(self) -> int:
        """Severity for ``--fail-on``: distinct < template < partial < duplicate."""
        return _RANKS[self.value]


_RANKS = {"distinct": 0, "template": 1, "partial": 2, "duplicate": 3}


class Note(StrEnum):
    """What the text alone cannot settle about a verdict, said rather than guessed."""

    CHANGED_FIGURES = "changed-figures"
    """A duplicate whose names and dates agree but where a figure or two differ: a corrected
    re-send, or the same formula of another day that states no date; only the source can
    tell."""
    OTHER_TICKERS = "other-tickers"
    """A template because the two documents state stock tickers and share none: the same
    formula about two listed companies, even where every matched sentence agrees."""
    OTHER_DAYS = "other-days"
    """A template because two documents the text alone cannot tell apart (two one-liners, or a
    copy with a figure changed) are dated more than a day apart: the same item of another day,
    not a re-send, which goes out the same day or the next."""
    ONE_LINER = "one-liner"
    """A duplicate of two wire one-liners (a headline and at most two sentences each): a rate
    left unchanged, a purchase or a market operation recurs in the same words on other days,
    and a re-send of one reads the same; only the source's dates can tell."""


@dataclass(frozen=True, slots=True)
class Scores:
    """How much two documents share, each a float in [0, 1]."""

    resemblance: float
    """Exact Jaccard of the two sets of word shingles (symmetric)."""
    containment_a: float
    """Share of A's shingles that also occur in B."""
    containment_b: float
    """Share of B's shingles that also occur in A."""
    coverage_a: float
    """Share of A's content characters (boilerplate excluded) that lie inside matches; a match
    whose figures were replaced by others (a template story) counts only in proportion to the
    figures both sides share."""
    coverage_b: float
    """Share of B's content characters (boilerplate excluded) that lie inside matches."""
    formula: float = 0.0
    """Share (0–1) of the matched characters whose wording many documents of the corpus carry
    (at least ``CompareOptions.formula_df`` stories: formula lines, list headers, disclaimers;
    ``dupcheck.align.formula``); 0 when no corpus knowledge was given."""


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """Algorithm thresholds. Defaults are tuned on corpora: ``python -m bench STUDY --set
    NAME=VALUE`` measures any other value, and bench/RESULTS.md holds the figures."""

    match_threshold: float = 0.5
    """Sentence similarity (0–1: Dice of content-word stems, ``dupcheck.align.similarity``) at
    which two sentences are aligned on their own: about half their content words shared."""
    min_seed_terms: int = 4
    """Content terms a pair must share to be aligned on its own (a *seed*): short lines that
    share a word or two ("Introduction", "Shares fell.") align only next to a seed."""
    context_threshold: float = 0.3
    """Lower similarity accepted only for a pair directly before or after an aligned pair, in the
    same order on both sides, or one sentence further on one side (seed extension); an isolated
    pair this weak is not aligned. Lower finds more obfuscated copies and, past a point, more
    false alarms (tuned on PAN 2013)."""
    edited_threshold: float = 0.8
    """Ordered word-level similarity (share of words kept in place) at or above which a
    non-identical match is ``edited`` (a few words changed) rather than ``rewritten``."""
    duplicate_coverage: float = 0.5
    """Verdict ``duplicate`` when the larger of the two coverages reaches this…"""
    duplicate_close_coverage: float = 0.5
    """…and the larger coverage counting only matches scoring ``partial_match_score`` or more
    reaches this; otherwise the pair is ``partial``. A copy (a re-send, a trimmed or extended
    version, a syndicated rewrite with edits) keeps most sentences nearly word for word; a later
    story that retells an earlier one's facts in its own words, or a story built around another
    one's background paragraph, is reuse of a part, not a copy (0: coverage alone decides; never
    more than ``duplicate_coverage`` is asked)."""
    partial_coverage: float = 0.1
    """Verdict ``partial`` when the larger coverage reaches this (and not ``duplicate``)."""
    partial_min_chars: int = 120
    """…and at least this many A characters lie in matches scoring ``partial_match_score`` or
    more, so one shared stock phrase is not reuse. In a scan, the formula share of the matched
    text (``Scores.formula``) is taken off those characters first: a partial left with less is
    ``template`` (two daily livestock estimates sharing their header lines)."""
    partial_match_score: float = 0.8
    """A quoted paragraph is copied nearly word for word; two stories on one topic share facts
    in reworded sentences, which alone make no partial (tuned on the synthetic corpora's
    related pairs and on Clough-Stevenson)."""
    formula_share: float = 0.9
    """Verdict ``template`` when at least this share of the matched text is formula wording
    (``Scores.formula``): what is shared is what many stories of the corpus say."""
    formula_figures_share: float = 0.35
    """Verdict ``template`` when a figure is stated otherwise (``Note.CHANGED_FIGURES``) and at
    least this share of the matched text is formula wording: the corpus's stock lines with
    another day's figures (a daily livestock estimate, a Fed operation, a CD issue notice) are
    the next instance of the formula; a corrected re-send of a story is mostly its own words.
    A partial (which cannot be a re-send) needs only half this share when none of its figures
    agrees more than it changes. Also ``template`` for a retelling (``duplicate_close_coverage``
    not reached) without a passage in close matches whose matched text is this share formula
    wording or more: the formula reworded for another day or issuer."""
    template_names: int = 1
    """Verdict ``template`` (rather than ``duplicate`` or ``partial``) when at least this many
    names, tickers or dates are stated otherwise across the matches (``Match.fact_changes``)
    and they are in at least ``template_share`` of the matched characters."""
    template_figures: int = 3
    """…or when this many figures are (names and dates agreeing), or one fewer with no more
    figures agreeing: a corrected re-send changes one or two figures among many; the same
    formula of another week or company changes most of them. A day stated otherwise
    (``April 5`` / ``April 9``, not a year or a month alone, which rewrites restate), or a name
    or ticker, together with any figure stated otherwise is ``template`` too."""
    template_share: float = 0.2
    """Share of the matched characters (A side) in matches that state a name, ticker or date
    otherwise, at or above which those changes decide ``template``: one misaligned sentence in
    a long copy does not. Two lines stating a name or date otherwise decide ``template``
    whatever their share, and a short unmatched line standing in the same gap between two
    matches on both sides is compared as a match is: ``Pay March 31`` / ``Record March 16``
    against ``Pay April 30`` / ``Reord April 15`` (the misspelt record line aligns with nothing)
    is another month's notice, not a copy. A written term such as ``two-day`` is a figure."""
    shingle_size: int = 5
    """Words per shingle for resemblance and containment."""
    formula_df: int = 5
    """Stories of a corpus that must carry a wording for it to count as formula in
    ``Scores.formula`` (a scan's own corpus, or ``compare --corpus``)."""
    max_sentence_pairs: int = 4_000_000
    """Most sentence pairs (A's sentences times B's) one comparison aligns; more is an error
    (exit status 2 for ``compare``; in a scan, the pair is reported unverified). Alignment time
    and memory grow with this product, so it bounds both for any input."""
    max_gap: int = 2
    """Unmatched sentences allowed between two matches merged into one passage (each side); in
    B the next match may also sit just before the passage (sentences shuffled locally). Larger
    joins a copied paragraph into fewer passages; beyond 2 a passage swallows an inserted
    paragraph of three or more sentences."""
    window_sentences: int = 4
    """Runs of up to this many consecutive unaligned sentences (longest first, down to two) are
    also compared as wholes (0 or 1: off): heavy rewriting moves words across sentence
    boundaries, so a rewritten stretch can match as a block when none of its sentences does
    alone (tuned on PAN 2013's random obfuscation)."""
    window_threshold: float = 0.47
    """Similarity (content-word Dice, as ``match_threshold``) at which two such runs, sharing at
    least twice ``min_seed_terms`` terms, are aligned as one block. Lower finds more rewrites
    and more same-topic false alarms (tuned on PAN 2013 and Clough-Stevenson)."""
    spread_threshold: float = 0.375
    """Weighted similarity (Dice of term sets, rarer words weighing more:
    ``dupcheck.align.spread_seeds``) at which two windows of about 24 content terms of still
    unaligned sentences are aligned as one block; a third of it carries a match on past its
    edges (1: off). Heavy rewriting that shuffles words across sentences leaves no sentence or
    sentence run alike, only the stretch's rarer words. Tuned on PAN 2013: the lowest value
    that keeps verbatim copies' precision."""
    passage_gap_chars: int = 300
    """Besides ``max_gap``: a match at most this many characters after a passage in A continues
    it, whatever the sentences between (line fragments, short headings), when in B it lies
    further on past no sentence of another reported-size match (what a copy added or a summary
    skipped), or at most this far before the previous match (sentences shuffled locally;
    ``shuffle_gap_chars`` when both are rewordings). A paragraph moved before the passage stays
    a passage of its own. Tuned on PAN 2013 (granularity)."""
    shuffle_gap_chars: int = 1200
    """How far before the previous match in B a match may lie and still continue the passage
    when both score under 0.8 (rewordings), where ``passage_gap_chars`` holds for closer
    copies: heavy rewriting shuffles its sentences further than a copy editor moves them, and a
    verbatim paragraph moved one place up stays a passage of its own (tuned on PAN 2013)."""
    min_passage_weight: float = 90.0
    """A passage is reported only when the sum over its matches of A characters times score
    (identical matches counting three times) reaches this, or when another reported passage
    lies within ``lone_near_chars`` on both sides: a short reworded sentence or two alone is
    weak evidence, as texts on one topic share such sentences. The matches themselves are kept
    (coverage, verdict). 90 is about one 150-character sentence at score 0.6, or a 30-character
    identical one (tuned on PAN 2013's unrelated pairs)."""
    lone_near_chars: int = 600
    """See ``min_passage_weight``: a weak passage this close to the reported passage before or
    after it on both sides (a reworded quote a few sentences after a copied paragraph) joins
    that passage."""
    edge_agreement: float = 0.9
    """A passage's first (last) match loses the words before (after) the first (last) run of
    words both sides share when the rest of it then agrees this well, word for word (ordered
    word similarity, as ``edited_threshold``): a heading or half a sentence that only one side
    has is not part of the shared passage. Lower trims reworded copies too and costs their
    recall (tuned on PAN 2013)."""

    def __post_init__(self) -> None:
        # Every numeric option in its range (a ConfigError, which is a ValueError too), checked
        # before any is compared: a value of another type is refused, not a TypeError. Out of
        # range, the template rule's would make every pair a template.
        for f in fields(self):
            low, high = _COMPARE_RANGES.get(f.name, (0, _UNIT if f.type == "float" else _COUNT))
            integer = f.type == "int"
            check_range("CompareOptions", f.name, getattr(self, f.name), low, high, integer=integer)


_UNIT = 1.0
_COUNT = 10**9
"""Largest count accepted where nothing smaller makes sense as a bound (characters, sentences)."""

MAX_SENTENCE_PAIRS = 16_000_000
"""Largest ``max_sentence_pairs`` accepted: alignment memory grows with it (see
``dupcheck.align.aligner``), so it is bounded too."""

_COMPARE_RANGES: dict[str, tuple[float, float]] = {
    "shingle_size": (1, 64),
    "max_sentence_pairs": (1, MAX_SENTENCE_PAIRS),
    "template_names": (1, _COUNT),
    "template_figures": (1, _COUNT),
    "min_passage_weight": (0, float("inf")),
}
"""Ranges other than a fraction from 0 to 1 (floats) or a count from 0 (integers)."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything ``compare`` finds between two documents."""

    a: Analysis
    b: Analysis
    verdict: Verdict
    scores: Scores
    matches: tuple[Match, ...]
    """In A order."""
    passages: tuple[Passage, ...]
    """In A order."""
    unique_a: tuple[Span, ...]
    """Content of A not inside any match (boilerplate excluded), in order."""
    unique_b: tuple[Span, ...]
    options: CompareOptions = field(default_factory=CompareOptions)
    notes: tuple[Note, ...] = ()
    """What the text alone cannot settle about the verdict (a changed figure: a correction or
    another day's formula)."""
    corpus_knowledge: bool = False
    """Whether knowledge of a corpus's wording was given, so that ``scores.formula`` was
    measured (it is 0 otherwise)."""
