"""The scan output formats, on hand-built results (no engine needed).

Golden files live in ``tests/golden/scan/``, one per format, rendered from ``RESULT`` below.
After an intended output change, regenerate them and review the diff::

    UPDATE_GOLDEN=1 pytest tests/report/test_scan.py
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dupcheck.align.types import CompareOptions, Scores, Verdict
from dupcheck.corpus.types import Cluster, Pair, ScanOptions, ScanResult, Skipped
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import View
from dupcheck.report.scan_common import annotated_sides
from dupcheck.report.scan_formats import ScanFormat
from dupcheck.report.scan_github import ScanGithubFormatter, escape_data, escape_property
from dupcheck.report.scan_json import SCHEMA, to_dict
from dupcheck.report.scan_sarif import ScanSarifFormatter
from dupcheck.report.scan_text import TextScanFormatter, summary_line

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "scan"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")
SUFFIX = {
    ScanFormat.TEXT: "txt",
    ScanFormat.JSON: "json",
    ScanFormat.CSV: "csv",
    ScanFormat.GITHUB: "txt",
    ScanFormat.SARIF: "sarif",
    ScanFormat.HTML: "html",
}
ANSI = re.compile(r"\x1b\[")

WIRE = "wire/reuters-harbour-strike-2024-05-02.txt"
LOCAL = "local/gazette-harbour-strike.txt"
WEB = "web/daily-harbour.html"
ODD = "opinion/column, with comma: 100%.md"

RESULT = ScanResult(
    root="/corpus/articles",
    documents=7,
    pairs=(
        Pair(LOCAL, WEB, Verdict.DUPLICATE, Scores(0.4, 0.5, 0.6, 0.7, 0.99), "f1", "f3", True),
        Pair(
            LOCAL, WIRE, Verdict.DUPLICATE, Scores(0.13217, 0.21, 0.19, 0.873333, 0.915), "f1", "f2"
        ),
        Pair(ODD, WIRE, Verdict.PARTIAL, Scores(0.02, 0.05, 0.01, 0.12344, 0.05), "f4", "f2"),
    ),
    clusters=(Cluster(1, (LOCAL, WEB, WIRE), WIRE),),
    skipped=(Skipped("img/photo.txt", "binary"), Skipped("notes/empty.md", "empty")),
    candidates=5,
    # Pinned, so tuning the defaults does not churn the golden files.
    options=ScanOptions(compare=CompareOptions(match_threshold=0.5, max_gap=1)),
)
EMPTY = ScanResult(root="tree", documents=2, pairs=(), clusters=(), skipped=(), candidates=0)


def render(fmt: ScanFormat, result: ScanResult = RESULT, **kwargs: Any) -> str:
    kwargs.setdefault("view", View(width=80))
    return fmt.to_formatter(**kwargs).render(result)


@pytest.mark.parametrize("fmt", list(ScanFormat))
def test_every_format_has_a_formatter(fmt: ScanFormat) -> None:
    out = render(fmt)
    assert out.endswith("\n")
    assert "local/gazette-harbour-strike.txt" in out


@pytest.mark.parametrize("fmt", list(ScanFormat))
def test_golden(fmt: ScanFormat) -> None:
    path = GOLDEN / f"{fmt.value}.{SUFFIX[fmt]}"
    out = render(fmt, locate=lambda name: f"articles/{name}")
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(ScanFormat))
def test_an_empty_scan_renders(fmt: ScanFormat) -> None:
    out = render(fmt, EMPTY)
    if fmt is ScanFormat.GITHUB:
        assert out == ""  # no pair, no annotation
    else:
        assert out.endswith("\n")


# --- json -----------------------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    text = resources.files("dupcheck").joinpath("schemas/scan-2.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def check_scan_json(data: dict[str, Any]) -> None:
    """The contract's structure, checked by hand (so it holds without jsonschema), then against
    the shipped schema when jsonschema is installed."""
    assert data["schema"] == SCHEMA
    assert isinstance(data["root"], str) and isinstance(data["documents"], int)
    scores = ("resemblance", "containment_a", "containment_b", "coverage_a", "coverage_b")
    for pair in data["pairs"]:
        assert isinstance(pair["a"], str) and isinstance(pair["b"], str)
        assert "\\" not in pair["a"] + pair["b"]
        assert pair["verdict"] in ("duplicate", "partial", "template")
        assert set(pair["notes"]) <= {"changed-figures", "other-tickers"}
        for key in scores:
            assert 0 <= pair[key] <= 1 and round(pair[key], 4) == pair[key]
    assert data["pairs"] == sorted(data["pairs"], key=lambda p: (p["a"], p["b"]))
    for cluster in data["clusters"]:
        assert isinstance(cluster["id"], int) and cluster["original"] in cluster["members"]
    for skipped in data["skipped"]:
        assert isinstance(skipped["path"], str) and isinstance(skipped["reason"], str)
    verdicts = [p["verdict"] for p in data["pairs"]]
    assert data["counts"] == {v: verdicts.count(v) for v in ("duplicate", "partial", "template")}
    try:
        jsonschema = importlib.import_module("jsonschema")  # untyped: keep mypy out of it
    except ImportError:  # pragma: no cover - jsonschema is in the dev environment
        return
    jsonschema.Draft202012Validator.check_schema(_schema())
    jsonschema.validate(data, _schema(), cls=jsonschema.Draft202012Validator)


def test_json_follows_the_contract() -> None:
    data = json.loads(render(ScanFormat.JSON))
    check_scan_json(data)
    assert list(data)[:5] == ["schema", "root", "documents", "candidates", "pairs"]
    second = data["pairs"][1]
    assert second["resemblance"] == 0.1322
    assert second["coverage_a"] == 0.8733
    assert (second["cluster"], data["pairs"][2]["cluster"]) == (1, None)
    assert [p["baselined"] for p in data["pairs"]] == [True, False, False]
    assert data["clusters"] == [{"id": 1, "members": [LOCAL, WEB, WIRE], "original": WIRE}]
    assert data["skipped"][0] == {"path": "img/photo.txt", "reason": "binary"}


def test_json_options_record_the_index_but_not_the_worker_count() -> None:
    result = ScanResult(**{**to_kwargs(RESULT), "options": ScanOptions(jobs=7, seed=42)})
    options = json.loads(render(ScanFormat.JSON, result))["options"]
    assert options["seed"] == 42
    assert {"num_perm", "scheme", "lsh_threshold", "shingle_size", "thresholds"} <= set(options)
    assert options["thresholds"]["duplicate_coverage"] == 0.5
    assert "jobs" not in options
    # Every other option can change which pairs are found or how they are judged.
    recorded = {f.name for f in dataclasses.fields(ScanOptions)} - {"jobs", "compare"}
    assert recorded <= set(options)
    assert render(ScanFormat.JSON, result) == render(
        ScanFormat.JSON,
        ScanResult(**{**to_kwargs(RESULT), "options": ScanOptions(jobs=1, seed=42)}),
    )


def to_kwargs(result: ScanResult) -> dict[str, Any]:
    return {name: getattr(result, name) for name in ScanResult.__dataclass_fields__}


def test_the_schema_rejects_what_the_contract_forbids() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = to_dict(RESULT)
    data["pairs"][0]["verdict"] = "similar"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema(), cls=jsonschema.Draft202012Validator)
    del data["pairs"][0]["verdict"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema(), cls=jsonschema.Draft202012Validator)


# --- csv ------------------------------------------------------------------------------------


def test_csv_has_one_row_per_pair() -> None:
    rows = list(csv.DictReader(io.StringIO(render(ScanFormat.CSV))))
    assert len(rows) == len(RESULT.pairs)
    assert rows[2]["a"] == ODD  # quoted, comma and all
    assert rows[1]["coverage_a"] == "0.8733"
    assert [r["baselined"] for r in rows] == ["true", "false", "false"]
    assert [r["cluster"] for r in rows] == ["1", "1", ""]
    assert list(rows[0]) == [
        "a", "b", "verdict", "resemblance", "containment_a", "containment_b",
        "coverage_a", "coverage_b", "baselined", "cluster", "notes", "formula",
    ]  # fmt: skip


# --- github ---------------------------------------------------------------------------------


def test_github_escapes_as_the_runner_does() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_levels_follow_the_exit_policy() -> None:
    lines = render(ScanFormat.GITHUB).splitlines()
    assert len(lines) == 2  # the baselined pair gets no annotation
    # On the copy, not on the cluster's original (WIRE); the message keeps a-then-b order.
    assert lines[0].startswith(f"::error file={LOCAL},title=dupcheck duplicate::{LOCAL} and ")
    assert lines[1].startswith("::warning file=opinion/column%2C with comma%3A 100%25.md,")
    assert "::opinion/column, with comma: 100%25.md and " in lines[1]  # data escaping only
    strict = render(ScanFormat.GITHUB, policy=ExitPolicy(fail_on=Verdict.PARTIAL))
    assert [line.split(" ")[0] for line in strict.splitlines()] == ["::error"] * 2
    lenient = render(ScanFormat.GITHUB, policy=ExitPolicy(exit_zero=True))
    assert [line.split(" ")[0] for line in lenient.splitlines()] == ["::warning"] * 2


def test_github_paths_are_located_from_the_working_directory() -> None:
    line = ScanGithubFormatter(locate=lambda name: f"articles/{name}").render(RESULT)
    line = line.splitlines()[0]
    assert line.startswith(f"::error file=articles/{LOCAL},")
    assert f"::articles/{LOCAL} and articles/{WIRE} share 87%25 / 92%25" in line


paths = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)


@given(a=paths, b=paths)
def test_github_gives_one_line_per_pair_whatever_the_paths(a: str, b: str) -> None:
    pair = Pair(a, b, Verdict.DUPLICATE, Scores(1, 1, 1, 1, 1), "x", "y")
    result = ScanResult(root="r", documents=2, pairs=(pair,), clusters=(), skipped=(), candidates=1)
    out = ScanGithubFormatter().render(result)
    assert out.count("\n") == 1 and "\r" not in out
    props, _, _message = out.partition("::")[2].partition("::")
    assert props.count(",") == 1  # the separator between file= and title=, nothing from paths
    assert ":" not in props.split(" ", 1)[1]


def test_annotations_sit_on_the_copy_not_the_original() -> None:
    assert annotated_sides(RESULT.pairs[1], frozenset({WIRE})) == (LOCAL, WIRE)
    assert annotated_sides(RESULT.pairs[1], frozenset({LOCAL})) == (WIRE, LOCAL)
    assert annotated_sides(RESULT.pairs[1], frozenset()) == (WIRE, LOCAL)  # b, by default
    assert annotated_sides(RESULT.pairs[1], frozenset({LOCAL, WIRE})) == (WIRE, LOCAL)


# --- sarif ----------------------------------------------------------------------------------


def check_sarif(log: dict[str, Any]) -> None:
    """The structure SARIF 2.1.0 requires, and the references between its parts."""
    assert log["version"] == "2.1.0"
    assert "sarif-schema-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert {"name", "version", "informationUri", "rules"} <= set(driver)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(set(rule_ids)) == len(rule_ids)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        for loc in result["locations"] + result["relatedLocations"]:
            artifact = loc["physicalLocation"]["artifactLocation"]
            assert artifact["uriBaseId"] == "ROOT"
            assert not artifact["uri"].startswith("/") and " " not in artifact["uri"]
        assert result["partialFingerprints"]
        assert result["baselineState"] in ("new", "unchanged")
    for invocation in run["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)


def test_sarif_is_a_valid_log() -> None:
    log = json.loads(render(ScanFormat.SARIF))
    check_sarif(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["ROOT"]["uri"] == "file:///corpus/articles/"
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["DUP001", "DUP001", "DUP002"]
    assert [r["level"] for r in results] == ["note", "error", "warning"]

    def uri(location: dict[str, Any]) -> str:
        artifact: str = location["physicalLocation"]["artifactLocation"]["uri"]
        return artifact

    # On the copy; the cluster's original (WIRE) is the related location.
    assert uri(results[1]["locations"][0]) == LOCAL
    assert uri(results[1]["relatedLocations"][0]) == WIRE
    assert uri(results[2]["locations"][0]) == "opinion/column%2C%20with%20comma%3A%20100%25.md"
    assert [r["baselineState"] for r in results] == ["unchanged", "new", "new"]
    assert results[0]["suppressions"][0]["status"] == "accepted"
    assert "suppressions" not in results[1]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["skipped: binary", "skipped: empty"]


def test_sarif_fingerprints_survive_a_swap_of_sides() -> None:
    pair = RESULT.pairs[1]
    swapped = Pair(
        pair.b, pair.a, pair.verdict, pair.scores, pair.fingerprint_b, pair.fingerprint_a
    )
    logs = [
        ScanSarifFormatter().to_dict(ScanResult(**{**to_kwargs(RESULT), "pairs": (p,)}))
        for p in (pair, swapped)
    ]
    prints = [log["runs"][0]["results"][0]["partialFingerprints"] for log in logs]
    assert prints[0] == prints[1]


def test_sarif_takes_a_relative_root_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = ScanSarifFormatter(version="9").to_dict(ScanResult(**{**to_kwargs(RESULT), "root": "a"}))
    check_sarif(log)
    assert log["runs"][0]["originalUriBaseIds"]["ROOT"]["uri"] == (tmp_path / "a").as_uri() + "/"
    assert log["runs"][0]["tool"]["driver"]["version"] == "9"


def test_jsonl_records_point_at_their_file() -> None:
    pair = Pair(
        "feed.jsonl#A1", "feed.jsonl:7", Verdict.PARTIAL, Scores(0, 0, 0, 0.2, 0.2), "x", "y"
    )
    result = ScanResult(
        root="/r", documents=2, pairs=(pair,), clusters=(), skipped=(), candidates=1
    )
    line = ScanGithubFormatter().render(result)
    assert line.startswith("::warning file=feed.jsonl,")
    assert "feed.jsonl#A1 and feed.jsonl:7 share" in line
    (sarif,) = ScanSarifFormatter().to_dict(result)["runs"][0]["results"]
    where = [sarif["locations"][0], sarif["relatedLocations"][0]]
    assert [w["physicalLocation"]["artifactLocation"]["uri"] for w in where] == ["feed.jsonl"] * 2


# --- text -----------------------------------------------------------------------------------


def test_text_reads_at_80_columns_without_colour() -> None:
    out = render(ScanFormat.TEXT)
    assert not ANSI.search(out)
    assert max(len(line) for line in out.splitlines()) <= 80
    headings = [
        line for line in out.splitlines() if re.match(r"^(Clusters|Pairs|Skipped) \(", line)
    ]
    assert headings == ["Clusters (1)", "Pairs (3)", "Skipped (2)"]
    assert "baselined" in out
    assert out.rstrip().endswith(summary_line(RESULT))


def test_text_marks_the_baselined_pair_beside_its_verdict() -> None:
    lines = render(ScanFormat.TEXT).splitlines()
    web = next(i for i, line in enumerate(lines) if line.startswith(WEB))
    assert "baselined" in lines[web]
    others = lines[:web] + lines[web + 1 : -1]  # the last line is the summary
    assert "baselined" not in "".join(others)


def test_text_in_colour_and_under_no_color() -> None:
    coloured = TextScanFormatter(View(width=80, color_system="standard")).render(RESULT)
    assert ANSI.search(coloured)
    no_color = TextScanFormatter(View(width=80, color_system="standard", no_color=True))
    assert "\x1b[31m" not in no_color.render(RESULT)  # red is gone, bold may stay


def test_text_verbose_adds_containment() -> None:
    assert "contain" in TextScanFormatter(View(width=100, verbose=True)).render(RESULT)
    assert "contain" not in render(ScanFormat.TEXT)


def test_summary_line() -> None:
    assert summary_line(RESULT) == (
        "7 documents, 3 pairs (2 duplicate, 1 partial; 1 baselined), 1 cluster, 2 skipped"
    )
    assert summary_line(EMPTY) == "2 documents, 0 pairs, 0 clusters"
    assert "No shared content found." in render(ScanFormat.TEXT, EMPTY)
