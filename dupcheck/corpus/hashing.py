"""Word hashes, shingle hashes and content fingerprints: the numbers a scan indexes.

Everything here is deterministic across processes and machines (no salted ``hash()``): a scan's
workers hash documents independently and the parent mixes their results.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.types import MAX_SHINGLE

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
_Int = TypeVar("_Int", bound=np.integer)

_SEPARATORS = bytes(c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128) else 32 for c in range(256))
_UNICODE_PUNCT = re.compile(rb"\xe2[\x80\x81][\x80-\xbf]|\xc2[\xa0-\xbf]")
_ASCII_FOLD = bytes(c + 32 if 65 <= c <= 90 else _SEPARATORS[c] for c in range(256))
"""``_SEPARATORS`` that also lowercases: NFKC leaves ASCII alone and casefolds it to lowercase."""
# Odd 64-bit multipliers (from splitmix64 / murmur3): each word position of a shingle gets its
# own, so "a b c" and "c b a" hash apart; one for each word of the largest shingle
# (`MAX_SHINGLE`, which tests check).
_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
    ],
    dtype=np.uint64,
)


def words(text: str) -> list[bytes]:
    """The words of ``text`` in matching form: NFKC, case folded, UTF-8.

    Separators are ASCII non-alphanumerics (``_`` too), Latin-1 punctuation (U+00A0–U+00BF) and
    General Punctuation (U+2000–U+206F: curly quotes, dashes, ellipsis, odd spaces). So
    "U.S." is two words on both sides of a pair, and quote, dash and whitespace variants do not
    matter. Done on bytes with ``bytes.translate``, faster than a Unicode ``\\W+`` regex, with
    the same words on news text.
    """
    data = unicodedata.normalize("NFKC", text).casefold().encode("utf-8")
    if not data.isascii():
        data = _UNICODE_PUNCT.sub(b" ", data)
    return data.translate(_SEPARATORS).split()


def sorted_distinct(values: npt.NDArray[_Int]) -> npt.NDArray[_Int]:
    """The distinct ``values``, ascending: ``np.unique(values)`` by a sort and a comparison of
    neighbours. NumPy 2's ``unique`` hashes first, slower on these arrays, and loads ``numpy.ma``,
    which a query from the shell must not pay for at start."""
    out = np.sort(values)
    return out[np.r_[True, out[1:] != out[:-1]]] if len(out) else out


def content_fingerprint(words: list[bytes]) -> str:
    """Hex blake2b-128 of a document's words: equal for copies that differ only in case,
    punctuation, quotes, dashes or whitespace; keys the baseline."""
    return hashlib.blake2b(b" ".join(words), digest_size=16).hexdigest()


def word_hashes(words: list[bytes]) -> U32:
    """CRC-32 of each word, in order (``map(crc32)`` keeps the loop in C)."""
    return np.fromiter(map(zlib.crc32, words), dtype=np.uint32, count=len(words))


def shingle_hashes(words: U32, k: int) -> U32:
    """32-bit hashes of every run of ``k`` consecutive words, in order (a multiset).

    A document shorter than ``k`` words yields one shingle of all its words, so short texts still
    have something to match on.
    """
    if not 1 <= k <= MAX_SHINGLE:
        raise ValueError(f"shingle size must be 1–{MAX_SHINGLE}, got {k}")
    n = len(words)
    if n == 0:
        return np.empty(0, dtype=np.uint32)
    k = min(k, n)
    w = words.astype(np.uint64)
    acc = np.zeros(n - k + 1, dtype=np.uint64)
    for i in range(k):
        acc += w[i : n - k + 1 + i] * _MULTIPLIERS[i]
    # The high half of a multiplicative hash is the well-mixed half.
    return (acc >> np.uint64(32)).astype(np.uint32)


def fmix32(h: U32) -> U32:
    """The MurmurHash3 32-bit finalizer (datasketch's pre-mix of the affine32 scheme)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def fmix64(h: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The MurmurHash3 64-bit finalizer (datasketch's pre-mix of the affine64 scheme)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def concat_words(docs: Sequence[U32]) -> tuple[U32, I64, I64]:
    """Word hashes of many documents end to end, the document of each, each document's length."""
    lengths = np.fromiter((len(w) for w in docs), dtype=np.int64, count=len(docs))
    words = np.concatenate(docs) if docs else np.empty(0, dtype=np.uint32)
    owner = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    return words.astype(np.uint32, copy=False), owner, lengths


def shingle_hashes_many(words: U32, owner: I64, lengths: I64, k: int) -> tuple[U32, I64]:
    """Every document's ``shingle_hashes(words, k)``, concatenated in document order, and the
    owning document of each: one pass over all words, windows that straddle two documents
    dropped."""
    n = len(words)
    parts: list[tuple[U32, I64]] = []
    if n >= k:
        w = words.astype(np.uint64)
        acc = np.zeros(n - k + 1, dtype=np.uint64)
        for i in range(k):
            acc += w[i : n - k + 1 + i] * _MULTIPLIERS[i]
        first = owner[: n - k + 1]
        inside = owner[k - 1 :] == first
        parts.append(((acc[inside] >> np.uint64(32)).astype(np.uint32), first[inside]))
    # A document shorter than k words is one shingle of all its words (as shingle_hashes does).
    ends = np.cumsum(lengths)
    for d in np.flatnonzero((lengths > 0) & (lengths < k)).tolist():
        doc = words[ends[d] - lengths[d] : ends[d]]
        parts.append((shingle_hashes(doc, k), np.full(1, d, dtype=np.int64)))
    if not parts:
        return np.empty(0, dtype=np.uint32), np.empty(0, dtype=np.int64)
    hashes = np.concatenate([p[0] for p in parts])
    owners = np.concatenate([p[1] for p in parts])
    if len(parts) > 1:
        order = np.argsort(owners, kind="stable")
        hashes, owners = hashes[order], owners[order]
    return hashes, owners


@dataclass(frozen=True, slots=True)
class WordTable:
    """The words of many documents end to end, as a scan's read stage needs them."""

    hashes: U32
    """``word_hashes(words(text))`` of every document, concatenated."""
    lengths: I64
    """Words per document."""
    fingerprints: tuple[str, ...]
    """``content_fingerprint(words(text))`` of every document."""


_CRC_SPAN = 32
"""Longest word whose CRC-32 comes from the position tables; longer ones (rare) go to zlib."""


def _crc_tables() -> tuple[U32, U32]:
    """CRC-32 is affine over GF(2): ``crc32(w) = zeros[len(w)] ^ XOR of by_distance[d][byte]``,
    ``d`` being each byte's distance from the end of ``w``. Both tables come from zlib itself."""
    zero = zlib.crc32(b"\0")
    first = np.array([zlib.crc32(bytes([b])) ^ zero for b in range(256)], dtype=np.uint32)
    rows = [first]
    for _ in range(_CRC_SPAN - 1):
        prev = rows[-1]
        rows.append((prev >> np.uint32(8)) ^ first[prev & np.uint32(0xFF)])
    zeros = np.array([zlib.crc32(bytes(n)) for n in range(_CRC_SPAN + 1)], dtype=np.uint32)
    return np.stack(rows), zeros


_BY_DISTANCE, _ZEROS = _crc_tables()


_ASCII = bytes(range(128))


def _matching_bytes(text: str) -> bytes:
    """``words``' bytes before the split, separators as spaces (a Unicode punctuation mark's
    bytes are left for `word_table` to blank).

    Casefolding goes character by character, so a text whose only non-ASCII characters fold to
    themselves (curly quotes, dashes, lowercase accents: most news) folds by lowercasing its
    ASCII letters, which the byte table does for free: half the cost of ``str.casefold``.
    """
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD)
    text = unicodedata.normalize("NFKC", text)
    data = text.encode("utf-8")
    others = data.translate(None, _ASCII).decode("utf-8")
    if others.casefold() == others:
        return data.translate(_ASCII_FOLD)
    return text.casefold().encode("utf-8").translate(_SEPARATORS)


def word_table(texts: Sequence[str]) -> WordTable:
    """``words``, ``word_hashes`` and ``content_fingerprint`` of many texts in one go.

    The same numbers as those functions (``tests/corpus/test_hashing.py`` checks it) with no Python
    object per word: the texts' bytes end to end in one NumPy array, words found by where spaces
    start and stop, CRC-32 by table look-ups per byte, fingerprints hashed from the bytes with
    separator runs squeezed to one space. A third of the CPU of the per-word functions.
    """
    data = [_matching_bytes(t) for t in texts]
    joined = b" ".join(data)
    buf = np.frombuffer(joined, dtype=np.uint8)
    word = buf != 32
    if not joined.isascii():
        # The bytes _UNICODE_PUNCT matches; valid UTF-8 never starts a character inside another.
        lead = np.flatnonzero(buf[:-2] == 0xE2)
        hit = lead[((buf[lead + 1] & 0xFE) == 0x80) & ((buf[lead + 2] & 0xC0) == 0x80)]
        for shift in range(3):
            word[hit + shift] = False
        lead = np.flatnonzero(buf[:-1] == 0xC2)
        hit = lead[(buf[lead + 1] & 0xE0) == 0xA0]
        word[hit] = False
        word[hit + 1] = False
    edges = np.diff(np.r_[False, word, False].astype(np.int8))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    offsets = np.cumsum([0] + [len(d) + 1 for d in data[:-1]], dtype=np.int64)
    owner = np.searchsorted(offsets, starts, side="right") - 1
    lengths = np.bincount(owner, minlength=len(texts)).astype(np.int64)

    hashes = _crc32_words(joined, buf, starts, ends)
    return WordTable(hashes, lengths, _fingerprints(buf, word, starts, ends, lengths))


def _crc32_words(joined: bytes, buf: npt.NDArray[np.uint8], starts: I64, ends: I64) -> U32:
    """``zlib.crc32`` of every word ``joined[starts[w]:ends[w]]``.

    Words are taken longest first, so the words still having a byte ``d`` places before their
    end are a prefix: one look-up per byte, no per-byte index arrays."""
    sizes = ends - starts
    span = np.minimum(sizes, _CRC_SPAN)
    # int8 keys: NumPy sorts them by radix, in one pass.
    order = np.argsort(-span.astype(np.int8), kind="stable")
    last = ends[order] - 1
    longer = len(span) - np.cumsum(np.bincount(span, minlength=_CRC_SPAN + 1))
    crc = np.zeros(len(order), dtype=np.uint32)
    for d in range(_CRC_SPAN):
        active = int(longer[d])  # words of more than d bytes: the first `active` of `order`
        if not active:
            break
        crc[:active] ^= _BY_DISTANCE[d][buf[last[:active] - d]]
    crc ^= _ZEROS[span[order]]
    hashes = np.empty_like(crc)
    hashes[order] = crc
    for w in np.flatnonzero(sizes > _CRC_SPAN).tolist():
        hashes[w] = zlib.crc32(joined[starts[w] : ends[w]])
    return hashes


def _fingerprints(
    buf: npt.NDArray[np.uint8], word: npt.NDArray[np.bool_], starts: I64, ends: I64, lengths: I64
) -> tuple[str, ...]:
    """``content_fingerprint`` of each document: its words joined by single spaces are its
    bytes from first word to last with every run of separators squeezed to one space (a word
    is always followed by one kept separator, except at the very end)."""
    keep = word.copy()
    keep[1:] |= word[:-1]
    squeezed = memoryview(np.where(word, buf, np.uint8(32))[keep].tobytes())
    sizes = ends - starts
    at = np.cumsum(sizes + 1) - (sizes + 1)
    last = np.cumsum(lengths)
    some = np.flatnonzero(lengths)
    lo = at[last[some] - lengths[some]].tolist()
    hi = (at[last[some] - 1] + sizes[last[some] - 1]).tolist()
    empty = hashlib.blake2b(b"", digest_size=16).hexdigest()
    out = [empty] * len(lengths)
    for d, a, b in zip(some.tolist(), lo, hi, strict=True):
        out[d] = hashlib.blake2b(squeezed[a:b], digest_size=16).hexdigest()
    return tuple(out)
