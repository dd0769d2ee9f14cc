"""The scan output formats, on hand-built results (no engine needed).

Golden files live in ``tests/golden/scan/``, one per format, rendered from ``RESULT`` below.
After an intended output change, regenerate them and review the diff::

    UPDATE_GOLDEN=1 pytest tests/report/test_scan.py
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
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

from dupcheck.align.types import CompareOptions, Note, Scores, Verdict
from dupcheck.corpus.types import (
    Cluster,
    DateSource,
    DocumentDate,
    Excerpt,
    OriginalBy,
    Pair,
    ScanOptions,
    ScanResult,
    Skipped,
)
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import NOTE_TEXT, View
from dupcheck.report.scan_common import NOTE_SAID, Precedence, annotated_sides
from dupcheck.report.scan_formats import ScanFormat
from dupcheck.report.scan_github import ScanGithubFormatter, escape_data, escape_property
from dupcheck.report.scan_json import SCHEMA, to_dict
from dupcheck.report.scan_sarif import ScanSarifFormatter
from dupcheck.report.scan_summary import ScanSummaryFormatter, markdown_text
from dupcheck.report.scan_text import TextScanFormatter, summary_line
from dupcheck.text.types import Span

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "scan"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")
SUFFIX = {
    ScanFormat.TEXT: "txt",
    ScanFormat.JSON: "json",
    ScanFormat.CSV: "csv",
    ScanFormat.GITHUB: "txt",
    ScanFormat.SARIF: "sarif",
    ScanFormat.HTML: "html",
    ScanFormat.GITLAB: "json",
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
            LOCAL,
            WIRE,
            Verdict.DUPLICATE,
            Scores(0.13217, 0.21, 0.19, 0.873333, 0.915),
            "f1",
            "f2",
            excerpt_a=Excerpt(Span(120, 480), (3, 7)),
            excerpt_b=Excerpt(Span(0, 300), (1, 4)),
        ),
        # No lines on the copy's side (as for a web page's extracted text or a JSONL record).
        Pair(
            ODD,
            WIRE,
            Verdict.PARTIAL,
            Scores(0.02, 0.05, 0.01, 0.12344, 0.05),
            "f4",
            "f2",
            excerpt_a=Excerpt(Span(10, 90), None),
            excerpt_b=Excerpt(Span(400, 520), (9, 9)),
        ),
    ),
    clusters=(Cluster(1, (LOCAL, WEB, WIRE), WIRE, OriginalBy.DATE),),
    skipped=(Skipped("img/photo.txt", "binary"), Skipped("notes/empty.md", "empty")),
    candidates=5,
    # Pinned, so tuning the defaults does not churn the golden files.
    options=ScanOptions(compare=CompareOptions(match_threshold=0.5, max_gap=1)),
    dates=(
        DocumentDate(LOCAL, dt.datetime(2024, 5, 4, 9, 30, 5, tzinfo=dt.UTC), DateSource.MODIFIED),
        DocumentDate(ODD, dt.datetime(2024, 5, 6, tzinfo=dt.UTC), DateSource.FIELD),
        DocumentDate(WEB, dt.datetime(2024, 5, 3, tzinfo=dt.UTC), DateSource.TEXT_YEAR_INFERRED),
        DocumentDate(WIRE, dt.datetime(2024, 5, 2, tzinfo=dt.UTC), DateSource.TEXT),
    ),
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
    text = resources.files("dupcheck").joinpath("schemas/scan-4.schema.json").read_text("utf-8")
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
        assert set(pair["notes"]) <= {"changed-figures", "other-tickers", "one-liner", "other-days"}
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
    cluster = {"id": 1, "members": [LOCAL, WEB, WIRE], "original": WIRE, "original_by": "date"}
    assert data["clusters"] == [cluster]
    assert data["dates"][0] == {"path": LOCAL, "date": "2024-05-04T09:30:05Z", "source": "modified"}
    assert data["dates"][3] == {"path": WIRE, "date": "2024-05-02", "source": "text"}
    assert data["skipped"][0] == {"path": "img/photo.txt", "reason": "binary"}


def test_json_options_record_the_index_but_not_the_worker_count() -> None:
    result = ScanResult(**{**to_kwargs(RESULT), "options": ScanOptions(jobs=7, seed=42)})
    options = json.loads(render(ScanFormat.JSON, result))["options"]
    assert options["seed"] == 42
    assert {"num_perm", "scheme", "lsh_threshold", "shingle_size", "thresholds"} <= set(options)
    assert options["thresholds"]["duplicate_coverage"] == 0.5
    assert "jobs" not in options
    assert "worker_wait" not in options  # how long a Dask scan waits for a worker
    # Every other option can change which pairs are found or how they are judged.
    unrecorded = {"jobs", "worker_wait", "compare"}
    recorded = {f.name for f in dataclasses.fields(ScanOptions)} - unrecorded
    assert recorded <= set(options)
    assert render(ScanFormat.JSON, result) == render(
        ScanFormat.JSON,
        ScanResult(**{**to_kwargs(RESULT), "options": ScanOptions(jobs=1, seed=42, worker_wait=5)}),
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
    assert lines[0].startswith(
        f"::error file={LOCAL},line=3,endLine=7,title=dupcheck duplicate::{LOCAL} and "
    )
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
    pair = RESULT.pairs[1]
    assert annotated_sides(pair, Precedence(frozenset({WIRE}), {})) == (LOCAL, WIRE)
    assert annotated_sides(pair, Precedence(frozenset({LOCAL}), {})) == (WIRE, LOCAL)
    assert annotated_sides(pair, Precedence(frozenset(), {})) == (WIRE, LOCAL)  # b, by default
    assert annotated_sides(pair, Precedence(frozenset({LOCAL, WIRE}), {})) == (WIRE, LOCAL)


def _dated(name: str, day: int, hour: int = 0) -> DocumentDate:
    when = dt.datetime(2024, 5, day, hour, tzinfo=dt.UTC)
    return DocumentDate(name, when, DateSource.MODIFIED)


def test_annotations_sit_on_the_later_dated_side_whatever_the_original() -> None:
    pair = RESULT.pairs[1]  # LOCAL, WIRE
    later_local = {LOCAL: _dated(LOCAL, 9), WIRE: _dated(WIRE, 2)}
    assert annotated_sides(pair, Precedence(frozenset({LOCAL}), later_local)) == (LOCAL, WIRE)
    later_wire = {LOCAL: _dated(LOCAL, 2), WIRE: _dated(WIRE, 9)}
    assert annotated_sides(pair, Precedence(frozenset({WIRE}), later_wire)) == (WIRE, LOCAL)
    # Within the tolerance the dates say nothing: the cluster's original decides.
    close = {LOCAL: _dated(LOCAL, 2, 20), WIRE: _dated(WIRE, 2, 1)}
    assert annotated_sides(pair, Precedence(frozenset({LOCAL}), close)) == (WIRE, LOCAL)
    # An archive's file is never annotated, even dated later than the new copy.
    archived = {LOCAL: _dated(LOCAL, 2), WIRE: _dated(WIRE, 9)}
    sides = annotated_sides(pair, Precedence(frozenset(), archived, frozenset({WIRE})))
    assert sides == (LOCAL, WIRE)


def _findings(count: int, verdict: Verdict, start: int = 0) -> list[Pair]:
    """``count`` pairs of distinct files, the coverage of each a little lower than the last;
    with no cluster, annotations sit on ``b``: ``c<i>.txt``."""
    return [
        Pair(
            f"a{i:03}.txt",
            f"c{i:03}.txt",
            verdict,
            Scores(0.5, 0.5, 0.5, 0.5, 0.9 - i / 1000),
            f"x{i}",
            f"y{i}",
            excerpt_b=Excerpt(Span(0, 10), (i + 1, i + 2)),
        )
        for i in range(start, start + count)
    ]


def test_github_writes_the_most_severe_within_the_per_step_limits() -> None:
    """GitHub shows 10 annotations of each level per step: the 10 most severe errors and the
    10 most severe warnings are written, in that order, and one notice counts the rest."""
    pairs = _findings(14, Verdict.PARTIAL, 100) + _findings(25, Verdict.DUPLICATE)
    result = ScanResult("r", 78, tuple(sorted(pairs, key=lambda p: p.a)), (), (), 39)
    lines = ScanGithubFormatter().render(result).splitlines()
    assert [line.split(" ")[0] for line in lines] == ["::error"] * 10 + ["::warning"] * 10 + [
        "::notice"
    ]
    # The highest coverage first: c000 … c009 of the duplicates, c100 … c109 of the partials.
    files = [line.split(",")[0].split("file=")[1] for line in lines[:-1]]
    assert files == [f"c{i:03}.txt" for i in (*range(10), *range(100, 110))]
    assert lines[0].split(",")[1:3] == ["line=1", "endLine=2"]
    assert lines[-1] == (
        "::notice title=dupcheck::19 more pairs not annotated: GitHub shows 10 annotations of "
        "each level per step; the job summary and the report list them all"
    )
    few = ScanResult("r", 4, tuple(_findings(2, Verdict.DUPLICATE)), (), (), 2)
    assert "::notice" not in ScanGithubFormatter().render(few)


# --- gitlab ---------------------------------------------------------------------------------


def check_gitlab(issues: list[dict[str, Any]]) -> None:
    """What GitLab's code quality report requires of each issue."""
    assert isinstance(issues, list)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        lines = issue["location"]["lines"]
        assert 1 <= lines["begin"] <= lines["end"]
        assert not issue["location"]["path"].startswith(("/", "../"))
    prints = [issue["fingerprint"] for issue in issues]
    assert len(set(prints)) == len(prints)


def test_gitlab_issues_sit_on_the_copy_most_severe_first() -> None:
    issues = json.loads(render(ScanFormat.GITLAB))
    check_gitlab(issues)
    assert [(i["location"]["path"], i["severity"]) for i in issues] == [
        (LOCAL, "major"),
        (ODD, "minor"),
    ]  # the baselined pair is not an issue
    assert issues[0]["location"]["lines"] == {"begin": 3, "end": 7}
    assert issues[1]["location"]["lines"] == {"begin": 1, "end": 1}  # no lines known: the file
    assert issues[0]["check_name"] == "dupcheck/duplicate"
    lenient = json.loads(render(ScanFormat.GITLAB, policy=ExitPolicy(exit_zero=True)))
    assert [i["severity"] for i in lenient] == ["minor", "minor"]
    assert json.loads(render(ScanFormat.GITLAB, EMPTY)) == []


def test_templates_are_the_mildest_in_every_annotation_format() -> None:
    """Same wording, different facts: after the copies, at the mildest level of each format."""
    pairs = (
        Pair("a.txt", "b.txt", Verdict.TEMPLATE, Scores(1, 1, 1, 1, 1), "f1", "f2"),
        Pair("c.txt", "d.txt", Verdict.PARTIAL, Scores(0.1, 0.1, 0.1, 0.2, 0.2), "f3", "f4"),
    )
    result = ScanResult("r", 4, pairs, (), (), 2)
    issues = json.loads(render(ScanFormat.GITLAB, result))
    check_gitlab(issues)
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("dupcheck/partial", "minor"),
        ("dupcheck/template", "info"),
    ]
    lines = render(ScanFormat.GITHUB, result).splitlines()
    assert [line.split(" ")[0] for line in lines] == ["::warning", "::notice"]
    summary = ScanSummaryFormatter().render(result)
    assert "| notice | b.txt | a.txt | template |" in summary


def test_gitlab_fingerprints_tell_pairs_of_identical_copies_apart() -> None:
    pairs = tuple(
        Pair(f"a{i}.txt", f"b{i}.txt", Verdict.DUPLICATE, Scores(1, 1, 1, 1, 1), "f", "g")
        for i in range(3)
    )
    issues = json.loads(render(ScanFormat.GITLAB, ScanResult("r", 6, pairs, (), (), 3)))
    check_gitlab(issues)


# --- job summary ----------------------------------------------------------------------------


def test_job_summary_golden() -> None:
    path = GOLDEN / "summary.md"
    out = ScanSummaryFormatter(locate=lambda name: f"articles/{name}").render(RESULT)
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_job_summary_lists_every_finding_most_severe_first() -> None:
    pairs = _findings(3, Verdict.PARTIAL, 100) + _findings(4, Verdict.DUPLICATE)
    result = ScanResult("r", 14, tuple(pairs), (), (Skipped("x.txt", "empty"),), 7)
    out = ScanSummaryFormatter().render(result)
    assert out.startswith("### dupcheck: 4 findings fail the check\n\n")
    assert "14 documents scanned, 7 new pairs sharing content, 0 clusters, 1 file skipped." in out
    rows = [line for line in out.splitlines() if line.startswith("| error") or "| warning" in line]
    assert [row.split(" | ")[1] for row in rows] == [
        *(f"c{i:03}.txt" for i in range(4)),
        *(f"c{i:03}.txt" for i in range(100, 103)),
    ]
    assert rows[0].endswith("| lines 1-2 |")
    assert out.endswith("|\n\n")
    nothing = ScanSummaryFormatter().render(EMPTY)
    assert nothing == (
        "### dupcheck: nothing fails the check\n\n"
        "2 documents scanned, 0 new pairs sharing content, 0 clusters.\n\n"
    )


def test_markdown_text_cannot_break_the_table() -> None:
    assert markdown_text("a|b`c*d_[e](f)<g>\nh") == r"a\|b\`c\*d\_\[e\]\(f\)\<g\> h"
    assert markdown_text("world/2024-05.txt") == "world/2024-05.txt"


# --- sarif ----------------------------------------------------------------------------------


SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"
"""The official SARIF 2.1.0 schema (OASIS errata 01); tests/data/README.md names its source."""


def check_sarif(log: dict[str, Any]) -> None:
    """Valid against the official SARIF 2.1.0 schema, and the references between its parts
    that a schema cannot check. Every SARIF log the suite writes goes through here."""
    jsonschema = importlib.import_module("jsonschema")  # untyped: keep mypy out of it
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
    assert log["version"] == "2.1.0"
    assert "sarif-schema-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert {"name", "version", "rules"} <= set(driver)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(set(rule_ids)) == len(rule_ids)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        for loc in result["locations"] + result["relatedLocations"]:
            artifact = loc["physicalLocation"]["artifactLocation"]
            if "uriBaseId" in artifact:  # else an absolute URI: a file outside the base
                assert artifact["uriBaseId"] in run["originalUriBaseIds"]
                assert not artifact["uri"].startswith(("/", "../")) and " " not in artifact["uri"]
            else:
                assert artifact["uri"].startswith("file:///")
            region = loc["physicalLocation"].get("region")
            if region is not None:
                assert 1 <= region["startLine"] <= region["endLine"]
        assert result["partialFingerprints"]
        assert result["baselineState"] in ("new", "unchanged")
    for invocation in run["invocations"]:
        assert isinstance(invocation["executionSuccessful"], bool)


def test_sarif_is_a_valid_log() -> None:
    log = json.loads(render(ScanFormat.SARIF))
    check_sarif(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///corpus/articles/"
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
    for log in logs:
        check_sarif(log)
    prints = [log["runs"][0]["results"][0]["partialFingerprints"] for log in logs]
    assert prints[0] == prints[1]


def test_sarif_regions_are_the_shared_passages_lines() -> None:
    results = ScanSarifFormatter().to_dict(RESULT)["runs"][0]["results"]

    def region(location: dict[str, Any]) -> Any:
        return location["physicalLocation"].get("region")

    # The copy (LOCAL) at its first shared passage, the original (WIRE) at its own.
    assert region(results[1]["locations"][0]) == {"startLine": 3, "endLine": 7}
    assert region(results[1]["relatedLocations"][0]) == {"startLine": 1, "endLine": 4}
    # No lines of the file known (ODD's side): no region rather than a made-up one.
    assert region(results[2]["locations"][0]) is None
    assert region(results[2]["relatedLocations"][0]) == {"startLine": 9, "endLine": 9}
    assert region(results[0]["locations"][0]) is None  # no excerpts at all


def test_sarif_uris_are_relative_to_the_base_folder(tmp_path: Path) -> None:
    """The CLI gives the repository's root as the base: URIs then hold the scanned folder's
    path inside it, and a file outside the base gets an absolute URI."""
    repo = tmp_path / "repo"
    where = {LOCAL: repo / "desk" / LOCAL, WIRE: tmp_path / "archive" / WIRE}
    sarif = ScanSarifFormatter(base=repo, files=lambda name: where.get(name, repo / name))
    log = sarif.to_dict(RESULT)
    check_sarif(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    result = run["results"][1]
    located = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert located == {"uri": f"desk/{LOCAL}", "uriBaseId": "%SRCROOT%"}
    related = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert related == {"uri": (tmp_path / "archive" / WIRE).as_uri()}


def test_sarif_information_uri_is_never_made_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from dupcheck.report import scan_sarif

    named = ScanSarifFormatter(information_uri="https://example.org/dupcheck").to_dict(EMPTY)
    assert named["runs"][0]["tool"]["driver"]["informationUri"] == "https://example.org/dupcheck"
    monkeypatch.setattr(scan_sarif, "project_url", lambda: None)
    log = ScanSarifFormatter().to_dict(EMPTY)
    check_sarif(log)
    assert "informationUri" not in log["runs"][0]["tool"]["driver"]


def test_sarif_takes_a_relative_root_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = ScanSarifFormatter(version="9").to_dict(ScanResult(**{**to_kwargs(RESULT), "root": "a"}))
    check_sarif(log)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        (tmp_path / "a").as_uri() + "/"
    )
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
    log = ScanSarifFormatter().to_dict(result)
    check_sarif(log)
    (sarif,) = log["runs"][0]["results"]
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
    assert headings == ["Clusters (1)", "Pairs (2 new, 1 accepted)", "Skipped (2)"]
    # The accepted pair is counted, not listed; the summary comes first.
    assert "baselined" not in out.split("\n", 1)[1]
    assert "1 accepted pair not listed (--show-accepted lists them)" in out
    assert out.startswith(summary_line(RESULT) + "\n")


def test_text_marks_the_baselined_pair_beside_its_verdict() -> None:
    lines = render(ScanFormat.TEXT, view=View(width=80, show_accepted=True)).splitlines()
    web = next(i for i, line in enumerate(lines) if line.startswith(WEB))
    assert "baselined" in lines[web]
    others = lines[1:web] + lines[web + 1 :]  # the first line is the summary
    assert "baselined" not in "".join(others)
    # Accepted pairs come after the new ones.
    assert web > next(i for i, line in enumerate(lines) if line.startswith(ODD))


def test_text_lists_the_most_severe_first_and_top_n() -> None:
    pairs = _findings(3, Verdict.PARTIAL, 100) + _findings(4, Verdict.DUPLICATE)
    result = ScanResult("r", 14, tuple(sorted(pairs, key=lambda p: p.a)), (), (), 7)
    out = render(ScanFormat.TEXT, result, view=View(width=80, top=5))
    listed = re.findall(r"^(c\d{3}\.txt)", out, re.M)
    assert listed == ["c000.txt", "c001.txt", "c002.txt", "c003.txt", "c100.txt"]
    assert "2 more pairs not listed (--top 5)" in out
    assert "Pairs (7)" in out
    # What fails the run leads: with --fail-on partial, partials of higher coverage first.
    strict = render(
        ScanFormat.TEXT, result, view=View(width=80), policy=ExitPolicy(fail_on=Verdict.PARTIAL)
    )
    assert re.findall(r"^(c\d{3}\.txt)", strict, re.M)[:4] == [
        "c000.txt",
        "c001.txt",
        "c002.txt",
        "c003.txt",
    ]


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


def test_every_note_has_a_line_in_every_report() -> None:
    # A note without its text would fail the report that shows it, and only when it occurs.
    assert set(NOTE_TEXT) == set(Note)
    assert set(NOTE_SAID) == set(Note)
