"""Text → matching form: NFKC, quotes and dashes folded, whitespace collapsed, case folded.

``fold`` runs on every sentence of every document in a scan, so it takes an ASCII fast path and
otherwise does four whole-string C-level passes (translate, NFKC, translate, casefold) plus one
regex. ``normalize`` produces the same string with an offset map back to the original, so a
match found in the folded text can be shown in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from dupcheck.text.types import Span

_SINGLE_QUOTES = "‘’‚‛′‹›ʼ"
_DOUBLE_QUOTES = "“”„‟″«»〝〞"
_DASHES = "‐‑‒–—―−"
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"
"""Soft hyphen and zero-width characters: invisible in print, but they break word matching."""

_PRE = {
    **dict.fromkeys(_SINGLE_QUOTES, "'"),
    **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_DASHES, "-"),
    "…": "...",
}
_POST = {**_PRE, **dict.fromkeys(_INVISIBLE, "")}
# The folding runs before NFKC (which would turn ″ into two primes, '') and again after it (NFKC
# turns small and full-width dash forms into the dashes above). Invisible characters go only
# after NFKC: deleting one earlier could bring two combining marks together and let NFKC reorder
# them, which a run-by-run ``normalize`` could not reproduce.
_PRE_ITEMS = tuple(_PRE.items())
_POST_ITEMS = tuple(_POST.items())
_INVISIBLE_ITEMS = tuple(dict.fromkeys(_INVISIBLE, "").items())
# ``in`` and ``replace`` per table entry beat str.translate, which looks every character of a
# non-ASCII string up in a dict. Same result, as no replacement contains a key.

_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """The matching form of ``text``: what two sentences must share to count as identical."""
    # NFKC and the folding table leave ASCII alone, and casefold is lower() there.
    text = text.lower() if text.isascii() else _fold_raw(text)
    # split() and \s agree on what whitespace is; this is _WS.sub(" ", text).strip(), faster.
    return " ".join(text.split())


def folder(text: str) -> Callable[[int, int], str]:
    """``fold`` of ``text[start:end]``, for the many sentences of one document.

    What holds for the whole text is settled once: an ASCII text is lower-cased in one pass (a
    char-for-char map there), and a folding-table entry absent from the text is not looked for
    in its pieces (no replacement brings one in; only NFKC can, and after it every entry is
    looked for again).
    """
    if text.isascii():
        low = text.lower()
        return lambda start, end: " ".join(low[start:end].split())
    pre = tuple(item for item in _PRE_ITEMS if item[0] in text)
    invisible = tuple(item for item in _INVISIBLE_ITEMS if item[0] in text)

    def fold_piece(start: int, end: int) -> str:
        piece = text[start:end]
        piece = piece.lower() if piece.isascii() else _fold_raw(piece, pre, invisible)
        return " ".join(piece.split())

    return fold_piece


def _replace_all(text: str, items: tuple[tuple[str, str], ...]) -> str:
    for old, new in items:
        if old in text:
            text = text.replace(old, new)
    return text


def _fold_raw(
    text: str,
    pre: tuple[tuple[str, str], ...] = _PRE_ITEMS,
    invisible: tuple[tuple[str, str], ...] = _INVISIBLE_ITEMS,
) -> str:
    """``fold`` without the whitespace pass: every step is local to a run from ``_clusters``.

    ``pre``, ``invisible``: the entries of ``_PRE_ITEMS`` and ``_INVISIBLE_ITEMS`` that may
    occur in ``text`` (``folder``).
    """
    text = _replace_all(text, pre)
    if unicodedata.is_normalized("NFKC", text):
        text = _replace_all(text, invisible)
    else:
        text = _replace_all(unicodedata.normalize("NFKC", text), _POST_ITEMS)
    return text.casefold()


@dataclass(frozen=True, slots=True)
class Normalized:
    """A folded text and where each of its characters came from."""

    text: str
    """Equal to ``fold(original)``."""
    offsets: tuple[int, ...]
    """``offsets[i]`` is the original index of normalised char ``i``; one extra entry at the end,
    ``len(original)``. Non-decreasing; several folded chars can share a source (``ß`` → ``ss``)."""

    def span(self, start: int, end: int) -> Span:
        """The original span behind folded characters ``[start, end)``."""
        if start >= end:
            return Span(self.offsets[start], self.offsets[start])
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


@cache
def _cluster_pattern() -> re.Pattern[str]:
    """A regex matching a run of chars that normalises independently of its neighbours: one char
    plus every following char NFKC might fuse with it, or a run of ASCII.

    NFKC is not char-local: a base letter composes with following combining marks, Hangul jamo
    compose with each other, a few Indic vowel signs (combining class 0) compose with the
    consonant before them, and compatibility characters such as half-width ﾞ decompose into a
    combining mark. Cutting the text before any other char gives runs that normalise
    independently. Computed once from the running Python's Unicode tables.
    """
    seconds: set[str] = set()
    for cp in range(0x110000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2:
                seconds.add(chr(int(parts[1], 16)))
    # Hangul syllables compose algorithmically, outside the decomposition table.
    seconds.update(chr(cp) for cp in range(0x1161, 0x1176))
    seconds.update(chr(cp) for cp in range(0x11A8, 0x11C3))
    joiners = []
    for cp in range(0x110000):
        ch = chr(cp)
        if unicodedata.combining(ch) or ch in seconds:
            joiners.append(cp)
            continue
        nfkc = unicodedata.normalize("NFKC", ch)
        if nfkc != ch and nfkc and (unicodedata.combining(nfkc[0]) or nfkc[0] in seconds):
            joiners.append(cp)
    # ASCII runs come whole (a fast path), but leave their last char to the run of any combining
    # marks that follow it: "cafe\u0301" is "caf" and "e\u0301".
    joiner_class = f"[{_char_class(joiners)}]"
    return re.compile(f"[\\x00-\\x7f]+(?!{joiner_class})|(?s:.){joiner_class}*")


def _char_class(codepoints: list[int]) -> str:
    ranges: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = cp
    return "".join(ranges)


def normalize(text: str) -> Normalized:
    """``fold(text)`` with an offset map back into ``text``."""
    if text.isascii():
        return _collapse(text.lower(), list(range(len(text))), len(text))
    parts: list[str] = []
    offsets: list[int] = []
    for m in _cluster_pattern().finditer(text):
        start, run = m.start(), m.group()
        if run.isascii():
            parts.append(run.lower())
            offsets.extend(range(start, m.end()))
            continue
        folded = _fold_char(run) if len(run) == 1 else _fold_raw(run)
        if len(run) > 1:
            pieces = [_fold_char(ch) for ch in run]
            if "".join(pieces) == folded:
                # Nothing fused: each char maps to its own source.
                for i, piece in enumerate(pieces):
                    parts.append(piece)
                    offsets.extend([start + i] * len(piece))
                continue
        parts.append(folded)
        offsets.extend([start] * len(folded))
    return _collapse("".join(parts), offsets, len(text))


_fold_char = cache(_fold_raw)
"""Single characters recur: fold each once."""


def _collapse(folded: str, offsets: list[int], length: int) -> Normalized:
    """Collapse whitespace runs to one space and strip, as ``fold`` does, keeping offsets."""
    parts: list[str] = []
    kept: list[int] = []
    pos = 0
    for m in _WS.finditer(folded):
        start = m.start()
        parts.append(folded[pos:start])
        kept.extend(offsets[pos:start])
        parts.append(" ")
        kept.append(offsets[start])
        pos = m.end()
    parts.append(folded[pos:])
    kept.extend(offsets[pos:])
    out = "".join(parts)
    lo, hi = 0, len(out)
    if out.startswith(" "):
        lo = 1
    if hi > lo and out.endswith(" "):
        hi -= 1
    return Normalized(out[lo:hi], (*kept[lo:hi], length))


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its place in the original text."""

    span: Span
    norm: str
    """The word's matching form (``fold``)."""


_WORD = re.compile(
    # Dotted abbreviations keep their final stop ("U.S.", "e.g."); otherwise runs of letters and
    # digits joined by inner apostrophes, hyphens, stops, currency signs and ampersands
    # ("don't", "high-tech", "1.95", "US$827.7", "AT&T"), and commas between digits ("1,000").
    r"(?:[^\W\d_]\.){2,}|\w+(?:(?:['’\-‐‑.$&]|(?<=\d),(?=\d))\w+)*"
)


def word_tokens(text: str, span: Span | None = None) -> tuple[Token, ...]:
    """Words of ``text`` (within ``span``) with their original spans and matching forms."""
    start, end = (span.start, span.end) if span is not None else (0, len(text))
    return tuple(
        Token(Span(m.start(), m.end()), fold(m.group())) for m in _WORD.finditer(text, start, end)
    )
