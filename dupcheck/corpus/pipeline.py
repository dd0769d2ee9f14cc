"""scan: every copy of every story in a folder — read → index → verify → pairs and clusters.

1. **read** (in worker processes): the walk's files become documents; each is cut into words
   once and hashed into a sketch (`dupcheck.corpus.sketch`) and a content fingerprint. Texts are not
   kept (memory stays near 1 KB per document): verification reads its files again.
2. **index** (in this process): the two index levels propose candidate pairs.
3. **verify** (in worker processes): each candidate gets the verdict and scores ``dupcheck
   compare`` would give it (``dupcheck.align.verify.reported``: the same alignment and thresholds,
   without the edits and passages a scan does not report); only documents in some candidate
   are analysed, each once per chunk of work (chunks hold whole connected groups of
   candidates), and copies with identical text are compared once. Pairs judged ``distinct``
   are dropped. Chunks come back in order, so the result is the same for any ``jobs``.

``--against``: documents of the archive tree are named by the archive path as given, joined with
their path inside it (``scan new --against ../archive`` names ``../archive/2019/a.txt``), so they
can never be mistaken for documents of the scanned root; pairs of two archive documents are never
proposed. If one tree lies inside the other, the inner one is read only as itself (the archive
inside the root only as archive, the root inside the archive only as new).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from dupcheck.align.side import Seen, Side, prepare
from dupcheck.align.types import CompareOptions, Note, Scores, Verdict
from dupcheck.align.verify import Judgement, reported
from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.clusters import build_clusters
from dupcheck.corpus.dates import Stamp, document_date
from dupcheck.corpus.excerpts import first_shared
from dupcheck.corpus.frequency import DenseTable, ShingleCounts, count_stories
from dupcheck.corpus.hashing import U32, word_table
from dupcheck.corpus.lookup import neighbours
from dupcheck.corpus.parallel import Pool, Workers, chunked, plan_chunks
from dupcheck.corpus.sketch import Sketcher, SketchTable
from dupcheck.corpus.sources import gather
from dupcheck.corpus.store import Index
from dupcheck.corpus.types import UNVERIFIED, Excerpt, Pair, ScanOptions, ScanResult, Skipped
from dupcheck.corpus.walk import (
    TABLE_SUFFIXES,
    Source,
    check_text_field,
    read_file,
)
from dupcheck.errors import InputError, TooLargeToAlign
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import HTML_SUFFIXES, read_document, suffix
from dupcheck.text.types import Document

READ_CHUNK = 128
"""Files per unit of read work: large enough to amortise inter-process traffic and NumPy calls
(``python -m bench scale`` measures the read stage), small enough to balance two workers and
report progress often."""
VERIFY_CHUNK = 64
"""Candidate pairs per unit of verification work: small connected groups of candidates are packed
together up to this many pairs."""


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a scan is: ``done`` of ``total`` units of ``stage`` (``read``: files,
    ``index``: 0 or 1, ``verify``: candidate pairs)."""

    stage: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where verification gets a document's text again.

    The scan keeps only sketches between stages, not texts, so memory stays at about 1 KB per
    document (a 200k-article archive would otherwise hold gigabytes of text): a file is read
    again by the worker that verifies it (only documents in some candidate pair are), a JSONL
    or Parquet article keeps its text (re-reading one line of a large file would cost more).
    """

    name: str
    path: str | None = None
    """A string, not a ``Path``: origins are pickled to verification workers."""
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
        document = read_document(self.path, max_bytes=self.max_bytes, name=self.name)
        if self.fingerprint and word_table([document.text]).fingerprints[0] != self.fingerprint:
            raise InputError(self.name, "changed since it was read")
        return document


@dataclass(frozen=True, slots=True)
class _ReadBatch:
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
    dates: list[Stamp]
    """Each document's date (`dupcheck.corpus.dates`)."""


@dataclass(frozen=True, slots=True)
class _ReadTask:
    files: list[tuple[str, str, str, str]]
    """Path, name, ``same_as`` and ``problem`` of each `Source`: tuples of strings pickle
    fastest."""
    options: ScanOptions


@dataclass(frozen=True, slots=True)
class _VerifyTask:
    pairs: Sequence[tuple[int, int]]
    """Indices into ``documents``; the first is the ``a`` side."""
    documents: dict[int, _Origin]
    options: CompareOptions
    wording: ShingleCounts
    """The corpus's story counts of the shingles of ``documents`` only: small to send."""
    excerpts: bool = False
    """Find each finding's first shared passage on both sides."""


@dataclass(frozen=True, slots=True)
class _Verified:
    a: int
    b: int
    verdict: Verdict
    scores: Scores
    notes: tuple[Note, ...]
    excerpts: tuple[Excerpt, Excerpt] | None = None


@dataclass(frozen=True, slots=True)
class _Unaligned:
    """A candidate pair too large to align (``max_sentence_pairs``): reported as skipped."""

    a: int
    b: int
    a_sentences: int
    b_sentences: int


@dataclass(frozen=True, slots=True)
class _Unverified:
    """A candidate pair whose verification failed on its own (a file gone or changed since the
    read stage, or an error in aligning just this pair): reported as skipped, the scan goes on."""

    a: int
    b: int
    reason: str


@dataclass(slots=True)
class _Corpus:
    origins: list[_Origin] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    sketches: SketchTable = field(default_factory=lambda: SketchTable.of([]))
    dense: DenseTable = field(default_factory=lambda: DenseTable.concat([]))
    archive: list[bool] = field(default_factory=list)
    dates: list[Stamp] = field(default_factory=list)
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


def _read_chunk(task: _ReadTask) -> _ReadBatch:
    sources: list[int] = []
    texts: dict[int, tuple[str, str]] = {}
    documents: list[str] = []
    skipped: list[Skipped] = []
    dates: list[Stamp] = []
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
            modified = modified if modified is not None else _modified_ns(path)
            dates.append(Stamp.of(document_date(item, modified_ns=modified)))
    found = word_table(documents)
    sketches = _sketcher(task.options).sketch_table(found.hashes, found.lengths)
    dense = DenseTable.of(found.hashes, found.lengths, task.options)
    return _ReadBatch(sources, texts, found.fingerprints, sketches, dense, skipped, dates)


def _modified_ns(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:  # gone since it was read: the time it is read again fails on it anyway
        return 0


def _own_lines(origin: _Origin) -> bool:
    """Whether a document's text is its file's lines: not a web page's extracted text, not a
    JSONL record (which holds one line of its file). Decided by the name, so a document an
    archive index kept the text of is judged as its file would be."""
    if _JSONL_RECORD.search(origin.name):
        return False
    return suffix(origin.name) not in HTML_SUFFIXES


_JSONL_RECORD = re.compile(r"(?i)\.jsonl(?:#.*|:\d+)$")


def _verify_chunk(task: _VerifyTask) -> list[_Verified | _Unaligned | _Unverified]:
    # Keyed by text: copies with identical text (wire re-sends) are analysed and compared once;
    # verdicts and scores depend on the texts only, never on the names.
    prepared: dict[str, Side] = {}
    judged: dict[tuple[str, str], Judgement | None] = {}
    # A chunk holds connected candidates, mostly copies of one story: they share sentences.
    seen: Seen = {}

    documents: dict[int, Document] = {}
    unreadable: dict[int, str] = {}
    for i, origin in task.documents.items():
        try:
            documents[i] = origin.document()
        except InputError as exc:
            unreadable[i] = f"{exc.path}: {exc.reason}"

    def prepare_once(i: int) -> Side:
        text = documents[i].text
        if text not in prepared:
            prepared[text] = prepare(analyse(documents[i]), seen=seen)
        return prepared[text]

    out: list[_Verified | _Unaligned | _Unverified] = []
    for i, j in task.pairs:
        gone = unreadable.get(i) or unreadable.get(j)
        if gone is not None:
            out.append(_Unverified(i, j, gone))
            continue
        key = (documents[i].text, documents[j].text)
        if key not in judged:
            try:
                pa, pb = prepare_once(i), prepare_once(j)
                judged[key] = reported(pa, pb, task.options, wording=task.wording)
            except TooLargeToAlign:
                out.append(_Unaligned(i, j, len(pa.analysis.sentences), len(pb.analysis.sentences)))
                continue
            except Exception as exc:  # one pair must not end the whole scan
                out.append(_Unverified(i, j, f"internal error: {type(exc).__name__}: {exc}"))
                continue
        found = judged[key]
        if found is not None:
            # Not cached by text like the verdict: whether a side's lines are the file's
            # depends on the file, not only on its text.
            where = None
            if task.excerpts:
                lines = (_own_lines(task.documents[i]), _own_lines(task.documents[j]))
                where = first_shared(prepare_once(i), prepare_once(j), task.options, lines)
            out.append(_Verified(i, j, found.verdict, found.scores, found.notes, where))
    return out


def _too_large(unaligned: list[_Unaligned], docs: list[_Origin], limit: int) -> list[Skipped]:
    """Candidate pairs too large to align, as skipped entries under the longer document."""
    out = []
    for u in unaligned:
        a, b = docs[u.a].name, docs[u.b].name
        path, other = (a, b) if u.a_sentences >= u.b_sentences else (b, a)
        out.append(
            Skipped(
                path,
                f"{UNVERIFIED} {other}: {u.a_sentences:,} × {u.b_sentences:,} sentences "
                f"are more than max_sentence_pairs ({limit:,}) to align",
                unverified_pair=True,
            )
        )
    return out


def _unverified(unverified: list[_Unverified], docs: list[_Origin]) -> list[Skipped]:
    """Pairs whose verification failed on their own, as skipped entries under their first
    document."""
    return [
        Skipped(docs[u.a].name, f"{UNVERIFIED} {docs[u.b].name}: {u.reason}", unverified_pair=True)
        for u in unverified
    ]


def read_corpus(
    sources: list[Source],
    archive: list[Source],
    options: ScanOptions,
    workers: Pool,
    report: Callable[[str, int, int], None],
) -> _Corpus:
    """The read stage on its own: every source read, fingerprinted and sketched in the workers,
    in source order (then the archive's). Public so the bench can measure the index levels on
    exactly what a scan reads."""
    corpus = _Corpus()
    # Chunks never mix the two trees, so a chunk's tree tells each document's.
    chunks = [(c, False) for c in chunked(sources, READ_CHUNK)]
    chunks += [(c, True) for c in chunked(archive, READ_CHUNK)]
    total = len(sources) + len(archive)
    done = 0
    report("read", 0, total)
    tasks = (
        _ReadTask([(s.path, s.name, s.same_as, s.problem) for s in c], options) for c, _ in chunks
    )
    tables = []
    dense = []
    for (chunk, in_archive), batch in zip(chunks, workers.map(_read_chunk, tasks), strict=True):
        corpus.skipped.extend(batch.skipped)
        for k, at in enumerate(batch.sources):
            if k in batch.texts:
                name, text = batch.texts[k]
                corpus.origins.append(_Origin(name, text=text))
            else:
                source = chunk[at]
                fingerprint = batch.fingerprints[k]
                origin = _Origin(source.name, source.path, None, options.max_bytes, fingerprint)
                corpus.origins.append(origin)
        corpus.fingerprints.extend(batch.fingerprints)
        corpus.archive.extend([in_archive] * len(batch.sources))
        corpus.dates.extend(batch.dates)
        tables.append(batch.sketches)
        dense.append(batch.dense)
        done += len(chunk)
        report("read", done, total)
    corpus.sketches = SketchTable.concat(tables)
    corpus.dense = DenseTable.concat(dense)
    return corpus


def _add_archive(corpus: _Corpus, index: Index, options: ScanOptions) -> None:
    """The documents of an archive index that the corpus's may share content with, added as
    archive documents (`dupcheck.corpus.lookup`): the pairs proposed are then those of a scan
    that read the whole archive."""
    found = neighbours(index, corpus.sketches, options)
    corpus.origins.extend(_Origin(n, text=t) for n, t in zip(found.names, found.texts, strict=True))
    corpus.fingerprints.extend(found.fingerprints)
    corpus.archive.extend([True] * len(found.names))
    corpus.dates.extend(
        Stamp.of(document_date(Document(n, t), modified_ns=modified, indexed=added))
        for n, t, added, modified in zip(
            found.names, found.texts, found.added, found.modified_ns, strict=True
        )
    )
    corpus.sketches = SketchTable.concat([corpus.sketches, found.sketches])
    # The index keeps no unsampled shingles: its documents count in the story counts by their
    # samples only.
    corpus.dense = DenseTable.concat([corpus.dense, DenseTable.none(len(found.names))])
    corpus.frequent = found.frequent
    corpus.unloaded = index.documents() - len(found.names)
    corpus.skipped.extend(index.skipped())


def scan(
    root: Path | Sequence[Path],
    *,
    options: ScanOptions | None = None,
    against: Path | Sequence[Path] | None = None,
    progress: Callable[[Progress], None] | None = None,
    excerpts: bool = False,
    pool: Pool | None = None,
) -> ScanResult:
    """Find the documents under ``root`` that share content, verified by alignment.

    ``root`` is one folder, or a list of files and folders (the result's ``root`` is then their
    deepest common folder; see :mod:`dupcheck.corpus.sources`). With ``against`` (one archive
    folder or several), only pairs involving a scanned document are reported (new against
    archive, new against new); an archive may also be an index file (`dupcheck.corpus.store`,
    alone), which gives the same result without reading the archive. ``progress`` is called as
    each stage advances. ``excerpts``: give each pair its first shared passage on both sides
    (:class:`Pair`'s ``excerpt_a`` and ``excerpt_b``), for reports that point at lines; it
    aligns each finding a second time. ``pool`` reads and verifies: by default
    ``Workers(options.jobs)``, local processes; `dupcheck.corpus.dask_engine` passes a Dask
    cluster's.

    Raises ``InputError`` when a scanned path or an archive is missing (or a single ``root`` is
    not a folder), and ``ConfigError`` when JSONL records were read but none has
    ``options.text_field``; a tree without usable documents is an empty result, not an error.
    """
    opts = options or ScanOptions()
    given = [against] if isinstance(against, str | Path) else list(against or ())
    indexes = [Path(a) for a in given if Path(a).is_file()]
    if indexes:
        if len(given) > 1:
            reason = "an archive index cannot be combined with other --against archives"
            raise InputError(str(indexes[0]), reason)
        with Index.open(indexes[0]) as index:
            index.check(opts)
            return _scan(root, opts, None, index, progress=progress, excerpts=excerpts, pool=pool)
    return _scan(root, opts, against, None, progress=progress, excerpts=excerpts, pool=pool)


def _absolute(sources: list[Source]) -> list[Source]:
    # Joined, not normalised: "a/link/../b" must mean what the system makes of it.
    cwd = os.getcwd()
    return [
        s if os.path.isabs(s.path) else replace(s, path=os.path.join(cwd, s.path)) for s in sources
    ]


def _scan(
    scanned: Path | Sequence[Path],
    opts: ScanOptions,
    against: Path | Sequence[Path] | None,
    index: Index | None,
    *,
    progress: Callable[[Progress], None] | None,
    excerpts: bool,
    pool: Pool | None,
) -> ScanResult:
    # An index's archive folder inside the scanned tree is the archive's, not new.
    skip = frozenset({index.root_real}) if index is not None else frozenset()
    found_sources = gather(scanned, opts, against, skip=skip)
    root, sources, archive = found_sources.root, found_sources.new, found_sources.archive

    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total))

    # Absolute paths to read from (names stay relative): workers may run in another directory,
    # or on another machine that mounts the same one.
    sources, archive = _absolute(sources), _absolute(archive)
    with Workers(opts.jobs) if pool is None else pool as workers:
        corpus = read_corpus(sources, archive, opts, workers, report)
        jsonl = sum(origin.text is not None for origin in corpus.origins)
        check_text_field(corpus.skipped, jsonl, opts)
        report("index", 0, 1)
        if index is not None:
            _add_archive(corpus, index, opts)
        found = find_candidates(
            corpus.sketches,
            opts,
            archive=np.array(corpus.archive, dtype=bool),
            frequent=corpus.frequent,
        )
        report("index", 1, 1)
        docs = corpus.origins
        oriented = [
            (int(i), int(j)) if docs[i].name < docs[j].name else (int(j), int(i))
            for i, j in found.pairs
        ]
        verified: list[_Verified] = []
        unaligned: list[_Unaligned] = []
        unverified: list[_Unverified] = []
        counts = count_stories(corpus.sketches, corpus.dense, found.resembling, opts)
        tasks = []
        for chunk in plan_chunks(oriented, VERIFY_CHUNK):
            members = sorted({k for pair in chunk for k in pair})
            wording = counts.restricted(members, corpus.sketches, corpus.dense)
            tasks.append(
                _VerifyTask(chunk, {k: docs[k] for k in members}, opts.compare, wording, excerpts)
            )
        # Longest first, so the last chunks to finish are short ones and no worker waits long
        # for another at the end; the order of the results does not matter, pairs are sorted.
        tasks.sort(key=lambda t: len(t.pairs) + len(t.documents), reverse=True)
        report("verify", 0, len(oriented))
        done = 0
        for at, results in workers.map_unordered(_verify_chunk, tasks):
            verified.extend(r for r in results if isinstance(r, _Verified))
            unaligned.extend(r for r in results if isinstance(r, _Unaligned))
            unverified.extend(r for r in results if isinstance(r, _Unverified))
            done += len(tasks[at].pairs)
            report("verify", done, len(oriented))

    fps = corpus.fingerprints
    dated = {k for v in verified for k in (v.a, v.b)}
    dates = {docs[k].name: corpus.dates[k].date(docs[k].name) for k in dated}
    archived = {docs[k].name for k in dated if corpus.archive[k]}
    pairs = sorted(
        (
            Pair(
                docs[v.a].name,
                docs[v.b].name,
                v.verdict,
                v.scores,
                fps[v.a],
                fps[v.b],
                notes=v.notes,
                excerpt_a=v.excerpts[0] if v.excerpts else None,
                excerpt_b=v.excerpts[1] if v.excerpts else None,
            )
            for v in verified
        ),
        key=lambda p: (p.a, p.b),
    )
    return ScanResult(
        root=root.as_posix(),
        documents=len(docs) + corpus.unloaded,
        pairs=tuple(pairs),
        clusters=build_clusters(pairs, dates, archived),
        skipped=tuple(
            sorted(
                [
                    *corpus.skipped,
                    *_too_large(unaligned, docs, opts.compare.max_sentence_pairs),
                    *_unverified(unverified, docs),
                ],
                key=lambda s: (s.path, s.reason),
            )
        ),
        candidates=len(oriented),
        options=opts,
        dates=tuple(dates[name] for name in sorted(dates)),
    )
