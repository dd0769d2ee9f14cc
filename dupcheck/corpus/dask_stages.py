"""A folder scan's stages as Dask tasks: read → both index levels (shuffles) → verify.

The client walks the tree, submits the read chunks (`dupcheck.corpus.reading`'s own chunk
function) and keeps of each document what the report needs: its name and where to read it
again, its content fingerprint, date and tree. The sketches stay on the workers, where the index
levels and the story counts are made by shuffles (`dupcheck.corpus.dask_index`); the client gets
back only the candidate pairs and the level-1 pairs. Verification tasks read their documents
where they lie, JSONL and Parquet articles included (`dupcheck.corpus.dask_records`), and take
the story counts from the cluster. Then the result is made as the local scan makes it
(`dupcheck.corpus.verifying.scan_result`): the same bytes.

Tasks are named ``<stage>-<scan>-<number>``; every function a task runs is looked up here when
the scan runs, so a test can swap one for a version that kills its worker.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import numpy as np

from dupcheck.corpus import dask_index, reading, verifying
from dupcheck.corpus.candidates import _decode, lsh_params
from dupcheck.corpus.dask_records import Record, locate
from dupcheck.corpus.dates import Stamps
from dupcheck.corpus.frequency import STORY_FLOOR, DenseTable, ShingleCounts, story_labels
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.parallel import chunked, plan_chunks
from dupcheck.corpus.reading import Corpus, Origin, ReadBatch, ReadTask
from dupcheck.corpus.sketch import I64
from dupcheck.corpus.types import ScanOptions, ScanResult, Skipped
from dupcheck.corpus.verifying import (
    Unaligned,
    Unverified,
    Verification,
    Verified,
    VerifyTask,
    oriented,
    scan_result,
)
from dupcheck.corpus.walk import Source, check_text_field
from dupcheck.errors import InputError
from dupcheck.text.types import Document

if TYPE_CHECKING:
    from distributed import Client
    from distributed import Future as DaskFuture

    from dupcheck.corpus.dask_engine import WorkerWatch


@dataclass(frozen=True, slots=True)
class ReadMeta:
    """What the client keeps of a read chunk: no sketch, and texts only of the JSONL and
    Parquet articles that could not be located in their files."""

    sources: list[int]
    texts: dict[int, tuple[str, str]]
    records: dict[int, Record]
    fingerprints: tuple[str, ...]
    skipped: list[Skipped]
    dates: Stamps
    samples: I64
    """Each document's level-2 sample size (level 2's threshold for short documents)."""


@dataclass(frozen=True, slots=True)
class Read:
    meta: ReadMeta
    batch: ReadBatch
    """The chunk's sketches, without its texts: what stays on the cluster."""


def read(task: ReadTask) -> Read:
    batch = reading._read_chunk(task)
    records = locate(task, batch)
    texts = {k: named for k, named in batch.texts.items() if k not in records}
    samples = np.diff(batch.sketches.cuts).astype(np.int64)
    meta = ReadMeta(
        batch.sources, texts, records, batch.fingerprints, batch.skipped, batch.dates, samples
    )
    return Read(meta, replace(batch, texts={}))


def _same(data: Any) -> Any:
    return data


def meta(found: Read) -> ReadMeta:
    return found.meta


def group(first: int, *found: Read) -> dask_index.Group:
    return dask_index.group(first, *(r.batch for r in found))


@dataclass(frozen=True, slots=True)
class Job:
    """A chunk of connected candidate pairs to verify (`verifying.VerifyTask` without the
    story counts, which the task takes from the cluster)."""

    pairs: Sequence[tuple[int, int]]
    documents: dict[int, Origin]
    options: ScanOptions
    excerpts: bool


@dataclass(frozen=True, slots=True)
class _Loaded(Origin):
    """A document this task has read already."""

    loaded: Document | None = None

    def document(self) -> Document:
        assert self.loaded is not None
        return self.loaded


def verify(job: Job, counts: ShingleCounts) -> list[Verified | Unaligned | Unverified]:
    """`verifying`'s own chunk, its story counts restricted to the documents' shingles here:
    each document is read once and sampled again (its samples are the read stage's, from the
    same text: the fingerprint check sees to that); the counts need no signature."""
    documents: dict[int, Origin] = {}
    texts: list[str] = []
    for k, origin in sorted(job.documents.items()):
        try:
            document = origin.document()
        except InputError:
            documents[k] = origin  # fails again in the chunk, which reports why
            continue
        documents[k] = _Loaded(origin.name, loaded=document)
        texts.append(document.text)
    words = word_table(texts)
    samples = reading._sketcher(job.options).samples(words.hashes, words.lengths)
    dense = DenseTable.of(words.hashes, words.lengths, job.options)
    wording = counts.restricted(range(len(texts)), samples, dense)
    task = VerifyTask(job.pairs, documents, job.options.compare, wording, job.excerpts)
    return verifying._verify_chunk(task)


class Held:
    """The futures of a scan's tasks not yet collected, by key: what a failing scan (leaving the
    context with an error) cancels. A collected task is dropped here, so the cluster frees its
    result once nothing else holds it. Both the stages (`_Tasks`) and the local pipeline's pool
    (`dask_engine.DaskWorkers`) hold their tasks so."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.live: dict[Any, DaskFuture[Any]] = {}

    def keep(self, future: DaskFuture[Any]) -> DaskFuture[Any]:
        self.live[future.key] = future
        return future

    def collect(self, future: DaskFuture[Any]) -> Any:
        """The result of a task whose future nothing else needs."""
        result = future.result()
        del self.live[future.key]
        return result

    def cancel(self) -> None:
        """Cancel the tasks still held (from any thread: the scan's may change them meanwhile)."""
        held = list(self.live.copy().values())
        if held:
            self.client.cancel(held)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.cancel()


class _Tasks(Held):
    """Submits a scan's tasks, each named by stage; cancels those still held if the scan fails.
    A task's result is dropped from the cluster once nothing holds its future."""

    def __init__(self, client: Client) -> None:
        super().__init__(client)
        self.scan = uuid.uuid4().hex[:12]

    def submit(self, stage: str, at: int, fn: Callable[..., Any], *args: Any) -> DaskFuture[Any]:
        return self.keep(self.client.submit(fn, *args, key=f"{stage}-{self.scan}-{at}"))

    def hold(self, stage: str, data: Any) -> DaskFuture[Any]:
        """``data`` on the cluster, for many tasks: as a task's result rather than scattered,
        so that the scheduler can make it again when the worker holding it dies."""
        return self.submit(stage, 0, _same, data)

    def shuffle(
        self, stage: str, outputs: list[DaskFuture[Any]], parts: int
    ) -> list[list[DaskFuture[Any]]]:
        """For each part, that part of every output (each a list of ``parts``): a task per
        output and part, so that a part's task fetches only its part of each output."""
        return [
            [
                self.submit(f"{stage}_part", g * parts + p, dask_index.part, out, p)
                for g, out in enumerate(outputs)
            ]
            for p in range(parts)
        ]

    def release(self) -> None:
        """Stop holding the tasks that are done: what the scan still needs, it holds itself."""
        self.live = {k: f for k, f in self.live.items() if not f.done()}


def run(
    client: Client,
    root: str,
    sources: list[Source],
    archive: list[Source],
    *,
    opts: ScanOptions,
    report: Callable[[str, int, int], None],
    excerpts: bool,
    watch: WorkerWatch | None = None,
) -> ScanResult:
    """The scan of ``sources`` (and ``archive``, only against them) on ``client``'s cluster;
    ``watch`` may cancel its tasks (a cluster left without workers)."""
    with _Tasks(client) as tasks:
        if watch is not None:
            watch.add(tasks)
        chunks = [(c, False) for c in chunked(sources, reading.READ_CHUNK)]
        chunks += [(c, True) for c in chunked(archive, reading.READ_CHUNK)]
        reads = [
            tasks.submit(
                "read", k, read, ReadTask([(s.path, s.name, s.same_as, s.problem) for s in c], opts)
            )
            for k, (c, _) in enumerate(chunks)
        ]
        corpus, samples, firsts, records = _collect(tasks, chunks, reads, opts, report)
        check_text_field(corpus.skipped, records, opts)
        report("index", 0, 1)
        n = len(corpus.origins)
        counts = None
        pairs = np.empty((0, 2), dtype=np.int64)
        if n >= 2:
            pairs, counts = _index(tasks, reads, firsts, corpus, samples, opts=opts)
        del reads
        report("index", 1, 1)
        candidates = oriented(pairs, corpus.origins)
        found = _verify(
            tasks, candidates, corpus, counts, opts=opts, report=report, excerpts=excerpts
        )
        return scan_result(root, corpus, len(candidates), found, opts)


def _collect(
    tasks: _Tasks,
    chunks: list[tuple[Sequence[Source], bool]],
    reads: list[DaskFuture[Any]],
    opts: ScanOptions,
    report: Callable[[str, int, int], None],
) -> tuple[Corpus, I64, list[int], int]:
    """Each chunk's `ReadMeta`, in chunk order, into the corpus the report needs."""
    corpus = Corpus()
    samples: list[I64] = []
    firsts: list[int] = []
    records = 0
    total = sum(len(c) for c, _ in chunks)
    done = 0
    report("read", 0, total)
    metas = [tasks.submit("meta", k, meta, found) for k, found in enumerate(reads)]
    for (chunk, in_archive), future in zip(chunks, metas, strict=True):
        got: ReadMeta = tasks.collect(future)
        firsts.append(len(corpus.origins))
        corpus.skipped.extend(got.skipped)
        for d, at in enumerate(got.sources):
            if d in got.records:
                corpus.origins.append(got.records[d])
            elif d in got.texts:
                corpus.origins.append(Origin(got.texts[d][0], text=got.texts[d][1]))
            else:
                source = chunk[at]
                fingerprint = got.fingerprints[d]
                origin = Origin(source.name, source.path, None, opts.max_bytes, fingerprint)
                corpus.origins.append(origin)
        records += len(got.records) + len(got.texts)
        corpus.fingerprints.extend(got.fingerprints)
        corpus.archive.extend([in_archive] * len(got.sources))
        corpus.dates.extend(got.dates)
        samples.append(got.samples)
        done += len(chunk)
        report("read", done, total)
    del metas
    lengths = np.concatenate(samples) if samples else np.empty(0, dtype=np.int64)
    return corpus, lengths, firsts, records


def _index(
    tasks: _Tasks,
    reads: list[DaskFuture[Any]],
    firsts: list[int],
    corpus: Corpus,
    samples: I64,
    *,
    opts: ScanOptions,
) -> tuple[I64, DaskFuture[Any]]:
    """Candidate pairs (``(m, 2)``, sorted) and the story counts (on the cluster)."""
    n = len(corpus.origins)
    bands_rows = lsh_params(opts)
    threads = sum(tasks.client.nthreads().values())
    parts = max(2, 2 * threads)
    cuts = [
        round(g * len(reads) / min(parts, len(reads))) for g in range(min(parts, len(reads)) + 1)
    ]
    groups = [
        tasks.submit("group", g, group, firsts[a], *reads[a:b])
        for g, (a, b) in enumerate(itertools.pairwise(cuts))
    ]
    archive = tasks.hold("archive", np.array(corpus.archive, dtype=bool))
    lengths = tasks.hold("lengths", samples)
    posted = [
        tasks.submit("postings", g, dask_index.postings, found, parts, bands_rows)
        for g, found in enumerate(groups)
    ]
    bucketed = [
        tasks.submit(
            "buckets",
            p,
            dask_index.buckets,
            n,
            archive,
            opts.fine_max_df,
            bands_rows[0],
            parts,
            *part,
        )
        for p, part in enumerate(tasks.shuffle("postings", posted, parts))
    ]
    paired = [
        tasks.submit("pairs", p, dask_index.pairs, n, lengths, archive, opts, *part)
        for p, part in enumerate(tasks.shuffle("buckets", bucketed, parts))
    ]
    found: list[dask_index.Found] = tasks.client.gather(paired)
    del posted, bucketed, paired
    codes = np.sort(np.concatenate([f.candidates for f in found]))
    resembling = np.sort(np.concatenate([f.resembling for f in found]))
    labels = tasks.hold("labels", story_labels(n, _decode(resembling, n)))
    shingles = [
        tasks.submit("story_postings", g, dask_index.story_postings, found_group, labels, parts)
        for g, found_group in enumerate(groups)
    ]
    counted = [
        tasks.submit("stories", p, dask_index.stories, STORY_FLOOR, *part)
        for p, part in enumerate(tasks.shuffle("story_postings", shingles, parts))
    ]
    counts = tasks.submit("story_counts", 0, dask_index.story_counts, opts, STORY_FLOOR, *counted)
    tasks.release()
    return _decode(codes, n), counts


def _verify(
    tasks: _Tasks,
    candidates: list[tuple[int, int]],
    corpus: Corpus,
    counts: DaskFuture[Any] | None,
    *,
    opts: ScanOptions,
    report: Callable[[str, int, int], None],
    excerpts: bool,
) -> Verification:
    """`verifying.verify` with the tasks on the cluster."""
    from distributed import as_completed

    docs = corpus.origins
    jobs = []
    for chunk in plan_chunks(candidates, verifying.VERIFY_CHUNK):
        members = sorted({k for pair in chunk for k in pair})
        jobs.append(Job(chunk, {k: docs[k] for k in members}, opts, excerpts))
    # Longest first, as the local scan orders them; results are sorted after.
    jobs.sort(key=lambda t: len(t.pairs) + len(t.documents), reverse=True)
    found = Verification([], [], [])
    report("verify", 0, len(candidates))
    submitted = [tasks.submit("verify", k, verify, job, counts) for k, job in enumerate(jobs)]
    sizes = {future.key: len(job.pairs) for future, job in zip(submitted, jobs, strict=True)}
    finished = as_completed(submitted, loop=tasks.client.loop)
    del submitted
    done = 0
    for future in finished:
        results = tasks.collect(future)
        found.verified.extend(r for r in results if isinstance(r, Verified))
        found.unaligned.extend(r for r in results if isinstance(r, Unaligned))
        found.unverified.extend(r for r in results if isinstance(r, Unverified))
        done += sizes[future.key]
        report("verify", done, len(candidates))
    return found
