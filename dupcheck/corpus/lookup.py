"""The archived documents new ones must be compared with, looked up in an archive index.

A folder scan ``scan new --against archive`` sketches every archived document and proposes the
pairs of `dupcheck.corpus.candidates` over all of them. With an index
(`dupcheck.corpus.store`) the same pairs come from a small part of the archive: the documents
that share a level-1 band key or a level-2 fingerprint with a new document, found through the
index's primary keys. `find_candidates` then runs on the new documents and those, told which
fingerprints are too frequent counting the whole archive, and proposes exactly the pairs the
folder scan would propose that involve a new document (``tests/corpus/test_store.py`` compares
both on the same data).
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dupcheck.corpus.candidates import band_keys
from dupcheck.corpus.frequency import DenseTable
from dupcheck.corpus.hashing import I64, U32
from dupcheck.corpus.sketch import Sketch, SketchTable
from dupcheck.corpus.store import Index, signed, temp_ids
from dupcheck.corpus.types import ScanOptions


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The archived documents that share a level-1 band or a level-2 fingerprint with some
    given documents: all a scan needs of the archive to find their archived copies."""

    names: tuple[str, ...]
    """Full names (under the root as given to ``index build``), sorted."""
    ids: tuple[int, ...]
    """Their ids in the index (for `texts_of`)."""
    texts: tuple[str, ...]
    """Their texts; empty when looked up with ``texts=False``."""
    fingerprints: tuple[str, ...]
    sketches: SketchTable
    added: tuple[float, ...]
    """When ``index add`` took each in (seconds since the epoch)."""
    modified_ns: tuple[int, ...]
    """Its file's modification time when ``index add`` read it."""
    published: tuple[str, ...]
    """Its JSONL record's ``date_field`` ("" when none)."""
    dense: DenseTable
    """The unsampled shingles of the short ones, as a scan's read stage finds them."""
    stories: I64
    """Each one's story in the whole archive (`dupcheck.corpus.store_stories`)."""
    frequent: U32
    """Fingerprints of the given documents held by more than ``fine_max_df`` documents,
    archived ones included: dropped as a folder scan of both would drop them."""


def neighbours(
    index: Index, sketches: SketchTable, options: ScanOptions, *, texts: bool = True
) -> Neighbours:
    """The archived documents of ``index`` sharing a band key or a fingerprint with any of
    ``sketches``, and which of those fingerprints are too frequent to count. ``texts=False``
    leaves their texts in the index: a query verifies only the few of them its candidates are,
    and reads those with `texts_of`.

    Exact for the pairs that involve one of ``sketches``: an archived document outside the
    answer shares nothing with them, and every archived holder of a fingerprint that is not too
    frequent is inside, so the fingerprints' document counts over both are the whole corpus's.
    ``options`` must have passed `Index.check`: its callers (`dupcheck.corpus.query.query`,
    `dupcheck.corpus.pipeline.scan`) run it before any work, so a mismatch is refused before an
    article is sketched or a folder read.
    """
    db = index.connection
    mine, new_counts = np.unique(sketches.samples, return_counts=True)
    total = new_counts.astype(np.int64) + _holders(db, mine.astype(np.int64).tolist(), options)
    frequent = mine[total > options.fine_max_df]
    rare = mine[total <= options.fine_max_df]
    _, holders = _lookup(db, "postings", "hash", rare.astype(np.int64).tolist())
    touched = set(holders)
    present = np.flatnonzero(sketches.shingles)
    if len(present):
        keys = band_keys(sketches.signatures[present], index.bands)
        _, banded = _lookup(db, "bands", "key", sorted(set(signed(keys.ravel()))))
        touched.update(banded)
    return _load(index, sorted(touched), frequent, texts=texts)


def _holders(db: sqlite3.Connection, keys: Sequence[int], options: ScanOptions) -> I64:
    """How many archived documents hold each fingerprint of ``keys``, counted up to
    ``fine_max_df + 1`` only: enough to tell a too frequent one (a footer thousands of pages
    share), whose holders are then never fetched, so a look-up's work is bounded whatever the
    archive's size."""
    temp_ids(db, "wanted", keys)
    # Each table's count is capped alone: their sum passes fine_max_df exactly when the whole
    # count does.
    rows = db.execute(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM postings p WHERE p.hash = w.id LIMIT ?)) "
        "+ (SELECT count(*) FROM (SELECT 1 FROM recent_postings p WHERE p.hash = w.id LIMIT ?)) "
        "FROM wanted w ORDER BY w.id",
        (options.fine_max_df + 1, options.fine_max_df + 1),
    ).fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def _lookup(
    db: sqlite3.Connection, table: str, column: str, keys: Sequence[int]
) -> tuple[list[int], list[int]]:
    """``(key, doc)`` rows of ``table`` and its ``recent_`` twin whose key is one of ``keys``."""
    temp_ids(db, "wanted", keys)
    # CROSS JOIN: SQLite then keeps ``wanted`` as the outer loop and probes the big table's
    # primary key; left to itself it may scan the big table instead.
    rows = db.execute(
        f"SELECT t.{column}, t.doc FROM wanted w CROSS JOIN {table} t ON t.{column} = w.id "
        f"UNION ALL SELECT t.{column}, t.doc FROM wanted w CROSS JOIN recent_{table} t "
        f"ON t.{column} = w.id"
    ).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def texts_of(index: Index, ids: Sequence[int]) -> list[str]:
    """The texts of the documents ``ids`` of ``index``, in that order."""
    db = index.connection
    temp_ids(db, "wanted_texts", ids)
    rows = dict(
        db.execute("SELECT d.id, d.text FROM wanted_texts w CROSS JOIN docs d ON d.id = w.id")
    )
    return [zlib.decompress(rows[i]).decode("utf-8") for i in ids]


def _load(index: Index, ids: list[int], frequent: U32, *, texts: bool) -> Neighbours:
    db = index.connection
    temp_ids(db, "wanted_docs", ids)
    # Without the texts, their pages (most of the docs table's) are never read.
    text = "d.text" if texts else "NULL"
    rows = db.execute(
        f"SELECT d.name, {text}, d.fingerprint, d.shingles, d.signature, d.sample, f.added, "
        "f.mtime_ns, d.published, d.dense, s.story, d.id "
        "FROM wanted_docs w CROSS JOIN docs d ON d.id = w.id "
        "JOIN files f ON f.id = d.file JOIN stories s ON s.doc = d.id ORDER BY d.name"
    ).fetchall()
    dtype = index.signature_dtype()
    sketches = [
        Sketch(
            signature=np.frombuffer(sig, dtype=dtype),
            sample=np.frombuffer(sample, dtype=np.uint32),
            shingles=shingles,
        )
        for _, _, _, shingles, sig, sample, *_ in rows
    ]
    unsampled = [np.frombuffer(r[9], dtype=np.uint32) for r in rows]
    sizes = np.fromiter(map(len, unsampled), dtype=np.int64, count=len(rows))
    table = (
        SketchTable.of(sketches)
        if sketches
        else SketchTable(
            signatures=np.empty((0, index.options.num_perm), dtype=dtype),
            samples=np.empty(0, dtype=np.uint32),
            cuts=np.zeros(1, dtype=np.int64),
            shingles=np.empty(0, dtype=np.int64),
        )
    )
    return Neighbours(
        names=tuple(index.display(r[0]) for r in rows),
        ids=tuple(r[11] for r in rows),
        texts=tuple(zlib.decompress(r[1]).decode("utf-8") for r in rows) if texts else (),
        fingerprints=tuple(r[2] for r in rows),
        sketches=table,
        added=tuple(r[6] for r in rows),
        modified_ns=tuple(r[7] for r in rows),
        published=tuple(r[8] for r in rows),
        dense=DenseTable.joined(unsampled, [sizes]),
        stories=np.fromiter((r[10] for r in rows), dtype=np.int64, count=len(rows)),
        frequent=frequent,
    )
