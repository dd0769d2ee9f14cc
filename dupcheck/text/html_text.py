"""A web page → its article text, and HTML → its whole text as the fallback.

``article_text`` is what dupcheck reads from an ``.html`` file: the main content, as Resiliparse's
rule-based extractor finds it (``bench/web_extraction.py`` compares it with trafilatura and jusText
on real pages, quality and speed). Navigation, "most read" boxes, related links, cookie banners
and footers are not the article: kept, they make unrelated pages of one site share text. When the
extractor finds nothing, or the page is too deeply nested for it to be quick, the page's whole
text (``html_to_text``, the standard library's tolerant parser) is used instead, so a page never
loses its text to the extractor.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLParserException

MAX_TAGS = 50_000
"""Pages with more ``<`` than this are refused: a news page has a few thousand tags, and the time
of both the extractor and the fallback grows with the tag count."""

MAX_DEPTH = 100
"""Deeper nesting (closed or not) skips the extractor, whose time grows with elements times
depth; real article pages nest a few dozen deep."""

_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "math", "iframe"})
"""Elements whose contents are never text a reader sees."""

_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
        "tr", "ul",
    }
)  # fmt: skip
"""Elements that start a new line; the blank-line collapse below turns them into paragraphs."""

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
"""Elements without an end tag: they never open a hidden region."""

_HEAD_CONTENT = frozenset(
    {"base", "basefont", "bgsound", "link", "meta", "noframes", "noscript", "script", "style",
     "template", "title", "head"}
)  # fmt: skip
"""Start tags that stay inside ``<head>``; any other one closes it (HTML5's "in head" mode)."""

_UNNESTED = _VOID | {
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
}  # fmt: skip
"""Elements whose end tag may be omitted (or that have none): counting them as nesting would take
``<p>one<p>two`` for two levels."""

_SPACES = re.compile(r"[ \t\n\r\f]+")
"""HTML's inter-element whitespace; a no-break space is content and stays."""
_BLANKS = re.compile(r"\n(?: *\n)+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []
        """Open hidden elements, innermost last."""
        self.pre = 0
        """Depth of open ``<pre>`` elements, whose line breaks are kept."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN and tag not in _VOID:
            self.hidden.append(tag)
            return
        if tag == "body" and "head" in self.hidden:
            # A missing </head> must not hide the page: <body> closes it, as in a browser.
            del self.hidden[self.hidden.index("head") :]
        elif self.hidden and self.hidden[-1] == "head" and tag not in _HEAD_CONTENT:
            # So does any body element: <head><title>t</title><p>text is valid HTML5.
            self.hidden.pop()
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK and not self.hidden:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>: a self-closed element opens nothing.
        if tag in _BLOCK and not self.hidden:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            # Close up to the matching open tag, tolerating unclosed children.
            while self.hidden and self.hidden.pop() != tag:
                pass
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK and not self.hidden:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data if self.pre else _SPACES.sub(" ", data))


def html_to_text(markup: str) -> str:
    """The readable text of ``markup``: one paragraph per block element, blank lines between.

    Entities are unescaped; whitespace inside a block collapses as a browser would show it. Never
    raises on broken markup: unclosed tags end where the document does.
    """
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is tolerant in 3.11+
        pass
    text = "\n".join(line.strip() for line in "".join(parser.parts).split("\n"))
    return _BLANKS.sub("\n\n", text).strip("\n")


def article_text(markup: str) -> str:
    """The article of the page ``markup``: paragraphs apart, blank lines between.

    The main content as the extractor finds it; the whole text (``html_to_text``) when it finds
    none or the page nests deeper than ``MAX_DEPTH``. Deterministic. Raises ``ValueError`` with a
    one-line reason when the page has more than ``MAX_TAGS`` tags: time and memory stay bounded
    whatever the page holds.
    """
    tags = markup.count("<")
    if tags > MAX_TAGS:
        raise ValueError(f"HTML with {tags:,} tags is over the {MAX_TAGS:,}-tag limit of a page")
    if nesting_depth(markup) <= MAX_DEPTH:
        try:
            extracted = extract_plain_text(
                markup,
                preserve_formatting=True,
                main_content=True,
                list_bullets=False,
                alt_texts=False,
                comments=False,
            )
        except HTMLParserException:  # pragma: no cover - Lexbor parses any string
            extracted = ""
        text = _tidy(extracted)
        if text:
            return text
    return html_to_text(markup)


_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)|<!--")
_RAW_END = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title", "xmp", "template")
}
"""Elements whose content is not markup: a ``<`` in a script is not a tag."""


def nesting_depth(markup: str) -> int:
    """How deep the elements of ``markup`` nest, estimated from its tags in one linear pass.

    Elements whose end tag may be omitted are not counted; an unclosed element counts as open to
    the end, as a browser nests what follows inside it.
    """
    depth = deepest = 0
    pos = 0
    while (tag := _TAG.search(markup, pos)) is not None:
        pos = tag.end()
        if tag[0] == "<!--":
            close = markup.find("-->", pos)
            if close < 0:
                break
            pos = close + 3
            continue
        name = tag[2].lower()
        if name in _UNNESTED:
            continue
        if tag[1]:
            depth = max(0, depth - 1)
            continue
        depth += 1
        deepest = max(deepest, depth)
        raw_end = _RAW_END.get(name)
        if raw_end is not None:
            end = raw_end.search(markup, pos)
            if end is None:
                break
            pos = end.end()
            depth -= 1
    return deepest


def _tidy(text: str) -> str:
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip("\n")
