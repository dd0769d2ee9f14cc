"""The edits syndication makes to a story's text, at light, medium and heavy strength.

Everything here works on a story as a list of paragraphs and draws every choice from the
``random.Random`` it is given, so a seed fixes the result.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"


@dataclass(frozen=True, slots=True)
class Strength:
    """How hard a level edits a story."""

    date_rate: float
    """Chance that each relative-date expression is reworded."""
    trim: float
    """Largest fraction of paragraphs dropped from the end."""
    moves: tuple[int, int]
    """Range of paragraphs moved elsewhere in the story."""
    additions: tuple[int, int]
    """Range of local paragraphs (real prose from an unrelated story) added."""
    reword: float
    """Fraction of sentences lightly reworded."""
    split_merge: float
    """Fraction of sentences split in two or merged with the next one."""


STRENGTHS = {
    Level.LIGHT: Strength(0.5, 0.0, (0, 0), (0, 0), 0.0, 0.0),
    Level.MEDIUM: Strength(0.7, 0.3, (1, 1), (1, 1), 0.2, 0.04),
    Level.HEAVY: Strength(0.9, 0.5, (2, 3), (2, 3), 0.45, 0.08),
}

_ABBREVIATIONS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "inc",
        "corp",
        "co",
        "ltd",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "gov",
        "sen",
        "rep",
        "gen",
        "col",
        "lt",
        "vs",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "jr",
        "sr",
        "messrs",
    )
)
_BOUNDARY = re.compile(r"""[.!?]["”’']?\s+(?=["“‘]?[A-Z0-9])""")


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (a plain rule-based splitter that knows news abbreviations)."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        words = paragraph[start : m.start() + 1].split()
        last = words[-1].rstrip(".").lower() if words else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        out.append(paragraph[start : m.end()].strip())
        start = m.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


# Relative dates move when a story runs a day or so later elsewhere.
_DATES: dict[str, tuple[str, ...]] = {
    "today": ("on Thursday", "yesterday", "earlier today"),
    "yesterday": ("on Wednesday", "earlier this week", "on Monday"),
    "tomorrow": ("today", "on Friday", "later this week"),
    "last week": ("recently", "the previous week", "earlier this month"),
    "this week": ("last week", "in recent days"),
    "next week": ("in the coming days", "soon", "later this month"),
    "last month": ("recently", "in recent weeks"),
    "last year": ("in 2023", "a year earlier"),
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Only "on <weekday>": "Tuesday's match" names an event, and stays.
_DATE_RE = re.compile(r"\bon (?:" + "|".join(_WEEKDAYS) + r")\b|\b(?:" + "|".join(_DATES) + r")\b")


def reword_dates(text: str, rng: random.Random, rate: float) -> str:
    """Relative dates reworded (``on Tuesday`` → ``yesterday``, ``last week`` → ``recently``)."""

    def swap(m: re.Match[str]) -> str:
        if rng.random() >= rate:
            return m.group()
        word = m.group()
        if word in _DATES:
            return rng.choice(_DATES[word])
        day = _WEEKDAYS.index(word.removeprefix("on "))
        return rng.choice(("yesterday", "earlier this week", f"on {_WEEKDAYS[day - 1]}"))

    return _DATE_RE.sub(swap, text)


# A small hand-written table of the substitutions copy editors make. Pairs work both ways; the
# one-way ones would read wrongly in reverse ("over the weekend" ↛ "more than the weekend").
_SYNONYMS = (
    ("said", "told reporters"),
    ("rose", "climbed"),
    ("fell", "dropped"),
    ("company", "firm"),
    ("expected", "forecast"),
    ("about", "around"),
    ("announced", "unveiled"),
    ("bought", "acquired"),
    ("officials", "authorities"),
    ("government", "administration"),
    ("plans to", "intends to"),
    ("increase", "rise"),
    ("U.S.", "US"),
    ("U.K.", "UK"),
    ("mln", "million"),
    ("bln", "billion"),
    ("sales", "revenue"),
    ("however", "but"),
)
_ONE_WAY = (
    ("more than", "over"),
    ("because", "as"),
    ("pct", "percent"),
    ("dlrs", "dollars"),
    ("people", "individuals"),
    ("chief executive", "boss"),
    ("said it would", "plans to"),
    ("approximately", "about"),
)
_SWAPS: dict[str, list[str]] = {}
for _a, _b in _SYNONYMS:
    _SWAPS.setdefault(_a.lower(), []).append(_b)
    _SWAPS.setdefault(_b.lower(), []).append(_a)
for _a, _b in _ONE_WAY:
    _SWAPS.setdefault(_a.lower(), []).append(_b)
_SWAP_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(k) for k in sorted(_SWAPS, key=len, reverse=True))
    + r")(?![\w]|\.\w)",
    re.I,
)
_NUMBER_PCT = re.compile(r"\b(\d+(?:\.\d+)?)(?: (?:percent|pct)|%)")
_CLAUSE = re.compile(r", [^,.;]{8,70}?,")


def _match_case(word: str, like: str) -> str:
    if like[:1].isupper() and not word[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def reword(sentence: str, rng: random.Random) -> str:
    """One sentence lightly reworded: one to three synonym swaps, a number format, or a dropped
    clause."""
    hits = list(_SWAP_RE.finditer(sentence))
    op = rng.random()
    if op < 0.2 and _CLAUSE.search(sentence) and len(sentence.split()) > 18:
        clauses = list(_CLAUSE.finditer(sentence))
        m = rng.choice(clauses)
        return sentence[: m.start()] + "," + sentence[m.end() :]
    if op < 0.35 and _NUMBER_PCT.search(sentence):
        fmt = rng.choice(("{} percent", "{}%", "{} pct", "{} per cent"))
        return _NUMBER_PCT.sub(lambda m: fmt.format(m.group(1)), sentence)
    if not hits:
        return sentence
    chosen = sorted(rng.sample(hits, min(len(hits), rng.randint(1, 3))), key=lambda m: m.start())
    out, pos = [], 0
    for m in chosen:
        word = m.group()
        out += [sentence[pos : m.start()], _match_case(rng.choice(_SWAPS[word.lower()]), word)]
        pos = m.end()
    return "".join([*out, sentence[pos:]]).replace(" %", "%")


_STARTERS = frozenset(
    ("The", "It", "He", "She", "They", "This", "That", "A", "An", "In", "But", "We", "Its", "His")
)


def split_or_merge(sents: list[str], rng: random.Random, rate: float) -> list[str]:
    """Some sentences split at ``, and``/``, but`` and some pairs of short ones merged."""
    out: list[str] = []
    i = 0
    while i < len(sents):
        s = sents[i]
        if rng.random() < rate:
            cut = re.search(r", (and|but) ", s)
            if cut and min(len(s[: cut.start()].split()), len(s[cut.end() :].split())) > 5:
                out += [s[: cut.start()] + ".", cut.group(1).capitalize() + " " + s[cut.end() :]]
                i += 1
                continue
            nxt = sents[i + 1] if i + 1 < len(sents) else ""
            if s.endswith(".") and nxt and len(s.split()) + len(nxt.split()) < 40:
                first, _, rest = nxt.partition(" ")
                joined = first.lower() if first in _STARTERS else first
                out.append(f"{s[:-1]}, and {joined} {rest}".rstrip())
                i += 2
                continue
        out.append(s)
        i += 1
    return out


def edit_sentences(paragraphs: list[str], rng: random.Random, strength: Strength) -> list[str]:
    """Dates, rewording and splits/merges applied sentence by sentence."""
    out = []
    for para in paragraphs:
        sents = [reword(s, rng) if rng.random() < strength.reword else s for s in sentences(para)]
        sents = split_or_merge(sents, rng, strength.split_merge)
        out.append(reword_dates(" ".join(sents), rng, strength.date_rate))
    return out


def restructure(
    paragraphs: list[str], local: list[str], rng: random.Random, strength: Strength
) -> list[str]:
    """Trim the tail, move paragraphs, insert ``local`` paragraphs (never before the lead)."""
    paras = list(paragraphs)
    keep = max(3, len(paras) - rng.randint(0, int(strength.trim * len(paras))))
    paras = paras[:keep]
    for _ in range(rng.randint(*strength.moves)):
        if len(paras) < 3:
            break
        para = paras.pop(rng.randrange(1, len(paras)))
        paras.insert(rng.randrange(1, len(paras) + 1), para)
    for para in local[: rng.randint(*strength.additions)]:
        paras.insert(rng.randrange(1, len(paras) + 1), para)
    return paras


def syndicated_paragraphs(
    paragraphs: list[str], local: list[str], rng: random.Random, level: Level
) -> list[str]:
    """The paragraphs of one syndicated copy (chrome and typography are the outlet's job)."""
    strength = STRENGTHS[level]
    return edit_sentences(restructure(paragraphs, local, rng, strength), rng, strength)


def quoting_paragraphs(
    host: list[str], quoted: list[str], source_name: str, rng: random.Random
) -> list[str]:
    """A different story (``host``) that reproduces ``quoted`` paragraphs of another one, either
    attributed in quotation marks or silently."""
    block = list(quoted)
    if rng.random() < 0.5:
        block = [p.replace('"', "'").replace("“", "‘").replace("”", "’") for p in block]
        lead = rng.choice(("As reported by {}, ", "{} reported: ", "According to {}, "))
        block[0] = lead.format(source_name) + "“" + block[0]
        block[-1] = block[-1] + "”"
    at = rng.randrange(1, len(host) + 1) if len(host) > 1 else len(host)
    return [*host[:at], *block, *host[at:]]
