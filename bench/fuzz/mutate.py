"""Hostile variants of real corpus documents: seeded byte and text mutations.

Every input of the campaign is made from ``random.Random`` seeded by its target and index, so
input ``i`` of a target is the same bytes in any run, chunk or process: a crash is reproduced by
its index alone, and a run can stop and resume anywhere.
"""

from __future__ import annotations

import codecs
import math
import random
from collections.abc import Callable
from pathlib import Path

MAX_INPUT = 1536 * 1024
"""Largest mutated document: past a megabyte a line or a page stops being news, and the
alignment of two such documents is the worst-case study's subject, not this one's."""


def seed_files(data: Path) -> list[Path]:
    """The real documents mutations start from, in a fixed order: BBC News articles, PAN 2013
    web and news text, Clough–Stevenson answers (some cp1252), Reuters' raw SGML (Latin-1, with
    control characters and entities)."""
    found: list[Path] = []
    for pattern in (
        "bbc-news/*/*.txt",
        "pan13-a/src/*.txt",
        "pan13-a/susp/*.txt",
        "clough-stevenson/corpus-20090418/*.txt",
        "reuters-21578/*.sgm",
    ):
        found.extend(sorted(data.glob(pattern)))
    if not found:
        raise FileNotFoundError(f"no seed documents under {data}")
    return found


CONTROLS = [bytes([b]) for b in range(32)] + [b"\x7f", "\u0085".encode(), "\u009b".encode()]
BOMS = [
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
]
INVALID_UTF8 = [
    b"\xff",
    b"\xfe",
    b"\xc0\x80",  # overlong NUL
    b"\xe0\x80\xaf",  # overlong slash
    b"\x80",  # lone continuation byte
    b"\xc3",  # truncated two-byte sequence
    b"\xed\xa0\x80",  # an encoded high surrogate (CESU-8)
    b"\xed\xbf\xbf",  # an encoded low surrogate
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xf8\x88\x80\x80\x80",  # a five-byte form
]
ODD_TEXT = [
    "\u202e",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters, a BOM mid-text
    "\u2028\u2029",  # line and paragraph separators
    "\ufffd",
    "e" + "\u0301" * 500,  # a letter under hundreds of combining accents
    "\U0001f600\U0001f1ec\U0001f1e7",
    "\x1b]0;title\x07\x1b[2J\x1b[31m",  # terminal escapes
    "ﬁ ß İ ǅ ẞ",  # letters whose case mapping changes their length
    "Mr. Dr. U.S. e.g. i.e. 3.14 ... ?!?! «»",  # abbreviations and punctuation runs
    "\t\f\v\r\r\n\n\n\n",
]
TAGS = [
    b"<p>",
    b"</p>",
    b"<div class='nav'>",
    b"</div>",
    b"<br>",
    b"<script>var x = '</p>';",
    b"</script>",
    b"<style>p{}",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<",
    b">",
    b'<a href="javascript:alert(1)" title=\'x',
    b"<table><tr><td>",
    b"<svg><foreignObject><math><mi>",
    b"<title>",
    b"<textarea>",
    b"<plaintext>",
    b"<!DOCTYPE html>",
    b"<?xml version='1.0'?>",
    b"</html>",
    b"<body>",
    b"<article>",
    b"<nav>",
    b"<footer>",
]
ENTITIES = [
    b"&amp;",
    b"&amp;amp;amp;",
    b"&nbsp;",
    b"&#0;",
    b"&#x110000;",
    b"&#xd800;",
    b"&#99999999999999999999;",
    b"&#3;",
    b"&lt;script&gt;",
    b"&notanentity;",
    b"&",
    b"&#",
    b"&#x;",
]


def _insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + piece + data[at:]


def bit_flips(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        at = rng.randrange(len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def cut_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def controls(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.choice((1, 3, 30, 300))):
        data = _insert(rng, data, rng.choice(CONTROLS))
    return data


def nuls(rng: random.Random, data: bytes) -> bytes:
    count = rng.choice((1, 2, 20, len(data) // 10 + 1))
    # All at once: one insertion at a time copies the input each time, which for a megabyte
    # input took the worker past the per-input limit before dupcheck saw it.
    cuts = sorted(rng.randint(0, len(data)) for _ in range(count))
    return b"\0".join(data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True))


def boms(rng: random.Random, data: bytes) -> bytes:
    bom = rng.choice(BOMS)
    return bom + data if rng.random() < 0.5 else _insert(rng, data, bom)


def invalid_utf8(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 8)):
        data = _insert(rng, data, rng.choice(INVALID_UTF8))
    return data


def odd_text(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 6)):
        data = _insert(rng, data, rng.choice(ODD_TEXT).encode("utf-8", "surrogatepass"))
    return data


def surrogates(rng: random.Random, data: bytes) -> bytes:
    piece = chr(rng.randint(0xD800, 0xDFFF)).encode("utf-8", "surrogatepass")
    return _insert(rng, data, piece * rng.randint(1, 4))


def huge_line(rng: random.Random, data: bytes) -> bytes:
    unit = rng.choice([b"a", b"word ", b"x.", b"\xc3\xa9", b"- ", b".", b"<b>"])
    # Log-uniform from 1 KB to 1 MB: every scale is tried, and the campaign's time is not spent
    # mostly on megabyte lines.
    return _insert(rng, data, unit * (int(10 ** rng.uniform(3, 6)) // len(unit)))


def many_lines(rng: random.Random, data: bytes) -> bytes:
    unit = rng.choice([b"\n", b"\r", b"\r\n", b"A.\n", b"\n\n-\n", b"\xe2\x80\xa8"])
    return _insert(rng, data, unit * int(10 ** rng.uniform(2, 5)))


def repeat(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 2000)]
    return _insert(rng, data, piece * rng.randint(2, 200))


def tag_soup(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.choice((1, 5, 50, 500))):
        data = _insert(rng, data, rng.choice(TAGS))
    return data


def deep_tags(rng: random.Random, data: bytes) -> bytes:
    tag = rng.choice([b"<div>", b"<b>", b"<span>", b"<p>", b"<td>", b"<li>"])
    return _insert(rng, data, tag * rng.choice((100, 5_000, 60_000)))


def entities(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.choice((1, 10, 1000))):
        data = _insert(rng, data, rng.choice(ENTITIES))
    return data


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"])
    return text.encode(encoding, "replace")


def whitespace(rng: random.Random, data: bytes) -> bytes:
    del data
    return rng.choice([b"", b" ", b"\n\n\t", b"\xc2\xa0\n", b"\xef\xbb\xbf", b"\0"])


def swap(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 4:
        return data
    a, b = sorted(rng.sample(range(len(data)), 2))
    return data[b:] + data[a:b] + data[:a]


BYTE_MUTATORS: list[Callable[[random.Random, bytes], bytes]] = [
    bit_flips,
    truncate,
    cut_range,
    controls,
    nuls,
    boms,
    invalid_utf8,
    odd_text,
    surrogates,
    huge_line,
    many_lines,
    repeat,
    entities,
    reencode,
    whitespace,
    swap,
]
HTML_MUTATORS = [*BYTE_MUTATORS, tag_soup, tag_soup, deep_tags, entities]


def mutate(
    rng: random.Random,
    data: bytes,
    mutators: list[Callable[[random.Random, bytes], bytes]] = BYTE_MUTATORS,
    *,
    limit: int = MAX_INPUT,
) -> bytes:
    """``data`` after one to four mutations (now and then none: clean input must pass too),
    cut to ``limit`` bytes after each."""
    if rng.random() < 0.05:
        return data
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(mutators)(rng, data)
        if len(data) > limit:
            data = data[:limit]
    return data


SNIPPET_MIN = 32
SNIPPET_MAX = 4096
SMALL_INPUT = 8 * 1024
"""Largest mutated snippet, but for one input in ``LARGE_EVERY``: small inputs keep a million
affordable; the large ones still reach every size up to ``MAX_INPUT``."""
LARGE_EVERY = 2000


def input_limit(rng: random.Random) -> int:
    """The size limit of one input: ``MAX_INPUT`` now and then, ``SMALL_INPUT`` otherwise."""
    return MAX_INPUT if rng.randrange(LARGE_EVERY) == 0 else SMALL_INPUT


def snippet(rng: random.Random, seeds: list[Path]) -> bytes:
    """A piece of a real document: log-uniform in length from ``SNIPPET_MIN`` to
    ``SNIPPET_MAX`` bytes, starting anywhere (even inside a character). Only those bytes are
    read, so no seed is held in memory and a worker's peak memory is that of its inputs."""
    path = rng.choice(seeds)
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        want = int(2 ** rng.uniform(math.log2(SNIPPET_MIN), math.log2(SNIPPET_MAX)))
        handle.seek(rng.randrange(max(1, size - want + 1)))
        return handle.read(want)


def as_page(rng: random.Random, text: bytes) -> bytes:
    """A web page around ``text``: its paragraphs in ``<p>``, with navigation and a footer,
    closing tags left out now and then (valid HTML5 omits them)."""
    close = rng.random() < 0.5
    paragraphs = [p for p in text.split(b"\n") if p.strip()] or [text]
    body = b"".join(b"<p>" + p + (b"</p>" if close else b"") + b"\n" for p in paragraphs)
    head = b"<html><head><title>" + paragraphs[0][:80] + b"</title>" + (b"</head>" * close)
    nav = b"<nav><ul><li><a href='/'>Home</a><li><a href='/news'>News</a></ul></nav>"
    foot = b"<footer>&copy; 2024 Example Media. All rights reserved.</footer>"
    return head + b"<body>" + nav + b"<article>" + body + b"</article>" + foot + b"</body></html>"


def syndicate(rng: random.Random, data: bytes) -> bytes:
    """A rough copy of ``data``: paragraphs reordered or dropped, words changed, a line added,
    so a comparison has something to align."""
    paragraphs = data.split(b"\n")
    rng.shuffle(paragraphs)
    kept = [p for p in paragraphs if rng.random() < 0.85]
    words = b"\n".join(kept).split(b" ")
    for _ in range(len(words) // 20):
        if words:
            words[rng.randrange(len(words))] = rng.choice([b"said", b"the", b"on Tuesday", b""])
    return b"SEOUL (Reuters) - " + b" ".join(words) + b"\n\nCopyright 2024 Example Wire."
