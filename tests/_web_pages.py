"""News articles wrapped as the pages a site serves, for the web-page tests: header and
navigation, a cookie banner, the article, a shared rotating "most read" box of other stories'
headlines and teasers, related links and a footer.

Two templates with different markup (``NEWS``: HTML5 landmarks; ``PORTAL``: classed ``div``\\s,
sidebar first, banner last). Pure functions of their arguments; the bench's web study
(``bench/web_extraction.py``) builds its pages with them too.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    paragraphs: tuple[str, ...]

    @property
    def teaser(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""


class Template(Enum):
    NEWS = "news"
    PORTAL = "portal"


SECTIONS = ("Home", "News", "Sport", "Business", "Technology", "Entertainment", "Politics")
COOKIE_TEXT = (
    "We use cookies to give you the best online experience. By continuing to browse the site you"
    " are agreeing to our use of cookies. Find out more about how we use them in our privacy"
    " policy."
)
FOOTER_TEXT = (
    "Copyright 2024 The Daily Courier. All rights reserved. The Daily Courier is not responsible"
    " for the content of external sites. Read about our approach to external linking."
)
FOOTER_LINKS = ("Terms of Use", "About us", "Privacy Policy", "Cookies", "Accessibility", "Contact")


def most_read(pool: Sequence[Story], page: int, size: int = 5) -> list[Story]:
    """The "most read" box of page number ``page``: ``size`` stories of ``pool``, rotating."""
    return [pool[(page + k) % len(pool)] for k in range(min(size, len(pool)))]


def render(
    story: Story,
    *,
    template: Template,
    most_read: Sequence[Story],
    related: Sequence[str],
    site: str = "The Daily Courier",
) -> str:
    """The page of ``story`` in ``template``: every part of a real article page, escaped."""
    e = html.escape
    paras = "\n".join(f"<p>{e(p)}</p>" for p in story.paragraphs)
    nav = "".join(f'<li><a href="/{s.lower()}">{e(s)}</a></li>' for s in SECTIONS)
    footer_links = "".join(
        f'<li><a href="/{k}">{e(x)}</a></li>' for k, x in enumerate(FOOTER_LINKS)
    )
    related_links = "".join(
        f'<li><a href="/story/{k}">{e(t)}</a></li>' for k, t in enumerate(related)
    )
    head = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(story.title)} - {e(site)}</title>"
        "<script>window.dataLayer=[{'page':'article'}];</script>"
        "<style>.nav li{display:inline}</style></head>"
    )
    if template is Template.NEWS:
        box = "".join(
            f'<li><a href="/story/m{k}"><h3>{e(s.title)}</h3><p>{e(s.teaser)}</p></a></li>'
            for k, s in enumerate(most_read)
        )
        return (
            f"{head}<body>"
            f'<div id="cookie-banner" class="cookie-consent"><p>{e(COOKIE_TEXT)}</p>'
            "<button>Accept cookies</button></div>"
            f'<header class="site-header"><a class="logo" href="/">{e(site)}</a>'
            f'<nav class="nav"><ul>{nav}</ul></nav></header>'
            '<main id="main-content"><article class="story-body">'
            f"<h1>{e(story.title)}</h1>"
            '<div class="byline">By our correspondent</div>'
            f"{paras}</article>"
            f'<aside class="most-read"><h2>Most read</h2><ol>{box}</ol></aside>'
            f'<section class="related-stories"><h2>Related stories</h2><ul>{related_links}</ul>'
            "</section></main>"
            f'<footer class="site-footer"><ul>{footer_links}</ul><p>{e(FOOTER_TEXT)}</p></footer>'
            "</body></html>"
        )
    box = "".join(
        f'<div class="trending-item"><a href="/t/{k}">{e(s.title)}</a>'
        f'<div class="summary">{e(s.teaser)}</div></div>'
        for k, s in enumerate(most_read)
    )
    return (
        f"{head}<body>"
        f'<div class="top-bar"><span class="brand">{e(site)}</span>'
        f'<div class="menu"><ul>{nav}</ul></div></div>'
        '<div class="layout">'
        f'<div class="sidebar"><div class="widget-title">Most read</div>{box}</div>'
        '<div class="content"><div class="post">'
        f'<h1 class="post-title">{e(story.title)}</h1>'
        f'<div class="post-content">{paras}</div>'
        f'<div class="more-links"><div class="widget-title">See also</div><ul>{related_links}</ul>'
        "</div></div></div></div>"
        f'<div class="bottom"><ul>{footer_links}</ul>'
        f"<div>{e(FOOTER_TEXT)}</div></div>"
        f'<div class="gdpr-notice">{e(COOKIE_TEXT)} <a href="/ok">OK</a></div>'
        "</body></html>"
    )
