"""One side of an alignment: a document's analysis with everything alignment and the scores
read of it, derived once.

What is read of a document never depends on its partner, so ``compare`` and scan verification
both :func:`prepare` each document once and align, score and judge the two prepared sides; a
scan keeps a side from one partner to the next instead of deriving it again for each.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from dupcheck.align.scores import figures, names
from dupcheck.align.sentence_runs import Windows
from dupcheck.align.similarity import terms_of, words_of
from dupcheck.text.facts import facts, tickers
from dupcheck.text.types import Analysis, Fact

Hashes = npt.NDArray[np.uint64]

_MIX = np.uint64(0x9E3779B97F4A7C15)
"""Odd, so multiplying by it (mod 2**64) is one-to-one: a shingle's hash keeps all of each
word's, mixed by position."""

_SALT = hash("dupcheck.align.side")
"""Python salts str hashes per process: shingle hashes are kept under this, so hashes made in
another process (a pickled :class:`Side`) are never mixed with this one's."""


@dataclass(frozen=True, slots=True)
class Side:
    """A document as alignment, the scores and the verdict read it, per content sentence."""

    analysis: Analysis
    terms: tuple[list[str], ...]
    """Alignment terms of each content sentence (``similarity.terms`` of its norm)."""
    runs: Windows
    """Runs of those sentences for block seeds, each built on first use."""
    words: tuple[str, ...]
    """Folded content words, in order (boilerplate excluded): what shingles are made of."""
    chars: tuple[int, ...]
    """Each content sentence's length in characters."""
    figures: tuple[frozenset[str], ...]
    """Each content sentence's ``scores.figures``."""
    content_chars: int
    """``Analysis.content_chars``."""
    _names: dict[int, frozenset[str]] = field(default_factory=dict)
    _vocabulary: list[frozenset[str]] = field(default_factory=list)
    _facts: dict[int, tuple[Fact, ...]] = field(default_factory=dict)
    _tickers: list[frozenset[str]] = field(default_factory=list)
    _shingles: dict[tuple[int, int], Hashes] = field(default_factory=dict)
    """Distinct shingle hashes by (``k``, process salt); ``k`` depends on the partner's length
    too."""

    # Names and the vocabulary are needed only for matches whose both sides hold names, so they
    # are found on first use rather than for every sentence of every verified document.
    def names(self, i: int) -> frozenset[str]:
        """Content sentence ``i``'s ``scores.names``."""
        found = self._names.get(i)
        if found is None:
            sentence = self.analysis.sentences[i]
            found = self._names[i] = names(sentence.span.slice(self.analysis.document.text))
        return found

    def facts(self, i: int) -> tuple[Fact, ...]:
        """Content sentence ``i``'s facts (``dupcheck.text.facts``), found on first use: only
        the matched sentences of a pair the coverages make a reported pair are read."""
        found = self._facts.get(i)
        if found is None:
            span = self.analysis.sentences[i].span
            found = self._facts[i] = facts(self.analysis.document.text, span)
        return found

    def tickers(self) -> frozenset[str]:
        """Every ticker the document's content states (``dupcheck.text.facts.tickers``)."""
        if not self._tickers:
            text = self.analysis.document.text
            found = frozenset().union(*(tickers(text, s.span) for s in self.analysis.sentences))
            self._tickers.append(found)
        return self._tickers[0]

    def vocabulary(self) -> frozenset[str]:
        """Every folded content word of the document."""
        if not self._vocabulary:
            self._vocabulary.append(frozenset(self.words))
        return self._vocabulary[0]

    def shingles(self, k: int) -> Hashes:
        """Sorted distinct hashes of the word ``k``-shingles; all words as one shingle when
        fewer than ``k``.

        Shared shingles are counted in sorted arrays (:func:`shared`): exact up to a 64-bit hash
        collision, and much faster than intersecting sets of word tuples.
        """
        found = self._shingles.get((k, _SALT))
        if found is None:
            w = self.words
            if not w:
                found = np.zeros(0, dtype=np.uint64)
            else:
                size = max(1, min(k, len(w)))
                words = np.fromiter(map(hash, w), dtype=np.int64, count=len(w)).view(np.uint64)
                n = len(w) - size + 1
                mixed = words[:n].copy()
                for i in range(1, size):
                    mixed *= _MIX
                    mixed ^= words[i : i + n]
                # np.unique, without its hash table: sorting is what takes the time anyway.
                mixed.sort()
                found = mixed[np.concatenate(([True], mixed[1:] != mixed[:-1]))]
            self._shingles[k, _SALT] = found
        return found


def shared(a: Hashes, b: Hashes) -> int:
    """How many values two sorted arrays of distinct values (:meth:`Side.shingles`) share."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    at = np.searchsorted(b, a)
    # Past the end of b: any element of b will do, none equals a there.
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


Seen = dict[str, tuple[list[str], list[str], frozenset[str]]]
"""What :func:`prepare` read of sentences, by norm: their words, terms and figures."""


def prepare(analysis: Analysis, *, seen: Seen | None = None) -> Side:
    """``analysis`` as one side of an alignment, for any number of partners.

    ``seen``: sentences read while preparing other documents, added to here. Documents compared
    together are mostly copies of one story, sharing many sentences, which are then not split
    and sorted again. Their lists are shared between documents, so nothing may change them in
    place.
    """
    known: Seen = {} if seen is None else seen
    words: list[list[str]] = []
    terms: list[list[str]] = []
    figs: list[frozenset[str]] = []
    for s in analysis.sentences:
        found = known.get(s.norm)
        if found is None:
            # Each sentence split into words once for both its terms and the shingles: the
            # words' str hashes, computed for the stop-word test, are then cached for the
            # shingles.
            split = words_of(s.norm)
            found = known[s.norm] = (split, terms_of(split, s.norm), figures(s.norm))
        words.append(found[0])
        terms.append(found[1])
        figs.append(found[2])
    sentence_terms = tuple(terms)
    chars = tuple(len(s.span) for s in analysis.sentences)
    return Side(
        analysis=analysis,
        terms=sentence_terms,
        runs=Windows(sentence_terms),
        words=tuple(itertools.chain.from_iterable(words)),
        chars=chars,
        figures=tuple(figs),
        content_chars=sum(chars),
    )


def shingle_size(a: Side, b: Side, k: int) -> int:
    """The shingle size both sides use: ``k``, or fewer when either has fewer words, or a short
    document's single shingle could never match the other's."""
    return max(1, min(k, len(a.words) or 1, len(b.words) or 1))


def shingle_counts(a: Side, b: Side, k: int) -> tuple[int, tuple[int, int]]:
    """Shingles (:func:`shingle_size`) the two sides share, and each side's distinct ones."""
    size = shingle_size(a, b, k)
    sa, sb = a.shingles(size), b.shingles(size)
    return shared(sa, sb), (len(sa), len(sb))
