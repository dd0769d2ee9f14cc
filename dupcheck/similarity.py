"""Sentence similarity: the scorer alignment uses, chosen by measurement (``bench/msrp.py``).

The score of two folded sentences is the Dice coefficient of their multisets of *content terms*:
stop words dropped, each word cut to its first ``PREFIX`` characters so "approves"/"approved" or
"tighten"/"tightened" agree. Order does not matter, so reordered clauses, PAN's word shuffles and
round-trip translations keep most of their score, while two sentences that share only function
words score nothing. It is computed with rapidfuzz: the longest common subsequence of two *sorted*
sequences is their multiset intersection, so ``fuzz.ratio`` on sorted term lists is exactly the
multiset Dice coefficient, and ``process.cdist`` scores every pair at once.

Measured against character ``ratio``, ``token_sort_ratio``, ``token_set_ratio``, ordered word
ratio and their combinations, it matched the best F1 on MSRP train and STS-B news; taking the
maximum with (rescaled) character ratio changed F1 by under 0.01 and costs ~5x the time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

PREFIX = 5
"""Characters kept of each content word: a crude, fast stemmer measured against none, 4 and 6."""

_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself s t d ll m re ve said says say
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
"""Function words that carry no content; "said"/"says" too, since most news sentences attribute."""

_WORD = re.compile(r"\w+")
# ``\w`` is [a-zA-Z0-9_] in ASCII: the rest of ASCII as spaces, ``split`` finds the same words.
_ASCII_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}

Matrix = npt.NDArray[np.float32]


def words_of(norm: str) -> list[str]:
    """The words of a folded sentence: runs of word characters, as the scores count them too."""
    # Most sentences are ASCII: translate and split take a fifth less time than the regex.
    if norm.isascii():
        return norm.translate(_ASCII_NON_WORD).split()
    return _WORD.findall(norm)


def terms(norm: str) -> list[str]:
    """The sorted content terms of a folded sentence: its bag of words for :func:`dice`.

    A sentence of stop words only falls back to all its words, and one without words to the whole
    string, so no sentence has an empty bag (two empty bags would score 1).
    """
    return terms_of(words_of(norm), norm)


def terms_of(words: list[str], norm: str) -> list[str]:
    """:func:`terms` of ``norm`` from its :func:`words_of`, for a caller that has them already."""
    content = [w[:PREFIX] for w in words if w not in STOPWORDS]
    return sorted(content or words or [norm])


def similarity_matrix(
    a_terms: Sequence[Sequence[str]],
    b_terms: Sequence[Sequence[str]],
    *,
    cutoff: float = 0.0,
) -> Matrix:
    """Similarity (0–1) of every A sentence with every B sentence from their :func:`terms`.

    Rows are A, columns B. Scores under ``cutoff`` come back as 0 (rapidfuzz skips work it can
    bound). ``workers=1``: scan parallelises across pairs of documents, not inside one.
    """
    if not a_terms or not b_terms:
        return np.zeros((len(a_terms), len(b_terms)), dtype=np.float32)
    out: Matrix = process.cdist(
        a_terms, b_terms, scorer=fuzz.ratio, dtype=np.float32, workers=1, score_cutoff=cutoff * 100
    )
    out *= np.float32(0.01)
    return out


def dice(a_terms: Sequence[str], b_terms: Sequence[str]) -> float:
    """Multiset Dice coefficient of two *sorted* term lists (one cell of the matrix)."""
    return float(fuzz.ratio(a_terms, b_terms)) / 100.0


def similarity(a_norm: str, b_norm: str) -> float:
    """The shipped similarity of two folded sentences (one cell of :func:`similarity_matrix`)."""
    return dice(terms(a_norm), terms(b_norm))
