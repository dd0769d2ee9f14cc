"""Keeping an archive index in line with its files: build, add, update, remove.

Files are found by the scan's walk (`dupcheck.corpus.walk`), read and sketched in worker
processes by the same functions a scan's read stage uses (``read_file``, ``word_table``,
`Sketcher`), and written a batch at a time, each batch one committed transaction: a run killed
at any moment leaves every earlier batch in the index, and running the same command again
finishes the work (files already indexed and unchanged are not read again).

A file counts as unchanged when its size and modification time are the index's; otherwise its
bytes are hashed, and a file whose digest is the index's only has its time updated. Paths given
to ``add``, ``update`` and ``remove`` must lie under the archive root the index was built on;
a file named explicitly is indexed whatever ``include`` says.
"""

from __future__ import annotations

import hashlib
import os
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dupcheck.corpus.frequency import DenseTable
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.parallel import Workers, chunked
from dupcheck.corpus.sketch import Sketcher
from dupcheck.corpus.store import Index, stored_sketcher
from dupcheck.corpus.store_writes import (
    FileEntry,
    StoredDocument,
    finish_build,
    merge_recent,
    remove_files,
    write,
)
from dupcheck.corpus.types import FileState, ScanOptions, Skipped
from dupcheck.corpus.walk import Source, discover, read_file
from dupcheck.errors import InputError
from dupcheck.text.types import Document

BATCH = 256
"""Files per committed transaction: what a killed writer can lose, and the unit of read work."""


@dataclass(frozen=True, slots=True)
class IndexChange:
    """What one ``index`` command did."""

    added: int = 0
    """Files new to the index."""
    updated: int = 0
    """Files whose content changed, read again."""
    unchanged: int = 0
    """Files left as they were (same size and time, or same bytes)."""
    removed: int = 0
    """Files dropped from the index."""


@dataclass(frozen=True, slots=True)
class _ReadTask:
    files: list[tuple[str, str, str, str]]
    """Path, relative name, ``same_as`` and the digest the index holds ("" for a new file)."""
    options: ScanOptions
    permutations: str | None
    """The index's stored MinHash permutations (`Index.permutations`)."""


@lru_cache(maxsize=4)
def _sketcher(options: ScanOptions, permutations: str | None) -> Sketcher:
    return stored_sketcher(options, permutations)


def _digest(path: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""  # unreadable: read_file says why
    return h.hexdigest()


@dataclass(slots=True)
class _Read:
    """One file of a chunk, read but not yet hashed."""

    path: str
    size: int
    mtime_ns: int
    digest: str
    documents: list[Document]
    skipped: list[Skipped]


def _read_chunk(task: _ReadTask) -> list[FileEntry | tuple[str, int, int]]:
    """Each file as an entry to write, or as ``(path, size, mtime)`` when its bytes are those
    the index holds. All documents of the chunk are hashed and sketched together (a few NumPy
    passes rather than a few per file)."""
    read: list[_Read | tuple[str, int, int]] = []
    for path, rel, same_as, known in task.files:
        try:
            stat = os.stat(path)
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, 0
        digest = _digest(path)
        if known and digest == known:
            read.append((rel, size, mtime))
            continue
        file = _Read(rel, size, mtime, digest, [], [])
        for item in read_file(path, rel, task.options, same_as=same_as):
            if isinstance(item, Skipped):
                file.skipped.append(item)
            else:
                file.documents.append(item)
        read.append(file)
    texts = [d.text for r in read if isinstance(r, _Read) for d in r.documents]
    found = word_table(texts)
    table = _sketcher(task.options, task.permutations).sketch_table(found.hashes, found.lengths)
    dense = DenseTable.of(found.hashes, found.lengths, task.options)
    out: list[FileEntry | tuple[str, int, int]] = []
    k = 0
    for r in read:
        if not isinstance(r, _Read):
            out.append(r)
            continue
        documents = []
        for d in r.documents:
            # Compressed here, in the worker: the writer's process is the one that cannot be
            # parallel.
            text = zlib.compress(d.text.encode("utf-8"))
            unsampled = dense.shingles[dense.cuts[k] : dense.cuts[k + 1]]
            documents.append(
                StoredDocument(
                    d.name, text, found.fingerprints[k], table[k], unsampled, d.published
                )
            )
            k += 1
        out.append(
            FileEntry(r.path, r.size, r.mtime_ns, r.digest, tuple(documents), tuple(r.skipped))
        )
    return out


def _relative(index: Index, path: Path) -> str:
    """``path`` relative to the index's archive root, ``/`` separators ("" for the root)."""
    rel = os.path.relpath(os.path.realpath(path), index.root_real)
    if rel == os.curdir:
        return ""
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        raise InputError(str(path), f"not under the index's archive root {index.root}")
    return rel.replace(os.sep, "/")


def _sources(index: Index, paths: Sequence[Path]) -> tuple[list[Source], list[str]]:
    """The files to index under ``paths``, and the relative path of each path given."""
    sources: dict[str, Source] = {}
    given = []
    for path in paths:
        rel = _relative(index, path)
        given.append(rel)
        if Path(path).is_dir():
            for s in discover(Path(path), index.options, prefix=rel):
                sources.setdefault(s.name, s)
        elif Path(path).is_file():
            sources.setdefault(rel, Source(str(path), rel))
        else:
            raise InputError(str(path), "no such file or directory")
    return [sources[k] for k in sorted(sources)], given


def _under(rel: str, roots: Sequence[str]) -> bool:
    return any(not r or rel == r or rel.startswith(r + "/") for r in roots)


def add(
    index: Index,
    paths: Sequence[Path],
    *,
    prune: bool = False,
    jobs: int = 0,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> IndexChange:
    """Index the files under ``paths`` that are new or changed. ``prune`` (``index update``):
    also drop indexed files under ``paths`` that are gone. ``progress(done, total)`` is called
    after each committed batch."""
    sources, given = _sources(index, paths)
    # Only the files under the paths given: an archive's other files are not this run's.
    states = index.states(given)
    todo: list[Source] = []
    unchanged = 0
    for source in sources:
        state = states.get(source.name)
        if state is not None and _same_stat(source.path, state):
            unchanged += 1
        else:
            todo.append(source)
    removed = 0
    if prune:
        seen = {s.name for s in sources}
        gone = [p for p in states if _under(p, given) and p not in seen]
        removed = remove_files(index, gone)
    added = updated = 0
    done = 0
    with Workers(jobs) as workers:
        # A few files (a day's articles) are shared among the workers rather than left to one.
        size = max(1, min(batch, -(-len(todo) // workers.jobs)))
        chunks = chunked(todo, size)
        tasks = (
            _ReadTask(
                [
                    (s.path, s.name, s.same_as, states[s.name].digest if s.name in states else "")
                    for s in chunk
                ],
                index.options,
                index.permutations,
            )
            for chunk in chunks
        )
        for chunk, results in zip(chunks, workers.map(_read_chunk, tasks), strict=True):
            entries = [r for r in results if isinstance(r, FileEntry)]
            touched = [r for r in results if not isinstance(r, FileEntry)]
            write(index, entries, added=time.time(), touched=touched)
            unchanged += len(touched)
            added += sum(1 for e in entries if e.path not in states)
            updated += sum(1 for e in entries if e.path in states)
            done += len(chunk)
            if progress is not None:
                progress(done, len(todo))
    merge_recent(index)
    return IndexChange(added=added, updated=updated, unchanged=unchanged, removed=removed)


def _same_stat(path: str, state: FileState) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return stat.st_size == state.size and stat.st_mtime_ns == state.mtime_ns


def build(
    archive: Path,
    db: Path,
    options: ScanOptions,
    *,
    jobs: int = 0,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> IndexChange:
    """A new index at ``db`` of every file under ``archive`` (which names its documents, as
    ``scan --against archive`` does)."""
    archive = Path(archive)
    if not archive.is_dir():
        raise InputError(str(archive), "no such archive directory")
    root = archive.as_posix().rstrip("/") or "/"
    with Index.create(Path(db), root, os.path.realpath(archive), options) as index:
        change = add(index, [archive], jobs=jobs, batch=batch, progress=progress)
        finish_build(index)
    return change


def remove(index: Index, paths: Sequence[Path]) -> IndexChange:
    """Drop the indexed files at or under ``paths`` (which need not exist any more)."""
    roots = []
    for path in paths:
        rel = os.path.relpath(os.path.realpath(path), index.root_real).replace(os.sep, "/")
        if rel == os.curdir:
            rel = ""
        elif rel == os.pardir or rel.startswith(os.pardir + "/"):
            raise InputError(str(path), f"not under the index's archive root {index.root}")
        roots.append(rel)
    gone = [p for p in index.states(roots) if _under(p, roots)]
    return IndexChange(removed=remove_files(index, gone))
