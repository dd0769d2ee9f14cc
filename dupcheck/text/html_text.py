"""HTML → plain text that keeps paragraphs apart, with the standard library's tolerant parser.

Navigation, footers and other site chrome keep their text: recognising chrome is the boilerplate
stage's job, and dropping it here would hide content the user might want reported.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
