"""What the HTML reports share: the Jinja2 templates, the stylesheet and script inlined into the
page, and the Content-Security-Policy that lets only those two run.

A page is one self-contained file: it loads nothing (``default-src 'none'``), and its only
script and stylesheet are the ones shipped in ``templates/``, allowed by their SHA-256. Text from
the documents and their names only ever reaches the page through Jinja2's autoescape, never as
an attribute value of its own, so a document full of ``<script>`` or ``onerror=`` stays text.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from dupcheck import __version__

TEMPLATES = "templates"
"""Package data of ``dupcheck.report``: the templates, ``page.css`` and ``page.js``."""


def pct(x: float) -> str:
    """A score as a percentage with one decimal, never shown as 100.0% unless it is 1: an edit
    at 0.9996 must not look identical."""
    value = f"{100 * x:.1f}"
    return "99.9%" if value == "100.0" and x < 1 else f"{value}%"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("dupcheck.report", TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = pct
    return env


@lru_cache(maxsize=2)
def asset(name: str) -> str:
    """The text of a shipped file inlined into every page (``page.css``, ``page.js``)."""
    text = resources.files("dupcheck.report").joinpath(f"{TEMPLATES}/{name}").read_text("utf-8")
    # Inlined as is: a closing tag inside would end the element early.
    assert "</" not in text, f"{name} must not contain '</'"
    return text


def source_hash(text: str) -> str:
    """A CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str, style: str) -> str:
    """Nothing may load or run but the page's own script and stylesheet; no form or base URL
    can send the reader elsewhere."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {source_hash(script)}",
            f"style-src {source_hash(style)}",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def render_page(template: str, **context: Any) -> str:
    """A complete page from ``template`` with the stylesheet, script and policy filled in."""
    css, script = asset("page.css"), asset("page.js")
    page = (
        environment()
        .get_template(template)
        .render(
            css=Markup(css),
            script=Markup(script),
            csp=content_security_policy(script, css),
            version=__version__,
            **context,
        )
    )
    return page if page.endswith("\n") else page + "\n"
