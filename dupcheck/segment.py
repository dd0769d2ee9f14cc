"""Sentence segmentation with spans into the original text.

PROVISIONAL minimal version: the text helper replaces it, keeping these signatures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dupcheck.models import Span

_PARA = re.compile(r"[^\r\n]+")
_SENT = re.compile(r"[^.!?]+(?:[.!?]+[\"'”’)]*|$)")


@dataclass(frozen=True, slots=True)
class Segment:
    span: Span
    paragraph: int


def segment(text: str) -> Iterator[Segment]:
    """Sentences (and unpunctuated lines) in document order."""
    for p, para in enumerate(_PARA.finditer(text)):
        for m in _SENT.finditer(text, para.start(), para.end()):
            chunk = m.group()
            if not chunk.strip():
                continue
            lead = len(chunk) - len(chunk.lstrip())
            yield Segment(Span(m.start() + lead, m.start() + len(chunk.rstrip())), p)
