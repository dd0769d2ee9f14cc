"""Files behind fsspec URLs (``s3://bucket/articles/a.txt``, ``gs://…``, ``file:///…``), opened and
read as local files are, for the Dask engine's workers.

A scan of a URL reads its files where they lie: the workers list the folder
(`dupcheck.corpus.sources.discover_url`), read each file, and verification reads it again,
through fsspec, with the local rules: a file over ``max_bytes`` is skipped (the limit applied
while reading), a file changed since it was read is reported as such. Credentials and endpoints
are fsspec's own configuration on the workers (environment variables such as
``FSSPEC_S3_ENDPOINT_URL``, ``~/.config/fsspec``). fsspec, and the package of each protocol
(s3fs, gcsfs…), are needed only where a URL is read: the ``dask`` extra brings fsspec.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import IO, Any, BinaryIO

from dupcheck.errors import InputError
from dupcheck.text.intake import (
    HTML_SUFFIXES,
    bytes_document,
    open_regular,
    read_document,
    read_up_to,
    suffix,
    too_large,
)
from dupcheck.text.types import Document

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")
"""A scheme of two letters or more: ``C:\\`` is a drive, not a URL."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def is_url(text: str) -> bool:
    """Whether ``text`` is a URL (``scheme://…``) rather than a local path."""
    return _URL.match(text) is not None


def filesystem(url: str) -> tuple[Any, str]:
    """fsspec's file system for ``url`` and the path inside it; `InputError` (naming the URL)
    when fsspec, or the package of its protocol, is missing or the URL is not one it reads."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise InputError(url, "reading a URL needs fsspec: pip install 'dupcheck[dask]'") from None
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown protocol, or its package missing
        raise InputError(url, first_line(exc)) from None
    return fs, path.rstrip("/") or path


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _os_error(exc: Exception) -> OSError:
    """An fsspec back end's error as the ``OSError`` a local read would raise: each back end
    raises its own kinds (botocore's, aiohttp's) for what is, to a scan, an unreadable file."""
    if isinstance(exc, FileNotFoundError):
        return FileNotFoundError(0, "no such file")
    if isinstance(exc, OSError) and exc.strerror:
        return exc
    return OSError(0, first_line(exc))


def open_input(path: str) -> BinaryIO:
    """``path`` opened for reading in binary: a local regular file (`open_regular`), or the file
    at a URL, buffered (fsspec's own ``readline`` takes no limit). Raises ``OSError``, its
    ``strerror`` a reason for a message, whatever the back end."""
    if not is_url(path):
        return open_regular(path)
    fs, inner = filesystem(path)
    try:
        raw = fs.open(inner, "rb")
    except Exception as exc:
        raise _os_error(exc) from None
    return io.BufferedReader(raw)


@contextmanager
def table_source(path: str) -> Iterator[str | IO[bytes]]:
    """What pyarrow opens for the Parquet file at ``path``: the path itself when local (pyarrow
    maps it), an open file when a URL (closed after)."""
    if not is_url(path):
        yield path
        return
    with open_input(path) as handle:
        yield handle


def read_input_document(path: str, *, max_bytes: int, name: str) -> Document:
    """`read_document` of a local path or a URL: the same reasons, the same limit."""
    if not is_url(path):
        return read_document(path, max_bytes=max_bytes, name=name)
    fs, inner = filesystem(path)
    try:
        with fs.open(inner, "rb") as handle:
            expected = int(getattr(handle, "size", None) or 0)
            data = read_up_to(handle.read, min(expected, max_bytes), max_bytes + 1)
    except Exception as exc:  # a back end's error, of its own kind: see _os_error
        raise InputError(name, _reason(_os_error(exc))) from None
    if len(data) > max_bytes:
        # The whole size, as a local file's reason says, though only the limit was read.
        raise InputError(name, too_large(max(expected, len(data)), max_bytes))
    return bytes_document(data, name, html=suffix(path) in HTML_SUFFIXES)


def _reason(exc: OSError) -> str:
    return (exc.strerror or "cannot read").lower()


def modified_ns(path: str) -> int:
    """The file's modification time (nanoseconds since the epoch) as it dates an article; 0
    when unknown (gone since it was read, or a store that keeps none)."""
    try:
        if not is_url(path):
            return os.stat(path).st_mtime_ns
        fs, inner = filesystem(path)
        if "file" in _protocols(fs):
            # The local time to the nanosecond, as the local scan of the same files sees it.
            return os.stat(inner).st_mtime_ns
        when: datetime = fs.modified(inner)
    except Exception:
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - _EPOCH) // timedelta(microseconds=1) * 1000


def stamp(path: str) -> tuple[object, ...]:
    """What changes when the file at ``path`` is rewritten (a cache's key): its modification
    time and size, or for a URL fsspec's key of the file (an ETag on object stores)."""
    if not is_url(path):
        info = os.stat(path)
        return (info.st_mtime_ns, info.st_size)
    fs, inner = filesystem(path)
    try:
        return (fs.ukey(inner),)
    except Exception as exc:
        raise _os_error(exc) from None


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)
