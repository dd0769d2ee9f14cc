"""Bytes on disk → Document. PROVISIONAL minimal version: the text helper replaces it."""

from __future__ import annotations

from pathlib import Path

from dupcheck.errors import InputError
from dupcheck.models import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or "cannot read") from None
    return Document(name or str(path), data.decode("utf-8"))
