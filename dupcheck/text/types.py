"""What the text stage makes: a decoded document, its sentences and its boilerplate.

Offsets are Python ``str`` indices into the decoded original text of a document, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets into a document's original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """The original characters this span covers."""
        return text[self.start : self.end]

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded text and where it came from."""

    name: str
    """Display name: a path as the user gave it, or an id from a JSONL line."""
    text: str
    """The decoded original text, newlines untouched; every span indexes this string."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded with: ``utf-8``, ``utf-16-le``, ``cp1252``…"""
    published: str = ""
    """A JSONL record's date field, as written (``ScanOptions.date_field``); ``""`` when none."""


class BoilerplateKind(StrEnum):
    """Why a stretch of text is not story content."""

    DATELINE = "dateline"
    """A place/date/agency line or prefix: ``SEOUL (Reuters) –``, ``date 2019-08-21 Reuters``."""
    BYLINE = "byline"
    """``By Jane Doe``, ``Jane Doe, Staff Writer``."""
    CREDIT = "credit"
    """``Reporting by …; Editing by …``, photo credits, ``(AP)`` tags on their own."""
    COPYRIGHT = "copyright"
    """``Copyright …``, ``©``, ``All rights reserved``."""
    CHROME = "chrome"
    """Site navigation, share buttons, ``Read more``, newsletter prompts, a repeated headline."""


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A stretch of a document recognised as boilerplate, reported apart from content."""

    span: Span
    kind: BoilerplateKind


@dataclass(frozen=True, slots=True)
class Sentence:
    """One content unit of a document: a sentence, or a line without final punctuation."""

    index: int
    """Position among the document's content sentences (boilerplate excluded), from 0."""
    span: Span
    """Where the sentence sits in the original text (leading/trailing whitespace excluded)."""
    norm: str
    """The matching form: NFKC, quotes and dashes folded, whitespace collapsed, case folded."""
    paragraph: int
    """Index of the paragraph (block separated by blank lines or line breaks) holding it."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document prepared for alignment: computed once, reused against many partners in a scan."""

    document: Document
    sentences: tuple[Sentence, ...]
    """Content sentences in document order; boilerplate is cut out of them."""
    boilerplate: tuple[Boilerplate, ...]
    """Boilerplate stretches in document order, never overlapping each other."""

    @property
    def content_chars(self) -> int:
        """Characters of content: the denominator of coverage."""
        return sum(len(s.span) for s in self.sentences)


class FactKind(StrEnum):
    """What a fact of a sentence is: what two copies of a story keep and a formula changes."""

    FIGURE = "figure"
    """A number, with its scale and unit when it has them: ``7.1 cts``, ``two mln dlrs``, ``4%``."""
    DATE = "date"
    """A day, month, year or weekday: ``March 9``, ``April``, ``1987``, ``04/09/87``,
    ``Tuesday``, ``yesterday``."""
    NAME = "name"
    """A run of capitalised words inside a sentence: a company, fund, place or person."""
    TICKER = "ticker"
    """A stock symbol in angle brackets, as wire copy gives it: ``<WFC>``."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of a sentence and where it is written."""

    kind: FactKind
    span: Span
    """Where it is written in the document's original text."""
    key: str
    """What two facts of one kind must share to agree: the figure's value and scale
    (``2.4 mln`` for "2.4 million dlrs", ``7`` for "seven"), the date as ``march 9``, the
    name or ticker folded."""
    relative: bool = False
    """A date relative to the day of writing (``Tuesday``, ``yesterday``, ``today``): a copy
    rewrites it as it is re-sent, so it never disagrees."""
    context: tuple[str, str] = ("", "")
    """The words just before and after it in its sentence, lower-cased ("" at an edge): a fact
    replaced by another stands where the other stands ("Pay April 1" / "Pay July 22")."""
