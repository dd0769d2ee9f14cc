"""``dupcheck compare --format html``: one self-contained page with the two stories side by side.

Each shared passage has its own colour on both sides and links to its partner (the page's small
script also lights the partner up); word edits, facts stated otherwise (same wording, different
facts), boilerplate and the content only one side has are marked, and each line carries its
number in the file. Everything is readable with scripts off and prints as two columns. See
``html_page`` for what makes the page safe to open.
"""

from __future__ import annotations

from dupcheck.align.types import Comparison
from dupcheck.report.base import NOTE_TEXT, VERDICT_NOTE, Formatter
from dupcheck.report.html_page import render_page
from dupcheck.report.side_by_side import side_by_side


class CompareHtmlFormatter(Formatter[Comparison]):
    """The whole comparison as one HTML page."""

    def render(self, result: Comparison) -> str:
        return render_page(
            "compare.html.j2",
            c=result,
            sbs=side_by_side(result),
            note=VERDICT_NOTE[result.verdict],
            notes=[(n.value, NOTE_TEXT[n]) for n in result.notes],
        )
