"""Reading the HTML pages back as a browser's parser would, for tests: what elements and
attributes a page holds, its one script and stylesheet, and the text of each side's lines."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {
        "html", "head", "meta", "title", "style", "body", "script", "h1", "h2", "h3", "dl", "dt",
        "dd", "span", "b", "ul", "ol", "li", "a", "div", "section", "header", "p", "code", "br",
        "table", "thead", "tbody", "tr", "th", "td", "label", "select", "option", "input",
        "output",
    }
)  # fmt: skip
"""Every element a page may contain: the template's own, none a document could add."""


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    csp: str = ""
    lines: dict[str, list[str]] = field(default_factory=dict)
    """Per side key (``a``, ``b``, or ``f3-a`` in a scan page), the text of each line."""

    def side_text(self, key: str) -> str:
        return "\n".join(self.lines[key])

    def source_allowed(self, kind: str, text: str) -> bool:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        return f"{kind} 'sha256-{digest}'" in self.csp


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.in_raw: str | None = None
        self.raw: list[str] = []
        self.side: str | None = None
        self.line: list[str] | None = None
        self.finding = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, values))
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.page.csp = values["content"]
        if tag in ("script", "style"):
            self.in_raw, self.raw = tag, []
        if tag == "section" and values.get("class") == "finding":
            self.finding = values["id"] + "-"
        if tag == "section" and "data-side" in values:
            self.side = self.finding + values["data-side"]
            self.page.lines[self.side] = []
        if tag == "div" and values.get("class") == "ln":
            self.line = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self.in_raw:
            target = self.page.scripts if tag == "script" else self.page.styles
            target.append("".join(self.raw))
            self.in_raw = None
        if tag == "div" and self.line is not None and self.side is not None:
            self.page.lines[self.side].append("".join(self.line))
            self.line = None
        if tag == "section" and self.side is not None:
            self.side = None

    def handle_data(self, data: str) -> None:
        if self.in_raw is not None:
            self.raw.append(data)
        elif self.line is not None:
            self.line.append(data)


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


_BREAKS = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def as_shown(text: str) -> str:
    """A document's text as a page shows it: one line per line of the file, controls as U+FFFD."""
    return _CONTROL.sub("\ufffd", _BREAKS.sub("\n", text))


def check_inert(page: Page, script: str, style: str) -> None:
    """Only the template's elements, no event handler, no link leaving the page, and the one
    script and stylesheet the policy allows by hash."""
    assert page.csp.startswith("default-src 'none'; ")
    assert "unsafe" not in page.csp
    assert page.scripts == [script]
    assert page.styles == [style]
    assert page.source_allowed("script-src", script)
    assert page.source_allowed("style-src", style)
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "style", "action", "formaction", "srcdoc"), (tag, name)
            if name == "href":
                assert re.fullmatch(r"#[a-z0-9-]+", value), value
