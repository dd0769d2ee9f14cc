"""A scan's intake: which files of a tree are articles, and each file → documents or skip reasons.

Naming (what results call things):

- a file is its path relative to the scanned root with ``/`` separators (``world/2024/a.txt``);
- a JSONL line is ``<file>#<id>`` (``feed.jsonl#A123``), ``<id>`` being the line's ``id_field``
  (a string or an integer); a line without one is ``<file>:<line number>`` (from 1);
- a problem with one JSONL line is skipped as ``<file>:<line number>``;
- with a ``prefix`` (``scan --against``), names are ``<prefix>/<relative path>``.

Rules of the walk: hidden files and directories (``.git``, ``.dupcheck-baseline.json``) and the
configuration files (``pyproject.toml``, ``dupcheck.toml``) are never articles; directory
symlinks are followed once per real directory, so loops end; a file reached twice (a symlink to
an article already read) is skipped with a reason rather than reported as its own duplicate.
Order is sorted relative paths, then line order inside a JSONL file: deterministic.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from fnmatch import translate
from pathlib import Path
from typing import BinaryIO

from dupcheck.corpus.parquet import PARQUET_SUFFIX, read_parquet
from dupcheck.corpus.types import ScanOptions, Skipped
from dupcheck.corpus.urls import open_input, read_input_document
from dupcheck.errors import ConfigError, InputError
from dupcheck.text.intake import READ_BLOCK, decode_bytes, read_text_document, suffix
from dupcheck.text.types import Document

CONFIG_FILES = frozenset({"pyproject.toml", "dupcheck.toml"})
JSONL_SUFFIX = ".jsonl"
TABLE_SUFFIXES = frozenset({JSONL_SUFFIX, PARQUET_SUFFIX})
"""Files of many articles (one a line or a row): their texts are kept after the read stage."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file the walk chose to read."""

    path: str
    """Where to read it: the root as given joined with the relative path (a string rather than
    a ``Path``: a scan holds tens of thousands, and building each ``Path`` took half the walk)."""
    name: str
    """Display name (see the module docstring)."""
    same_as: str = ""
    """Name of the file this one duplicates on disk (a symlink to it): skipped, not read."""
    problem: str = ""
    """Why the walk could not go on here (a folder it may not list, a path too long for the
    system): skipped with this reason, not read."""


def globs(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """A test of relative ``/`` paths against globs: a glob without ``/`` is tried on the file
    name, one with ``/`` on the whole relative path. Case-insensitive: ``*.txt`` takes ``A.TXT``.
    Compiled once into two regular expressions (a walk tests every file)."""
    names = [translate(p.lower().rstrip("/")) for p in patterns if "/" not in p.rstrip("/")]
    paths = [translate(p.lower().rstrip("/")) for p in patterns if "/" in p.rstrip("/")]
    by_name = re.compile("|".join(names)).match if names else None
    by_path = re.compile("|".join(paths)).match if paths else None

    def test(rel: str) -> bool:
        low = rel.lower()
        if by_name is not None and by_name(low.rpartition("/")[2]):
            return True
        return by_path is not None and by_path(low) is not None

    return test


def matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``rel`` matches any of ``patterns`` (see `globs`)."""
    return globs(patterns)(rel)


def discover(
    root: Path,
    options: ScanOptions,
    *,
    prefix: str = "",
    skip_dirs: frozenset[str] = frozenset(),
) -> list[Source]:
    """The files under ``root`` to read, in name order.

    ``skip_dirs`` holds real paths of directories to leave out (the ``--against`` tree when it
    lies inside the scanned one).
    """
    included, excluded = globs(options.include), globs(options.exclude)
    seen_dirs: set[str] = set(skip_dirs)
    seen_dirs.discard(os.path.realpath(root))
    # (relative path, path, real path, is a symlink): real paths come from each directory's,
    # so only symlinked files cost a system call.
    found: list[tuple[str, str, str, bool]] = []
    unlisted: list[Source] = []
    stack = [(str(root), "")]
    while stack:
        directory, rel_dir = stack.pop()
        real = os.path.realpath(directory)
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        inside = real if real.endswith(os.sep) else real + os.sep
        try:
            with os.scandir(directory) as it:
                entries = list(it)
        except OSError as exc:
            # The folder's name, not its path: what results call files (see the docstring).
            name = rel_dir.rstrip("/") or "."
            name = f"{prefix}/{name}" if prefix else name
            reason = f"folder not read: {(exc.strerror or 'cannot list').lower()}"
            unlisted.append(Source(directory, name, problem=reason))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}{entry.name}"
            try:
                is_dir = entry.is_dir()  # follows symlinks: loops end through seen_dirs
            except OSError:
                is_dir = False
            if is_dir:
                if not excluded(rel):
                    stack.append((entry.path, rel + "/"))
            elif entry.name not in CONFIG_FILES and included(rel) and not excluded(rel):
                link = entry.is_symlink()
                target = os.path.realpath(entry.path) if link else inside + entry.name
                found.append((rel, entry.path, target, link))
    found.sort()
    first: dict[str, str] = {}
    # The file itself is read rather than a symlink to it, whatever the names' order.
    for rel, _, target, _link in sorted(found, key=lambda f: (f[3], f[0])):
        first.setdefault(target, rel)
    sources = []
    for rel, path, target, _ in found:
        name = f"{prefix}/{rel}" if prefix else rel
        original = first[target]
        same = "" if original == rel else (f"{prefix}/{original}" if prefix else original)
        sources.append(Source(path, name, same_as=same))
    return sorted([*sources, *unlisted], key=lambda s: s.name)


def would_read(root: Path, path: Path, options: ScanOptions) -> bool:
    """Whether a scan of ``root`` reads the file at ``path`` (existing or not) as an article,
    by its path as given or as resolved: a report or baseline written there would be read back,
    and overwrite an input, on the next scan."""
    included, excluded = globs(options.include), globs(options.exclude)
    as_given = (os.path.abspath(path), os.path.abspath(root))
    resolved = (os.path.realpath(path), os.path.realpath(root))
    for file, tree in (as_given, resolved):
        rel = os.path.relpath(file, tree)
        if rel in (os.curdir, os.pardir) or rel.startswith(os.pardir + os.sep):
            continue
        parts = rel.split(os.sep)
        if any(part.startswith(".") for part in parts) or parts[-1] in CONFIG_FILES:
            continue
        dirs = ["/".join(parts[: k + 1]) for k in range(len(parts) - 1)]
        rel_posix = "/".join(parts)
        if included(rel_posix) and not excluded(rel_posix) and not any(map(excluded, dirs)):
            return True
    return False


def is_jsonl(source: Source) -> bool:
    """Whether ``source`` holds one article per line."""
    return suffix(source.path) == JSONL_SUFFIX


def read_source(source: Source, options: ScanOptions) -> Iterator[Document | Skipped]:
    """The documents of one file, or why it (or a JSONL line of it) cannot be used."""
    return read_file(
        source.path, source.name, options, same_as=source.same_as, problem=source.problem
    )


def read_file(
    path: str, name: str, options: ScanOptions, *, same_as: str = "", problem: str = ""
) -> Iterator[Document | Skipped]:
    """`read_source` of ``Source(path, name, same_as, problem)``: what a scan's workers call,
    a chunk's sources being sent to them as plain tuples of strings."""
    if problem:
        yield Skipped(name, problem)
        return
    if same_as:
        yield Skipped(name, f"same file as {same_as}")
        return
    if suffix(path) == JSONL_SUFFIX:
        yield from _read_jsonl(path, name, options)
        return
    if suffix(path) == PARQUET_SUFFIX:
        yield from read_parquet(path, name, options)
        return
    try:
        yield read_input_document(path, max_bytes=options.max_bytes, name=name)
    except InputError as exc:
        yield Skipped(name, exc.reason)


def _read_jsonl(path: str, file: str, options: ScanOptions) -> Iterator[Document | Skipped]:
    # max_bytes limits each line (one article), not the file: a JSONL archive is large by design.
    try:
        handle = open_input(path)
    except OSError as exc:
        yield Skipped(file, (exc.strerror or "cannot read").lower())
        return
    except InputError as exc:  # a URL that fsspec cannot read
        yield Skipped(file, exc.reason)
        return
    names: set[str] = set()
    any_line = False
    with handle:
        for number, raw, size in _lines(handle, options.max_bytes):
            where = f"{file}:{number}"
            if size > options.max_bytes:
                any_line = True
                limit = options.max_bytes
                yield Skipped(where, f"line of {size:,} bytes is over the {limit:,}-byte limit")
                continue
            if not raw.strip():
                continue
            any_line = True
            result = _jsonl_line(raw, where, file, options)
            if isinstance(result, Document):
                if result.name in names:
                    result = Skipped(where, f"duplicate {options.id_field!r} {result.name!r}")
                else:
                    names.add(result.name)
            yield result
    if not any_line:
        yield Skipped(file, "empty file")


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes, int]]:
    """``(number, line, size in bytes)`` of each line, holding at most ``limit`` + 1 bytes of
    one: a longer line is counted to its end but not kept (its ``line`` is empty)."""
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        size = len(raw)
        if size > limit and not raw.endswith(b"\n"):
            raw = b""
            while True:
                rest = handle.readline(READ_BLOCK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
        yield number, raw, size


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _jsonl_line(raw: bytes, where: str, file: str, options: ScanOptions) -> Document | Skipped:
    try:
        line, _ = decode_bytes(raw, where)
        record = json.loads(line)
    except InputError as exc:
        return Skipped(where, exc.reason)
    except json.JSONDecodeError as exc:
        return Skipped(where, f"invalid JSON ({exc.msg})")
    except ValueError as exc:  # an integer of more digits than Python converts
        return Skipped(where, f"invalid JSON ({str(exc).partition(';')[0].lower()})")
    except RecursionError:
        return Skipped(where, "invalid JSON (nested too deeply)")
    if not isinstance(record, dict):
        return Skipped(where, "not a JSON object")
    text = record.get(options.text_field)
    if not isinstance(text, str):
        return Skipped(where, f"no string field {options.text_field!r}")
    ident = record.get(options.id_field)
    if isinstance(ident, bool) or not isinstance(ident, str | int | type(None)):
        return Skipped(where, f"field {options.id_field!r} is not a string or an integer")
    # JSON's \ud800-style escapes can spell a lone surrogate, which no UTF-8 text holds.
    if b"\\u" in raw and any(isinstance(v, str) and _has_surrogate(v) for v in (text, ident)):
        return Skipped(where, "a lone surrogate escape (\\ud800-\\udfff) in the text or id")
    name = where if ident is None else f"{file}#{ident}"
    try:
        document = read_text_document(text, name)
    except InputError as exc:
        return Skipped(where, exc.reason)
    # A date that is no string is no date: the article is dated by its text or its file.
    published = record.get(options.date_field) if options.date_field else None
    return replace(document, published=published) if isinstance(published, str) else document


def check_text_field(skipped: Sequence[Skipped], records: int, options: ScanOptions) -> None:
    """A ``text_field`` that no JSONL record has is a wrong setting, not a feed of bad lines:
    every record would be skipped and the scan would pass, having read nothing. ``records``:
    JSONL records read as documents."""
    missing = f"no string field {options.text_field!r}"
    if not records and any(s.reason == missing for s in skipped):
        raise ConfigError(
            f"text_field {options.text_field!r} matches no JSONL record "
            "(set --text-field to the field that holds the articles' text)"
        )
