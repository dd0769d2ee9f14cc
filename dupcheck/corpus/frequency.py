"""How many stories of a corpus carry each word shingle: what tells formula wording from content.

Wire copy repeats formula lines ("Qtly div 24 cts vs 24 cts prior"), list headers ("Proposed
offerings recently filed with the SEC") and disclaimers about hundreds of different companies,
days or markets. Wording that many stories carry is no evidence that two of them are one story;
``Scores.formula`` (``dupcheck.align.formula``) is the share of a pair's matched text made of it.

What is counted: the level-2 fingerprints the index keeps anyway (word
``fine_shingle_size``-shingles whose hash is 0 modulo ``fine_modulus``, `dupcheck.corpus.sketch`),
so the counts cost one more sort of postings the index already holds. The sample is
content-defined, so a sentence's sampled shingles are the same in every document that carries
it, and the share of a sentence's sampled shingles that are frequent estimates the share of its
wording that is.

That estimate is poor where formula lives most: a one-line dividend notice has a handful of
shingles, one in four of them is one or two, and a single frequent one makes a re-sent notice
look all formula. So documents of at most ``DENSE_WORDS`` words have *every* shingle counted
(`DenseTable`), at most that many per document: memory stays bounded per document, as the
index's. A shingle's count is then exact when it is sampled, and otherwise counts the short
documents only (a lower bound: wording that only long documents share is never formula on their
account); a sentence of a short document is measured on all its shingles, one of a long document
on its sampled ones.

*Stories*, not documents: documents that resemble each other (a level-1 candidate pair, or linked
through a chain of them) count as one story. A story syndicated to twenty outlets is not formula
because twenty documents carry its sentences; a formula line is, because its documents otherwise
differ (another company, other figures). Chained templates that resemble each other as wholes
then count as few stories: their figures and names disagree, which the verdict reads apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.hashing import (
    U32,
    fmix32,
    shingle_hashes_many,
    sorted_distinct,
    word_hashes,
    words,
)
from dupcheck.corpus.postings import Postings, sorted_postings
from dupcheck.corpus.sketch import I64, Samples, SketchTable
from dupcheck.corpus.types import ScanOptions

DENSE_WORDS = 200
"""Documents of at most this many words have every shingle counted, not a sample."""
STORY_FLOOR = 2
"""Stories a shingle must be carried by to be counted: one story's shingle is content."""


@dataclass(frozen=True, slots=True)
class DenseTable:
    """The shingles of short documents that the level-2 sample leaves out, as a scan's read
    workers find them: ``shingles[cuts[d]:cuts[d + 1]]`` are document ``d``'s (none for a long
    document), distinct and sorted."""

    shingles: U32
    cuts: I64

    @staticmethod
    def of(words: U32, lengths: I64, options: ScanOptions) -> DenseTable:
        """The unsampled ``fine_shingle_size``-shingles of every document of at most
        ``DENSE_WORDS`` words, given the documents' word hashes end to end."""
        n = len(lengths)
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        k = options.fine_shingle_size
        short = (lengths >= k) & (lengths <= DENSE_WORDS)
        mask = short[owner]
        found, of = shingle_hashes_many(words[mask], owner[mask], np.where(short, lengths, 0), k)
        unsampled = fmix32(found) % np.uint32(options.fine_modulus) != 0
        keys = sorted_distinct(
            (of[unsampled].astype(np.uint64) << np.uint64(32)) | found[unsampled]
        )
        docs = (keys >> np.uint64(32)).astype(np.int64)
        return DenseTable(
            (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32),
            np.searchsorted(docs, np.arange(n + 1)).astype(np.int64),
        )

    @staticmethod
    def none(n: int) -> DenseTable:
        """A table of ``n`` documents without unsampled shingles."""
        return DenseTable(np.empty(0, dtype=np.uint32), np.zeros(n + 1, dtype=np.int64))

    @staticmethod
    def concat(tables: Sequence[DenseTable]) -> DenseTable:
        """One table of the documents of ``tables``, in order."""
        return DenseTable.joined([t.shingles for t in tables], [np.diff(t.cuts) for t in tables])

    @staticmethod
    def joined(shingles: list[U32], sizes: list[I64]) -> DenseTable:
        """The table of tables' shingles and each document's count of them, as lists of parts
        in order; ``shingles`` is emptied once joined (see `SketchTable.joined`)."""
        if not shingles:
            return DenseTable.none(0)
        joined = np.concatenate(shingles)
        shingles.clear()
        return DenseTable(joined, np.r_[0, np.cumsum(np.concatenate(sizes))].astype(np.int64))


@dataclass(frozen=True, slots=True)
class ShingleCounts:
    """Stories of a corpus carrying each sampled word shingle, for those carried by at least
    ``floor`` stories (the rest are ones and twos: content, not formula).

    Small and picklable: a scan hands each verification chunk only the rows of its documents'
    shingles (:meth:`restricted`). Satisfies ``dupcheck.align.formula.Wording``.
    """

    hashes: U32
    """Sorted, distinct sampled shingle hashes."""
    counts: U32
    """Stories carrying each of ``hashes``."""
    shingle_size: int
    """Words per shingle (``ScanOptions.fine_shingle_size``)."""
    modulus: int
    """Sampling: a shingle is counted when ``fmix32(hash) % modulus == 0``."""
    floor: int = STORY_FLOOR

    def stories(self, shingles: U32) -> U32:
        """Stories carrying each of ``shingles`` (0 for a shingle under the floor)."""
        if not len(self.hashes) or not len(shingles):
            return np.zeros(len(shingles), dtype=np.uint32)
        at = np.searchsorted(self.hashes, shingles)
        at[at == len(self.hashes)] = 0
        found = self.hashes[at] == shingles
        return np.where(found, self.counts[at], np.uint32(0)).astype(np.uint32)

    def frequent(
        self, document: str, texts: Sequence[str], min_stories: int
    ) -> list[tuple[int, int]]:
        """For each of ``texts`` (sentences of ``document``), how many of its shingles were
        counted and how many of those at least ``min_stories`` stories carry: every shingle
        when ``document`` is short (`DENSE_WORDS`), the sampled ones otherwise. A text shorter
        than ``shingle_size`` words has none."""
        dense = len(words(document)) <= DENSE_WORDS
        split = [words(t) for t in texts]
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        # A few sentences: per-word CRCs beat word_table, whose passes cost the same for any size.
        hashes = word_hashes(list(itertools.chain.from_iterable(split)))
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        shingles, of = shingle_hashes_many(hashes, owner, lengths, self.shingle_size)
        # Full shingles only: a short text's one shingle of all its words is no document's.
        kept = lengths[of] >= self.shingle_size
        if not dense:
            kept &= fmix32(shingles) % np.uint32(self.modulus) == 0
        shingles, of = shingles[kept], of[kept]
        counted = np.bincount(of, minlength=len(texts))
        hits = np.bincount(of[self.stories(shingles) >= min_stories], minlength=len(texts))
        return list(zip(counted.tolist(), hits.tolist(), strict=True))

    def restricted(
        self, documents: Sequence[int], sketches: SketchTable | Samples, dense: DenseTable
    ) -> ShingleCounts:
        """These counts for the shingles of ``documents`` only (indices into ``sketches`` and
        ``dense``): a sentence's counted shingles are among its document's, so this is all a
        chunk of verification needs."""
        at = held_at(self.hashes, sorted_distinct(document_shingles(documents, sketches, dense)))
        return ShingleCounts(
            self.hashes[at], self.counts[at], self.shingle_size, self.modulus, self.floor
        )


def document_shingles(
    documents: Iterable[int], sketches: SketchTable | Samples, dense: DenseTable
) -> U32:
    """The shingles a count may hold for ``documents`` (indices into ``sketches`` and ``dense``):
    their sampled ones and their unsampled dense ones, end to end, repeats kept."""
    s, d = sketches, dense
    parts = [
        part
        for k in documents
        for part in (s.samples[s.cuts[k] : s.cuts[k + 1]], d.shingles[d.cuts[k] : d.cuts[k + 1]])
    ]
    return np.concatenate([*parts, np.empty(0, dtype=np.uint32)])


def held_at(hashes: U32, wanted: U32) -> I64:
    """Indices into ``hashes`` of the ``wanted`` it holds, both sorted and distinct."""
    at: I64 = np.searchsorted(hashes, wanted)
    # wanted is sorted: those past the end of hashes are a suffix.
    at = at[at < len(hashes)]
    held: I64 = at[hashes[at] == wanted[: len(at)]]
    return held


def story_labels(n: int, resembling: npt.NDArray[np.int64]) -> I64:
    """A story label per document: the smallest document index of its connected component
    under the ``resembling`` pairs (shape ``(m, 2)``).

    Minimum labels are propagated along the edges with pointer jumping, all in NumPy; the labels
    are the components' minima whatever the order of the pairs.
    """
    label = np.arange(n, dtype=np.int64)
    if not len(resembling):
        return label
    a, b = resembling[:, 0], resembling[:, 1]
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        # Hooking a root onto a smaller label moves its whole tree: jump until settled.
        new = new[new]
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label
        label = new


def count_stories(
    sketches: SketchTable,
    dense: DenseTable,
    resembling: npt.NDArray[np.int64],
    options: ScanOptions,
    floor: int = STORY_FLOOR,
) -> ShingleCounts:
    """Stories carrying each shingle of ``sketches``' samples and of ``dense`` (the same
    documents), kept at ``floor`` or more.

    ``resembling``: pairs of documents that count as one story (the level-1 index's). Sorts of
    packed (shingle, story) keys, as the level-2 index sorts (shingle, document) ones.
    """
    n = len(sketches)
    lengths = np.diff(sketches.cuts) + np.diff(dense.cuts)
    empty = ShingleCounts(
        np.empty(0, dtype=np.uint32),
        np.empty(0, dtype=np.uint32),
        options.fine_shingle_size,
        options.fine_modulus,
        floor,
    )
    if n == 0 or lengths.sum() == 0:
        return empty
    story = story_labels(n, resembling).astype(np.uint64)
    hashes, counts = [np.empty(0, dtype=np.uint32)], [np.empty(0, dtype=np.uint32)]
    # Sorted packed (shingle, story) keys, a range of shingles at a time
    # (`dupcheck.corpus.postings`): a shingle's count needs only its own postings.
    tables = [
        Postings(sketches.samples, sketches.cuts, story),
        Postings(dense.shingles, dense.cuts, story),
    ]
    for keys in sorted_postings(tables):
        if not len(keys):
            continue
        # A story's documents carry one shingle once.
        packed = keys[np.r_[True, keys[1:] != keys[:-1]]]
        del keys
        packed >>= np.uint64(32)
        starts = np.flatnonzero(np.r_[True, packed[1:] != packed[:-1]])
        stories = np.diff(np.r_[starts, len(packed)])
        keep = stories >= floor
        hashes.append(packed[starts[keep]].astype(np.uint32))
        counts.append(stories[keep].astype(np.uint32))
        del packed
    return replace(empty, hashes=np.concatenate(hashes), counts=np.concatenate(counts))
