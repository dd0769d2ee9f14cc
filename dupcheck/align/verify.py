"""Scan verification: a candidate pair's verdict and scores, exactly as ``compare`` gives them.

``compare_analyses`` builds everything a reader of one comparison wants; a scan keeps only the
verdict and the five scores, which depend on which sentences align and on the two shingle sets,
nothing else. So verification here

- prepares each document once (:func:`prepare`: its sentences' alignment terms and runs of
  them, its content words and their shingles, its sentences' figures), however many partners it
  is verified against, where ``compare`` recomputes them for every pair;
- aligns with ``align.align_units`` (the steps of ``align.align`` before matches are built), so
  word-level edits, passages and unique spans are never computed, nor matches: the scores and
  the verdict read only which sentences each aligned unit holds and its score;
- counts shared shingles as 64-bit hashes in sorted arrays: exact up to a hash collision, as
  ``scores.score``'s sets of hashes are; :func:`finding` (what a scan calls) only once the
  verdict, which reads coverage alone, says the pair is a duplicate or a partial.

``tests/align/test_verify.py`` checks that the verdicts and scores are ``compare_analyses``' on the
samples, on edited stories and on generated pairs, and that :func:`finding` agrees.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from dupcheck.align.aligner import align_units
from dupcheck.align.match_state import Unit
from dupcheck.align.scores import Side, coverage_of, figures, side, with_shingles
from dupcheck.align.sentence_runs import Windows
from dupcheck.align.similarity import terms_of, words_of
from dupcheck.align.types import CompareOptions, Scores, Verdict
from dupcheck.align.verdict import Matched, verdict
from dupcheck.text.types import Analysis

Hashes = npt.NDArray[np.uint64]

_MIX = np.uint64(0x9E3779B97F4A7C15)
"""Odd, so multiplying by it (mod 2**64) is one-to-one: a shingle's hash keeps all of each
word's, mixed by position."""

_SALT = hash("dupcheck.align.verify")
"""Python salts str hashes per process: shingle hashes are kept under this, so hashes made in
another process (a pickled :class:`Prepared`) are never mixed with this one's."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document's analysis with what verification derives from it, computed once."""

    analysis: Analysis
    terms: tuple[list[str], ...]
    """Alignment terms of each content sentence (``similarity.terms`` of its norm)."""
    windows: Windows
    """Runs of those sentences for block seeds, built on first use."""
    words: tuple[str, ...]
    """Folded content words (as ``scores.words``), for the shingles."""
    side: Side
    """What the scores read of each sentence."""
    _shingles: dict[tuple[int, int], Hashes] = field(default_factory=dict)
    """Distinct shingle hashes by (``k``, process salt); ``k`` depends on the partner's length
    too."""

    def shingles(self, k: int) -> Hashes:
        """Sorted distinct hashes of the word ``k``-shingles; all words as one shingle when
        fewer than ``k``.

        Counting shared shingles in sorted arrays is several times faster than intersecting sets
        of word tuples, and as exact up to a 64-bit hash collision (``scores.score`` hashes
        shingles too).
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


def _shared(a: Hashes, b: Hashes) -> int:
    """How many values two sorted arrays of distinct values share."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    at = np.searchsorted(b, a)
    # Past the end of b: any element of b will do, none equals a there.
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a scan keeps of a comparison."""

    verdict: Verdict
    scores: Scores


Seen = dict[str, tuple[list[str], list[str], frozenset[str]]]
"""What :func:`prepare` read of sentences, by norm: their words, terms and figures."""


def prepare(analysis: Analysis, *, seen: Seen | None = None) -> Prepared:
    """``analysis`` ready to be verified against any number of partners.

    ``seen``: sentences read while preparing other documents, added to here. Documents verified
    together are mostly copies of one story: a third of their sentences were met in another of
    them (on a 30,000-page corpus), and are not split and sorted again. Their lists are then
    shared between documents, so nothing may change them in place.
    """
    known: Seen = {} if seen is None else seen
    words: list[list[str]] = []
    terms: list[list[str]] = []
    figs: list[frozenset[str]] = []
    for s in analysis.sentences:
        found = known.get(s.norm)
        if found is None:
            # Each sentence split into words once for both its terms and the shingles
            # (scores.words): the words' str hashes, computed for the stop-word test, are then
            # cached for the shingles.
            split = words_of(s.norm)
            found = known[s.norm] = (split, terms_of(split, s.norm), figures(s.norm))
        words.append(found[0])
        terms.append(found[1])
        figs.append(found[2])
    sentence_terms = tuple(terms)
    content_words = tuple(itertools.chain.from_iterable(words))
    return Prepared(
        analysis=analysis,
        terms=sentence_terms,
        windows=Windows(sentence_terms),
        words=content_words,
        side=side(analysis, content_words, sentence_figures=tuple(figs)),
    )


def _first(unit: Unit) -> int:
    return unit.a[0]


def _coverage(a: Prepared, b: Prepared, units: list[Unit]) -> Scores:
    """``scores.coverage_of`` the matches ``units`` become (in A order), with the sides taken
    from the prepared documents."""
    return coverage_of(
        a.side,
        b.side,
        a_sentences=[u.a for u in units],
        b_sentences=[u.b for u in units],
        # A match scoring 1 reads as an identical one (the same content words).
        same=[u.score >= 1.0 for u in units],
    )


def _with_shingles(a: Prepared, b: Prepared, scores: Scores, options: CompareOptions) -> Scores:
    # Both sides use the same k, or a short document's single shingle could never match.
    k = max(1, min(options.shingle_size, len(a.words) or 1, len(b.words) or 1))
    sa, sb = a.shingles(k), b.shingles(k)
    return with_shingles(scores, _shared(sa, sb), (len(sa), len(sb)))


def verify_pair(
    a: Prepared | Analysis, b: Prepared | Analysis, options: CompareOptions | None = None
) -> Judgement:
    """The verdict and scores ``compare_analyses(a, b, options)`` gives, without the rest of a
    comparison. Pass :class:`Prepared` documents to verify one document against many partners
    at the cost of preparing it once. Raises :class:`dupcheck.errors.TooLargeToAlign` as
    ``compare_analyses`` does."""
    opts = options or CompareOptions()
    pa, pb = _prepared(a), _prepared(b)
    found, coverage = _verdict(pa, pb, opts)
    return Judgement(found, _with_shingles(pa, pb, coverage, opts))


def finding(
    a: Prepared | Analysis, b: Prepared | Analysis, options: CompareOptions | None = None
) -> Judgement | None:
    """:func:`verify_pair`'s judgement when the pair is a duplicate or a partial, None when it
    is distinct: what a scan asks. The verdict reads only coverage, so the shingles of a
    distinct pair are never compared, nor made for a document that is only in such pairs."""
    opts = options or CompareOptions()
    pa, pb = _prepared(a), _prepared(b)
    found, coverage = _verdict(pa, pb, opts)
    if found is Verdict.DISTINCT:
        return None
    return Judgement(found, _with_shingles(pa, pb, coverage, opts))


def _prepared(document: Prepared | Analysis) -> Prepared:
    return document if isinstance(document, Prepared) else prepare(document)


def _verdict(pa: Prepared, pb: Prepared, opts: CompareOptions) -> tuple[Verdict, Scores]:
    """The verdict, and the scores it reads (all but the shingles')."""
    units = align_units(
        pa.analysis,
        pb.analysis,
        opts,
        a_terms=pa.terms,
        b_terms=pb.terms,
        a_windows=pa.windows,
        b_windows=pb.windows,
    )
    # The order align.align gives its matches: the order coverage adds up in.
    units.sort(key=_first)
    coverage = _coverage(pa, pb, units)
    sentences = pa.analysis.sentences
    # What compare's matches would be: a unit's A span runs from its first sentence's start to
    # its last's end, its score clipped to 0–1 (an identical match scores 1, as its unit does).
    matched = [
        Matched(
            sentences[u.a[-1]].span.end - sentences[u.a[0]].span.start,
            min(1.0, max(0.0, u.score)),
        )
        for u in units
    ]
    return verdict(coverage, matched, opts), coverage
