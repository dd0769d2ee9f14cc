"""The name a pair of wire headlines states otherwise, read by where it stands.

A wire headline is capitalised throughout, so ``dupcheck.text.facts`` reads no names in it. The
same market report of another market differs from its partner in the headline's opening words
alone ("PEORIA HOGS SEEN STEADY" / "INDIANAPOLIS HOGS SEEN STEADY", "OMAHA HOGS OPEN UP" / "ST
JOSEPH HOGS OPEN UP"), and the body often names no place at all. Two headlines that open with
different words before the same word are read as naming two things when no word of either
opening occurs in the other document, in any case or as the start of a longer word ("JAPAN" and
"Japanese" are one place), neither opening is longer than a name, the word after them is no
stop word ("PROGRESS AT RUBBER PACT TALKS" / "MAJOR DIFFERENCES RESOLVED AT RUBBER PACT TALKS" is
one story retold) and the headlines share no ticker (a misspelt company name corrected keeps its
ticker: "FIELDCOR <FICR.O>" / "CORRECTED-FIDELCOR <FICR.O>").

A wire marks a company without a ticker in angle brackets, and two headlines naming two such
companies differ wherever the names do: "<FRANKLIN CALIFORNIA TAX-FREE INCOME FUND> PAYOUT" /
"<FRANKLIN NEW YORK TAX-FREE INCOME FUND> PAYOUT" are two funds of one family, whose notices
share every other word. Two headlines whose first bracketed names differ, neither occurring in
the other document, name two things.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dupcheck.align.side import Side
from dupcheck.align.similarity import STOPWORDS, words_of
from dupcheck.align.types import FactChange
from dupcheck.text.normalize import fold
from dupcheck.text.types import FactKind, Span

_BRACKETED = re.compile(r"<([^<>\n]*[\s a-z][^<>\n]*)>")
"""A name in angle brackets: a space or a lower-case letter sets it apart from a ticker."""
_WORD = re.compile(r"<[^>\s]*>|[^\W\d_][\w&'.-]*")
_TICKER = re.compile(r"<[^>\s]*>")
_NAME_WORDS = 3
"""The longest opening read as a name: "ST JOSEPH", "NEW YORK CITY"."""
_STEM = 4
"""Letters a word must share with a longer one to count as its start ("JAPAN"/"Japanese")."""


def headline_change(
    a: Side, b: Side, units: Sequence[tuple[Sequence[int], Sequence[int]]]
) -> tuple[int, FactChange] | None:
    """The match (its index in ``units``) pairing the two documents' first sentences, when both
    are headlines in capitals opening with other names, and the change; otherwise ``None``."""
    k = next((n for n, (ai, bi) in enumerate(units) if ai[0] == 0 and bi[0] == 0), None)
    if k is None:
        return None
    sa, sb = a.analysis.sentences[0].span, b.analysis.sentences[0].span
    ta, tb = a.analysis.document.text, b.analysis.document.text
    bracketed = _bracketed_change(ta, sa, tb, sb)
    if bracketed is not None:
        return k, bracketed
    words_a, words_b = _words(ta, sa), _words(tb, sb)
    if words_a is None or words_b is None:
        return None
    lead_a = _lead(words_a, {w for w, _ in words_b})
    lead_b = _lead(words_b, {w for w, _ in words_a})
    if not (0 < lead_a <= _NAME_WORDS and 0 < lead_b <= _NAME_WORDS):
        return None
    if lead_a >= len(words_a) or lead_b >= len(words_b):
        return None
    after = words_a[lead_a][0]
    if after != words_b[lead_b][0] or after in STOPWORDS:
        return None
    if set(_TICKER.findall(sa.slice(ta))) & set(_TICKER.findall(sb.slice(tb))):
        return None
    if _known(words_a[:lead_a], b.vocabulary()) or _known(words_b[:lead_b], a.vocabulary()):
        return None
    span_a = Span(words_a[0][1].start, words_a[lead_a - 1][1].end)
    span_b = Span(words_b[0][1].start, words_b[lead_b - 1][1].end)
    change = FactChange(FactKind.NAME, span_a, span_b, span_a.slice(ta), span_b.slice(tb))
    return k, change


def _bracketed_change(ta: str, sa: Span, tb: str, sb: Span) -> FactChange | None:
    """The first bracketed names of two headlines, when they differ and neither document
    names the other's."""
    ma = _BRACKETED.search(ta, sa.start, sa.end)
    mb = _BRACKETED.search(tb, sb.start, sb.end)
    if ma is None or mb is None:
        return None
    name_a, name_b = _folded(ma.group(1)), _folded(mb.group(1))
    if not name_a or not name_b or name_a == name_b:
        return None
    if f" {name_a} " in f" {_folded(tb)} " or f" {name_b} " in f" {_folded(ta)} ":
        return None
    span_a, span_b = Span(ma.start(1), ma.end(1)), Span(mb.start(1), mb.end(1))
    return FactChange(FactKind.NAME, span_a, span_b, span_a.slice(ta), span_b.slice(tb))


def _folded(text: str) -> str:
    """Words in lower case, one space apart, punctuation dropped: "Co." and "CO" alike."""
    return " ".join(words_of(fold(text)))


def _words(text: str, span: Span) -> list[tuple[str, Span]] | None:
    """The folded words of a headline in capitals with their spans (tickers left out), or
    ``None`` when the sentence has a lower-case letter: it is no such headline."""
    piece = span.slice(text)
    if any(c.islower() for c in piece) or not any(c.isupper() for c in piece):
        return None
    out: list[tuple[str, Span]] = []
    for m in _WORD.finditer(piece):
        if m.group().startswith("<"):
            continue
        word = m.group().rstrip(".").lower()
        out.append((word, Span(span.start + m.start(), span.start + m.start() + len(word))))
    return out


def _lead(words: Sequence[tuple[str, Span]], theirs: set[str]) -> int:
    """How many opening words come before the first word the other headline also has."""
    for n, (w, _) in enumerate(words):
        if w in theirs:
            return n
    return len(words)


def _known(lead: Sequence[tuple[str, Span]], vocabulary: frozenset[str]) -> bool:
    """Whether a word of ``lead`` occurs in the other document, alone or as a longer word's
    start, or starts a word that does."""
    for w, _ in lead:
        if w in vocabulary:
            return True
        if len(w) >= _STEM and any(
            v.startswith(w) or (len(v) >= _STEM and w.startswith(v)) for v in vocabulary
        ):
            return True
    return False


def named_alike(a: Side, b: Side) -> bool:
    """Whether the two headlines name the same company before their first tickers, word for
    word or a word cut short ("WESTAMERICA BANCORP <WAB>" / "WESTAMERICA BANCORPORATION
    <WSAM>", "TELXON CORP <TLXN>" / "TELXON <TXLN>"): a ticker mistyped or of another exchange,
    not another company."""
    names = [_ticker_name(side) for side in (a, b)]
    if not names[0] or not names[1]:
        return False
    short, long = sorted(names, key=len)
    return all(
        x == y or (len(x) >= _STEM and y.startswith(x)) or (len(y) >= _STEM and x.startswith(y))
        for x, y in zip(short, long, strict=False)
    )


def _ticker_name(side: Side) -> list[str]:
    """The folded words of a headline in capitals before its first ticker; empty when it has
    none."""
    sentences = side.analysis.sentences
    if not sentences:
        return []
    text, span = side.analysis.document.text, sentences[0].span
    found = _TICKER.search(text, span.start, span.end)
    words = _words(text, Span(span.start, found.start())) if found else None
    return [w for w, _ in words] if words else []
