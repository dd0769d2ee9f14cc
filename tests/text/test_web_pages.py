"""Web pages are their article (issue 11): pages built here from fictional stories, in two site
templates with navigation, a cookie banner, a rotating "most read" box, related links and a
footer."""

from __future__ import annotations

import random
from pathlib import Path

from dupcheck import Verdict, compare, scan
from dupcheck.corpus.types import ScanOptions
from dupcheck.text.intake import read_document
from tests._stories import sentence, story
from tests._web_pages import COOKIE_TEXT, FOOTER_TEXT, SECTIONS, Story, Template, most_read, render


def fictional(seed: int) -> Story:
    rng = random.Random(-seed)
    return Story(sentence(rng, 8).rstrip("."), tuple(story(seed).split("\n\n")))


POOL = [fictional(1000 + k) for k in range(8)]
"""The "most read" stories every page of the site shows a rotating part of."""


def page(seed: int, template: Template, number: int) -> str:
    related = [POOL[(number + k) % len(POOL)].title for k in (5, 6, 7)]
    return render(
        fictional(seed), template=template, most_read=most_read(POOL, number), related=related
    )


def test_chrome_is_not_article_text(tmp_path: Path) -> None:
    for template in Template:
        path = tmp_path / f"{template.value}.html"
        path.write_text(page(7, template, 3), encoding="utf-8")
        text = read_document(path).text
        for paragraph in fictional(7).paragraphs:
            assert paragraph in text
        for chrome in (COOKIE_TEXT, FOOTER_TEXT, *SECTIONS, "Most read", "Related stories"):
            assert chrome not in text, (template, chrome)
        for other in POOL:
            assert other.title not in text
            assert other.teaser not in text


def test_a_shared_rotating_sidebar_makes_no_pairs(tmp_path: Path) -> None:
    # A dozen unrelated stories on one site: only the chrome and the "most read" box are shared.
    for number in range(12):
        html = page(100 + number, Template.NEWS, number)
        (tmp_path / f"page-{number:02}.html").write_text(html, encoding="utf-8")
    result = scan(tmp_path, options=ScanOptions(jobs=1))
    assert result.documents == 12
    assert result.pairs == ()


def test_the_whole_page_text_of_the_same_pages_does_make_pairs(tmp_path: Path) -> None:
    # The check above can fail: read whole, the same pages share the sidebar's teasers.
    from dupcheck.text.html_text import html_to_text

    for number in range(12):
        text = html_to_text(page(100 + number, Template.NEWS, number))
        (tmp_path / f"page-{number:02}.txt").write_text(text, encoding="utf-8")
    assert scan(tmp_path, options=ScanOptions(jobs=1)).pairs != ()


def test_one_article_in_two_templates_is_a_duplicate(tmp_path: Path) -> None:
    news, portal = tmp_path / "news.html", tmp_path / "portal.htm"
    news.write_text(page(42, Template.NEWS, 1), encoding="utf-8")
    portal.write_text(page(42, Template.PORTAL, 6), encoding="utf-8")
    assert compare(news, portal).verdict is Verdict.DUPLICATE
    for path in (news, portal):
        text = read_document(path).text
        assert all(paragraph in text for paragraph in fictional(42).paragraphs)
