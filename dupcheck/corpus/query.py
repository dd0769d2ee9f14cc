"""``dupcheck query``: the archived copies of one article, from an archive index.

Each article is sketched as a scan sketches it, the index gives the archived documents it
shares a band key or a fingerprint with (`dupcheck.corpus.lookup`), the scan's two index
levels propose candidates among them, and each candidate is compared as ``dupcheck compare``
compares two files: verdict, scores and shared passages. So an article's copies are those
``scan DIR --against FILE.db`` pairs it with when DIR holds that article alone. Articles are
looked up one at a time and never compared with each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dupcheck.align.types import Comparison, Verdict
from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.frequency import DenseTable, ShingleCounts
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.lookup import Neighbours, neighbours, texts_of
from dupcheck.corpus.sketch import SketchTable
from dupcheck.corpus.store import Index
from dupcheck.corpus.store_counts import story_counts
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import TooLargeToAlign
from dupcheck.text.types import Document


@dataclass(frozen=True, slots=True)
class ArchivedCopy:
    """An archived document that shares content with the article."""

    name: str
    """As a scan names it: under the archive root as given to ``index build``."""
    fingerprint: str
    """Content fingerprint of the archived text (as a scan's ``fingerprint_b``)."""
    comparison: Comparison
    """The article as A, the archived text as B: verdict, scores, passages."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One article's archived copies."""

    name: str
    """The article's name (its path as given, or ``<stdin>``)."""
    fingerprint: str
    copies: tuple[ArchivedCopy, ...]
    """Verdict ``duplicate`` or ``partial`` only, duplicates first, then by name."""
    candidates: int
    """Archived documents the index proposed (all compared)."""
    unverified: tuple[str, ...] = ()
    """Candidates too large to align (``max_sentence_pairs``), by name."""

    @property
    def verdicts(self) -> list[Verdict]:
        return [c.comparison.verdict for c in self.copies]


def query(index: Index, document: Document, options: ScanOptions | None = None) -> QueryResult:
    """The archived copies of ``document`` in ``index``. ``options`` (the index's when None)
    must sketch as the index does; their thresholds and ``fine_*`` settings apply. Raises
    `InputError` when they would sketch differently."""
    opts = options or index.options
    index.check(opts)  # before sketching with the index's permutations
    found = word_table([document.text])
    mine = index.sketcher().sketch_table(found.hashes, found.lengths)
    near = neighbours(index, mine, opts, texts=False)
    table = SketchTable.concat([mine, near.sketches])
    archive = np.r_[False, np.ones(len(near.names), dtype=bool)]
    found_pairs = find_candidates(
        table, opts, archive=archive, bands=index.bands, frequent=near.frequent
    )
    pairs = found_pairs.pairs
    partners = sorted({int(j) for i, j in pairs.tolist() if i == 0})
    copies: list[ArchivedCopy] = []
    unverified: list[str] = []
    if partners:
        dense = DenseTable.concat([DenseTable.of(found.hashes, found.lengths, opts), near.dense])
        wording = story_counts(index, table, dense, near.stories, found=found_pairs, options=opts)
        texts = texts_of(index, [near.ids[j - 1] for j in partners])
        candidates = list(zip(partners, texts, strict=True))
        copies, unverified = _verify(document, candidates, near, opts, wording)
    copies.sort(key=lambda c: (-c.comparison.verdict.rank, c.name))
    return QueryResult(
        name=document.name,
        fingerprint=found.fingerprints[0],
        copies=tuple(copies),
        candidates=len(partners),
        unverified=tuple(unverified),
    )


def _verify(
    document: Document,
    candidates: list[tuple[int, str]],
    near: Neighbours,
    options: ScanOptions,
    wording: ShingleCounts,
) -> tuple[list[ArchivedCopy], list[str]]:
    """Compare ``document`` with each candidate (``candidates``: its place in ``near``, 1-based,
    and its text): its copies, and the candidates too large to align. ``wording``: the
    story counts of the archive and the article, for ``formula``, as a scan counts them."""
    # Imported here: the aligner and the boilerplate rules are most of a shell query's
    # start-up, and an article without candidates needs neither.
    from dupcheck.align.compare import compare_analyses
    from dupcheck.text.analyse import analyse

    article = analyse(document)
    copies: list[ArchivedCopy] = []
    unverified: list[str] = []
    for j, text in candidates:
        k = j - 1
        # With its date field, as a scan of the archive dates it (``on_other_days``).
        other = analyse(Document(near.names[k], text, published=near.published[k]))
        try:
            comparison = compare_analyses(article, other, options.compare, formula=wording)
        except TooLargeToAlign:
            unverified.append(near.names[k])
            continue
        if comparison.verdict is not Verdict.DISTINCT:
            copies.append(ArchivedCopy(near.names[k], near.fingerprints[k], comparison))
    return copies, unverified
