"""Options and configuration: one precedence (flags > file > defaults) through click's
``default_map``, the file found from the scanned path up to the repository root, ``--config``,
``compare`` reading it too, ``--extend-exclude``, repeated ``--against``, and a JSONL
``--text-field`` that matches nothing."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from dupcheck.align.types import CompareOptions
from dupcheck.cli.app import main
from dupcheck.corpus.config import find_config, load_config
from dupcheck.corpus.types import ScanOptions
from dupcheck.exitcode import ExitCode
from tests.cli.test_scan_command import COPY, ORIGINAL, OTHER, QUOTE, run, write


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def git_init(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


def scan_json(runner: CliRunner, *args: str | Path) -> dict[str, Any]:
    result = run(runner, *args, "--format", "json", "--exit-zero")
    assert result.exit_code == ExitCode.OK, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def options_of(data: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = data["options"]
    return options


# --- finding the file -----------------------------------------------------------------------


def test_the_repository_root_configures_a_folder_inside_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    repo = git_init(tmp_path / "repo")
    (repo / "pyproject.toml").write_text('[tool.dupcheck]\nexclude = ["sport/*"]\n')
    articles = write(
        repo / "articles", {"a.txt": ORIGINAL, "sport/quote.txt": QUOTE, "c.txt": COPY}
    )
    # A pyproject.toml without the table on the way up does not stop the search.
    (articles / "pyproject.toml").write_text('[project]\nname = "articles"\n')
    assert find_config(articles) == repo / "pyproject.toml"
    assert find_config(articles / "a.txt") == repo / "pyproject.toml"
    data = scan_json(runner, articles)
    assert options_of(data)["exclude"] == ["sport/*"]
    assert data["documents"] == 2


def test_the_nearest_file_wins_and_the_search_stops_at_the_repository(tmp_path: Path) -> None:
    (tmp_path / "dupcheck.toml").write_text("jobs = 3\n")  # outside the repository: never read
    repo = git_init(tmp_path / "repo")
    inner = repo / "desk" / "world"
    inner.mkdir(parents=True)
    assert find_config(inner) is None
    assert load_config(inner).path is None
    (repo / "dupcheck.toml").write_text("jobs = 2\n")
    (repo / "desk" / "pyproject.toml").write_text("[tool.dupcheck]\njobs = 1\n")
    assert find_config(inner) == repo / "desk" / "pyproject.toml"
    assert load_config(inner).options.jobs == 1


def test_config_flag_names_the_file(runner: CliRunner, tmp_path: Path) -> None:
    root = write(tmp_path / "articles", {"a.txt": ORIGINAL, "quote.txt": QUOTE})
    (root / "dupcheck.toml").write_text('fail_on = "partial"\n')
    elsewhere = tmp_path / "strict.toml"
    elsewhere.write_text('exclude = ["quote.txt"]\n')
    assert run(runner, root).exit_code == ExitCode.FINDING  # the tree's file: partial fails
    named = run(runner, root, "--config", elsewhere, "--format", "json")
    assert named.exit_code == ExitCode.OK  # the named file replaces the tree's
    assert json.loads(named.stdout)["options"]["exclude"] == ["quote.txt"]
    project = tmp_path / "pyproject.toml"
    project.write_text("[tool.other]\nx = 1\n")
    result = run(runner, root, "--config", project)
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.strip().endswith("no [tool.dupcheck] table")
    missing = run(runner, root, "--config", tmp_path / "none.toml")
    assert missing.exit_code == ExitCode.ERROR


# --- one precedence --------------------------------------------------------------------------


def test_flags_override_the_file_which_overrides_the_defaults(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = write(tmp_path / "articles", {"a.txt": ORIGINAL, "b.txt": COPY})
    default = options_of(scan_json(runner, root))["thresholds"]["match_threshold"]
    assert default == CompareOptions().match_threshold
    (root / "dupcheck.toml").write_text(
        "jobs = 1\nmax_bytes = 5000\n[compare]\nmatch_threshold = 0.7\nmin_passage_weight = 90\n"
    )
    thresholds = options_of(scan_json(runner, root))["thresholds"]
    assert (thresholds["match_threshold"], thresholds["min_passage_weight"]) == (0.7, 90.0)
    assert options_of(scan_json(runner, root))["max_bytes"] == 5000
    flagged = options_of(scan_json(runner, root, "--threshold", "0.6", "--max-bytes", "6000"))
    assert flagged["thresholds"]["match_threshold"] == 0.6
    assert flagged["thresholds"]["min_passage_weight"] == 90.0
    assert flagged["max_bytes"] == 6000


def test_the_file_reaches_click_as_its_default_map(runner: CliRunner, tmp_path: Path) -> None:
    """The parameter source says where each value came from: one mechanism, not three."""
    root = write(tmp_path / "articles", {"a.txt": ORIGINAL})
    (root / "dupcheck.toml").write_text('fail_on = "partial"\n')
    scan = main.commands["scan"]
    with scan.make_context("scan", [str(root), "--jobs", "1"]) as ctx:
        assert ctx.params["fail_on"] == "partial"
        assert ctx.get_parameter_source("fail_on") is click.core.ParameterSource.DEFAULT_MAP
        assert ctx.get_parameter_source("jobs") is click.core.ParameterSource.COMMANDLINE
        assert ctx.params["config"].path == root / "dupcheck.toml"


DEFAULT = re.compile(r"\[default: ([^\]]*)\]")


@pytest.mark.parametrize("command", ["scan", "compare"])
def test_help_defaults_come_from_the_options_themselves(command: str) -> None:
    """Each ``[default: …]`` in --help is click's rendering of the option's default, never
    restated by hand in a help string (which is how --include once lost ``*.jsonl``)."""
    cmd = main.commands[command]
    ctx = click.Context(cmd)
    shown: dict[str | None, str] = {}
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert "[default:" not in (param.help or ""), param.name
            record = param.get_help_record(ctx)
            if record is not None and (match := DEFAULT.search(record[1])):
                shown[param.name] = match.group(1)
    if command == "scan":
        assert shown["include"] == ", ".join(ScanOptions().include)
        assert "*.jsonl" in shown["include"]
        assert shown["text_field"] == ScanOptions().text_field
    assert shown["threshold"].startswith(f"{CompareOptions().match_threshold};")
    assert shown["max_sentence_pairs" if command == "compare" else "jobs"]


# --- compare reads the file too --------------------------------------------------------------


def test_compare_reads_the_configuration(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = git_init(tmp_path / "repo")
    folder = write(repo / "articles", {"original.txt": ORIGINAL, "quote.txt": QUOTE})
    a, b = folder / "original.txt", folder / "quote.txt"

    def compare(*args: str | Path) -> int:
        result = runner.invoke(main, ["compare", *map(str, args)], catch_exceptions=False)
        return result.exit_code

    assert compare(a, b) == ExitCode.OK  # partial: not a finding by default
    (repo / "pyproject.toml").write_text('[tool.dupcheck]\nfail_on = "partial"\n')
    assert compare(a, b) == ExitCode.FINDING
    assert compare(a, b, "--fail-on", "duplicate") == ExitCode.OK
    (repo / "pyproject.toml").write_text("[tool.dupcheck.compare]\nduplicate_coverage = 0.1\n")
    result = runner.invoke(main, ["compare", str(a), str(b), "-f", "json"])
    assert json.loads(result.stdout)["verdict"] == "duplicate"
    # Standard input as A: the file is searched from B.
    monkeypatch.chdir(tmp_path)
    piped = runner.invoke(main, ["compare", "-", str(b), "-f", "json"], input=ORIGINAL)
    assert json.loads(piped.stdout)["options"]["duplicate_coverage"] == 0.1
    (repo / "pyproject.toml").write_text("[tool.dupcheck]\ncolour = 1\n")
    bad = runner.invoke(main, ["compare", str(a), str(b)])
    assert bad.exit_code == ExitCode.ERROR
    assert "unknown key 'colour'" in bad.stderr and len(bad.stderr.splitlines()) == 1


# --- lists and repeated options --------------------------------------------------------------


def test_extend_exclude_adds_to_the_configured_list(runner: CliRunner, tmp_path: Path) -> None:
    root = write(
        tmp_path / "articles",
        {"wire/a.txt": ORIGINAL, "site/b.txt": COPY, "sport/q.txt": QUOTE, "food/o.txt": OTHER},
    )
    (root / "dupcheck.toml").write_text('exclude = ["sport/*"]\n')
    data = scan_json(runner, root, "--extend-exclude", "food/*", "--extend-exclude", "x/*")
    assert options_of(data)["exclude"] == ["sport/*", "food/*", "x/*"]
    assert data["documents"] == 2
    replaced = scan_json(runner, root, "--exclude", "food/*")
    assert options_of(replaced)["exclude"] == ["food/*"]
    assert replaced["documents"] == 3


def test_against_given_twice_reads_both_archives(runner: CliRunner, tmp_path: Path) -> None:
    new = write(tmp_path / "new", {"copy.txt": COPY})
    one = write(tmp_path / "one", {"original.txt": ORIGINAL})
    two = write(tmp_path / "two", {"quote.txt": QUOTE})
    data = scan_json(runner, new, "--against", one, "--against", two, "--against", one)
    pairs = data["pairs"]
    others = sorted(p["a"] if p["b"] == "copy.txt" else p["b"] for p in pairs)
    assert others == [f"{one.as_posix()}/original.txt", f"{two.as_posix()}/quote.txt"]
    assert data["documents"] == 3  # the archive given twice is read once


# --- a JSONL field that matches nothing -------------------------------------------------------


def test_a_text_field_that_matches_no_record_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    lines = [json.dumps({"id": i, "body": text}) for i, text in enumerate((ORIGINAL, COPY))]
    root = write(tmp_path / "feed", {"feed.jsonl": "\n".join(lines) + "\n"})
    result = run(runner, root, "--exit-zero")
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.splitlines() == [
        "dupcheck: error: text_field 'text' matches no JSONL record (set --text-field to the "
        "field that holds the articles' text)"
    ]
    assert result.stdout == ""
    right = run(runner, root, "--text-field", "body")
    assert right.exit_code == ExitCode.FINDING
    # A feed where some records lack the field is a feed with bad lines, not a wrong setting.
    write(root, {"more.jsonl": json.dumps({"id": "x", "text": OTHER}) + "\n"})
    assert run(runner, root).exit_code == ExitCode.OK
