"""A Parquet file as articles: one row an article, as a JSONL line is (see `dupcheck.corpus.walk`).

The text is the ``text_field`` column, the name ``<file>#<id>`` from the ``id_field`` column (a
string or an integer), or ``<file>:<row number>`` (from 1) when the file has no such column or
the row's id is null. A row that cannot be used is skipped as ``<file>:<row number>``; a file
that cannot be read, or has no string ``text_field`` column, is skipped whole. Rows are read a
batch at a time, so memory holds one batch of the file beside the texts kept. Needs pyarrow
(``pip install 'dupcheck[parquet]'``); without it a Parquet file is skipped with that advice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dupcheck.corpus.types import ScanOptions, Skipped
from dupcheck.corpus.urls import table_source
from dupcheck.errors import InputError
from dupcheck.text.intake import read_text_document
from dupcheck.text.types import Document

PARQUET_SUFFIX = ".parquet"
BATCH_ROWS = 1024
"""Rows decoded at a time."""


def read_parquet(path: str, file: str, options: ScanOptions) -> Iterator[Document | Skipped]:
    """The articles of the Parquet file at ``path`` (a local path or a URL) named ``file``, or
    why each is skipped."""
    try:
        with table_source(path) as source:
            yield from _read_parquet(source, file, options)
    except (OSError, InputError) as exc:  # a URL that cannot be opened
        reason = exc.reason if isinstance(exc, InputError) else exc.strerror or "cannot read"
        yield Skipped(file, f"not a readable Parquet file ({reason.lower()})")


def _read_parquet(source: Any, file: str, options: ScanOptions) -> Iterator[Document | Skipped]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield Skipped(file, "reading Parquet needs pyarrow: pip install 'dupcheck[parquet]'")
        return
    try:
        parquet = pq.ParquetFile(source)
        schema = parquet.schema_arrow
    except (OSError, pa.ArrowException) as exc:
        yield Skipped(file, f"not a readable Parquet file ({_first_line(exc)})")
        return
    text_type = _field_type(schema, options.text_field)
    if text_type is None or not (
        pa.types.is_string(text_type) or pa.types.is_large_string(text_type)
    ):
        yield Skipped(file, f"no string column {options.text_field!r}")
        return
    id_type = _field_type(schema, options.id_field)
    columns = [options.text_field]
    if id_type is not None:
        if not (_is_string(pa, id_type) or pa.types.is_integer(id_type)):
            yield Skipped(file, f"column {options.id_field!r} is not strings or integers")
            return
        columns.append(options.id_field)
    if parquet.metadata.num_rows == 0:
        yield Skipped(file, "no rows")
        return
    names: set[str] = set()
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            texts = batch.column(0).to_pylist()
            ids = batch.column(1).to_pylist() if id_type is not None else [None] * len(texts)
            for text, ident in zip(texts, ids, strict=True):
                row += 1
                yield _article(text, ident, f"{file}:{row}", file, names=names, options=options)
    except (OSError, pa.ArrowException) as exc:
        yield Skipped(f"{file}:{row + 1}", f"unreadable from this row on ({_first_line(exc)})")


def _article(
    text: str | None,
    ident: str | int | None,
    where: str,
    file: str,
    *,
    names: set[str],
    options: ScanOptions,
) -> Document | Skipped:
    if text is None:
        return Skipped(where, f"null {options.text_field!r}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > options.max_bytes:
        return Skipped(
            where, f"text of {size:,} bytes is over the {options.max_bytes:,}-byte limit"
        )
    name = where if ident is None else f"{file}#{ident}"
    if name in names:
        return Skipped(where, f"duplicate {options.id_field!r} {ident!r}")
    try:
        document = read_text_document(text, name)
    except InputError as exc:
        return Skipped(where, exc.reason)
    names.add(name)
    return document


def _is_string(pa: Any, type_: Any) -> bool:
    return bool(pa.types.is_string(type_) or pa.types.is_large_string(type_))


def _field_type(schema: Any, name: str) -> Any:
    index = schema.get_field_index(name)
    return None if index < 0 else schema.field(index).type


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
