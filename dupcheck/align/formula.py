"""Formula share: how much of what two documents share is wording many stories of a corpus carry.

A dividend notice, a "Fed adds reserves" one-liner or the header of a list of SEC filings is
worded the same about hundreds of companies or days; two such stories align sentence for
sentence and are still two stories. Knowing how many stories of the corpus carry each shingle
(`Wording`, counted by a scan: ``dupcheck.corpus.frequency``) tells that wording from shared
content: :func:`formula_share` is the share of the matched characters whose wording at least
``CompareOptions.formula_df`` stories carry. The verdict reads it; this module only measures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from dupcheck.text.types import Analysis


class Wording(Protocol):
    """What a corpus knows of the wording of sentences."""

    def frequent(
        self, document: str, texts: Sequence[str], min_stories: int
    ) -> list[tuple[int, int]]:
        """For each of ``texts`` (sentences of ``document``), how many of its word shingles
        were counted, and how many of those at least ``min_stories`` stories of the corpus
        carry."""
        ...


def formula_share(
    a: Analysis,
    b: Analysis,
    matches: Iterable[tuple[Sequence[int], Sequence[int], float]],
    wording: Wording,
    min_stories: int,
) -> float:
    """The share (0–1) of the matched characters, both sides together, whose wording at least
    ``min_stories`` stories carry; 0 when no matched sentence has a counted shingle.

    ``matches``: the A sentences, B sentences and score of each match. Each matched sentence
    weighs its length times its match's score: a weak match the aligner accepted beside a
    formula line (a company's own sentence next to the formula, similar only in its common
    words) shares little wording and dilutes little. A sentence's own share is that of its
    counted shingles that are frequent; the counts may sample shingles by hash, so a short
    sentence may have none, and then neither adds nor dilutes.
    """
    weights: tuple[dict[int, float], dict[int, float]] = ({}, {})
    for a_sentences, b_sentences, score in matches:
        weight = min(1.0, max(0.0, score))
        for chosen, side in ((a_sentences, weights[0]), (b_sentences, weights[1])):
            for i in chosen:
                side[i] = max(side.get(i, 0.0), weight)
    part = 0.0
    whole = 0.0
    for analysis, side in zip((a, b), weights, strict=True):
        text = analysis.document.text
        spans = [(analysis.sentences[i].span, w) for i, w in sorted(side.items())]
        found = wording.frequent(text, [span.slice(text) for span, _ in spans], min_stories)
        for (span, w), (counted, frequent) in zip(spans, found, strict=True):
            if counted:
                part += len(span) * w * frequent / counted
                whole += len(span) * w
    return min(1.0, part / whole) if whole else 0.0
