"""Text → matching form (NFKC, folded quotes and dashes, collapsed whitespace, case folded).

PROVISIONAL minimal version: the text helper replaces it, keeping these signatures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dupcheck.models import Span

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def fold(text: str) -> str:
    """The matching form of ``text``."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_FOLD)).strip().casefold()


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    offsets: tuple[int, ...]
    """``offsets[i]`` is the original index of normalised char ``i``; one extra entry at the end."""


def normalize(text: str) -> Normalized:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        piece = fold(ch) if not ch.isspace() else " "
        for c in piece:
            out.append(c)
            offsets.append(i)
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets))


@dataclass(frozen=True, slots=True)
class Token:
    span: Span
    norm: str


def word_tokens(text: str, span: Span | None = None) -> tuple[Token, ...]:
    """Words of ``text`` (within ``span``) with their original spans and matching forms."""
    s = span or Span(0, len(text))
    return tuple(
        Token(Span(m.start(), m.end()), fold(m.group()))
        for m in _WORD.finditer(text, s.start, s.end)
    )
