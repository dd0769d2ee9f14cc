"""Shingles, resemblance, containment, coverage, and the verdict they lead to."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dupcheck.models import Analysis, CompareOptions, Match, Scores, Verdict

_WORD = re.compile(r"\w+")


def words(analysis: Analysis) -> list[str]:
    """The folded words of a document's content (boilerplate excluded), in order."""
    return [w for s in analysis.sentences for w in _WORD.findall(s.norm)]


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


def _matched_chars(analysis: Analysis, indices: set[int]) -> int:
    return sum(len(analysis.sentences[i].span) for i in indices)


def _ratio(part: int, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def score(a: Analysis, b: Analysis, matches: Sequence[Match], options: CompareOptions) -> Scores:
    """Resemblance and containment from word shingles; coverage from the matches."""
    a_words, b_words = words(a), words(b)
    # Both sides use the same k, or a short document's single shingle could never match.
    k = max(1, min(options.shingle_size, len(a_words) or 1, len(b_words) or 1))
    vocabulary: dict[str, int] = {}
    sa, sb = shingles(a_words, k, vocabulary), shingles(b_words, k, vocabulary)
    inter = len(sa & sb)
    union = len(sa) + len(sb) - inter
    a_matched = {i for m in matches for i in m.a_sentences}
    b_matched = {j for m in matches for j in m.b_sentences}
    return Scores(
        resemblance=_ratio(inter, union),
        containment_a=_ratio(inter, len(sa)),
        containment_b=_ratio(inter, len(sb)),
        coverage_a=_ratio(_matched_chars(a, a_matched), a.content_chars),
        coverage_b=_ratio(_matched_chars(b, b_matched), b.content_chars),
    )


def judge(scores: Scores, matches: Sequence[Match], options: CompareOptions) -> Verdict:
    """Duplicate when most of one side is in the other; partial for at least a passage's worth."""
    top = max(scores.coverage_a, scores.coverage_b)
    if matches and top >= options.duplicate_coverage:
        return Verdict.DUPLICATE
    shared = sum(len(m.a) for m in matches)
    if top >= options.partial_coverage and shared >= options.partial_min_chars:
        return Verdict.PARTIAL
    return Verdict.DISTINCT
