"""Bytes on disk (or strings in hand) → ``Document``, or an ``InputError`` with a one-line reason.

Offsets everywhere index ``Document.text``: the decoded text with a leading byte-order mark
removed and newlines untouched (``\\r\\n`` stays). For ``.html``/``.htm`` files they index the
article text extracted from the page (``dupcheck.text.html_text.article_text``), not the markup.
A stray NUL becomes a space, one character for one, so offsets are those of the decoded file.
Files are only ever read.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import BinaryIO

from dupcheck.errors import InputError, check_range
from dupcheck.text.types import Document

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Larger files are refused: news articles are kilobytes, and a 50 MB file is a mistake."""

MAX_BYTES = 100 * 1024 * 1024
"""Largest size limit accepted (``max_bytes``): a file is held whole while it is analysed, so
the limit bounds memory per document (bench/RESULTS.md has what the largest takes)."""

HTML_SUFFIXES = frozenset({".html", ".htm"})

_O_BINARY = getattr(os, "O_BINARY", 0)
"""Windows opens in text mode without it (newline translation); elsewhere it does not exist."""

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_BOM_FIRST = frozenset(bom[:1] for bom, _ in _BOMS)

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f")
_MAX_CONTROL_SHARE = 0.05
"""Above this share of C0 control bytes (NUL included; tab, newline, carriage return, form feed
aside), a file is binary. Real text carries a stray one now and then: Reuters-21578 has ``\\x03``
markers, and web text scraped into PAN 2013 has stray NULs."""

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or docx, xlsx, odt, epub, jar)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 document (doc, xls, ppt, msg)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"OggS", "an Ogg stream"),
    (b"fLaC", "a FLAC stream"),
    (b"ID3", "an MP3 file"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O binary"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
"""Leading bytes of binary formats that text never starts with (after ``BZh``, ``ID3`` and
``RIFF``, which a sentence could, the next bytes are checked too). Formats without such a
signature (PE executables start with ``MZ``, a word) are left to the control-byte share."""


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a file's bytes: ``(text, encoding)``. A leading byte-order mark is dropped.

    Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); a binary format's signature (PDF,
    ZIP, images, compressed data, executables) is refused; UTF-16 without a byte-order mark is
    recognised by its NULs; a share of control bytes (NUL included) above ``_MAX_CONTROL_SHARE``
    is binary, a few stray ones are not; then strict UTF-8; then a legacy encoding found by
    charset-normalizer, cp1252 first (news text with curly quotes in 0x80–0x9F is cp1252, and it
    reads Latin-1 letters the same way). Stray NULs in the text become spaces. Raises
    ``InputError(name, reason)`` when none fits.
    """
    # Every byte-order mark opens with one of these bytes; text seldom does.
    for bom, encoding in _BOMS if data[:1] in _BOM_FIRST else ():
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding + (
                    "-sig" if bom == codecs.BOM_UTF8 else ""
                )
            except UnicodeDecodeError as exc:
                raise InputError(
                    name,
                    f"cannot decode: starts with a {encoding} byte-order mark, "
                    f"but byte {exc.start + len(bom)} is invalid",
                ) from None
    kind = _binary_format(data)
    if kind is not None:
        raise InputError(name, f"binary file ({kind})")
    nul = b"\0" in data
    if nul:
        utf16 = _bomless_utf16(data)
        # Binary data can have every other byte 0 too ("\0\1\0\2"): read as UTF-16 it is
        # control characters, held to the same test as undecoded bytes below.
        if utf16 is not None and not _mostly_control(utf16[0]):
            return utf16
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        raise InputError(name, "binary file (too many control characters)")
    # A stray NUL is a byte lost in copying, never content: kept, it would end the string in C
    # tools and is not allowed in XML; a space keeps every offset (one character for one).
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        legacy = _legacy(data)
        if legacy is None:
            raise InputError(
                name, "cannot decode: not UTF-8, and no legacy encoding fits"
            ) from None
        text, encoding = legacy
    return (text.replace("\0", " ") if nul else text), encoding


def _binary_format(data: bytes) -> str | None:
    """What binary format ``data`` starts with, by its signature; ``None`` when none does."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"BZh" and not (data[3:4].isdigit() and data[4:10] == b"1AY&SY"):
                continue
            if magic == b"ID3" and not (len(data) > 4 and data[3] < 0x10 and data[4] < 0x10):
                continue
            if magic == b"RIFF" and data[8:12] not in {b"WEBP", b"WAVE", b"AVI "}:
                continue
            return kind
    return None


_CONTROL_CHARS = dict.fromkeys(_CONTROL_BYTES)
"""``_CONTROL_BYTES`` as a ``str.translate`` table that deletes them."""


def _mostly_control(text: str) -> bool:
    return len(text) - len(text.translate(_CONTROL_CHARS)) > _MAX_CONTROL_SHARE * len(text)


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark, recognised when it is mostly ASCII (every other byte 0)."""
    if len(data) % 2:
        return None
    half = len(data) // 2
    for zeros, others, encoding in (
        (data[1::2], data[0::2], "utf-16-le"),
        (data[0::2], data[1::2], "utf-16-be"),
    ):
        if zeros.count(0) >= 0.9 * half and others.count(0) <= 0.01 * half:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer  # only undecodable-as-UTF-8 files pay for its import

    # charset-normalizer ranks cp850 or cp1250 above cp1252 for plain English text, so ask it
    # first only whether the Western encodings read as text, and fall back to its own ranking.
    western = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "latin_1"])
    names = {match.encoding for match in western}
    for encoding in ("cp1252", "latin_1"):
        if encoding in names:
            return data.decode(encoding), encoding.replace("_", "-")
    # Its mess detector turns down short texts ("a “quote”" in 20 bytes): judge those directly.
    plausible = _plausible_cp1252(data)
    if plausible is not None:
        return plausible, "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        # UTF-16/32 without a byte-order mark is a guess we do not make.
        return None
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        return None


_TYPOGRAPHY = frozenset("“”‘’–—…•€™\u00a0")


def _plausible_cp1252(data: bytes) -> str | None:
    """cp1252 text whose non-ASCII letters are the few accents of a Western language.

    Cyrillic or Greek bytes read as cp1252 come out as runs of accented Latin letters, so more
    than one such letter in five rules cp1252 out.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    foreign = sum(1 for ch in text if ch > "\x7f" and ch not in _TYPOGRAPHY)
    letters = sum(1 for ch in text if ch.isalpha())
    return text if foreign <= 0.2 * letters else None


def read_document(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> Document:
    """Read and decode one file. HTML files (``.html``, ``.htm``) become their article text.

    ``name`` is what results and messages call the document (default: the path as given).
    Raises ``InputError`` with a one-line reason: missing, a directory, unreadable, too large,
    empty, binary, undecodable.
    """
    label = name if name is not None else os.fspath(path)
    check_range("read_document", "max_bytes", max_bytes, 1, MAX_BYTES, integer=True)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(label, "no such file") from None
    except NotADirectoryError:
        raise InputError(label, "no such file (a parent is not a directory)") from None
    except PermissionError:
        raise InputError(label, "permission denied") from None
    except OSError as exc:
        raise InputError(label, _os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(label, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(label, "not a regular file")
    if info.st_size > max_bytes:
        raise InputError(label, too_large(info.st_size, max_bytes))
    try:
        data = _read_at_most(path, info.st_size, max_bytes + 1)
    except PermissionError:
        raise InputError(label, "permission denied") from None
    except OSError as exc:
        raise InputError(label, _os_reason(exc)) from None
    if len(data) > max_bytes:
        raise InputError(label, too_large(len(data), max_bytes))
    return bytes_document(data, label, html=suffix(os.fspath(path)) in HTML_SUFFIXES)


def bytes_document(data: bytes, label: str, *, html: bool) -> Document:
    """A file's bytes, read whole and within its size limit, as a document (`read_document`'s
    checks after the read: empty, binary, undecodable; a web page becomes its article)."""
    if not data:
        raise InputError(label, "empty file")
    text, encoding = decode_bytes(data, label)
    if html:
        # Imported here: the page parser (resiliparse) is for web pages only, and plain-text
        # runs such as ``compare`` of two .txt files do not load it.
        from dupcheck.text.html_text import article_text

        try:
            text = article_text(text)
        except ValueError as exc:
            raise InputError(label, str(exc)) from None
        if not text.strip():
            raise InputError(label, "no text in the HTML")
    elif not text or text.isspace():  # not text.strip(), without copying the text
        raise InputError(label, "empty file (only whitespace)")
    return Document(label, text, encoding)


def _read_at_most(path: str | os.PathLike[str], expected: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``path``, asking first for the ``expected`` size (from stat).

    ``open(...).read(limit)`` would allocate ``limit`` bytes (10 MiB) for every file: reading
    30,000 news articles took 2.4x as long. The file may have grown since stat(), so reading
    goes on to the end, never past ``limit``. A ``Path`` is opened by ``Path.open`` (which
    callers, and tests simulating unreadable files, may wrap), a string by ``os.open``, the
    cheapest way for the tens of thousands of a scan; non-blocking, so a file swapped for a FIFO
    since stat() cannot hang the open. Either way the opened file must still be a regular file:
    what is read is what was checked.
    """
    if isinstance(path, Path):
        with path.open("rb", buffering=0) as handle:
            _regular(os.fstat(handle.fileno()))
            return read_up_to(handle.read, expected, limit)
    fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    try:
        _regular(os.fstat(fd))
        return read_up_to(partial(os.read, fd), expected, limit)
    finally:
        os.close(fd)


_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

READ_BLOCK = 1 << 20
"""Most bytes asked for at once past the expected size: asking for the whole limit would
allocate it (a ``--max-bytes`` of 100 GB failed every read with MemoryError)."""


class _NotRegular(OSError):
    """The file opened is not the regular file stat() saw (swapped since)."""


def _regular(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _NotRegular(0, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise _NotRegular(0, "not a regular file")


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading in binary, provided it is a regular file: never a FIFO
    (whose open or read would wait forever), a device (``/dev/zero`` never ends) or a socket.
    Raises ``OSError`` (its ``strerror`` a reason for a message)."""
    fd = os.open(path, os.O_RDONLY | _O_BINARY | _O_NONBLOCK)
    try:
        _regular(os.fstat(fd))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of the regular file ``path`` (more than ``limit`` tells the
    caller it is too large), the limit applied while reading. Raises ``OSError``."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        return read_up_to(handle.read, min(size, limit), limit + 1)


def read_up_to(read: Callable[[int], bytes | None], expected: int, limit: int) -> bytes:
    """At most ``limit`` bytes from ``read``, asking first for ``expected`` + 1 (the size the
    file should have) and then a block at a time: never a buffer of the whole limit."""
    data = read(min(expected + 1, limit)) or b""
    parts = [data]
    size = len(data)
    while data and size < limit:
        data = read(min(limit - size, READ_BLOCK)) or b""
        parts.append(data)
        size += len(data)
    return b"".join(parts)


def suffix(path: str) -> str:
    """``Path(path).suffix.lower()`` without building a ``Path`` (a scan asks for 30,000)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def read_text_document(text: str, name: str) -> Document:
    """A document from a string in hand (a JSONL field): the same emptiness check as files."""
    if not text.strip():
        raise InputError(name, "empty text" if not text else "empty text (only whitespace)")
    return Document(name, text, "utf-8")


def too_large(size: int, max_bytes: int) -> str:
    return f"{size:,} bytes is over the {max_bytes:,}-byte limit; raise it with --max-bytes"


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or "cannot read").lower()
