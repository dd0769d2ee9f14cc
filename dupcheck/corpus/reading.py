"""The read stage of a scan: files → documents → fingerprints and sketches, in the workers.

The walk's files are cut into chunks; a worker reads each chunk's documents, cuts them into words
once and hashes them into a sketch (`dupcheck.corpus.sketch`) and a content fingerprint. Texts
are not kept (memory stays near 1 KB per document): verification reads its files again
(`Origin`). Chunks come back in order, so document ``d`` is the same document for any pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.dates import Stamps, document_date
from dupcheck.corpus.frequency import DenseTable
from dupcheck.corpus.hashing import U32, word_table
from dupcheck.corpus.lookup import Neighbours, neighbours
from dupcheck.corpus.parallel import Pool, chunked
from dupcheck.corpus.sketch import I64, Sketcher, SketchTable
from dupcheck.corpus.store import Index
from dupcheck.corpus.types import ScanOptions, Skipped
from dupcheck.corpus.urls import is_url, modified_ns, read_input_document
from dupcheck.corpus.walk import TABLE_SUFFIXES, Source, read_file
from dupcheck.errors import InputError
from dupcheck.text.intake import suffix
from dupcheck.text.types import Document

READ_CHUNK = 128
"""Files per unit of read work: large enough to amortise inter-process traffic and NumPy calls
(``python -m bench scale`` measures the read stage), small enough to balance two workers and
report progress often."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where verification gets a document's text again.

    The scan keeps only sketches between stages, not texts, so memory stays at about 1 KB per
    document (a 200k-article archive would otherwise hold gigabytes of text): a file is read
    again by the worker that verifies it (only documents in some candidate pair are), a JSONL
    or Parquet article keeps its text (re-reading one line of a large file would cost more).
    """

    name: str
    path: str | None = None
    """A string, not a ``Path``: origins are pickled to verification workers. A URL for a
    file behind one (`dupcheck.corpus.urls`)."""
    text: str | None = None
    max_bytes: int = 0
    fingerprint: str = ""
    """The content fingerprint the read stage found: a file read again must still have it."""

    def document(self) -> Document:
        """The document again; ``InputError`` when its file is gone or changed since it was read
        (its verdict would be about other text than its fingerprint's)."""
        if self.text is not None:
            return Document(self.name, self.text)
        assert self.path is not None
        document = read_input_document(self.path, max_bytes=self.max_bytes, name=self.name)
        if self.fingerprint and word_table([document.text]).fingerprints[0] != self.fingerprint:
            raise InputError(self.name, "changed since it was read")
        return document


@dataclass(frozen=True, slots=True)
class ReadBatch:
    """The documents of one chunk of files, read and sketched by a worker: arrays and short
    strings rather than objects per document, as all of it is pickled back."""

    sources: list[int]
    """For each document, the position of its file in the chunk."""
    texts: dict[int, tuple[str, str]]
    """Name and text of the documents (by position in ``sources``) that keep their text."""
    fingerprints: tuple[str, ...]
    sketches: SketchTable
    dense: DenseTable
    skipped: list[Skipped]
    dates: Stamps
    """Each document's date (`dupcheck.corpus.dates`)."""


@dataclass(frozen=True, slots=True)
class ReadTask:
    files: list[tuple[str, str, str, str]]
    """Path, name, ``same_as`` and ``problem`` of each `Source`: tuples of strings pickle
    fastest."""
    options: ScanOptions


@dataclass(slots=True)
class Corpus:
    origins: list[Origin] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    sketches: SketchTable = field(default_factory=lambda: SketchTable.of([]))
    dense: DenseTable = field(default_factory=lambda: DenseTable.concat([]))
    archive: list[bool] = field(default_factory=list)
    dates: Stamps = field(default_factory=Stamps)
    skipped: list[Skipped] = field(default_factory=list)
    frequent: U32 | None = None
    """With an archive index: fingerprints too frequent counting the documents not loaded."""
    unloaded: int = 0
    """With an archive index: its documents left out as sharing nothing with the new ones."""


@lru_cache(maxsize=4)
def _sketcher(options: ScanOptions) -> Sketcher:
    # One per worker process rather than per chunk: datasketch's permutations are costly to
    # build, and the same for every chunk.
    return Sketcher(options)


def _read_chunk(task: ReadTask) -> ReadBatch:
    sources: list[int] = []
    texts: dict[int, tuple[str, str]] = {}
    documents: list[str] = []
    skipped: list[Skipped] = []
    dates = Stamps()
    for at, (path, name, same_as, problem) in enumerate(task.files):
        keeps_text = suffix(path) in TABLE_SUFFIXES
        modified = None
        for item in read_file(path, name, task.options, same_as=same_as, problem=problem):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            if keeps_text:
                texts[len(sources)] = (item.name, item.text)
            sources.append(at)
            documents.append(item.text)
            modified = modified if modified is not None else modified_ns(path)
            dates.append(document_date(item, modified_ns=modified))
    found = word_table(documents)
    sketches = _sketcher(task.options).sketch_table(found.hashes, found.lengths)
    dense = DenseTable.of(found.hashes, found.lengths, task.options)
    return ReadBatch(sources, texts, found.fingerprints, sketches, dense, skipped, dates)


def read_corpus(
    sources: list[Source],
    archive: list[Source],
    options: ScanOptions,
    workers: Pool,
    report: Callable[[str, int, int], None],
) -> Corpus:
    """The read stage on its own: every source read, fingerprinted and sketched in the workers,
    in source order (then the archive's). Public so the bench can measure the index levels on
    exactly what a scan reads."""
    corpus = Corpus()
    # Chunks never mix the two trees, so a chunk's tree tells each document's.
    chunks = [(c, False) for c in chunked(sources, READ_CHUNK)]
    chunks += [(c, True) for c in chunked(archive, READ_CHUNK)]
    total = len(sources) + len(archive)
    done = 0
    report("read", 0, total)
    tasks = (
        ReadTask([(s.path, s.name, s.same_as, s.problem) for s in c], options) for c, _ in chunks
    )
    # Kept by field, not by batch, so each field's parts are freed as it is joined.
    signatures: list[npt.NDArray[np.unsignedinteger[Any]]] = []
    samples: list[U32] = []
    sample_sizes: list[I64] = []
    shingles: list[I64] = []
    dense: list[U32] = []
    dense_sizes: list[I64] = []
    for (chunk, in_archive), batch in zip(chunks, workers.map(_read_chunk, tasks), strict=True):
        corpus.skipped.extend(batch.skipped)
        for k, at in enumerate(batch.sources):
            if k in batch.texts:
                name, text = batch.texts[k]
                corpus.origins.append(Origin(name, text=text))
            else:
                source = chunk[at]
                fingerprint = batch.fingerprints[k]
                origin = Origin(source.name, source.path, None, options.max_bytes, fingerprint)
                corpus.origins.append(origin)
        corpus.fingerprints.extend(batch.fingerprints)
        corpus.archive.extend([in_archive] * len(batch.sources))
        corpus.dates.extend(batch.dates)
        if len(batch.sketches):
            signatures.append(batch.sketches.signatures)
            samples.append(batch.sketches.samples)
            sample_sizes.append(np.diff(batch.sketches.cuts))
            shingles.append(batch.sketches.shingles)
        dense.append(batch.dense.shingles)
        dense_sizes.append(np.diff(batch.dense.cuts))
        del batch
        done += len(chunk)
        report("read", done, total)
    corpus.sketches = SketchTable.joined(signatures, samples, sample_sizes, shingles)
    corpus.dense = DenseTable.joined(dense, dense_sizes)
    return corpus


def add_archive(corpus: Corpus, index: Index, options: ScanOptions) -> Neighbours:
    """The documents of an archive index that the corpus's may share content with, added as
    archive documents (`dupcheck.corpus.lookup`): the pairs proposed are then those of a scan
    that read the whole archive. Returns them (their stories count the formula wording:
    `dupcheck.corpus.store_counts`)."""
    found = neighbours(index, corpus.sketches, options)
    corpus.origins.extend(Origin(n, text=t) for n, t in zip(found.names, found.texts, strict=True))
    corpus.fingerprints.extend(found.fingerprints)
    corpus.archive.extend([True] * len(found.names))
    for n, t, added, modified, published in zip(
        found.names, found.texts, found.added, found.modified_ns, found.published, strict=True
    ):
        document = Document(n, t, published=published)
        corpus.dates.append(document_date(document, modified_ns=modified, indexed=added))
    corpus.sketches = SketchTable.concat([corpus.sketches, found.sketches])
    corpus.dense = DenseTable.concat([corpus.dense, found.dense])
    corpus.frequent = found.frequent
    corpus.unloaded = index.documents() - len(found.names)
    corpus.skipped.extend(index.skipped())
    return found


def absolute(sources: list[Source]) -> list[Source]:
    # Joined, not normalised: "a/link/../b" must mean what the system makes of it.
    cwd = os.getcwd()
    return [
        s if os.path.isabs(s.path) or is_url(s.path) else replace(s, path=os.path.join(cwd, s.path))
        for s in sources
    ]
