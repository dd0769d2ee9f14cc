"""An archive index that persists: one SQLite file (stdlib ``sqlite3``, WAL journal).

It holds what a scan needs of every archived document, so ``scan --against FILE.db`` and
``dupcheck query`` never read or sketch the archive again:

- both index levels (`dupcheck.corpus.candidates`): each signature's LSH band keys and the
  level-2 fingerprints, as ``(key, document)`` primary keys, so the documents sharing a key
  with a new one are a look-up (in each key table and its ``recent_`` twin, `KEY_TABLES`);
  and the signatures and samples themselves, so candidates are proposed by the code a folder
  scan runs (`dupcheck.corpus.lookup`);
- each document's text, zlib-compressed, for verification. The text rather than a path: an
  archive moved, edited or deleted after indexing cannot silently give answers about other
  texts than the index was built from; the index answers for what it holds, and ``index
  update`` brings it in line with the files;
- each file's size, modification time and content digest, so ``index add``/``update`` re-read
  only what changed; files it could not use, with the reason (a scan lists them as skipped);
- what the ``formula`` score needs of the whole archive (`dupcheck.corpus.frequency`): each
  document's story (the archive's level-1 components, ``stories``) and the unsampled shingles
  of short documents (``dense``, beside the level-2 ``postings``), so a scan or query through
  the index counts the stories carrying a wording as a scan of the folder does
  (`dupcheck.corpus.store_counts`);
- a JSONL record's date field (``date_field``), as a scan of the folder would date it.

Names are stored relative to the archive root and shown under the root as given to ``index
build`` (``archive/2019/a.txt``), as ``scan --against archive`` names them.

The schema is versioned (``PRAGMA user_version``): an index of another version is refused
with a one-line error naming the fix. The options that shape the sketches are stored, and a
scan or query with other values is refused rather than compared against mismatched sketches.
Writers commit one batch of files per transaction (a killed writer loses only its open
batch) and hold an exclusive lock on the file for their whole run: a second writer is refused
with a message, while readers go on (WAL).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.candidates import lsh_params
from dupcheck.corpus.sketch import Sketcher, affine_permutations
from dupcheck.corpus.types import FileState, IndexInfo, ScanOptions, Skipped
from dupcheck.errors import InputError
from dupcheck.text.types import Document

if TYPE_CHECKING:
    from dupcheck.corpus.query import QueryResult

SCHEMA_VERSION = 3
"""``PRAGMA user_version`` of the files this code writes and reads. 2: a build fills the key
tables at its end, and marks the index unfinished until then (`UNFINISHED`). 3: stories, the
short documents' unsampled shingles and the JSONL date field are kept."""

UNFINISHED = "unfinished"
"""``meta`` key present while a build has not yet filled the key tables
(`dupcheck.corpus.store_writes.finish_build`): lookups refuse the index meanwhile."""

PERMUTATIONS = "permutations"
"""``meta`` key: the affine scheme's MinHash permutations, so a query sketches its article
without loading ``numpy.random`` to draw them again."""

SKETCH_FIELDS = (
    "num_perm",
    "seed",
    "scheme",
    "shingle_size",
    "fine_shingle_size",
    "fine_modulus",
    "lsh_threshold",
)
"""`ScanOptions` fields that shape what the index stores (signatures, bands, fingerprints): a
scan or query must use the index's values."""
READ_FIELDS = ("include", "exclude", "max_bytes", "text_field", "id_field", "date_field")
"""`ScanOptions` fields that decide which files and articles ``index add`` reads."""

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL, added REAL NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY, file INTEGER NOT NULL, name TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL, published TEXT NOT NULL, shingles INTEGER NOT NULL,
    signature BLOB NOT NULL, sample BLOB NOT NULL, dense BLOB NOT NULL, text BLOB NOT NULL);
CREATE INDEX docs_file ON docs (file);
CREATE TABLE skipped (file INTEGER NOT NULL, name TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX skipped_file ON skipped (file);
CREATE TABLE postings (hash INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (hash, doc))
    WITHOUT ROWID;
CREATE TABLE bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc))
    WITHOUT ROWID;
CREATE TABLE dense (hash INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (hash, doc))
    WITHOUT ROWID;
CREATE TABLE recent_postings (hash INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)) WITHOUT ROWID;
CREATE TABLE recent_bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc))
    WITHOUT ROWID;
CREATE TABLE recent_dense (hash INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (hash, doc)) WITHOUT ROWID;
CREATE TABLE stories (doc INTEGER PRIMARY KEY, story INTEGER NOT NULL);
CREATE INDEX stories_story ON stories (story);
"""


KEY_TABLES = {"postings": "hash", "bands": "key", "dense": "hash"}
"""The key tables and their key columns. Each has a ``recent_`` twin that ``index add`` writes
(`dupcheck.corpus.store_writes`): its keys are hashes, so rows added to a large table land on
pages all over its tree, each of which is then rewritten; rows added to a small table share a
few pages. Readers look up both."""


def signed(values: npt.NDArray[Any]) -> list[int]:
    """Unsigned 64-bit keys as SQLite integers (signed 64-bit), one-to-one."""
    return values.astype(np.uint64).view(np.int64).tolist()  # type: ignore[no-any-return]


def options_record(options: ScanOptions) -> dict[str, Any]:
    """The stored options: what shapes the sketches and what decides which files are read."""
    record = {name: getattr(options, name) for name in (*SKETCH_FIELDS, *READ_FIELDS)}
    record["include"], record["exclude"] = list(options.include), list(options.exclude)
    return record


class Index:
    """An open archive index. Use as a context manager, or call `close`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: int | None) -> None:
        self.path = path
        self._db = connection
        self._lock = lock
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        self.root: str = meta["root"]
        """The archive root as given to ``index build``."""
        self.root_real: str = meta["root_real"]
        """Its real path then: where ``index add`` resolves paths."""
        stored = json.loads(meta["options"])
        stored["include"], stored["exclude"] = tuple(stored["include"]), tuple(stored["exclude"])
        self.options: ScanOptions = replace(ScanOptions(), **stored)
        """Defaults, with the stored sketch and read options."""
        bands, rows = json.loads(meta["bands"])
        self.bands: tuple[int, int] = (int(bands), int(rows))
        """LSH bands and rows per band the stored band keys were made with."""
        self._permutations = meta.get(PERMUTATIONS)
        self._sketcher: Sketcher | None = None
        self.unfinished: bool = UNFINISHED in meta
        """A build not finished yet (running, or killed): its documents are stored, its key
        tables not yet filled."""

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, root: str, root_real: str, options: ScanOptions) -> Index:
        """A new, empty index at ``path`` (which must not exist), open for writing."""
        path = Path(path)
        if path.exists():
            raise InputError(
                str(path), "already exists; use `dupcheck index update`, or remove it first"
            )
        try:
            connection = sqlite3.connect(path, isolation_level=None)
            connection.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise InputError(str(path), f"cannot create the index ({exc})") from None
        lock = _lock(path)
        connection.execute("PRAGMA journal_mode=WAL")
        meta = {
            "root": root,
            "root_real": root_real,
            "options": json.dumps(options_record(options)),
            "bands": json.dumps(list(lsh_params(options))),
            UNFINISHED: "1",
        }
        if options.scheme in ("affine32", "affine64"):
            (a, b), _ = affine_permutations(options.num_perm, options.seed, options.scheme)
            meta[PERMUTATIONS] = json.dumps([a.tolist(), b.tolist()])
        with transaction(connection):
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        return cls._ready(path, connection, lock)

    @classmethod
    def open(cls, path: Path | str, *, write: bool = False) -> Index:
        """The index at ``path``. ``write``: take the writer's lock (refused while another
        process holds it). Raises `InputError` for a missing file, a file that is not an index,
        or an index of another schema version."""
        path = Path(path)
        if not path.is_file():
            raise InputError(str(path), "no such index file")
        lock = _lock(path) if write else None
        uri = f"{path.resolve().as_uri()}?mode=rw"
        try:
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            _unlock(lock)
            raise InputError(str(path), f"cannot open the index ({exc})") from None
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error:
            tables, version = set(), None
        if {"meta", "docs"} <= tables and version == SCHEMA_VERSION:
            index = cls._ready(path, connection, lock)
            if write and index.unfinished:
                # A killed build: finish it before anything else is written.
                from dupcheck.corpus.store_writes import finish_build

                finish_build(index)
            return index
        connection.close()
        _unlock(lock)
        if {"meta", "docs"} <= tables:
            raise InputError(
                str(path),
                f"index schema version {version}, this dupcheck reads version {SCHEMA_VERSION}; "
                "rebuild it with `dupcheck index build ARCHIVE --db NEW_FILE`",
            )
        raise InputError(str(path), "not a dupcheck index")

    @classmethod
    def _ready(cls, path: Path, connection: sqlite3.Connection, lock: int | None) -> Index:
        # NORMAL: a commit survives the process being killed (WAL); only power loss may drop the
        # last few, never corrupt the file.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=10000")
        connection.execute("PRAGMA temp_store=MEMORY")
        if lock is not None:
            # A writer's inserts land all over the key tables' trees: a larger page cache reads
            # fewer of their pages again. Bounded (64 MiB), whatever the archive's size.
            connection.execute("PRAGMA cache_size=-65536")
        return cls(path, connection, lock)

    @property
    def connection(self) -> sqlite3.Connection:
        """The open database (for `dupcheck.corpus.lookup`)."""
        return self._db

    @property
    def permutations(self) -> str | None:
        """The stored MinHash permutations (JSON, for `stored_sketcher`), if any."""
        return self._permutations

    def sketcher(self) -> Sketcher:
        """A sketcher of the index's options (made once), with its stored permutations."""
        if self._sketcher is None:
            self._sketcher = stored_sketcher(self.options, self._permutations)
        return self._sketcher

    def signature_dtype(self) -> type[np.unsignedinteger[Any]]:
        """The stored signatures' value type (the scheme's width)."""
        return np.uint64 if self.options.scheme == "affine64" else np.uint32

    def close(self) -> None:
        """Close the database, then release the writer's lock (in that order: closing any
        descriptor of the file before SQLite is done would drop SQLite's own locks)."""
        self._db.close()
        _unlock(self._lock)
        self._lock = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, document: Document, options: ScanOptions | None = None) -> QueryResult:
        """The archived copies of ``document``: `dupcheck.corpus.query.query`."""
        from dupcheck.corpus.query import query

        return query(self, document, options)

    def check(self, options: ScanOptions) -> None:
        """Refuse ``options`` whose sketches would differ from the stored ones, and an index
        whose build has not finished (its key tables would miss candidates)."""
        if self.unfinished:
            raise InputError(
                str(self.path),
                "index build not finished (still running, or interrupted); wait for it, or "
                "finish it with `dupcheck index update --db FILE`",
            )
        wrong = [
            f"{name}={getattr(self.options, name)!r} (asked {getattr(options, name)!r})"
            for name in SKETCH_FIELDS
            if getattr(options, name) != getattr(self.options, name)
        ]
        if wrong:
            raise InputError(
                str(self.path),
                f"index built with {', '.join(wrong)}; rebuild it with these options or scan "
                "with the index's",
            )

    # --- reading ------------------------------------------------------------------------------

    def display(self, name: str) -> str:
        """A stored (root-relative) name as scans show it."""
        root = self.root.rstrip("/") or "/"
        return f"{root}/{name}" if root != "/" else f"/{name}"

    def documents(self) -> int:
        """Documents the index holds."""
        return int(self._db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def skipped(self) -> tuple[Skipped, ...]:
        """Files and articles the index could not use, named as scans name them."""
        rows = self._db.execute("SELECT name, reason FROM skipped ORDER BY name, reason")
        return tuple(Skipped(self.display(n), r) for n, r in rows)

    def states(self, under: Sequence[str] = ("",)) -> dict[str, FileState]:
        """The size, modification time and digest of every indexed file at or under the
        relative paths ``under`` ("" is the root), by relative path: range scans of the
        paths' index, so a few files of a large archive cost a few rows."""
        select = "SELECT path, size, mtime_ns, digest FROM files"
        out: dict[str, FileState] = {}
        for prefix in sorted(set(under)):
            if prefix:
                # "0" follows "/": every path that starts with ``prefix/`` sorts between.
                rows = self._db.execute(
                    f"{select} WHERE path = ? OR (path > ? AND path < ?)",
                    (prefix, f"{prefix}/", f"{prefix}0"),
                )
            else:
                rows = self._db.execute(select)
            out.update((p, FileState(s, m, d)) for p, s, m, d in rows)
        return out

    def info(self) -> IndexInfo:
        def count(table: str) -> int:
            return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        size = sum(
            os.path.getsize(p) for p in (self.path, Path(f"{self.path}-wal")) if os.path.exists(p)
        )
        return IndexInfo(
            path=str(self.path),
            schema=SCHEMA_VERSION,
            root=self.root,
            files=count("files"),
            documents=count("docs"),
            skipped=count("skipped"),
            bytes=size,
            options=options_record(self.options),
        )

    def require_writer(self) -> None:
        """Raise unless this index was opened for writing (`dupcheck.corpus.store_writes`)."""
        if self._lock is None:
            raise RuntimeError("index opened for reading")  # a programming error, not input


def stored_sketcher(options: ScanOptions, permutations: str | None) -> Sketcher:
    """A sketcher of ``options`` with an index's stored ``permutations`` (`Index.permutations`),
    drawn again when there are none."""
    if permutations is None:
        return Sketcher(options)
    dtype = np.uint64 if options.scheme == "affine64" else np.uint32
    a, b = (np.array(p, dtype=dtype) for p in json.loads(permutations))
    return Sketcher(options, permutations=(a, b))


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def temp_ids(db: sqlite3.Connection, table: str, ids: Iterable[int]) -> None:
    """``ids`` into the temporary table ``table`` (one column ``id``, emptied first): a batch's
    thousands of keys or documents, too many for a parameter list, joined with ``CROSS JOIN`` so
    SQLite probes the large table's primary key once per id."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY)")
    db.execute(f"DELETE FROM {table}")
    db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?)", ((i,) for i in ids))


def _lock(path: Path) -> int:
    """The writer's lock: an exclusive ``flock`` on the database file, released by the kernel
    when the process ends however it ends (``kill -9`` included), so it never goes stale."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InputError(
            str(path), "another dupcheck process is writing this index; wait for it to finish"
        ) from None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)
