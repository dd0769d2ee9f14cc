"""Which real articles carry one story's text (the maker labels their pages ``any``).

Judged on the articles' own text, never on what a tool finds; see `related_articles`.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from bench.corpora import Article, body_key

_WORD = re.compile(r"[A-Za-z]+")


def related_articles(articles: Sequence[Article]) -> dict[int, set[int]]:
    """Indices of real articles that carry one story's text.

    Two rules, both on the articles' own text (never on what a tool finds):

    - *shared text*: identical normalised bodies, or two or more sampled word 6-grams in common
      (6-grams found in more than 30 articles are formula, ignored);
    - *same story*: three or more word 5-grams in common (same formula rule) between articles
      whose headlines open with the same subject (``ALLIED-SIGNAL <ALD> …``), whose proper names
      mostly agree (overlap ≥ 0.5 of the smaller set) and whose numbers agree (Jaccard ≥ 0.5).
      This catches the wire's rewrites and corrections of one event (sharing a few sentences,
      not many 6-grams) and leaves out template stories — tenders, payouts, money-market
      operations — that share phrasing but not their names and figures.
    """
    related: dict[int, set[int]] = defaultdict(set)
    by_body: dict[str, list[int]] = defaultdict(list)
    postings: dict[int, list[int]] = defaultdict(list)
    postings5: dict[int, list[int]] = defaultdict(list)
    for i, article in enumerate(articles):
        by_body[body_key(article)].append(i)
        words = article.body.lower().split()
        seen = set()
        for j in range(len(words) - 5):
            h = zlib.crc32(" ".join(words[j : j + 6]).encode())
            if h & 3 == 0 and h not in seen:
                seen.add(h)
                postings[h].append(i)
        tokens = _TOKEN.findall(article.body.lower())
        for h in {zlib.crc32(" ".join(tokens[j : j + 5]).encode()) for j in range(len(tokens) - 4)}:
            postings5[h].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= 30:
            shared.update(combinations(ids, 2))
    links = [pair for pair, n in shared.items() if n >= 2]
    links += [pair for ids in by_body.values() for pair in combinations(ids, 2)]
    shared5: Counter[tuple[int, int]] = Counter()
    for ids in postings5.values():
        if 1 < len(ids) <= 30:
            shared5.update(combinations(ids, 2))
    links += [
        (a, b) for (a, b), n in shared5.items() if n >= 3 and _same_story(articles[a], articles[b])
    ]
    for a, b in links:
        related[a].add(b)
        related[b].add(a)
    return related


_TOKEN = re.compile(r"\w+(?:[.,/-]\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,/-]\d+)*")
_NUMBER_TEXT = """one two three four five six seven eight nine ten eleven twelve twenty thirty
forty fifty hundred thousand"""
_NUMBER_WORDS = frozenset(_NUMBER_TEXT.split())
_CALENDAR_TEXT = """january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday"""
_CALENDAR = frozenset(_CALENDAR_TEXT.split())
# A capitalised word after a lower-case word or a comma is a name, not a sentence start.
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-zA-Z]+")
_CORRECTED = re.compile(r"^\W*\(?corrected\)?\W*")


def _subject(title: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", _CORRECTED.sub("", title.lower()))[:2])


def _specifics(text: str) -> tuple[set[str], set[str]]:
    """The numbers (digits, and the words the wire spells small numbers with) and proper names
    of a text: what differs between two stories written from one template."""
    numbers = {n.replace(",", "") for n in _NUMBER.findall(text)}
    numbers |= {w for w in _WORD.findall(text.lower()) if w in _NUMBER_WORDS}
    return numbers, {m.lower() for m in _NAME.findall(text)} - _CALENDAR


def _same_story(a: Article, b: Article) -> bool:
    if _subject(a.title) != _subject(b.title):
        return False
    (numbers_a, names_a), (numbers_b, names_b) = _specifics(a.body), _specifics(b.body)
    if names_a and names_b:
        names = len(names_a & names_b) / min(len(names_a), len(names_b))
    else:
        names = float(names_a == names_b)
    either = numbers_a | numbers_b
    numbers = len(numbers_a & numbers_b) / len(either) if either else 1.0
    return names >= 0.5 and numbers >= 0.5
