"""Formatters of ``dupcheck compare``: the JSON contract and the rich terminal view."""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from dupcheck import compare
from dupcheck.align.types import (
    CompareOptions,
    Comparison,
    EditOp,
    Match,
    MatchKind,
    Passage,
    Scores,
    Verdict,
    WordEdit,
)
from dupcheck.report.base import Formatter, View
from dupcheck.report.compare_formats import CompareFormat
from dupcheck.report.compare_json import SCHEMA, CompareJsonFormatter, to_dict
from dupcheck.report.compare_text import TextCompareFormatter
from dupcheck.text.types import Analysis, Boilerplate, BoilerplateKind, Document, Sentence, Span

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "dupcheck/schemas/compare-3.schema.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;)[0-9;]*m")

TEXT_A = "PORT (Wire) – The quay closes on Tuesday. Ships move south.\n\nCopyright 2024 Wire."
TEXT_B = "The quay closes yesterday. Ships move south.\n\nA local line only here."


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def _sentence(text: str, index: int, part: str) -> Sentence:
    return Sentence(index=index, span=_span(text, part), norm=part.casefold(), paragraph=0)


def hand_built() -> Comparison:
    """A small comparison with an edited match, an identical one, boilerplate and unique text."""
    a = Analysis(
        Document("a.txt", TEXT_A),
        (
            _sentence(TEXT_A, 0, "The quay closes on Tuesday."),
            _sentence(TEXT_A, 1, "Ships move south."),
        ),
        (
            Boilerplate(_span(TEXT_A, "PORT (Wire) –"), BoilerplateKind.DATELINE),
            Boilerplate(_span(TEXT_A, "Copyright 2024 Wire."), BoilerplateKind.COPYRIGHT),
        ),
    )
    b = Analysis(
        Document("b.txt", TEXT_B, encoding="cp1252"),
        (
            _sentence(TEXT_B, 0, "The quay closes yesterday."),
            _sentence(TEXT_B, 1, "Ships move south."),
            _sentence(TEXT_B, 2, "A local line only here."),
        ),
        (),
    )
    edited = Match(
        (0,),
        (0,),
        a.sentences[0].span,
        b.sentences[0].span,
        0.8,
        MatchKind.EDITED,
        (WordEdit(EditOp.REPLACE, _span(TEXT_A, "on Tuesday"), _span(TEXT_B, "yesterday")),),
    )
    same = Match((1,), (1,), a.sentences[1].span, b.sentences[1].span, 1.0, MatchKind.IDENTICAL)
    return Comparison(
        a=a,
        b=b,
        verdict=Verdict.DUPLICATE,
        scores=Scores(0.123456, 0.5, 0.4, 1.0, 0.66666),
        matches=(edited, same),
        passages=(
            Passage(
                Span(edited.a.start, same.a.end), Span(edited.b.start, same.b.end), (0, 1), 0.9
            ),
        ),
        unique_a=(),
        unique_b=(b.sentences[2].span,),
        options=CompareOptions(),
    )


def sample_pair(a: str, b: str) -> Comparison:
    return compare(SAMPLES / a, SAMPLES / b)


# --- every format has a formatter -----------------------------------------------------------


@pytest.mark.parametrize("fmt", list(CompareFormat))
def test_every_format_has_a_formatter(fmt: CompareFormat) -> None:
    formatter = fmt.to_formatter()
    assert isinstance(formatter, Formatter)
    out = formatter.render(hand_built())
    assert out.endswith("\n")
    assert "a.txt" in out


# --- JSON -----------------------------------------------------------------------------------


def _check_structure(data: dict[str, Any]) -> None:
    """What the schema says, by hand, for runs without jsonschema installed."""
    assert data["schema"] == SCHEMA
    for side in ("a", "b"):
        assert isinstance(data[side]["path"], str)
        assert isinstance(data[side]["chars"], int)
    assert data["verdict"] in {"duplicate", "partial", "template", "distinct"}
    assert set(data["notes"]) <= {"changed-figures", "other-tickers", "one-liner", "other-days"}
    keys = {"resemblance", "containment_a", "containment_b", "coverage_a", "coverage_b", "formula"}
    assert keys <= set(data["scores"])
    assert all(0.0 <= data["scores"][k] <= 1.0 for k in keys)
    assert isinstance(data["corpus_knowledge"], bool)
    for m in data["matches"]:
        assert m["kind"] in {"identical", "edited", "rewritten"}
        assert 0.0 <= m["score"] <= 1.0
        for change in m["fact_changes"]:
            assert change["kind"] in {"figure", "date", "name", "ticker"}
    spans = [m[s] for m in data["matches"] for s in ("a", "b")]
    spans += [c[s] for m in data["matches"] for c in m["fact_changes"] for s in ("a", "b")]
    spans += [p[s] for p in data["passages"] for s in ("a", "b")]
    for key in ("unique_a", "unique_b", "boilerplate_a", "boilerplate_b"):
        spans += data[key]
    for span in spans:
        assert len(span) == 2
        assert 0 <= span[0] <= span[1]


def validate(data: dict[str, Any]) -> None:
    _check_structure(data)
    try:
        # Through importlib: jsonschema ships no type stubs, and it is optional here.
        jsonschema = importlib.import_module("jsonschema")
    except ImportError:  # pragma: no cover - the hand-written check above still ran
        return
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text("utf-8")))


def test_schema_file_is_a_valid_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text("utf-8")))


def test_json_of_a_hand_built_comparison() -> None:
    c = hand_built()
    data = json.loads(CompareJsonFormatter().render(c))
    validate(data)
    assert data["a"] == {
        "path": "a.txt",
        "chars": len(TEXT_A),
        "encoding": "utf-8",
        "content_chars": c.a.content_chars,
    }
    assert data["b"]["encoding"] == "cp1252"
    assert data["scores"]["resemblance"] == 0.1235
    assert data["scores"]["coverage_b"] == 0.6667
    assert data["matches"][0]["edits"] == [
        {
            "op": "replace",
            "a": _span(TEXT_A, "on Tuesday").as_list(),
            "b": _span(TEXT_B, "yesterday").as_list(),
        }
    ]
    assert data["boilerplate_a"] == [bp.span.as_list() for bp in c.a.boilerplate]
    assert data["boilerplate"]["a"][1] == {
        "span": _span(TEXT_A, "Copyright 2024 Wire.").as_list(),
        "kind": "copyright",
    }
    assert data["unique_b"] == [_span(TEXT_B, "A local line only here.").as_list()]
    assert data["passages"][0]["matches"] == [0, 1]
    assert set(data["options"]) == set(CompareOptions.__dataclass_fields__)


def test_json_spans_slice_back_to_the_original_text() -> None:
    data = to_dict(hand_built())
    assert TEXT_A[slice(*data["matches"][1]["a"])] == "Ships move south."
    assert TEXT_B[slice(*data["matches"][0]["b"])] == "The quay closes yesterday."


def test_json_is_deterministic_and_ends_with_a_newline() -> None:
    first = CompareJsonFormatter().render(
        sample_pair("harbour-original.txt", "harbour-syndicated-heavy.txt")
    )
    second = CompareJsonFormatter().render(
        sample_pair("harbour-original.txt", "harbour-syndicated-heavy.txt")
    )
    assert first == second
    assert first.endswith("}\n")
    assert list(json.loads(first))[:4] == ["schema", "a", "b", "verdict"]


@pytest.mark.parametrize(
    "other", ["harbour-syndicated-light.txt", "ellerby-housing-quote.txt", "rail-strike.txt"]
)
def test_json_of_samples_follows_the_schema(other: str) -> None:
    validate(to_dict(sample_pair("harbour-original.txt", other)))


# --- text -----------------------------------------------------------------------------------


def render_text(c: Comparison, **view: Any) -> str:
    return TextCompareFormatter(View(**view)).render(c)


@pytest.mark.parametrize("width", [40, 80, 120, 160])
def test_text_fits_the_width(width: int) -> None:
    for c in (hand_built(), sample_pair("harbour-original.txt", "harbour-syndicated-heavy.txt")):
        out = render_text(c, width=width, verbose=True)
        assert max(len(line) for line in out.splitlines()) <= width


def test_text_at_80_columns_has_the_sections() -> None:
    out = render_text(hand_built(), width=80)
    assert "DUPLICATE" in out
    assert "coverage     A 100.0%  B 66.7%" in out
    assert "Passage 1" in out
    assert "edited" in out
    assert "A=B Ships move south." in out  # identical matches are shown once when stacked
    assert "Only in B" in out
    assert "A local line only here." in out
    assert "Only in A" not in out
    assert "dateline" in out
    assert "copyright" in out
    assert out.splitlines()[-1] == (
        "duplicate: A 100% / B 67% covered; 2 matches, 1 passage (1 identical, 1 edited)"
    )


def test_an_edit_that_keeps_every_content_word_is_not_labelled_100_percent() -> None:
    c = hand_built()
    edited = dataclasses.replace(c.matches[0], score=1.0)
    out = render_text(dataclasses.replace(c, matches=(edited, c.matches[1])), width=80)
    kind_line = next(line for line in out.splitlines() if line.strip().startswith("edited"))
    assert kind_line.split() == ["edited", "same", "content"]
    assert "edited 80.0%" in render_text(c, width=80)


def test_plain_text_marks_word_edits_like_wdiff() -> None:
    out = render_text(hand_built(), width=80)
    assert "The quay closes [-on Tuesday-]." in out
    assert "The quay closes {+yesterday+}." in out
    assert ANSI.search(out) is None


def test_colour_styles_edits_instead_of_marking_them() -> None:
    out = render_text(hand_built(), width=80, color_system="truecolor")
    assert COLOUR.search(out)
    assert "[-" not in out
    assert "{+" not in out
    assert "on Tuesday" in ANSI.sub("", out)


def test_no_color_keeps_styles_but_drops_colours() -> None:
    out = render_text(hand_built(), width=80, color_system="truecolor", no_color=True)
    assert ANSI.search(out)  # bold and dim stay
    assert COLOUR.search(out) is None
    assert "[-on Tuesday-]" in out


def test_wide_terminals_show_passages_side_by_side() -> None:
    narrow = render_text(hand_built(), width=80)
    wide = render_text(hand_built(), width=160)
    side_by_side = [
        line for line in wide.splitlines() if "[-on Tuesday-]" in line and "{+yesterday+}" in line
    ]
    assert side_by_side
    assert not any(
        "[-on Tuesday-]" in line and "{+yesterday+}" in line for line in narrow.splitlines()
    )


def test_verbose_adds_sentence_scores_and_a_minhash_estimate() -> None:
    out = render_text(
        sample_pair("harbour-original.txt", "harbour-original-cp1252.txt"), width=100, verbose=True
    )
    assert "Sentence scores" in out
    assert re.search(r"minhash\s+100\.0%", out)


def test_distinct_pair_has_no_passages() -> None:
    out = render_text(sample_pair("harbour-original.txt", "rail-strike.txt"), width=80)
    assert "DISTINCT" in out
    assert "Shared passages" not in out
    assert "Only in A" in out
    assert "Only in B" in out


def test_no_trailing_blanks() -> None:
    out = render_text(hand_built(), width=80, color_system="standard")
    assert all(not ANSI.sub("", line).endswith(" ") for line in out.splitlines())
