"""Writing an archive index (`dupcheck.corpus.store`): files in, files out, and the end of a
build.

Each call is one transaction, committed before it returns. Rows go in with ``executemany``, a
batch at a time, with ids given here rather than read back row by row (the caller holds the
writer's lock, so nothing else takes ids meanwhile).

A build does not keep the key tables (``postings``, ``bands``) up to date batch by batch: their
keys are hashes, so every batch would touch pages all over both trees and rewrite them into the
WAL, which grows with the square of the archive. Its documents are committed batch by batch
as usual (a killed build keeps them) while the index is marked unfinished, and `finish_build`
then derives both tables from the stored sketches, sorted by key, in one transaction: an
append to each tree. A killed build is finished by the next writer (`Index.open` with
``write``); until then lookups refuse the index rather than miss candidates. The same holds for
the unsampled shingles of short documents (``dense``) and the stories
(`dupcheck.corpus.store_stories`): kept up to date by each batch of a finished index, derived
at the end of a build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.candidates import band_keys
from dupcheck.corpus.hashing import U32
from dupcheck.corpus.sketch import Sketch
from dupcheck.corpus.store import KEY_TABLES, UNFINISHED, Index, signed, transaction
from dupcheck.corpus.store_stories import derive, link, split
from dupcheck.corpus.types import Skipped

FINISH_CHUNK = 4096
"""Documents read at a time when a build derives its key tables: bounds its memory."""
RECENT = "recent_documents"
"""``meta`` key: documents whose key rows are in the ``recent_`` tables."""
RECENT_SHARE = 16
"""`merge_recent` moves the recent rows into the large tables once they hold more than one
document in this many: lookups then probe a small second tree, and a merge, whose cost follows
the whole tables, comes once for every sixteenth of the archive added."""


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """One article as the index stores it."""

    name: str
    """Relative to the archive root, as the file's path."""
    text: bytes
    """zlib-compressed UTF-8 (compressed by the worker that read it)."""
    fingerprint: str
    sketch: Sketch
    dense: U32
    """Its unsampled shingles when it is short (`dupcheck.corpus.frequency.DenseTable`)."""
    published: str = ""
    """The JSONL record's ``date_field``, as written."""


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One archive file as read for the index: its state on disk and its documents."""

    path: str
    """Relative to the archive root, ``/`` separators."""
    size: int
    mtime_ns: int
    digest: str
    """blake2b of the file's bytes: a file touched but not changed is not read again."""
    documents: tuple[StoredDocument, ...]
    skipped: tuple[Skipped, ...]
    """Names relative, as ``documents``."""


def _blob(array: npt.NDArray[Any]) -> bytes:
    return np.ascontiguousarray(array).tobytes()


def _next_id(index: Index, table: str) -> int:
    row = index.connection.execute(f"SELECT max(id) FROM {table}").fetchone()
    return int(row[0] or 0) + 1


def write(
    index: Index,
    entries: Sequence[FileEntry],
    *,
    added: float,
    touched: Sequence[tuple[str, int, int]] = (),
) -> None:
    """Put ``entries`` in the index, replacing what it held of the same files, and record the
    new size and time of the files ``touched`` (``(path, size, mtime_ns)``) whose content did
    not change."""
    index.require_writer()
    db = index.connection
    docs = [d for e in entries for d in e.documents]
    with transaction(db):
        db.executemany(
            "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?",
            ((size, mtime, path) for path, size, mtime in touched),
        )
        _drop_files(index, [entry.path for entry in entries])
        first_file, first_doc = _next_id(index, "files"), _next_id(index, "docs")
        file_ids = range(first_file, first_file + len(entries))
        db.executemany(
            "INSERT INTO files (id, path, size, mtime_ns, digest, added) VALUES (?,?,?,?,?,?)",
            (
                (i, e.path, e.size, e.mtime_ns, e.digest, added)
                for i, e in zip(file_ids, entries, strict=True)
            ),
        )
        owners = [f for f, e in zip(file_ids, entries, strict=True) for _ in e.documents]
        doc_ids = list(range(first_doc, first_doc + len(docs)))
        db.executemany(
            "INSERT INTO docs (id, file, name, fingerprint, published, shingles, signature, "
            "sample, dense, text) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    i,
                    f,
                    d.name,
                    d.fingerprint,
                    d.published,
                    d.sketch.shingles,
                    _blob(d.sketch.signature),
                    _blob(d.sketch.sample),
                    _blob(d.dense),
                    d.text,
                )
                for i, f, d in zip(doc_ids, owners, docs, strict=True)
            ),
        )
        db.executemany(
            "INSERT INTO skipped VALUES (?, ?, ?)",
            ((f, s.path, s.reason) for f, e in zip(file_ids, entries, strict=True)
             for s in e.skipped),
        )  # fmt: skip
        if not index.unfinished:
            keys = _insert_keys(index, doc_ids, [d.sketch for d in docs], [d.dense for d in docs])
            link(index, doc_ids, keys)


_Rows = list[tuple[int, int]]


def _postings(doc_ids: Sequence[int], arrays: Sequence[U32]) -> _Rows:
    """``(hash, doc)`` rows of each document's ``arrays`` entry, sorted by hash then doc."""
    ids = np.asarray(doc_ids, dtype=np.int64)
    lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    hashes = (
        np.concatenate(list(arrays)).astype(np.int64) if arrays else np.empty(0, dtype=np.int64)
    )
    holders = np.repeat(ids, lengths)
    order = np.lexsort((holders, hashes))
    return list(zip(hashes[order].tolist(), holders[order].tolist(), strict=True))


def _key_rows(
    index: Index, doc_ids: Sequence[int], sketches: Sequence[Sketch], dense: Sequence[U32]
) -> tuple[_Rows, _Rows, _Rows]:
    """``(hash, doc)`` postings, ``(key, doc)`` band rows and ``(hash, doc)`` rows of the
    unsampled shingles ``dense`` of ``sketches``, each sorted by key, so that inserting them
    walks each tree once in order. A document without shingles has no band keys (left out of
    the LSH, as a scan leaves it out)."""
    ids = np.asarray(doc_ids, dtype=np.int64)
    postings = _postings(doc_ids, [s.sample for s in sketches])
    present = [k for k, s in enumerate(sketches) if s.shingles]
    bands: list[tuple[int, int]] = []
    if present:
        keys = band_keys(np.stack([sketches[k].signature for k in present]), index.bands)
        flat = np.asarray(signed(keys.ravel()), dtype=np.int64)
        owners = np.repeat(ids[present], keys.shape[1])
        order = np.lexsort((owners, flat))
        bands = list(zip(flat[order].tolist(), owners[order].tolist(), strict=True))
    return postings, bands, _postings(doc_ids, dense)


def _insert_keys(
    index: Index, doc_ids: Sequence[int], sketches: Sequence[Sketch], dense: Sequence[U32]
) -> list[int]:
    """The key rows of new documents, into the ``recent_`` tables (`KEY_TABLES`); their
    distinct band keys, sorted, as stored (for `link`)."""
    db = index.connection
    postings, bands, shingles = _key_rows(index, doc_ids, sketches, dense)
    db.executemany("INSERT INTO recent_postings VALUES (?, ?)", postings)
    # OR IGNORE: two bands of one document may share a key.
    db.executemany("INSERT OR IGNORE INTO recent_bands VALUES (?, ?)", bands)
    db.executemany("INSERT INTO recent_dense VALUES (?, ?)", shingles)
    row = db.execute("SELECT value FROM meta WHERE key = ?", (RECENT,)).fetchone()
    recent = int(row[0]) if row else 0
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (RECENT, str(recent + len(doc_ids))))
    return sorted({key for key, _ in bands})


def merge_recent(index: Index, *, share: int = RECENT_SHARE) -> bool:
    """Move the ``recent_`` tables' rows into the large key tables, in one transaction, once
    they hold the rows of more than one document in ``share`` (0: whatever they hold); whether
    it did. Their keys sorted, so each large tree is walked once in order; what that costs
    follows the tables' size, once for every ``1 / share`` of the archive added."""
    index.require_writer()
    db = index.connection
    row = db.execute("SELECT value FROM meta WHERE key = ?", (RECENT,)).fetchone()
    recent = int(row[0]) if row else 0
    if not recent or (share and recent * share <= index.documents()):
        return False
    with transaction(db):
        for table, key in KEY_TABLES.items():
            db.execute(
                f"INSERT OR IGNORE INTO {table} SELECT {key}, doc FROM recent_{table} "
                f"ORDER BY {key}, doc"
            )
            db.execute(f"DELETE FROM recent_{table}")
        db.execute("DELETE FROM meta WHERE key = ?", (RECENT,))
    return True


def remove_files(index: Index, paths: Sequence[str]) -> int:
    """Drop the files at ``paths`` (relative) and everything of theirs; how many were."""
    index.require_writer()
    with transaction(index.connection):
        return _drop_files(index, paths)


def _sketches(index: Index, rows: Sequence[tuple[Any, ...]]) -> tuple[list[Sketch], list[U32]]:
    """``(id, shingles, signature, sample, dense)`` rows as sketches and unsampled shingles."""
    dtype = index.signature_dtype()
    sketches = [
        Sketch(np.frombuffer(sig, dtype=dtype), np.frombuffer(sample, dtype=np.uint32), n)
        for _, n, sig, sample, _ in rows
    ]
    return sketches, [np.frombuffer(r[4], dtype=np.uint32) for r in rows]


def _drop_files(index: Index, paths: Sequence[str]) -> int:
    """Drop the files at ``paths`` and everything of theirs; how many there were. The stories
    they leave are split once, however many of their documents went."""
    stories: set[int] = set()
    dropped = 0
    for path in paths:
        left = _drop_file(index, path)
        if left is not None:
            dropped += 1
            stories.update(left)
    # The documents left of their stories may no longer be linked.
    split(index, sorted(stories))
    return dropped


def _drop_file(index: Index, path: str) -> list[int] | None:
    """Drop the file at ``path`` and everything of its (None when the index has no such file);
    the stories its documents were in."""
    db = index.connection
    row = db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
    if row is None:
        return None
    (file_id,) = row
    rows = db.execute(
        "SELECT id, shingles, signature, sample, dense FROM docs WHERE file = ?", (file_id,)
    ).fetchall()
    ids = [r[0] for r in rows]
    stories: list[int] = []
    if not index.unfinished:
        # An unfinished build has no key rows yet: `finish_build` derives them from ``docs``.
        postings, bands, shingles = _key_rows(index, ids, *_sketches(index, rows))
        for table, rows_of in (("postings", postings), ("bands", bands), ("dense", shingles)):
            key = KEY_TABLES[table]
            for name in (table, f"recent_{table}"):
                db.executemany(f"DELETE FROM {name} WHERE {key} = ? AND doc = ?", rows_of)
        stories = [
            story
            for (story,) in db.execute(
                "SELECT DISTINCT s.story FROM docs d JOIN stories s ON s.doc = d.id "
                "WHERE d.file = ?",
                (file_id,),
            )
        ]
        db.executemany("DELETE FROM stories WHERE doc = ?", ((doc,) for doc in ids))
    db.execute("DELETE FROM docs WHERE file = ?", (file_id,))
    db.execute("DELETE FROM skipped WHERE file = ?", (file_id,))
    db.execute("DELETE FROM files WHERE id = ?", (file_id,))
    return stories


def finish_build(index: Index) -> None:
    """Derive the key tables of an unfinished build from its stored sketches and mark the index
    finished: one transaction. The rows are gathered in temporary tables (SQLite's temporary
    file, removed when the connection closes) and sorted there, on disk rather than in memory,
    so memory stays bounded whatever the archive's size."""
    index.require_writer()
    if not index.unfinished:
        return
    db = index.connection
    db.execute("PRAGMA temp_store=FILE")
    try:
        db.execute("CREATE TEMP TABLE new_postings (hash INTEGER NOT NULL, doc INTEGER NOT NULL)")
        db.execute("CREATE TEMP TABLE new_bands (key INTEGER NOT NULL, doc INTEGER NOT NULL)")
        db.execute("CREATE TEMP TABLE new_dense (hash INTEGER NOT NULL, doc INTEGER NOT NULL)")
        last = 0
        while True:
            rows = db.execute(
                "SELECT id, shingles, signature, sample, dense FROM docs WHERE id > ? "
                "ORDER BY id LIMIT ?",
                (last, FINISH_CHUNK),
            ).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            postings, bands, shingles = _key_rows(
                index, [r[0] for r in rows], *_sketches(index, rows)
            )
            db.executemany("INSERT INTO temp.new_postings VALUES (?, ?)", postings)
            db.executemany("INSERT INTO temp.new_bands VALUES (?, ?)", bands)
            db.executemany("INSERT INTO temp.new_dense VALUES (?, ?)", shingles)
        with transaction(db):
            db.execute(
                "INSERT INTO postings SELECT hash, doc FROM temp.new_postings ORDER BY hash, doc"
            )
            db.execute(
                "INSERT OR IGNORE INTO bands SELECT key, doc FROM temp.new_bands ORDER BY key, doc"
            )
            db.execute("INSERT INTO dense SELECT hash, doc FROM temp.new_dense ORDER BY hash, doc")
            derive(index)
            db.execute("DELETE FROM meta WHERE key = ?", (UNFINISHED,))
        index.unfinished = False
    finally:
        db.execute("DROP TABLE IF EXISTS temp.new_postings")
        db.execute("DROP TABLE IF EXISTS temp.new_bands")
        db.execute("DROP TABLE IF EXISTS temp.new_dense")
        db.execute("PRAGMA temp_store=MEMORY")
