"""Loaders for the real news corpora in ``../shared/corpora`` (research data: read, never copy).

- Reuters-21578: every ``<REUTERS>`` story with a ``<BODY>``, as ``Article("reuters/NEWID", …)``.
- BBC News: every ``<topic>/NNN.txt``, as ``Article("bbc/topic/NNN", …)``.

Bodies come back the way a news site would show them: paragraphs separated by one blank line,
the wire's hard line wraps joined. Reuters bodies lose the teletype debris: control characters
(``&#3;`` …), the ``&\\t`` paragraph-indent artefact of this copy (a literal ampersand, backslash
and ``t`` at the start of a line, 67,350 times), and the trailing ``Reuter`` signature.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dupcheck.text.normalize import fold

REUTERS_DIR = "reuters-21578"
BBC_DIR = "bbc-news"


class CorpusMissing(FileNotFoundError):
    """A corpus directory (or its files) is not where the bench expects it."""


@dataclass(frozen=True, slots=True)
class Article:
    """One real news story."""

    id: str
    """``reuters/NEWID`` or ``bbc/<topic>/NNN``: stable across runs, unique across corpora."""
    title: str
    """The headline as the corpus gives it (Reuters headlines are in capitals)."""
    body: str
    """The story text: paragraphs separated by ``"\\n\\n"``, no hard wraps, no signature."""
    topic: str = ""
    """The first Reuters ``TOPICS`` code or the BBC section; empty when the corpus gives none."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for p in self.body.split("\n\n") if p.strip())


_STORY = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TOPIC = re.compile(r"<TOPICS>\s*<D>(.*?)</D>", re.S)
# Numeric character references in this corpus are teletype control codes (STX, ETX, DEL…), never
# text; ``&lt;`` and ``&amp;`` are the only named entities.
_CONTROL = re.compile(r"&#\d+;")
_SIGNATURE = re.compile(r"\s*(?:&\\t)?\s*reuter\b[\W]*$", re.I)
_INDENT = re.compile(r"\n(?:&\\t|[ \t]+)")
_WS_RUN = re.compile(r"[ \t]+")


def clean_reuters_body(raw: str) -> str:
    """The readable text of one raw Reuters ``<BODY>`` (as found between the tags)."""
    text = _CONTROL.sub("", raw).replace("\r", "")
    text = _SIGNATURE.sub("", text)
    # A new paragraph starts at the ``&\t`` artefact or at an indented line (tables, old-style
    # indents); every other newline is the wire's hard wrap.
    text = _INDENT.sub("\n\n", "\n" + text.strip("\n"))
    paragraphs = []
    for block in text.split("\n\n"):
        para = _WS_RUN.sub(" ", html.unescape(block.replace("\n", " "))).strip()
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


def load_reuters(data: Path) -> Iterator[Article]:
    """Every Reuters-21578 story that has a body, in NEWID order within each file."""
    root = data / REUTERS_DIR
    files = sorted(root.glob("reut2-*.sgm"))
    if not files:
        raise CorpusMissing(f"Reuters-21578 not found: no reut2-*.sgm files in {root}")
    for path in files:
        sgml = path.read_text(encoding="latin-1")
        for story in _STORY.finditer(sgml):
            body = _BODY.search(story.group(2))
            newid = _NEWID.search(story.group(1))
            if body is None or newid is None:
                continue
            title = _TITLE.search(story.group(2))
            topic = _TOPIC.search(story.group(2))
            yield Article(
                id=f"reuters/{newid.group(1)}",
                title=html.unescape(_CONTROL.sub("", title.group(1))).strip() if title else "",
                body=clean_reuters_body(body.group(1)),
                topic=topic.group(1) if topic else "",
            )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # One file (sport/199.txt) is Latin-1; cp1252 is its superset for the 0x80–0x9F range.
        return raw.decode("cp1252", errors="replace")


def load_bbc(data: Path) -> Iterator[Article]:
    """Every BBC News article, topic by topic, in file-name order."""
    root = data / BBC_DIR
    files = sorted(root.glob("*/*.txt"))
    if not files:
        raise CorpusMissing(f"BBC News not found: no <topic>/NNN.txt files in {root}")
    for path in files:
        text = _decode(path.read_bytes()).replace("\r\n", "\n")
        title, _, rest = text.strip().partition("\n")
        paragraphs = (_WS_RUN.sub(" ", p).strip() for p in re.split(r"\n\s*\n", rest))
        yield Article(
            id=f"bbc/{path.parent.name}/{path.stem}",
            title=title.strip(),
            body="\n\n".join(p for p in paragraphs if p),
            topic=path.parent.name,
        )


def load_all(data: Path) -> list[Article]:
    """Reuters then BBC; raises `CorpusMissing` naming what is absent."""
    return [*load_reuters(data), *load_bbc(data)]


def body_key(article: Article) -> str:
    """The normalised body that defines an exact duplicate: ``dupcheck.text.normalize.fold`` (NFKC,
    quotes and dashes folded, whitespace collapsed, case folded)."""
    return fold(article.body)


def page_key(article: Article) -> str:
    """`body_key` of headline and body together: what makes two whole files identical."""
    return fold(f"{article.title}\n\n{article.body}")


def exact_groups(
    articles: Iterable[Article], *, key: Callable[[Article], str] = body_key
) -> list[tuple[str, ...]]:
    """Ids of articles whose normalised bodies are identical, groups of two or more, sorted."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        k = key(article)
        if k:
            by_key[k].append(article.id)
    return sorted(tuple(sorted(ids)) for ids in by_key.values() if len(ids) > 1)
