"""The click layer: help, exit statuses, one-line errors, where the report and messages go."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from dupcheck import compare_texts
from dupcheck.align.types import CompareOptions
from dupcheck.cli.app import main
from dupcheck.cli.common import compare_options
from dupcheck.exitcode import ExitCode
from tests._formula import write_corpus
from tests._stories import NOTICES

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ORIGINAL = SAMPLES / "harbour-original.txt"
LIGHT = SAMPLES / "harbour-syndicated-light.txt"
QUOTE = SAMPLES / "ellerby-housing-quote.txt"
UNRELATED = SAMPLES / "rail-strike.txt"

CONTRACT_KEYS = {
    "schema",
    "a",
    "b",
    "verdict",
    "scores",
    "matches",
    "passages",
    "unique_a",
    "unique_b",
    "boilerplate_a",
    "boilerplate_b",
}


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(runner: CliRunner, name: str) -> None:
    command = main.commands[name]
    assert command.help
    result = run(runner, name, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_group_help_and_version(runner: CliRunner) -> None:
    assert "compare" in run(runner, "-h").output
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert "dupcheck" in result.output


def test_scan_is_registered() -> None:
    assert "scan" in main.commands


# --- exit statuses --------------------------------------------------------------------------


def test_duplicate_is_a_finding(runner: CliRunner) -> None:
    assert run(runner, "compare", ORIGINAL, LIGHT).exit_code == ExitCode.FINDING


def test_distinct_is_not_a_finding(runner: CliRunner) -> None:
    assert run(runner, "compare", ORIGINAL, UNRELATED).exit_code == ExitCode.OK


def test_partial_is_a_finding_only_with_fail_on_partial(runner: CliRunner) -> None:
    assert run(runner, "compare", ORIGINAL, QUOTE).exit_code == ExitCode.OK
    result = run(runner, "compare", ORIGINAL, QUOTE, "--fail-on", "partial")
    assert result.exit_code == ExitCode.FINDING


def test_template_is_a_finding_only_with_fail_on_template(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Dividend notices of two funds: the same wording, other names and figures.
    a, b = tmp_path / "ohio.txt", tmp_path / "minnesota.txt"
    a.write_text(NOTICES[0], encoding="utf-8")
    b.write_text(NOTICES[1], encoding="utf-8")
    result = run(runner, "compare", a, b, "--width", "100")
    assert result.exit_code == ExitCode.OK
    assert "TEMPLATE  same wording, different facts" in result.stdout
    assert "name Franklin Ohio Insured → Franklin Minnesota Insured" in result.stdout
    assert "figure 6.1 cts → 6.6 cts" in result.stdout
    assert run(runner, "compare", a, b, "--fail-on", "partial").exit_code == ExitCode.OK
    result = run(runner, "compare", a, b, "--fail-on", "template")
    assert result.exit_code == ExitCode.FINDING
    data = json.loads(run(runner, "compare", a, b, "--format", "json").stdout)
    assert data["verdict"] == "template"
    changes = [c for m in data["matches"] for c in m["fact_changes"]]
    assert {(c["kind"], c["a_text"], c["b_text"]) for c in changes} == {
        ("name", "Franklin Ohio Insured", "Franklin Minnesota Insured"),
        ("figure", "6.1 cts", "6.6 cts"),
        (
            "name",
            "Franklin Ohio Insured Tax-Free Income Fund",
            "Franklin Minnesota Insured Tax-Free Income Fund",
        ),
    }


def test_a_corrected_figure_is_a_duplicate_with_a_note(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "first.txt", tmp_path / "corrected.txt"
    a.write_text(NOTICES[0], encoding="utf-8")
    b.write_text(NOTICES[2], encoding="utf-8")
    result = run(runner, "compare", a, b, "--width", "100")
    assert result.exit_code == ExitCode.FINDING
    assert "DUPLICATE" in result.stdout
    assert "changed-figures" in result.stdout
    data = json.loads(run(runner, "compare", a, b, "--format", "json").stdout)
    assert (data["verdict"], data["notes"]) == ("duplicate", ["changed-figures"])


def test_exit_zero_silences_findings(runner: CliRunner) -> None:
    assert run(runner, "compare", ORIGINAL, LIGHT, "--exit-zero").exit_code == ExitCode.OK


def test_exit_zero_never_silences_errors(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "compare", ORIGINAL, tmp_path / "missing.txt", "--exit-zero")
    assert result.exit_code == ExitCode.ERROR


@pytest.mark.parametrize(
    "args",
    [
        ["compare"],
        ["compare", "only-one.txt"],
        ["compare", "a", "b", "--format", "xml"],
        ["compare", "a", "b", "--threshold", "1.5"],
        ["compare", "a", "b", "--fail-on", "distinct"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    assert run(runner, *args).exit_code == ExitCode.ERROR


def test_thresholds_change_the_verdict(runner: CliRunner) -> None:
    # The quoted paragraph covers ~15% of the quoting story: duplicate only if 10% is enough.
    result = run(runner, "compare", ORIGINAL, QUOTE, "--duplicate-coverage", "0.1", "-f", "json")
    assert json.loads(result.output)["verdict"] == "duplicate"
    assert json.loads(result.output)["options"]["duplicate_coverage"] == 0.1


def test_compare_options_replaces_only_the_given_fields() -> None:
    base = CompareOptions()
    assert compare_options(None, None, None) == base
    changed = compare_options(0.7, None, 0.2)
    assert (changed.match_threshold, changed.partial_coverage) == (0.7, 0.2)
    assert changed.duplicate_coverage == base.duplicate_coverage


# --- bad input: one line on stderr, exit 2, never a traceback --------------------------------


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, list[str]]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp / "undecodable.txt").write_bytes(b"caf\xc3\x28 \xff\xfe\x80\x81\x00"[:-1] * 3)
    (tmp / "dir").mkdir()
    # Over a small --max-bytes that the other side (about 2 KB) stays under.
    (tmp / "large.txt").write_text("The quay closes. " * 400, encoding="utf-8")
    return {
        "missing": (tmp / "missing.txt", []),
        "directory": (tmp / "dir", []),
        "binary": (tmp / "binary.txt", []),
        "empty": (tmp / "empty.txt", []),
        "undecodable": (tmp / "undecodable.txt", []),
        "too large": (tmp / "large.txt", ["--max-bytes", "4000"]),
    }


@pytest.mark.parametrize(
    "case", ["missing", "directory", "binary", "empty", "undecodable", "too large"]
)
def test_bad_input_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path, case: str) -> None:
    path, extra = _bad_inputs(tmp_path)[case]
    result = run(runner, "compare", ORIGINAL, path, *extra)
    assert result.exit_code == ExitCode.ERROR
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dupcheck: error: ")
    assert path.name in lines[0]
    assert "Traceback" not in result.stderr


def test_internal_error_is_one_line_and_exit_2(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("dupcheck.align.compare.compare", broken)
    result = run(runner, "compare", ORIGINAL, LIGHT)
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.splitlines() == [
        "dupcheck: internal error: boom (set DUPCHECK_DEBUG=1 for the traceback)"
    ]


def test_debug_env_shows_the_traceback(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("dupcheck.align.compare.compare", broken)
    result = runner.invoke(
        main, ["compare", str(ORIGINAL), str(LIGHT)], env={"DUPCHECK_DEBUG": "1"}
    )
    assert result.exit_code == ExitCode.ERROR
    assert "Traceback" in result.stderr
    assert "ZeroDivisionError" in result.stderr


# --- output ---------------------------------------------------------------------------------


def test_json_has_the_contract_keys(runner: CliRunner) -> None:
    result = run(runner, "compare", ORIGINAL, LIGHT, "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT_KEYS
    assert data["schema"] == "dupcheck.compare/3"
    assert data["a"]["path"] == str(ORIGINAL)
    assert data["verdict"] == "duplicate"
    assert result.stderr == ""


def test_json_agrees_with_the_library(runner: CliRunner) -> None:
    text_a, text_b = ORIGINAL.read_text("utf-8"), LIGHT.read_text("utf-8")
    expected = compare_texts(text_a, text_b)
    data = json.loads(run(runner, "compare", ORIGINAL, LIGHT, "-f", "json").stdout)
    assert data["verdict"] == expected.verdict.value
    assert data["matches"][0]["a"] == expected.matches[0].a.as_list()


def test_text_report_on_stdout_nothing_on_stderr(runner: CliRunner) -> None:
    result = run(runner, "compare", ORIGINAL, LIGHT, "--width", "80")
    assert "DUPLICATE" in result.stdout
    assert "Shared passages" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour outside a terminal
    assert result.stderr == ""


def test_output_writes_the_file_and_says_so_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run(runner, "compare", ORIGINAL, LIGHT, "-f", "json", "--output", out)
    assert result.exit_code == ExitCode.FINDING
    assert result.stdout == ""
    assert json.loads(out.read_text("utf-8"))["verdict"] == "duplicate"
    assert str(out) in result.stderr


def test_unwritable_output_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "report.txt"
    result = run(runner, "compare", ORIGINAL, LIGHT, "--output", out)
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.startswith("dupcheck: error: ")
    assert len(result.stderr.splitlines()) == 1


def test_verbose_adds_sentence_scores(runner: CliRunner) -> None:
    plain = run(runner, "compare", ORIGINAL, QUOTE).stdout
    verbose = run(runner, "compare", ORIGINAL, QUOTE, "--verbose").stdout
    assert "Sentence scores" not in plain
    assert "Sentence scores" in verbose
    assert "minhash" in verbose


def test_width_option_bounds_the_text_report(runner: CliRunner) -> None:
    out = run(runner, "compare", ORIGINAL, LIGHT, "--width", "60").stdout
    assert max(len(line) for line in out.splitlines()) <= 60


def test_group_is_a_click_group() -> None:
    assert isinstance(main, click.Group)


# --- corpus knowledge -----------------------------------------------------------------------


def test_corpus_gives_the_formula_share(runner: CliRunner, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    a, b = corpus / "notice-0.txt", corpus / "notice-1.txt"
    plain = json.loads(run(runner, "compare", a, b, "-f", "json", "--exit-zero").stdout)
    assert plain["scores"]["formula"] == 0.0 and plain["corpus_knowledge"] is False
    known = run(runner, "compare", a, b, "-f", "json", "--exit-zero", "--corpus", corpus)
    data = json.loads(known.stdout)
    assert data["corpus_knowledge"] is True
    assert data["scores"]["formula"] >= 0.85
    assert known.stderr == ""


def test_text_says_when_no_corpus_knowledge_was_used(runner: CliRunner, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    a, b = corpus / "notice-0.txt", corpus / "notice-1.txt"
    without = run(runner, "compare", a, b, "--exit-zero", "--width", "100").stdout
    assert "no corpus knowledge used" in without
    with_corpus = run(runner, "compare", a, b, "--exit-zero", "--corpus", corpus).stdout
    assert "no corpus knowledge" not in with_corpus
    assert "worded as many corpus stories are" in with_corpus


def test_corpus_that_is_no_folder_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "compare", ORIGINAL, LIGHT, "--corpus", tmp_path / "missing")
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.count("\n") == 1 and "corpus" in result.stderr
