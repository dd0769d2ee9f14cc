from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from dupcheck.errors import InputError
from dupcheck.text.html_text import MAX_TAGS
from dupcheck.text.intake import (
    DEFAULT_MAX_BYTES,
    _read_at_most,
    decode_bytes,
    read_document,
    read_text_document,
    suffix,
)

STORY = "Japan’s “latest” move – a café owner’s view…\r\nSecond line, née Müller.\n"


def write(tmp_path: Path, data: bytes, name: str = "story.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reason(path: Path, **kwargs: int) -> str:
    with pytest.raises(InputError) as info:
        read_document(path, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return info.value.reason


def test_default_limit_is_ten_mebibytes() -> None:
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


def test_utf8_keeps_newlines(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, STORY.encode("utf-8")))
    assert doc.text == STORY
    assert doc.encoding == "utf-8"
    assert doc.name == str(tmp_path / "story.txt")


def test_name_overrides_the_path(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, b"Oil rose."), name="wire/oil.txt")
    assert doc.name == "wire/oil.txt"


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks(tmp_path: Path, bom: bytes, codec: str, encoding: str) -> None:
    doc = read_document(write(tmp_path, bom + STORY.encode(codec)))
    # The mark is dropped: offsets index the text after it.
    assert doc.text == STORY
    assert doc.encoding == encoding


def test_cp1252_curly_quotes(tmp_path: Path) -> None:
    text = "The minister said “we will not back down” – and the café’s owner agreed.\r\n"
    doc = read_document(write(tmp_path, text.encode("cp1252")))
    assert doc.text == text
    assert doc.encoding == "cp1252"


def test_short_cp1252_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a “quote”".encode("cp1252")))
    assert doc.text == "a “quote”"


def test_latin1_accents(tmp_path: Path) -> None:
    text = "Le café de la gare a fermé ses portes après trente ans.\n"
    doc = read_document(write(tmp_path, text.encode("latin-1")))
    assert doc.text == text
    assert doc.encoding in {"cp1252", "latin-1"}


def test_cyrillic_legacy_is_not_read_as_cp1252() -> None:
    text = "Правительство объявило о новых мерах поддержки экономики."
    decoded, encoding = decode_bytes(text.encode("cp1251"), "ru.txt")
    assert decoded == text
    assert encoding == "cp1251"


def test_utf16_without_bom() -> None:
    assert decode_bytes("Oil rose.".encode("utf-16-le"), "x") == ("Oil rose.", "utf-16-le")


def test_html_becomes_its_article_text(tmp_path: Path) -> None:
    # The navigation is site chrome, not the article (issue 11): it is no longer read.
    markup = (
        "<html><head><title>Oil</title><script>track()</script></head><body>"
        "<nav>Home | Markets</nav><h1>Oil rises</h1><p>Prices rose &amp; held.</p></body></html>"
    )
    doc = read_document(write(tmp_path, markup.encode("utf-8"), "page.HTML"))
    assert doc.text == "Oil rises\n\nPrices rose & held."


def test_an_html_page_with_too_many_tags_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b"<html><body>" + b"<div>" * (MAX_TAGS + 1), "bomb.html")
    assert (
        reason(path)
        == f"HTML with {MAX_TAGS + 3:,} tags is over the {MAX_TAGS:,}-tag limit of a page"
    )


def test_missing_file(tmp_path: Path) -> None:
    assert reason(tmp_path / "nope.txt") == "no such file"


def test_directory(tmp_path: Path) -> None:
    assert reason(tmp_path) == "is a directory"


def test_fifo_is_not_read(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert reason(path) == "not a regular file"


def test_permission_denied(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root reads anything")
    path = write(tmp_path, b"Oil rose.")
    path.chmod(0)
    try:
        assert reason(path) == "permission denied"
    finally:
        path.chmod(0o644)


def test_empty_file(tmp_path: Path) -> None:
    assert reason(write(tmp_path, b"")) == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert reason(write(tmp_path, b" \r\n\t\n")) == "empty file (only whitespace)"


def test_html_without_text(tmp_path: Path) -> None:
    path = write(tmp_path, b"<html><script>x()</script></html>", "blank.htm")
    assert reason(path) == "no text in the HTML"


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    assert reason(write(tmp_path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")) == "binary file (a PNG image)"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "a ZIP archive (or docx, xlsx, odt, epub, jar)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "an OLE2 document (doc, xls, ppt, msg)"),
        (b"\x1f\x8b\x08\x00\0\0\0\0", "gzip-compressed data"),
        (b"BZh91AY&SY\x12", "bzip2-compressed data"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\0\x01\0", "a GIF image"),
        (b"RIFF\x24\0\0\0WEBPVP8 ", "a RIFF file (WebP, WAV, AVI)"),
        (b"ID3\x04\x00\x00\0\0\0", "an MP3 file"),
        (b"\x7fELF\x02\x01\x01\0", "an ELF executable"),
        (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
    ],
)
def test_binary_formats_are_refused_by_their_signature(
    tmp_path: Path, head: bytes, kind: str
) -> None:
    # Followed by text, so only the signature can tell: the control-byte share alone would pass it.
    data = head + STORY.encode("utf-8") * 3
    assert reason(write(tmp_path, data)) == f"binary file ({kind})"


@pytest.mark.parametrize("opening", [b"BZh is a sound. ", b"ID3 rules apply. ", b"RIFF raff. "])
def test_text_that_opens_like_a_signature_is_text(tmp_path: Path, opening: bytes) -> None:
    doc = read_document(write(tmp_path, opening + STORY.encode("utf-8")))
    assert doc.text.startswith(opening.decode())


def test_stray_nul_bytes_in_text_become_spaces(tmp_path: Path) -> None:
    # As in 12 PAN 2013 documents: web text with a NUL or a few where a character was lost.
    data = (
        b"I am at xX\x00YP, doing an intensive course.\n" + STORY.encode("utf-8") + b"\x00 \x00\n"
    )
    doc = read_document(write(tmp_path, data))
    assert doc.text == data.decode("utf-8").replace("\0", " ")
    assert len(doc.text) == len(data.decode("utf-8"))
    assert doc.text.startswith("I am at xX YP, doing")


def test_stray_nul_bytes_in_legacy_encoded_text_become_spaces(tmp_path: Path) -> None:
    data = "Caf\u00e9 prices rose\x00 on Monday, traders said. ".encode("cp1252") * 4
    doc = read_document(write(tmp_path, data))
    assert doc.encoding == "cp1252"
    assert doc.text == data.decode("cp1252").replace("\0", " ")


def test_many_nul_bytes_are_binary(tmp_path: Path) -> None:
    data = b"Oil rose on Monday.\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" * 5
    assert reason(write(tmp_path, data)) == "binary file (too many control characters)"


def test_nul_bytes_that_read_as_utf16_control_characters_are_binary(tmp_path: Path) -> None:
    # Every other byte 0, as BOM-less UTF-16 has, but the other bytes are control characters.
    for data in (b"\0\x01", bytes(b for k in range(1, 32) for b in (0, k))):
        assert reason(write(tmp_path, data)) == "binary file (too many control characters)"
    # A stray control character in real UTF-16 text is still text, as in UTF-8.
    text = "Oil rose on Monday, traders said.\x03"
    assert decode_bytes(text.encode("utf-16-be"), "x") == (text, "utf-16-be")


def test_binary_with_control_characters(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 10 + b"some text"
    assert reason(write(tmp_path, data)) == "binary file (too many control characters)"


def test_a_stray_control_character_is_still_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, b"Oil rose on Monday, traders said.\x03\n"))
    assert doc.text.startswith("Oil rose")


def test_undecodable(tmp_path: Path) -> None:
    path = write(tmp_path, bytes(range(0x80, 0x100)) * 4)
    assert reason(path) == "cannot decode: not UTF-8, and no legacy encoding fits"


def test_bad_bytes_after_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path, codecs.BOM_UTF8 + b"ok \xff\xfe")
    assert reason(path).startswith("cannot decode: starts with a utf-8 byte-order mark")


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written, stat sees 50 MiB
    assert reason(path) == (
        "52,428,800 bytes is over the 10,485,760-byte limit; raise it with --max-bytes"
    )


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, b"x" * 2000)
    assert reason(path, max_bytes=1000) == (
        "2,000 bytes is over the 1,000-byte limit; raise it with --max-bytes"
    )
    assert len(read_document(path, max_bytes=2000).text) == 2000


def test_input_files_are_never_modified(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + STORY.encode("utf-8")
    path = write(tmp_path, data)
    before = path.stat()
    read_document(path)
    after = path.stat()
    assert path.read_bytes() == data
    assert (after.st_mtime_ns, after.st_mode) == (before.st_mtime_ns, before.st_mode)


def test_read_text_document() -> None:
    doc = read_text_document("Oil rose.\r\n", "line-3")
    assert (doc.name, doc.text) == ("line-3", "Oil rose.\r\n")


@pytest.mark.parametrize(
    ("text", "why"), [("", "empty text"), (" \n", "empty text (only whitespace)")]
)
def test_read_text_document_empty(text: str, why: str) -> None:
    with pytest.raises(InputError) as info:
        read_text_document(text, "line-7")
    assert info.value.reason == why
    assert info.value.path == "line-7"


@pytest.mark.parametrize(
    "path",
    [
        "a.txt",
        "dir.d/A.HTML",
        "x/.htm",
        "x/b.",
        "b",
        "a.tar.GZ",
        "/abs/p.Htm",
        "..html",
        "d/x.jsonl",
    ],
)
def test_suffix_is_pathlibs(path: str) -> None:
    assert suffix(path) == Path(path).suffix.lower()


def test_read_document_takes_a_string_path(tmp_path: Path) -> None:
    path = write(tmp_path, b"<p>Oil rose.</p>", "page.HTM")
    doc = read_document(str(path))
    assert (doc.name, doc.text) == (str(path), "Oil rose.")


@pytest.mark.parametrize("kind", [str, Path])
def test_a_file_that_grew_after_stat_is_read_to_its_end_within_the_limit(
    tmp_path: Path, kind: type[str] | type[Path]
) -> None:
    path = kind(write(tmp_path, b"x" * 100_000))
    # As if stat() had seen 10 bytes: reading goes on past them, never past the limit.
    assert _read_at_most(path, 10, 100_001) == b"x" * 100_000
    assert _read_at_most(path, 10, 5_001) == b"x" * 5_001
    assert _read_at_most(path, 100_000, 100_001) == b"x" * 100_000
    assert _read_at_most(kind(write(tmp_path, b"", "empty.txt")), 0, 10) == b""
