"""Which facts a match's two sides state differently.

A copy keeps its facts; the same formula about another company, day or market changes them
("Qtly div 24 cts vs 24 cts prior / Pay April 1" against "Qtly div 65 cts vs 65 cts prior / Pay
July 22"). For each match, the facts of its sentences (``dupcheck.text.facts``) are compared by
kind. Only facts *replaced* count, as in ``scores.agreement``: a fact one side states that the
other side's sentences do not, paired with one of the same kind that the other side states in
its place (the same word before or after it; for a name, both).

- a name counts as replaced only when a word of it never occurs in the other document, in any
  case ("trade ministry" expanded to "Ministry of Trade" is no change), and when neither name
  abbreviates the other ("U.S." and "United States", "ATT");
- a figure agrees with the same value however written ("9.1 mln", "9,100,000") or rounded
  ("1.46 billion", "1,459,193,000");
- a month alone agrees with a day of that month ("in March" and "March 9"), and a year is never
  replaced by a month;
- relative dates ("Tuesday", "yesterday") are never compared: syndication rewrites them.
- two headlines in capitals opening with other names before the same words ("PEORIA HOGS" /
  "INDIANAPOLIS HOGS") state a name otherwise (``dupcheck.align.headline_names``).

What the changes mean for the verdict is ``dupcheck.align.verdict``'s to say.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from dupcheck.align.figures import agrees, kept_figures, placed_figures
from dupcheck.align.headline_names import headline_change, named_alike
from dupcheck.align.names import abbreviates, initials, inserted_names, same_place
from dupcheck.align.side import Side
from dupcheck.align.similarity import words_of
from dupcheck.align.types import FactChange
from dupcheck.text.normalize import fold
from dupcheck.text.types import Fact, FactKind

_NAMED = (FactKind.NAME, FactKind.TICKER, FactKind.DATE)
"""The kinds whose change says "another company or day" on its own."""


def changes(
    a_facts: Sequence[Fact],
    b_facts: Sequence[Fact],
    texts: tuple[str, str],
    vocabularies: tuple[AbstractSet[str], AbstractSet[str]],
) -> tuple[FactChange, ...]:
    """The facts of a match's A side (``a_facts``, in text order) that its B side states
    otherwise, in A order: each A fact B does not state, paired with the first B fact of its
    kind that A does not state and that stands where it stands (the same word before it or
    after it in its sentence: "Pay April 1" / "Pay July 22").

    ``texts``: the original texts of A and B; ``vocabularies``: the folded words of each whole
    document (a name counts as replaced only when a word of it never occurs on the other side).
    """
    if not a_facts or not b_facts:
        return ()
    a_text, b_text = texts
    a_vocabulary, b_vocabulary = vocabularies
    out: list[FactChange] = []
    for kind in FactKind:
        fa = [f for f in a_facts if f.kind is kind and not f.relative]
        fb = [f for f in b_facts if f.kind is kind and not f.relative]
        # Pairs told by where they stand go first; the rest are paired by value below.
        placed: list[tuple[Fact, Fact]] = []
        if kind is FactKind.FIGURE:
            placed, fa, fb = placed_figures(fa, fb)
        elif kind is FactKind.NAME:
            placed, fa, fb = inserted_names(fa, fb, vocabularies)
        out.extend(
            FactChange(kind, x.span, y.span, x.span.slice(a_text), y.span.slice(b_text))
            for x, y in placed
        )
        if not fa or not fb:
            continue
        a_only = _only(fa, fb, (a_text, b_text), b_vocabulary)
        if not a_only:
            continue
        b_only = _only(fb, fa, (b_text, a_text), a_vocabulary)
        for x in a_only:
            for k, y in enumerate(b_only):
                if _grain(x) == _grain(y) and same_place(x, y):
                    out.append(
                        FactChange(kind, x.span, y.span, x.span.slice(a_text), y.span.slice(b_text))
                    )
                    del b_only[k]
                    break
    out.sort(key=lambda c: (c.a.start, c.b.start))
    return tuple(out)


def assess(
    a: Side, b: Side, units: Sequence[tuple[Sequence[int], Sequence[int]]]
) -> tuple[list[tuple[FactChange, ...]], Evidence]:
    """The :func:`changes` of each match (its A sentences against its B sentences, in A order)
    and what they add up to."""
    found: list[tuple[FactChange, ...]] = []
    # Every change the evidence counts: the matches' own, a headline's, and the names and dates
    # of lines paired by their gap. The counts are read off it at the end.
    counted: list[FactChange] = []
    named_chars = matched = named_lines = 0
    kept: set[str] = set()
    a_sentences = a.analysis.sentences
    same: list[tuple[Sequence[int], Sequence[int]]] = []
    alike = named_alike(a, b)
    for ai, bi in units:
        chars = a_sentences[ai[-1]].span.end - a_sentences[ai[0]].span.start
        matched += chars
        if _same_words(a, b, ai, bi):
            # The same text states the same facts: nothing changed. The figures it keeps count
            # only against figures changed elsewhere, so they are read then (below), and a copy
            # (most of whose matches are identical) reads no facts at all.
            same.append((ai, bi))
            found.append(())
            continue
        fa = [f for i in ai for f in a.facts(i)]
        fb = [f for j in bi for f in b.facts(j)] if fa else []
        if not fb:
            found.append(())
            continue
        kept.update(kept_figures(fa, fb))
        changed = _stated_otherwise(a, b, fa, fb, alike=alike)
        found.append(changed)
        counted.extend(changed)
        if any(c.kind in _NAMED for c in changed):
            named_chars += chars
            named_lines += 1
    # A headline in capitals has no names of its own; two that open with other names before
    # the same words are the same report of another market or company.
    headline = headline_change(a, b, units)
    if headline is not None and not any(c.kind in _NAMED for c in found[headline[0]]):
        k, change = headline
        found[k] = tuple(sorted((*found[k], change), key=lambda c: (c.a.start, c.b.start)))
        counted.append(change)
        named_chars += a_sentences[0].span.end - a_sentences[0].span.start
        named_lines += 1
    # Unmatched lines in the same gap between matches play the same part of the formula ("Pay
    # April 30" against "Pay March 31"): a name or date they state otherwise counts as in a
    # match, so short notice lines too short to align still tell another notice from a copy.
    for i, j in gap_pairs(a, b, units):
        changed = _stated_otherwise(a, b, a.facts(i), b.facts(j), alike=alike)
        named_here = [c for c in changed if c.kind in _NAMED]
        if named_here:
            chars = a_sentences[i].span.end - a_sentences[i].span.start
            counted.extend(named_here)
            named_chars += chars
            matched += chars
            named_lines += 1
    named = sum(1 for c in counted if c.kind in _NAMED)
    figures = len(counted) - named
    if figures:
        for ai, bi in same:
            fa = [f for i in ai for f in a.facts(i)]
            kept.update(kept_figures(fa, [f for j in bi for f in b.facts(j)]))
    ta, tb = a.tickers(), b.tickers()
    evidence = Evidence(
        named=named,
        figures=figures,
        kept_figures=len(kept),
        named_chars=named_chars,
        matched_chars=matched,
        other_tickers=bool(ta) and bool(tb) and ta.isdisjoint(tb) and not alike,
        named_lines=named_lines,
        dates=sum(1 for c in counted if _is_day(c)),
        names=sum(1 for c in counted if c.kind in (FactKind.NAME, FactKind.TICKER)),
    )
    return found, evidence


def _stated_otherwise(
    a: Side, b: Side, fa: Sequence[Fact], fb: Sequence[Fact], *, alike: bool
) -> tuple[FactChange, ...]:
    """The :func:`changes` of one match; ``alike``: the headlines name one company, so a ticker
    stated otherwise is mistyped, not another company's."""
    texts = (a.analysis.document.text, b.analysis.document.text)
    changed = changes(fa, fb, texts, (a.vocabulary(), b.vocabulary()))
    return tuple(c for c in changed if c.kind is not FactKind.TICKER) if alike else changed


def _same_words(a: Side, b: Side, ai: Sequence[int], bi: Sequence[int]) -> bool:
    """Whether a match's two sides are the same text, sentence for sentence."""
    if len(ai) != len(bi):
        return False
    a_text, b_text = a.analysis.document.text, b.analysis.document.text
    a_sentences, b_sentences = a.analysis.sentences, b.analysis.sentences
    return all(
        a_sentences[i].span.slice(a_text) == b_sentences[j].span.slice(b_text)
        for i, j in zip(ai, bi, strict=True)
    )


def gap_pairs(
    a: Side, b: Side, units: Sequence[tuple[Sequence[int], Sequence[int]]]
) -> list[tuple[int, int]]:
    """Unmatched short content sentences of A and B that stand in the same gap: between the
    same two matches (or a match and the document's start or end), the gap on each side holding
    as many of them as the other, all of at most ``SHORT_WORDS`` words; paired in order. A gap
    whose two matches are in another order on B pairs nothing."""
    order = sorted(units, key=lambda u: u[0][0])
    a_used = {i for u in order for i in u[0]}
    b_used = {j for u in order for j in u[1]}
    a_n, b_n = len(a.analysis.sentences), len(b.analysis.sentences)
    bounds = [((-1,), (-1,))] + [(tuple(u[0]), tuple(u[1])) for u in order]
    bounds.append(((a_n,), (b_n,)))
    out: list[tuple[int, int]] = []
    for (pa, pb), (na, nb) in itertools.pairwise(bounds):
        a_lo, a_hi, b_lo, b_hi = max(pa), min(na), max(pb), min(nb)
        if b_lo >= b_hi or a_lo >= a_hi:
            continue
        a_gap = [i for i in range(a_lo + 1, a_hi) if i not in a_used]
        b_gap = [j for j in range(b_lo + 1, b_hi) if j not in b_used]
        if not a_gap or len(a_gap) != len(b_gap):
            continue
        if all(_short(a, i) for i in a_gap) and all(_short(b, j) for j in b_gap):
            out.extend(zip(a_gap, b_gap, strict=True))
    return out


SHORT_WORDS = 8
"""Longest line (in words) paired by its gap: a notice's "Pay …", "Record …" lines, not a
paragraph an update added or rewrote."""


def _is_day(change: FactChange) -> bool:
    """Whether a date change moves a day ("April 5" to "April 9", "04/09/87"), not a year or a
    month alone, which a rewrite restates ("last year" as "1986")."""
    return change.kind is FactKind.DATE and all(
        any(c.isdigit() for c in t) and not (t.isdigit() and len(t) == 4)
        for t in (change.a_text, change.b_text)
    )


def _short(side: Side, i: int) -> bool:
    text = side.analysis.sentences[i].span.slice(side.analysis.document.text)
    return len(text.split()) <= SHORT_WORDS


def _only(
    mine: list[Fact],
    theirs: list[Fact],
    texts: tuple[str, str],
    their_vocabulary: AbstractSet[str],
) -> list[Fact]:
    """The facts of ``mine`` (written in ``texts[0]``) that ``theirs`` (in ``texts[1]``) do not
    state, one per key, in order."""
    keys = {f.key for f in theirs}
    kind = mine[0].kind
    # A month alone agrees with any day of it, and a day with its month alone.
    months = {k.split(" ")[0] for k in keys if " " in k} if kind is FactKind.DATE else set()
    theirs_initials: set[str] = set()
    if kind is FactKind.NAME:
        theirs_initials = {initials(f.span.slice(texts[1])) for f in theirs}
    out: list[Fact] = []
    seen: set[str] = set()
    for f in mine:
        key = f.key
        if key in keys or key in seen or key in months:
            continue
        if kind is FactKind.DATE and key.split(" ")[0] in keys:
            continue
        if kind is FactKind.FIGURE and agrees(key, keys):
            continue
        if kind is FactKind.NAME:
            written = f.span.slice(texts[0])
            if all(w in their_vocabulary for w in words_of(fold(written))):
                continue
            # "U.S." and "United States", "S and P" and "Standard and Poor's", "ATT" and
            # "American Telephone and Telegraph Co".
            if initials(written) in theirs_initials or abbreviates(written, theirs_initials):
                continue
        seen.add(key)
        out.append(f)
    return out


def _grain(fact: Fact) -> int:
    """What a date names: a year (1), a day or month (2), a numeric date (3); 0 for other
    kinds. A year is never replaced by a month: "in 1987" and "in January" are two facts."""
    if fact.kind is not FactKind.DATE:
        return 0
    if fact.key[:1].isdigit():
        return 3 if "/" in fact.key and len(fact.key) > 7 else 1
    return 2


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the fact changes of a pair's matches add up to."""

    named: int = 0
    """Names, tickers and dates stated otherwise."""
    figures: int = 0
    """Figures stated otherwise."""
    kept_figures: int = 0
    """Distinct figures both sides of a match state."""
    named_chars: int = 0
    """A characters in matches with a name, ticker or date stated otherwise."""
    matched_chars: int = 0
    """A characters in all matches."""
    other_tickers: bool = False
    """Both documents state stock tickers and share none: stories about different companies,
    whatever their matched sentences say (a dividend notice's body names no company)."""
    named_lines: int = 0
    """Lines (matches, and unmatched lines paired by their gap: :func:`gap_pairs`) stating a
    name, ticker or date otherwise."""
    dates: int = 0
    """Days stated otherwise (``April 5`` / ``April 9``; counted in ``named`` too)."""
    names: int = 0
    """Names and tickers stated otherwise (``SIOUX FALLS`` / ``OMAHA``; counted in ``named``
    too)."""
