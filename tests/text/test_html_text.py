from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupcheck.text.html_text import (
    MAX_DEPTH,
    MAX_TAGS,
    article_text,
    html_to_text,
    nesting_depth,
)

PAGE = """<!doctype html>
<html>
<head>
  <title>Seoul clears chip material | Example News</title>
  <style>p { color: red }</style>
  <script>window.track("view");</script>
</head>
<body>
  <nav><a href="/">Home</a> &gt; <a href="/tech">Technology</a></nav>
  <header><h1>Seoul clears second shipment of chip material</h1></header>
  <article>
    <p>SEOUL (Wire) &ndash; The government cleared a second shipment
       of etching gas on Tuesday, officials said.</p>
    <p>The move comes before talks between the two U.S.&nbsp;allies.</p>
    <ul><li>Exports rose 3%</li><li>Imports fell</li></ul>
    <noscript>Enable JavaScript</noscript>
    <template><p>hidden template</p></template>
    <svg><text>chart label</text></svg>
  </article>
  <footer>&copy; 2024 Example News. All rights reserved.</footer>
</body>
</html>
"""


def test_page_text_keeps_paragraphs_and_chrome() -> None:
    assert html_to_text(PAGE).split("\n\n") == [
        "Home > Technology",
        "Seoul clears second shipment of chip material",
        "SEOUL (Wire) – The government cleared a second shipment of etching gas on Tuesday, "
        "officials said.",
        "The move comes before talks between the two U.S.\u00a0allies.",
        "Exports rose 3%",
        "Imports fell",
        "© 2024 Example News. All rights reserved.",
    ]


def test_hidden_elements_are_dropped() -> None:
    text = html_to_text(PAGE)
    for hidden in (
        "track",
        "color",
        "Enable JavaScript",
        "hidden template",
        "chart label",
        "Example News</",
    ):
        assert hidden not in text


def test_br_is_a_line_break_inside_a_paragraph() -> None:
    assert html_to_text("<p>Line one<br>line two<br/>line three</p><p>Next</p>") == (
        "Line one\nline two\nline three\n\nNext"
    )


def test_pre_keeps_its_lines() -> None:
    # Lines stay lines; their indentation goes, like every line's.
    assert html_to_text("<pre>Shr 34 cts\n  Net 807,000</pre>") == "Shr 34 cts\nNet 807,000"


def test_missing_head_end_tag_does_not_hide_the_body() -> None:
    assert html_to_text("<head><title>x</title><body><p>Story text.</p>") == "Story text."


def test_broken_markup() -> None:
    assert html_to_text("<p>Oil <b>rose</p></div><<>>&bogus; <i>unclosed") == (
        "Oil rose\n\n<<>>&bogus; unclosed"
    )


def test_plain_text_passes_through() -> None:
    assert html_to_text("Just text, no tags.") == "Just text, no tags."


@given(st.text())
def test_never_raises(markup: str) -> None:
    assert isinstance(html_to_text(markup), str)


SOUP = ["<p>", "</p>", "<script>", "</script>", "<br>", "<!--", "-->", "<head>", "<body>", "&amp;"]
SOUP += ["&#x", "text", " ", "\n", "<", ">", "<pre>", "</pre>", "<svg>", "</head>"]


@given(st.lists(st.sampled_from(SOUP)).map("".join))
def test_never_raises_on_tag_soup(markup: str) -> None:
    text = html_to_text(markup)
    assert "\n\n\n" not in text
    assert text == text.strip("\n")


ARTICLE = (
    "The harbour authority approved the new ferry terminal on Tuesday after two years of talks"
    " with residents, who had objected to the noise of night crossings."
)


def test_article_text_leaves_out_the_chrome() -> None:
    text = article_text(PAGE)
    assert "SEOUL (Wire) – The government cleared a second shipment" in text
    for chrome in ("Home > Technology", "All rights reserved"):
        assert chrome not in text


def test_html5_with_omitted_end_tags_keeps_its_text() -> None:
    assert article_text("<html><head><title>t</title><p>text") == "text"
    assert html_to_text("<html><head><title>t</title><p>text") == "text"
    assert article_text(f"<title>Ferry</title><p>{ARTICLE}<p>Second paragraph.") == (
        f"{ARTICLE}\n\nSecond paragraph."
    )


def test_a_page_without_an_article_falls_back_to_its_whole_text() -> None:
    # A list of links is no article to the extractor; the page still has its text.
    markup = "<ul><li><a href=a>First link</a></li><li><a href=b>Second link</a></li></ul>"
    assert article_text(markup) == html_to_text(markup) == "First link\n\nSecond link"


def test_a_deeply_nested_page_skips_the_extractor() -> None:
    markup = "<div>" * (MAX_DEPTH + 1) + f"<nav>Menu</nav><p>{ARTICLE}</p>"
    assert article_text(markup) == html_to_text(markup) == f"Menu\n\n{ARTICLE}"
    shallow = "<div>" * (MAX_DEPTH - 2) + f"<nav>Menu</nav><p>{ARTICLE}</p>"
    assert article_text(shallow) == ARTICLE


def test_too_many_tags_is_refused_before_parsing() -> None:
    with pytest.raises(ValueError, match="tag limit"):
        article_text("<b>" * (MAX_TAGS + 1))


@pytest.mark.parametrize(
    ("markup", "depth"),
    [
        ("<div><div></div><div><span>x</span></div></div>", 3),
        ("<p>one<p>two<li>three<br><img src=x>", 0),
        ("<div><script>if (a<b && c<d) {}</script></div>", 2),
        ("<div><!-- <div><div> --></div>", 1),
        ("<div><script>unclosed <div><div>", 2),
        ("</div></div><div>", 1),
    ],
)
def test_nesting_depth(markup: str, depth: int) -> None:
    assert nesting_depth(markup) == depth


@given(st.lists(st.sampled_from(SOUP)).map("".join))
def test_article_text_never_raises_on_tag_soup(markup: str) -> None:
    text = article_text(markup)
    assert text == article_text(markup)
    assert "\n\n\n" not in text
