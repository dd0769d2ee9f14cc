"""scan: every copy of every story in a folder — read → index → verify → pairs and clusters.

1. **read** (in worker processes, `dupcheck.corpus.reading`): the walk's files become
   documents, each fingerprinted and sketched; texts are not kept.
2. **index** (in this process, `dupcheck.corpus.candidates`): the two index levels propose
   candidate pairs, and the story counts (`dupcheck.corpus.frequency`) are made.
3. **verify** (in worker processes, `dupcheck.corpus.verifying`): each candidate gets the
   verdict and scores ``dupcheck compare`` would give it; then pairs, clusters and skipped
   entries make the result. The result is the same for any ``jobs``.

``--against``: documents of the archive tree are named by the archive path as given, joined with
their path inside it (``scan new --against ../archive`` names ``../archive/2019/a.txt``), so they
can never be mistaken for documents of the scanned root; pairs of two archive documents are never
proposed. If one tree lies inside the other, the inner one is read only as itself (the archive
inside the root only as archive, the root inside the archive only as new).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.frequency import count_stories
from dupcheck.corpus.parallel import Pool, Workers
from dupcheck.corpus.reading import absolute, add_archive, read_corpus
from dupcheck.corpus.sources import gather
from dupcheck.corpus.store import Index
from dupcheck.corpus.store_counts import story_counts
from dupcheck.corpus.types import ScanOptions, ScanResult
from dupcheck.corpus.verifying import oriented, scan_result, verify
from dupcheck.corpus.walk import check_text_field
from dupcheck.errors import InputError


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a scan is: ``done`` of ``total`` units of ``stage`` (``read``: files,
    ``index``: 0 or 1, ``verify``: candidate pairs)."""

    stage: str
    done: int
    total: int


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
    root = found_sources.root
    # Absolute paths to read from (names stay relative): workers may run in another directory,
    # or on another machine that mounts the same one. The walk's lists go once read: the
    # origins keep their names and paths.
    sources, archive = absolute(found_sources.new), absolute(found_sources.archive)
    del found_sources

    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total))

    with Workers(opts.jobs) if pool is None else pool as workers:
        corpus = read_corpus(sources, archive, opts, workers, report)
        del sources, archive
        jsonl = sum(origin.text is not None for origin in corpus.origins)
        check_text_field(corpus.skipped, jsonl, opts)
        report("index", 0, 1)
        near = add_archive(corpus, index, opts) if index is not None else None
        found = find_candidates(
            corpus.sketches,
            opts,
            archive=np.array(corpus.archive, dtype=bool),
            frequent=corpus.frequent,
        )
        report("index", 1, 1)
        # Signatures serve level 1 only: not held through verification.
        corpus.sketches = corpus.sketches.without_signatures()
        candidates = oriented(found.pairs, corpus.origins)
        if index is None or near is None:
            counts = count_stories(corpus.sketches, corpus.dense, found.resembling, opts)
        else:
            # The whole archive's stories, from the index: the counts of a folder scan.
            counts = story_counts(
                index, corpus.sketches, corpus.dense, near.stories, found=found, options=opts
            )
        del found
        verification = verify(
            candidates, corpus, counts, opts, workers=workers, report=report, excerpts=excerpts
        )
    return scan_result(root.as_posix(), corpus, len(candidates), verification, opts)
