"""Where a JSONL line or a Parquet row is, so that a Dask worker reads its text again.

The local scan keeps the text of every JSONL and Parquet article after the read stage (reading
one line of a large file again would cost more than keeping it). On a cluster that text would
travel from the read worker to the client and from the client to every verification task of
its article: the client would hold every text of a feed. The Dask engine keeps a `Record`
instead, the file and the place of the article in it (a JSONL line's byte offset and size, a
Parquet row's number), and the verification worker reads it there, as it reads a plain file
again. Workers must reach the files as the read workers did (a shared mount).

A record is located after the read, from what the reader reported: every line of a JSONL file
that is not blank (and not over the size limit) yields one document or one skipped entry named
``<file>:<line>``, every Parquet row likewise, in order. When the documents of a file do not
match its lines that way, its texts are kept as the local scan keeps them. A record read again
must give the same name and content fingerprint, or it is reported as changed since it was read,
as a changed plain file is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dupcheck.corpus import walk
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.parquet import PARQUET_SUFFIX, _article
from dupcheck.corpus.reading import Origin, ReadBatch, ReadTask
from dupcheck.corpus.types import ScanOptions
from dupcheck.corpus.urls import open_input, stamp, table_source
from dupcheck.corpus.walk import JSONL_SUFFIX, _jsonl_line
from dupcheck.errors import InputError
from dupcheck.text.intake import suffix
from dupcheck.text.types import Document


@dataclass(frozen=True, slots=True)
class Record(Origin):
    """An `Origin` for an article of a JSONL or Parquet file: read again where it lies."""

    file: str = ""
    """The file's name in the scan (a record is named ``<file>#<id>`` or ``<file>:<number>``)."""
    number: int = 0
    """Line or row number, from 1."""
    offset: int = -1
    """JSONL: the line's first byte; -1 for a Parquet row."""
    size: int = 0
    """JSONL: the line's bytes, its newline included."""
    text_field: str = "text"
    id_field: str = "id"

    def document(self) -> Document:
        """The article's text again (a `Document` as the local scan's kept text gives);
        ``InputError`` when it is no longer what the read stage found."""
        assert self.path is not None
        where = f"{self.file}:{self.number}"
        options = _options(self.text_field, self.id_field, self.max_bytes)
        try:
            if self.offset >= 0:
                with open_input(self.path) as handle:
                    handle.seek(self.offset)
                    found = _jsonl_line(handle.read(self.size), where, self.file, options)
            else:
                text, ident = _parquet_row(self.path, self.number, self.text_field, self.id_field)
                found = _article(text, ident, where, self.file, names=set(), options=options)
        except OSError as exc:
            raise InputError(self.name, (exc.strerror or "cannot read").lower()) from None
        if not isinstance(found, Document) or found.name != self.name:
            raise InputError(self.name, "changed since it was read")
        if word_table([found.text]).fingerprints[0] != self.fingerprint:
            raise InputError(self.name, "changed since it was read")
        return Document(self.name, found.text)


@lru_cache(maxsize=8)
def _options(text_field: str, id_field: str, max_bytes: int) -> ScanOptions:
    return ScanOptions(text_field=text_field, id_field=id_field, max_bytes=max_bytes)


def locate(task: ReadTask, batch: ReadBatch) -> dict[int, Record]:
    """A `Record` for each document of ``batch`` (by position) that keeps its text, where its
    file's lines or rows can be matched to its documents; the others keep their texts."""
    skipped = {s.path for s in batch.skipped}
    found: dict[int, Record] = {}
    for at, (path, file, _, _) in enumerate(task.files):
        kind = suffix(path)
        if kind not in (JSONL_SUFFIX, PARQUET_SUFFIX):
            continue
        documents = [k for k, source in enumerate(batch.sources) if source == at]
        if not documents:
            continue
        try:
            places = _lines(path, task.options.max_bytes) if kind == JSONL_SUFFIX else _rows(path)
        except (OSError, InputError):
            continue
        places = [p for p in places if f"{file}:{p[0]}" not in skipped]
        # A Parquet file unreadable from some row on yields its first rows only.
        if len(places) < len(documents) or (kind == JSONL_SUFFIX and len(places) != len(documents)):
            continue
        matched = list(zip(documents, places, strict=False))
        # A record named by its number must have ours, or the reader's numbering is not ours.
        if any(
            batch.texts[k][0].startswith(f"{file}:") and batch.texts[k][0] != f"{file}:{number}"
            for k, (number, _, _) in matched
        ):
            continue
        for k, (number, offset, size) in matched:
            found[k] = Record(
                batch.texts[k][0],
                path,
                max_bytes=task.options.max_bytes,
                fingerprint=batch.fingerprints[k],
                file=file,
                number=number,
                offset=offset,
                size=size,
                text_field=task.options.text_field,
                id_field=task.options.id_field,
            )
    return found


def _lines(path: str, limit: int) -> list[tuple[int, int, int]]:
    """``(number, offset, size)`` of each line of a JSONL file that the reader turns into a
    document or a skipped entry of its own: not blank, not over ``limit`` bytes."""
    found: list[tuple[int, int, int]] = []
    offset = 0
    with open_input(path) as handle:
        for number, raw, size in walk._lines(handle, limit):
            if size <= limit and raw.strip():
                found.append((number, offset, size))
            offset += size
    return found


def _rows(path: str) -> list[tuple[int, int, int]]:
    import pyarrow.parquet as pq

    with table_source(path) as source:
        rows = pq.ParquetFile(source).metadata.num_rows
    return [(number, -1, 0) for number in range(1, rows + 1)]


def _parquet_row(path: str, number: int, text_field: str, id_field: str) -> tuple[Any, Any]:
    """The text and id (or None) of row ``number`` (from 1) of a Parquet file."""
    key = stamp(path)
    starts, has_id = _row_groups(path, key, id_field)
    group = max(g for g, start in enumerate(starts) if start < number)
    columns = (text_field, id_field) if has_id else (text_field,)
    texts, ids = _row_group(path, key, group, columns)
    at = number - 1 - starts[group]
    return texts[at], ids[at] if ids is not None else None


@lru_cache(maxsize=16)
def _row_groups(path: str, key: tuple[object, ...], id_field: str) -> tuple[list[int], bool]:
    """Rows before each row group, and whether the file has an ``id_field`` column."""
    import pyarrow.parquet as pq

    del key  # the cache's: a rewritten file is looked at again
    with table_source(path) as source:
        parquet = pq.ParquetFile(source)
        sizes = [parquet.metadata.row_group(g).num_rows for g in range(parquet.num_row_groups)]
        has_id = parquet.schema_arrow.get_field_index(id_field) >= 0
    starts = [sum(sizes[:g]) for g in range(len(sizes))]
    return starts, has_id


@lru_cache(maxsize=2)
def _row_group(
    path: str, key: tuple[object, ...], group: int, columns: tuple[str, ...]
) -> tuple[list[Any], list[Any] | None]:
    """The text column (and id column, when ``columns`` name it) of one row group; ``key``
    (`dupcheck.corpus.urls.stamp`) is the cache's, so a rewritten file is read again."""
    # Kept: a verification task reads the records it holds one after another, mostly of a few
    # row groups; a row group is the smallest unit Parquet decodes.
    import pyarrow.parquet as pq

    del key
    with table_source(path) as source:
        table = pq.ParquetFile(source).read_row_group(group, columns=list(columns))
    ids = table.column(1).to_pylist() if len(columns) > 1 else None
    return table.column(0).to_pylist(), ids
