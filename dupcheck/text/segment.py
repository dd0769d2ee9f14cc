"""Sentence segmentation for news text, with spans into the original text.

Rule-based, because rules tuned for news beat the general segmenters on news boundaries and
speed once offsets are needed: ``python -m bench segmenters`` measures it against blingfire and
pysbd on MSRP, STS-B news and Reuters/BBC text (bench/RESULTS.md).

Two passes:

1. **Paragraphs.** Lines are grouped into blocks separated by blank lines. Inside a block, each
   single line break is either a *wrap* (hard-wrapped prose) or a *break* (a new paragraph). A
   block can only be wrapped when its longest line is at most ``MAX_WRAP_WIDTH`` columns (that
   line gives the wrap width), and a line indented deeper than the block's shallowest line
   always starts a paragraph. Otherwise a break is a wrap when the line was full (the next
   line's first word would not have fitted after it), or, for a line without sentence-final
   punctuation, when the next line starts in lower case or the line was within a tenth of the
   width of full (hand-wrapped text has a ragged margin). Every other single line break is a
   break: so a headline or a dateline line directly above the body, and text with one paragraph
   per line, come apart at each line.
2. **Sentences.** Inside a paragraph, a sentence ends after ``.``, ``!`` or ``?`` (plus any
   closing quotes or brackets) followed by whitespace, unless what follows starts in lower case
   ("U.S. allies", ``"Why?" he asked``) or with ``,;:.%``, or the full stop belongs to an
   abbreviation: titles before a name ("Mr.", "Gov.", "St.") never end a sentence; initials
   ("John F. Kennedy"), dotted acronyms ("U.S."), company suffixes ("Inc.", "Corp.", "Co.") and
   month abbreviations end one only when the next word is a common sentence opener ("The",
   "It", …); "No." never does before a number. An ellipsis ("…", "...", ". . .") marks words
   left out of a quotation and ends nothing. Decimals ("1.95") have no space after the stop.

Spans exclude surrounding whitespace and never cross a paragraph.

Speed: every document of a scan is segmented, so the passes build plain lists (``blocks`` of
lines, which ``analyse`` also hands to the boilerplate rules, then paragraphs, then
``segment_spans``; ``segment`` makes the objects at the end), and the stop pattern opens with a
bare character class, which lets the regex engine skip to the next stop instead of trying the
whole pattern at every character (half the cost of a paragraph's scan).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from dupcheck.text.types import Span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_WRAP_WIDTH = 100
"""A block whose longest line is longer than this is not hard-wrapped: each line break in it is a
paragraph break. Hard wraps sit at 60–80 columns."""

_CLOSERS = "\"'’”»)]"
_CANDIDATE = re.compile(
    r"([.!?…](?<![.!?…][.!?…])(?!(?<=[.…]\s[.…])(?>[.…]*)(?![!?]))(?>[.!?…]*(?:\s[.…]+)*))"
    r"([\"'’”»)\]]*)\s+"
)
"""Stops (a spaced ellipsis ". . ." counts as one), closing quotes or brackets, whitespace. The
first stop stands outside the atomic group (one character, nothing to backtrack into: the same
matches) so that the engine can search for it. The lookarounds let a try start only at the first
stop of a run, or of a spaced ellipsis: a try from a later one would read the same rest of the
run to the same end, so a long run of stops without a space after it cost time in the square of
its length."""
_OPENERS = "\"'“‘«([‚„"
_CONTINUERS = ",;:.%"
"""A stop followed by one of these is inside a sentence ("Inc. , the", "www.example .com")."""
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
"""Dotted acronym before its last stop: "U.S", "U.K", "a.m"."""
_FIRST_WORD = re.compile(r"\w+")
_FIRST_TOKEN = re.compile(r"\S+")

_TITLES = _words(
    "mr mrs ms messrs mme mmes dr prof gov govs sen sens rep reps gen gens brig lt lieut col capt "
    "cmdr cdr sgt cpl pvt pfc spc maj adm rev msgr fr hon pres supt insp det st mt ft sr jr "
    "e.g i.e cf vs v viz approx"
)
"""Abbreviations that do not end a sentence whatever follows (a name, mostly). Sr. and Jr. are
here because news puts them mid-name far more often than at a sentence's end."""

_SUFFIXES = _words(
    "inc corp co ltd plc bros llc cos ave blvd dept univ assn intl govt est "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
"""Abbreviations that end a sentence only when a common sentence opener follows, as initials and
dotted acronyms ("U.S.") do. US state abbreviations ("Calif.") are not here: on MSRP they end a
sentence far more often than they sit before a capitalised word inside one."""

_BEFORE_NUMBER = _words("no nos art ch fig p pp para sec vol")
"""Abbreviations that never end a sentence before a number ("No. 2"); months are suffixes."""

_OPENER_WORDS = _words(
    "the a an it its he she his her they their them we our i in on at to by for from with of "
    "but and or so yet nor if as when while after before since although though because until "
    "this that these those there here what which who how why where some many most all both each "
    "other others another not one two three shares analysts officials meanwhile however also "
    "still then now later earlier"
)
"""Words that open sentences in news: after an ambiguous stop, one of these means a new sentence."""


Line = tuple[int, int, int]
"""A non-blank line as ``(line start, content start, content end)``: the content is the line
without its surrounding whitespace (and line break)."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence, or a line without final punctuation, and the paragraph it belongs to."""

    span: Span
    """Into the original text; surrounding whitespace excluded, never empty."""
    paragraph: int
    """Index of the paragraph holding it, from 0, counting only paragraphs that hold text."""


def segment(text: str) -> Iterator[Segment]:
    """Sentences (and unpunctuated lines such as headlines) in document order."""
    for start, end, index in segment_spans(text):
        yield Segment(Span(start, end), index)


def segment_spans(
    text: str, line_blocks: list[list[Line]] | None = None
) -> list[tuple[int, int, int]]:
    """``segment`` as plain ``(start, end, paragraph)`` triples, for callers that build their own
    objects from them (``analyse``): the same spans, without a ``Segment`` each.

    ``line_blocks``: ``blocks(text)``, when the caller has it already.
    """
    paras: list[tuple[int, int]] = []
    for block in blocks(text) if line_blocks is None else line_blocks:
        if len(block) == 1:  # most blocks: one paragraph on one line
            paras.append(block[0][1:])
        else:
            _split_block(text, block, paras)
    out: list[tuple[int, int, int]] = []
    for index, (para_start, end) in enumerate(paras):
        start = para_start
        # The paragraph alone, not finditer's pos: the pattern's look-behinds would read the
        # previous paragraph's last stop as the run this paragraph's first stop continues.
        for m in _CANDIDATE.finditer(text[para_start:end]):
            if _ends_sentence(text, m, start, para_start):
                out.append((start, para_start + m.end(2), index))
                start = para_start + m.end()
        out.append((start, end, index))
    return out


def paragraphs(text: str) -> Iterator[Span]:
    """Paragraph spans (whitespace excluded), by the rule in the module docstring."""
    for start, end in _paragraphs(text):
        yield Span(start, end)


def blocks(text: str) -> list[list[Line]]:
    """The runs of non-blank lines, in order (blank lines separate them).

    Segmentation and ``boilerplate`` both walk the lines: ``analyse`` makes this one pass and
    hands it to both.
    """
    out: list[list[Line]] = []
    block: list[Line] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.lstrip()
        if body:
            content_start = pos + len(line) - len(body)
            block.append((pos, content_start, content_start + len(body.rstrip())))
        elif block:
            out.append(block)
            block = []
        pos += len(line)
    if block:
        out.append(block)
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for block in blocks(text):
        _split_block(text, block, out)
    return out


def _split_block(text: str, block: list[Line], out: list[tuple[int, int]]) -> None:
    """Cut a block of non-blank lines into paragraphs at the line breaks that are not wraps."""
    if len(block) == 1:
        out.append((block[0][1], block[0][2]))
        return
    width = max(end - line_start for line_start, _, end in block)
    wrapped = width <= MAX_WRAP_WIDTH
    min_indent = min(start - line_start for line_start, start, _ in block)
    para_start = block[0][1]
    for (line_start, _, end), (next_line_start, next_start, next_end) in pairwise(block):
        if wrapped and next_start - next_line_start <= min_indent:
            first = _FIRST_TOKEN.match(text, next_start, next_end)
            first_len = first.end() - next_start if first else 1
            room = width - (end - line_start) - 1
            if first_len > room:
                continue  # a wrap: the line was full
            if not _ends_terminal(text, end) and (
                _starts_lower(text, next_start) or first_len > room - width // 10
            ):
                continue  # a wrap by a hand that left a ragged margin
        out.append((para_start, end))
        para_start = next_start
    out.append((para_start, block[-1][2]))


def _starts_lower(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` starts in lower case, past any opening quotes or brackets."""
    if text[pos] in _OPENERS and pos + 1 < len(text):
        pos += 1
    return text[pos].islower()


def _ends_terminal(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` ends with sentence-final punctuation."""
    pos = end - 1
    while pos > 0 and text[pos] in _CLOSERS:
        pos -= 1
    return text[pos] in ".!?…"


def _ends_sentence(text: str, m: re.Match[str], floor: int, offset: int = 0) -> bool:
    """Whether the stop ``m`` found (in ``text`` from ``offset`` on) ends a sentence that
    starts at ``floor``."""
    after = offset + m.end()
    nxt = text[after]
    if nxt in _OPENERS and after + 1 < len(text):
        nxt = text[after + 1]
    if nxt.islower() or nxt in _CONTINUERS:
        return False
    stops, closers = m.group(1), m.group(2)
    if "?" in stops or "!" in stops:
        return True
    if stops != ".":
        # An ellipsis marks words left out, mostly inside a quotation that goes on.
        return False
    if closers:
        return True
    window = text[max(floor, offset + m.start() - 24) : offset + m.start()]
    words = window.rsplit(None, 1)
    if not words or window[-1:].isspace():
        return True
    # "then-Gov.", "post-Sept.", "Minneapolis-St.": the abbreviation is the last part.
    prev = words[-1].lstrip(_OPENERS).rsplit("-", 1)[-1]
    key = prev.lower()
    if key in _TITLES:
        return False
    if (
        key in _SUFFIXES
        or ("." in prev and _DOTTED.fullmatch(prev))  # the test first spares most words the regex
        or (len(prev) == 1 and prev.isupper())
    ):
        following = _FIRST_WORD.search(text, after, min(len(text), after + 24))
        return following is not None and following.group().lower() in _OPENER_WORDS
    if nxt.isdigit():
        return key not in _BEFORE_NUMBER
    return True
