"""Pairs of stories that share a title or a rare phrase: where a detector's misses are looked for.

A pair the release does not report can still be a copy. Reading random non-reported pairs would
find almost none, so the candidates are pairs with a visible reason to be related: the same
normalised title, or an 8-word phrase (case-folded word shingle) that at most a handful of
documents of the corpus carry. A phrase that many documents carry is formula wording (``the
company said it expects``), which says nothing about one pair; a rare one is a trace of shared
text.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from dupcheck.text.normalize import fold

PHRASE_WORDS = 8
"""Words per phrase (shingle)."""
PHRASE_MAX_DOCS = 5
"""A phrase is rare when at most this many documents of the corpus carry it."""

_WORD = re.compile(r"\w+")


def title_key(title: str) -> str:
    """A title as compared: folded (case, quotes, dashes, NFKC) and reduced to its words."""
    return " ".join(_WORD.findall(fold(title)))


def phrases(text: str, size: int = PHRASE_WORDS) -> set[int]:
    """The ``size``-word shingles of ``text`` (folded words), as stable 64-bit hashes.

    ``hash()`` of a str changes from one process to the next; blake2b keeps a draw reproducible.
    """
    words = _WORD.findall(fold(text))
    return {
        int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + size]).encode(), digest_size=8).digest(),
            "big",
        )
        for i in range(len(words) - size + 1)
    }


@dataclass(frozen=True, slots=True)
class SharedPairs:
    """Candidate pairs of one corpus, each under the first reason found (title before phrase)."""

    title: tuple[tuple[str, str], ...]
    """Pairs whose normalised titles are equal (and not empty), sorted."""
    phrase: tuple[tuple[str, str], ...]
    """Pairs sharing a rare phrase but not a title, sorted."""


def shared_pairs(
    docs: Iterable[tuple[str, str, str]], *, max_docs: int = PHRASE_MAX_DOCS
) -> SharedPairs:
    """The title and rare-phrase pairs of ``docs`` (``(id, title, text)``), ids sorted in pairs.

    ``text`` is what the phrases are taken from (title and body together, as the scanner reads).
    """
    by_title: dict[str, list[str]] = defaultdict(list)
    by_phrase: dict[int, list[str]] = defaultdict(list)
    crowded: set[int] = set()
    for doc, title, text in sorted(docs):
        key = title_key(title)
        if key:
            by_title[key].append(doc)
        for phrase in phrases(text):
            if phrase in crowded:
                continue
            holders = by_phrase[phrase]
            holders.append(doc)
            if len(holders) > max_docs:
                crowded.add(phrase)
                del by_phrase[phrase]
    title_pairs = _pairs(by_title)
    phrase_pairs = _pairs(by_phrase) - title_pairs
    return SharedPairs(tuple(sorted(title_pairs)), tuple(sorted(phrase_pairs)))


def _pairs(groups: Mapping[Any, list[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for ids in groups.values():
        out.update(combinations(sorted(set(ids)), 2))
    return out
