"""Shingles, resemblance, containment and coverage: what the verdict reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from dupcheck.align.similarity import words_of
from dupcheck.align.types import CompareOptions, Match, MatchKind, Scores
from dupcheck.text.normalize import fold
from dupcheck.text.types import Analysis

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


@dataclass(frozen=True, slots=True)
class Side:
    """What the scores read of one document besides its shingles, per content sentence.

    A scan scores a document against several partners: it keeps this rather than finding the
    figures of the same sentences again for each.
    """

    chars: tuple[int, ...]
    """Each content sentence's length in characters."""
    figures: tuple[frozenset[str], ...]
    """Each content sentence's :func:`figures`."""
    content_chars: int
    """``Analysis.content_chars``."""
    analysis: Analysis
    content_words: Sequence[str] | None = None
    """The document's :func:`words`, when the caller has them already."""
    _names: dict[int, frozenset[str]] = field(default_factory=dict)
    _vocabulary: list[frozenset[str]] = field(default_factory=list)

    # Names and the vocabulary are needed only for matches whose both sides hold names, so they
    # are found on first use rather than for every sentence of every verified document.
    def names(self, i: int) -> frozenset[str]:
        """Content sentence ``i``'s :func:`names`."""
        found = self._names.get(i)
        if found is None:
            sentence = self.analysis.sentences[i]
            found = self._names[i] = names(sentence.span.slice(self.analysis.document.text))
        return found

    def vocabulary(self) -> frozenset[str]:
        """Every folded content word of the document."""
        if not self._vocabulary:
            known = self.content_words
            self._vocabulary.append(frozenset(words(self.analysis) if known is None else known))
        return self._vocabulary[0]


def side(
    analysis: Analysis,
    content_words: Sequence[str] | None = None,
    *,
    sentence_figures: tuple[frozenset[str], ...] | None = None,
) -> Side:
    """``analysis`` as the scores read it (``content_words``: its :func:`words`;
    ``sentence_figures``: its sentences' :func:`figures`; either when known)."""
    sentences = analysis.sentences
    chars = tuple(len(s.span) for s in sentences)
    if sentence_figures is None:
        sentence_figures = tuple(figures(s.norm) for s in sentences)
    return Side(chars, sentence_figures, sum(chars), analysis, content_words)


def words(analysis: Analysis) -> list[str]:
    """The folded words of a document's content (boilerplate excluded), in order."""
    return [w for s in analysis.sentences for w in words_of(s.norm)]


def shingles(tokens: Sequence[str], k: int, vocabulary: dict[str, int]) -> set[int]:
    """Hashes of the word ``k``-shingles of ``tokens``; all of them as one shingle when fewer.

    Words are first numbered through ``vocabulary`` (shared by the documents being compared), so
    a shingle hashes as a tuple of ints: fast, and the same in every process (str hashes are
    salted per process, int tuples are not).
    """
    ids = [vocabulary.setdefault(w, len(vocabulary)) for w in tokens]
    if not ids:
        return set()
    k = max(1, min(k, len(ids)))
    return {hash(tuple(ids[i : i + k])) for i in range(len(ids) - k + 1)}


def _matched_chars(doc: Side, weights: dict[int, float]) -> float:
    return sum(doc.chars[i] * w for i, w in weights.items())


def _ratio(part: float, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def score(a: Analysis, b: Analysis, matches: Sequence[Match], options: CompareOptions) -> Scores:
    """Resemblance and containment from word shingles; coverage from the matches."""
    a_words, b_words = words(a), words(b)
    # Both sides use the same k, or a short document's single shingle could never match.
    k = max(1, min(options.shingle_size, len(a_words) or 1, len(b_words) or 1))
    vocabulary: dict[str, int] = {}
    sa, sb = shingles(a_words, k, vocabulary), shingles(b_words, k, vocabulary)
    coverage = coverage_of(
        side(a),
        side(b),
        a_sentences=[m.a_sentences for m in matches],
        b_sentences=[m.b_sentences for m in matches],
        same=[m.kind is MatchKind.IDENTICAL or m.score >= 1.0 for m in matches],
    )
    return with_shingles(coverage, len(sa & sb), (len(sa), len(sb)))


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

    What :func:`score` reads of the matches, and the scan's verification of aligned units: it
    builds no :class:`Match`, and the verdict reads coverage alone.
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
    distinct shingles (same k): a verdict reads only coverage, so a scan counts shingles once it
    knows the pair is a finding, its own way (``verify``)."""
    a_shingles, b_shingles = sizes
    return replace(
        scores,
        resemblance=_ratio(shared, a_shingles + b_shingles - shared),
        containment_a=_ratio(shared, a_shingles),
        containment_b=_ratio(shared, b_shingles),
    )
