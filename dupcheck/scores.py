"""Shingles, resemblance, containment, coverage, and the verdict they lead to."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet

from dupcheck.models import Analysis, CompareOptions, Match, Scores, Verdict

_WORD = re.compile(r"\w+")
# A figure with its thousands separators: "27,000" is one figure, not "27" and "000".
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def agreement(a_norms: Sequence[str], b_norms: Sequence[str]) -> float:
    """How far a match's figures agree (0–1): the weight it carries as evidence of a copy.

    Template stories (tenders, payouts, money-market operations) repeat a sentence with other
    figures; a copy keeps them. The digit runs of each side are compared as sets, so a copy
    that rewrites "10 percent" as "10%" or "2.4 mln" as "2.4 million" agrees fully. Figures
    only one side has (a relative date made absolute, a clause dropped) do not count against
    the match: only figures *replaced* by others do, in proportion.
    """
    da = {f.replace(",", "") for n in a_norms for f in _FIGURE.findall(n)}
    db = {f.replace(",", "") for n in b_norms for f in _FIGURE.findall(n)}
    if not (da - db) or not (db - da):
        return 1.0
    return len(da & db) / len(da | db)


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


def _matched_chars(analysis: Analysis, weights: dict[int, float]) -> float:
    return sum(len(analysis.sentences[i].span) * w for i, w in weights.items())


def _ratio(part: float, whole: int) -> float:
    return min(1.0, part / whole) if whole else 0.0


def score(a: Analysis, b: Analysis, matches: Sequence[Match], options: CompareOptions) -> Scores:
    """Resemblance and containment from word shingles; coverage from the matches."""
    a_words, b_words = words(a), words(b)
    # Both sides use the same k, or a short document's single shingle could never match.
    k = max(1, min(options.shingle_size, len(a_words) or 1, len(b_words) or 1))
    vocabulary: dict[str, int] = {}
    sa, sb = shingles(a_words, k, vocabulary), shingles(b_words, k, vocabulary)
    return scores_from(sa, sb, a, b, matches)


def scores_from(
    sa: AbstractSet[Hashable],
    sb: AbstractSet[Hashable],
    a: Analysis,
    b: Analysis,
    matches: Sequence[Match],
) -> Scores:
    """The five scores from the two shingle sets (same k) and the matches.

    Split from `score` so the scan's verification can pass shingle sets it computed once per
    document instead of once per pair.
    """
    inter = len(sa & sb)
    union = len(sa) + len(sb) - inter
    # Coverage counts each matched sentence by how far the figures of its match agree.
    a_matched: dict[int, float] = {}
    b_matched: dict[int, float] = {}
    for m in matches:
        w = agreement(
            [a.sentences[i].norm for i in m.a_sentences],
            [b.sentences[j].norm for j in m.b_sentences],
        )
        a_matched.update(dict.fromkeys(m.a_sentences, w))
        b_matched.update(dict.fromkeys(m.b_sentences, w))
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
