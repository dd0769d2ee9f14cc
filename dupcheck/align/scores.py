"""Shingles, resemblance, containment and coverage: what the verdict reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TYPE_CHECKING

from dupcheck.align.types import Scores
from dupcheck.text.normalize import fold

if TYPE_CHECKING:
    # A side is made of this module's figures and names: only its type is needed here.
    from dupcheck.align.side import Side

# A figure with its thousands separators: "27,000" is one figure, not "27" and "000".
# \d\d* rather than \d+: a pattern opening with a character set lets re skip to its next digit.
_FIGURE = re.compile(r"\d\d*(?:[.,]\d+)*")
_NONE: frozenset[str] = frozenset()


def agreement(a_norms: Sequence[str], b_norms: Sequence[str]) -> float:
    """How far a match's figures agree (0–1): the weight it carries as evidence of a copy.

    Template stories (tenders, payouts, money-market operations) repeat a sentence with other
    figures; a copy keeps them. The digit runs of each side are compared as sets, so a copy
    that rewrites "10 percent" as "10%" or "2.4 mln" as "2.4 million" agrees fully. Figures
    only one side has (a relative date made absolute, a clause dropped) do not count against
    the match: only figures *replaced* by others do, in proportion.
    """
    return _agreement(
        frozenset().union(*map(figures, a_norms)), frozenset().union(*map(figures, b_norms))
    )


def _agreement(da: AbstractSet[str], db: AbstractSet[str]) -> float:
    if not (da - db) or not (db - da):
        return 1.0
    return len(da & db) / len(da | db)


def figures(norm: str) -> frozenset[str]:
    """The figures of a folded sentence, as :func:`agreement` compares them."""
    found = _FIGURE.findall(norm)
    # Most sentences have none: skip building a set from nothing.
    return frozenset([f.replace(",", "") for f in found]) if found else _NONE


_TOKEN = re.compile(r"[^\W\d_][\w&'’.-]*")
# A token opening with a capital (ASCII or Latin-1): the candidates for a name. The capital
# comes before the look-behind (which checks the character before it) so that re skips to the
# next capital rather than trying the look-behind at every character: a third of the time.
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w&'’.-][A-ZÀ-ÖØ-Þ])[\w&'’.-]*")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_NOT_NAMES = frozenset((*_WEEKDAYS, *_MONTHS, "i", "the", "a", "an"))


def names(text: str) -> frozenset[str]:
    """The names of a sentence (original casing): capitalised words inside it, or opening it
    before another one ("Guilford Mills Inc said…"); a capitalised first word alone ("Shares
    fell") is no name. Folded to one spelling whatever the quotes, possessive or dots ("U.S."
    and "US", "Israel's" and "Israel’s"). Weekdays and months are left out: syndication
    rewrites relative dates."""
    caps = _CAPITAL.findall(text)
    if not caps:
        return _NONE
    first = _TOKEN.search(text)
    if first is not None and first.group() == caps[0]:
        second = _TOKEN.search(text, first.end())
        if not (len(caps) > 1 and second is not None and second.group() == caps[1]):
            caps = caps[1:]
    out = set()
    for cap in caps:
        w = cap.rstrip(".'’")
        folded = (w.lower() if w.isascii() else fold(w)).replace(".", "").removesuffix("'s")
        if folded not in _NOT_NAMES:
            out.add(folded)
    return frozenset(out) if out else _NONE


def name_agreement(
    na: AbstractSet[str],
    nb: AbstractSet[str],
    a_vocabulary: AbstractSet[str],
    b_vocabulary: AbstractSet[str],
) -> float:
    """How far a match's names agree (0–1), as :func:`agreement` for figures.

    Template stories repeat a formula about another company ("Waxman Industries Inc said it
    filed…" / "Guilford Mills Inc said it filed…"); a copy keeps the names. Only names
    *replaced* count against a match: a name one side has that the other document never uses,
    in any case, while the other side has such a name too. A rewrite that expands "trade
    ministry" into "Ministry of Trade, Industry and Energy" or drops "told Reuters" keeps its
    weight.
    """
    gone_a = [n for n in na - nb if n not in b_vocabulary]
    gone_b = [n for n in nb - na if n not in a_vocabulary]
    if not gone_a or not gone_b:
        return 1.0
    shared = len(na & nb)
    return shared / (shared + len(gone_a) + len(gone_b))


def _matched_chars(doc: Side, weights: dict[int, float]) -> float:
    return sum(doc.chars[i] * w for i, w in weights.items())


def _ratio(part: float, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def coverage_of(
    a: Side,
    b: Side,
    *,
    a_sentences: Sequence[Sequence[int]],
    b_sentences: Sequence[Sequence[int]],
    same: Sequence[bool],
) -> Scores:
    """The coverages of matches given, for each (in A order), its A and B sentences and whether
    both sides have the same content words (identical, or scoring 1); the shingle scores are
    left at 0 for :func:`with_shingles`.

    It reads only which sentences each match holds, so it needs no built ``Match``.
    """
    # Coverage counts each matched sentence by how far the figures and names of its match agree.
    a_matched: dict[int, float] = {}
    b_matched: dict[int, float] = {}
    af, bf = a.figures, b.figures
    for ai, bi, alike in zip(a_sentences, b_sentences, same, strict=True):
        # Most matches hold one sentence a side, most sentences no figure; a side without
        # figures agrees fully.
        fa = af[ai[0]] if len(ai) == 1 else frozenset().union(*[af[i] for i in ai])
        w = 1.0
        if fa:
            fb = bf[bi[0]] if len(bi) == 1 else frozenset().union(*[bf[j] for j in bi])
            w = _agreement(fa, fb)
        # Sentences with the same content words hold the same names (names are content words).
        if not alike:
            na = a.names(ai[0]) if len(ai) == 1 else frozenset().union(*map(a.names, ai))
            if na:
                nb = b.names(bi[0]) if len(bi) == 1 else frozenset().union(*map(b.names, bi))
                # Names on one side only (or none) agree: the vocabularies are not needed.
                if nb and (na - nb) and (nb - na):
                    w *= name_agreement(na, nb, a.vocabulary(), b.vocabulary())
        for i in ai:
            a_matched[i] = w
        for j in bi:
            b_matched[j] = w
    return Scores(
        resemblance=0.0,
        containment_a=0.0,
        containment_b=0.0,
        coverage_a=_ratio(_matched_chars(a, a_matched), a.content_chars),
        coverage_b=_ratio(_matched_chars(b, b_matched), b.content_chars),
    )


def with_shingles(scores: Scores, shared: int, sizes: tuple[int, int]) -> Scores:
    """``scores`` with resemblance and containments from ``shared`` of A's and B's ``sizes``
    distinct shingles (same k): a verdict reads only coverage, so a scan counts shingles only
    once it knows the pair is reported."""
    a_shingles, b_shingles = sizes
    return replace(
        scores,
        resemblance=_ratio(shared, a_shingles + b_shingles - shared),
        containment_a=_ratio(shared, a_shingles),
        containment_b=_ratio(shared, b_shingles),
    )
