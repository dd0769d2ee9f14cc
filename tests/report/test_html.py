"""The HTML pages without a browser: what they contain, that every character of both texts is
shown once and escaped, that hostile documents and names stay text, and what a scan embeds.

The browser tests (``test_html_browser.py``) check the same pages running."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck import compare, compare_texts, scan
from dupcheck.corpus.types import ScanResult
from dupcheck.report.compare_formats import CompareFormat
from dupcheck.report.compare_html import CompareHtmlFormatter
from dupcheck.report.html_page import asset, environment, pct
from dupcheck.report.scan_documents import DocumentReader, fingerprint
from dupcheck.report.scan_html import ScanHtmlFormatter
from dupcheck.report.side_by_side import Change, Mark, side_by_side
from dupcheck.text.types import Document
from tests.report import hostile
from tests.report.html_check import as_shown, check_inert, read_page
from tests.report.test_compare import hand_built

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "compare-html"
SCRIPT, STYLE = asset("page.js"), asset("page.css")


def compare_page(a: str, b: str) -> str:
    return CompareHtmlFormatter().render(compare(SAMPLES / a, SAMPLES / b))


# --- the compare page -----------------------------------------------------------------------


def test_html_is_a_compare_format() -> None:
    assert isinstance(CompareFormat("html").to_formatter(), CompareHtmlFormatter)


def test_compare_page_shows_every_character_of_both_texts_once() -> None:
    c = compare(SAMPLES / "harbour-original.txt", SAMPLES / "harbour-syndicated-heavy.txt")
    page = read_page(CompareHtmlFormatter().render(c))
    check_inert(page, SCRIPT, STYLE)
    assert page.side_text("a") == as_shown(c.a.document.text)
    assert page.side_text("b") == as_shown(c.b.document.text)


def test_compare_page_has_the_verdict_scores_passages_and_legend() -> None:
    html = CompareHtmlFormatter().render(hand_built())
    assert '<span class="verdict v-duplicate">duplicate</span>' in html
    assert "coverage A <b>100.0%</b> · B <b>66.7%</b>" in html
    assert "resemblance <b>12.3%</b>" in html
    assert 'aria-label="Legend"' in html
    assert "Shared passages (1)" in html
    # The edited words on each side, the passage's link to its partner, boilerplate, unique.
    assert 'class="s p0 rep" data-p="1" href="#b1"' in html
    assert ">on Tuesday</a>" in html and ">yesterday</a>" in html
    assert '<span class="bp" title="dateline">PORT (Wire) –</span>' in html
    assert '<span class="u">A local line only here.</span>' in html
    assert 'id="a1"' in html and 'id="b1"' in html


def test_golden_compare_page() -> None:
    """The whole page of a hand-built comparison (alignment changes do not touch it), so any
    change to the markup, stylesheet or script shows up in review. Regenerate with
    ``UPDATE_GOLDEN=1 pytest tests/report/test_html.py``."""
    golden = GOLDEN / "hand-built.html"
    out = CompareHtmlFormatter().render(hand_built())
    if os.environ.get("UPDATE_GOLDEN", "") not in ("", "0"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert out == golden.read_text(encoding="utf-8")


def test_pieces_carry_the_marks_of_the_comparison() -> None:
    sbs = side_by_side(hand_built())
    a_pieces = [p for line in sbs.a.lines for p in line.pieces]
    b_pieces = [p for line in sbs.b.lines for p in line.pieces]
    assert [(p.text, p.change) for p in a_pieces if p.change] == [("on Tuesday", Change.REPLACED)]
    assert [(p.text, p.change) for p in b_pieces if p.change] == [("yesterday", Change.REPLACED)]
    assert [p.text for p in a_pieces if p.mark is Mark.BOILERPLATE] == [
        "PORT (Wire) –",
        "Copyright 2024 Wire.",
    ]
    assert [p.text for p in b_pieces if p.first] == ["The quay closes "]
    assert sbs.passages[0].a_lines == (1, 1) and sbs.passages[0].b_lines == (1, 1)
    assert sbs.passages[0].kinds == "1 edited, 1 identical"


def test_weak_matches_outside_passages_are_marked_weak() -> None:
    c = hand_built()
    weak = side_by_side(type(c)(**{**{f: getattr(c, f) for f in c.__slots__}, "passages": ()}))
    marks = {p.mark for line in weak.a.lines for p in line.pieces}
    assert Mark.WEAK in marks and Mark.SHARED not in marks


def test_percentages_never_round_up_to_a_whole() -> None:
    assert pct(0.9996) == "99.9%"
    assert pct(1.0) == "100.0%"
    assert pct(0.12345) == "12.3%"


def test_page_is_deterministic() -> None:
    assert compare_page("harbour-original.txt", "rail-strike.txt") == compare_page(
        "harbour-original.txt", "rail-strike.txt"
    )


def test_autoescape_is_on_and_no_template_turns_it_off() -> None:
    env = environment()
    assert env.autoescape is True
    templates = [n for n in env.list_templates() if n.endswith(".j2")]
    assert len(templates) >= 4
    for name in templates:
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        assert "|safe" not in source.replace(" ", "") and "{%autoescape" not in source.replace(
            " ", ""
        ), name


@settings(max_examples=40, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
)
def test_any_text_comes_back_exactly_and_inert(a: str, b: str) -> None:
    shared = "The harbour strike entered its third week as talks between the union stalled. "
    c = compare_texts(shared + a, b + " " + shared)
    for side in (side_by_side(c).a, side_by_side(c).b):
        for line in side.lines:
            marks = [(p.mark, p.change, p.passage, p.note) for p in line.pieces]
            assert all(x != y for x, y in itertools.pairwise(marks)), "one element each"
    page = read_page(CompareHtmlFormatter().render(c))
    check_inert(page, SCRIPT, STYLE)
    assert page.side_text("a") == as_shown(c.a.document.text)
    assert page.side_text("b") == as_shown(c.b.document.text)


# --- hostile input --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_hostile_documents_and_names_stay_text(tmp_path: Path, suffix: str) -> None:
    a = tmp_path / (hostile.NAMES[0] + suffix)
    b = tmp_path / (hostile.NAMES[1] + suffix)
    a.write_text(hostile.ORIGINAL, encoding="utf-8")
    b.write_text(hostile.COPY, encoding="utf-8")
    c = compare(a, b)
    assert c.passages, "the attacks must also sit inside shared passages"
    html = CompareHtmlFormatter().render(c)
    page = read_page(html)
    check_inert(page, SCRIPT, STYLE)
    # What the documents say is shown as they say it: escaped, not interpreted, not lost.
    assert page.side_text("a") == as_shown(c.a.document.text)
    assert page.side_text("b") == as_shown(c.b.document.text)
    if suffix == ".txt":
        assert "<script>window.__pwned = 1; alert(1)</script>" in page.side_text("a")
        assert hostile.HUGE in page.side_text("b")
    assert hostile.NAMES[0] in html.replace("&lt;", "<").replace("&gt;", ">")
    assert "<script>window" not in html and "<img" not in html and "<svg" not in html
    assert "<iframe" not in html and "<base" not in html and "<form" not in html


def test_huge_attribute_is_only_ever_text() -> None:
    page = read_page(CompareHtmlFormatter().render(compare_texts(hostile.ORIGINAL, hostile.COPY)))
    for _, attrs in page.tags:
        assert all(len(v) < 1000 for v in attrs.values())


# --- the scan page --------------------------------------------------------------------------


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    for sample in ("harbour-original.txt", "harbour-syndicated-light.txt", "rail-strike.txt"):
        (root / sample).write_bytes((SAMPLES / sample).read_bytes())
    (root / "heavy.txt").write_bytes((SAMPLES / "harbour-syndicated-heavy.txt").read_bytes())
    lines = [
        {"id": "quote", "text": (SAMPLES / "ellerby-housing-quote.txt").read_text("utf-8")},
        {"id": "<b>x", "text": hostile.COPY},
    ]
    (root / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    (root / "hostile.txt").write_text(hostile.ORIGINAL, encoding="utf-8")
    return root


def _scan(root: Path) -> ScanResult:
    from dupcheck.corpus.types import ScanOptions

    return scan(root, options=ScanOptions(jobs=1))


def test_scan_page_embeds_the_top_findings_side_by_side(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = _scan(root)
    assert len(result.pairs) >= 4
    html = ScanHtmlFormatter(DocumentReader(root, result.options)).render(result)
    page = read_page(html)
    check_inert(page, SCRIPT, STYLE)
    names = {p.a for p in result.pairs} | {p.b for p in result.pairs}
    assert "feed.jsonl#&lt;b&gt;x" in html and "feed.jsonl#<b>x" in names
    # Every pair has its row and every view shows its two documents exactly.
    assert html.count("<tr data-rank=") == len(result.pairs)
    sides = {key for key in page.lines}
    assert len(sides) == 2 * len(result.pairs)
    docs = DocumentReader(root, result.options).read(
        [(p.a, p.fingerprint_a) for p in result.pairs]
        + [(p.b, p.fingerprint_b) for p in result.pairs]
    )
    for rank in range(1, len(result.pairs) + 1):
        row = html.split(f'<tr data-rank="{rank}" data-a="', 1)[1]
        a_name = row.split('"', 1)[0].replace("&lt;", "<").replace("&gt;", ">")
        a_doc = docs[a_name]
        assert isinstance(a_doc, Document)
        assert page.side_text(f"f{rank}-a") == as_shown(a_doc.text)


def test_scan_page_orders_findings_by_severity_and_marks_the_baseline(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = _scan(root)
    first = result.pairs[0]
    accepted = type(result)(
        **{**{f: getattr(result, f) for f in result.__slots__}, "pairs": (
            type(first)(**{**{f: getattr(first, f) for f in first.__slots__}, "baselined": True}),
            *result.pairs[1:],
        )}
    )  # fmt: skip
    html = ScanHtmlFormatter().render(accepted)
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr ")[1:]
    assert 'data-baselined="1"' in rows[-1] and "accepted (baseline)" in rows[-1]
    severities = [int(r.split('data-severity="', 1)[1][0]) for r in rows[:-1]]
    assert severities == sorted(severities, reverse=True)
    assert "not embedded" in rows[0]  # no reader: a table without views


def test_scan_page_stops_embedding_at_its_limits(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = _scan(root)
    reader = DocumentReader(root, result.options)
    one = ScanHtmlFormatter(reader, max_findings=1).render(result)
    assert one.count('<section class="finding"') == 1
    assert "past the first 1 findings" in one
    assert "For any other pair run" in one
    none = ScanHtmlFormatter(reader, max_chars=100).render(result)
    assert '<section class="finding"' not in none
    assert "past the 100 characters embedded" in none


def test_a_document_changed_since_the_scan_is_not_shown(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = _scan(root)
    assert any("heavy.txt" in (p.a, p.b) for p in result.pairs)
    (root / "heavy.txt").write_text("Something else entirely now.\n", encoding="utf-8")
    html = ScanHtmlFormatter(DocumentReader(root, result.options)).render(result)
    assert "heavy.txt: changed since the scan" in html
    for pair in result.pairs:
        if "heavy.txt" in (pair.a, pair.b):
            assert f'data-a="{pair.a}" data-b="{pair.b}"' in html
    assert "Something else entirely" not in html


def test_line_numbers_follow_the_file_whatever_its_line_breaks() -> None:
    text = "First line of the harbour story here.\r\nSecond line.\rThird line.\n\nFifth line."
    c = compare_texts(text, "Something else entirely, about the weather in the hills today.")
    lines = side_by_side(c).a.lines
    assert [ln.number for ln in lines] == [1, 2, 3, 4, 5]
    assert ["".join(p.text for p in ln.pieces) for ln in lines] == [
        "First line of the harbour story here.",
        "Second line.",
        "Third line.",
        "",
        "Fifth line.",
    ]


def test_reader_finds_jsonl_lines_without_ids_and_says_what_is_gone(tmp_path: Path) -> None:
    from dupcheck.corpus.types import ScanOptions

    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": "A line without an id."}) + "\n", encoding="utf-8"
    )
    (tmp_path / "kept.txt").write_text("Kept text.\n", encoding="utf-8")
    reader = DocumentReader(tmp_path, ScanOptions())
    found = reader.read(
        [
            ("feed.jsonl:1", fingerprint("A line without an id.")),
            ("kept.txt", fingerprint("Kept text.\n")),
            ("gone.txt", "0"),
            ("feed.jsonl#missing", "0"),
        ]
    )
    assert isinstance(found["feed.jsonl:1"], Document)
    assert found["feed.jsonl:1"].text == "A line without an id."
    assert isinstance(found["kept.txt"], Document)
    assert found["gone.txt"] == "no such file"
    assert found["feed.jsonl#missing"] == "no longer found"


def test_scan_page_summary_agrees_with_the_text_report() -> None:
    from dupcheck.report.scan_html import summary
    from dupcheck.report.scan_text import summary_line
    from tests.report.test_scan import EMPTY, RESULT

    for result in (RESULT, EMPTY):
        assert summary(result) == summary_line(result)


DIVIDEND = (
    "{fund} Tax-Free Income Fund said its board declared a monthly dividend of {amount} per "
    "share, payable {paid} to shareholders of record {record}.\n\nThe fund said the dividend is "
    "unchanged from the prior month and that it will continue to review its payout policy each "
    "quarter with its advisers.\n"
)


def test_same_wording_different_facts_is_shown_as_such() -> None:
    a = DIVIDEND.format(fund="Franklin Insured", amount="7.1 cts", paid="April 1", record="March 9")
    b = DIVIDEND.format(fund="Franklin Puerto Rico", amount="9 cts", paid="May 1", record="April 9")
    c = compare_texts(a, b)
    changes = [(fc.a_text, fc.b_text) for m in c.matches for fc in m.fact_changes]
    assert ("7.1 cts", "9 cts") in changes
    html = CompareHtmlFormatter().render(c)
    page = read_page(html)
    check_inert(page, SCRIPT, STYLE)
    assert f'<span class="verdict v-{c.verdict.value}">' in html
    assert f"Same wording, different facts ({len(changes)})" in html
    assert '<span class="fact">7.1 cts</span> → <span class="fact">9 cts</span>' in html
    # In the columns, each side's fact is marked where it is written, inside its passage.
    assert (
        'class="s p0 fact" data-p="1" href="#b1" title="passage 1: figure: 7.1 cts → 9 cts">7.1 cts'
        in html
    )
    assert 'title="passage 1: figure: 7.1 cts → 9 cts">9 cts</a>' in html
    assert page.side_text("a") == as_shown(a) and page.side_text("b") == as_shown(b)
    pieces = [p for line in side_by_side(c).b.lines for p in line.pieces if p.change is Change.FACT]
    assert {p.text for p in pieces} >= {"9 cts", "May 1", "April 9"}


def test_the_verdicts_notes_are_shown_under_it() -> None:
    from dataclasses import replace

    from dupcheck.align.types import Note

    c = replace(hand_built(), notes=(Note.CHANGED_FIGURES,))
    html = CompareHtmlFormatter().render(c)
    assert '<dt>note</dt><dd><b>changed-figures</b> <span class="muted">a figure differs' in html
    assert "<dt>note</dt>" not in CompareHtmlFormatter().render(hand_built())
