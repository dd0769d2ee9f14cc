"""``dupcheck scan`` on the folders people really have: hidden folders, symlink loops, broken
links, JSONL feeds with bad lines, HTML, files too big or empty, names that are not UTF-8, and
folders with nothing to read. Skips are listed with a reason; none is fatal."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dupcheck.cli.app import main
from dupcheck.exitcode import ExitCode
from dupcheck.report.scan_formats import ScanFormat
from tests.cli.test_scan_command import COPY, ORIGINAL, QUOTE, run, write
from tests.report.test_scan import check_sarif, check_scan_json


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy and a quote of one original."""
    files = {"wire/original.txt": ORIGINAL, "site/copy.txt": COPY, "sport/quote.txt": QUOTE}
    return write(tmp_path / "articles", dict(files))


# --- what a real folder holds ---------------------------------------------------------------


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Every kind of file a content folder collects, around one original and its copies."""
    root = write(
        tmp_path / "messy",
        {
            "wire/original.txt": ORIGINAL,
            "deep/er/still/copy.txt": COPY,
            "web/copy.html": "<html><head><script>var x = 1;</script></head><body><nav>Home | "
            "News</nav>" + "".join(f"<p>{p}</p>" for p in COPY.split("\n\n")) + "</body></html>",
            ".hidden/quote.txt": QUOTE,
            "binary.txt": bytes(range(256)) * 4,
            "empty.txt": "",
            "blank.md": "  \n\n  \t\n",
            "huge.txt": "Padding words for a file that is far too long. " * 400,
            "feed.jsonl": "\n".join(
                [
                    json.dumps({"id": "q1", "text": QUOTE}),
                    "{not json",
                    json.dumps({"id": "q2"}),
                    json.dumps(["a list"]),
                    json.dumps({"id": "q3", "text": "   "}),
                ]
            )
            + "\n",
        },
    )
    (root / "deep" / "loop").symlink_to(root, target_is_directory=True)
    (root / "broken.txt").symlink_to(root / "no-such-file.txt")
    return root


def test_a_messy_folder_is_scanned_and_every_skip_has_a_reason(
    runner: CliRunner, messy: Path
) -> None:
    result = run(runner, messy, "--format", "json", "--max-bytes", "15000", "--fail-on", "partial")
    assert result.exit_code == ExitCode.FINDING, result.stderr
    data = json.loads(result.stdout)
    check_scan_json(data)
    names = {p["a"] for p in data["pairs"]} | {p["b"] for p in data["pairs"]}
    assert {
        "wire/original.txt",
        "deep/er/still/copy.txt",
        "web/copy.html",
        "feed.jsonl#q1",
    } <= names
    assert not any(".hidden" in name or "loop/" in name for name in names)
    skipped = {s["path"]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {
        "binary.txt",
        "empty.txt",
        "blank.md",
        "huge.txt",
        "broken.txt",
        "feed.jsonl:2",
        "feed.jsonl:3",
        "feed.jsonl:4",
        "feed.jsonl:5",
    }
    assert all(reason for reason in skipped.values())
    assert "--max-bytes" in skipped["huge.txt"]
    summary = result.stderr.splitlines()
    assert summary[0].startswith("dupcheck: 9 files skipped: ")
    assert "raise it with" not in summary[0]  # the advice is in the report, the count is here


def test_an_empty_folder_passes_with_a_warning(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(runner, tmp_path / "empty")
    assert result.exit_code == ExitCode.OK
    assert result.stderr.splitlines()[0].startswith(
        f"dupcheck: warning: no document found under {tmp_path / 'empty'} (include: *.txt"
    )
    assert run(runner, tmp_path / "empty", "--quiet").stderr == ""


def test_a_folder_with_only_other_files_warns(runner: CliRunner, tmp_path: Path) -> None:
    root = write(tmp_path / "data", {"a.json": "{}", "b.csv": "x,y\n"})
    result = run(runner, root, "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["documents"] == 0
    assert "warning: no document found" in result.stderr


def test_jobs_never_exceed_the_cores(
    runner: CliRunner, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def fake_scan(root: Path, *, options: Any, **kwargs: Any) -> Any:
        seen.append(options.jobs)
        raise KeyboardInterrupt  # stop here: only the options matter

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("dupcheck.corpus.pipeline.scan", fake_scan)
    for jobs in ("0", "1", "2", "100000"):
        assert run(runner, tree, "-j", jobs).exit_code == ExitCode.INTERRUPTED
    (tree / "dupcheck.toml").write_text("jobs = 5000\n", encoding="utf-8")
    run(runner, tree)
    assert seen == [0, 1, 2, 2, 2]


def test_verbose_says_what_it_adds_for_each_command(runner: CliRunner) -> None:
    scan_help = runner.invoke(main, ["scan", "--help"], terminal_width=200).stdout
    compare_help = runner.invoke(main, ["compare", "--help"], terminal_width=200).stdout
    assert "containment" in scan_help.split("--verbose")[1].splitlines()[0]
    assert "per-sentence scores" in compare_help.split("--verbose")[1].splitlines()[0]
    assert "Hidden files" in scan_help


def test_output_file_gets_the_report_and_stdout_stays_empty(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.sarif"
    result = run(runner, tree, "--format", "sarif", "--output", out, "--exit-zero")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    check_sarif(json.loads(out.read_text("utf-8")))
    assert result.stderr.splitlines()[-1] == f"dupcheck: report written to {out}"


@pytest.mark.skipif(
    os.uname().sysname != "Linux", reason="needs a file system that takes any bytes"
)
def test_a_file_name_that_is_not_utf8_gives_a_valid_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = write(tmp_path / "names", {"original.txt": ORIGINAL})
    (root / os.fsdecode(b"copy-\xe9.txt")).write_text(COPY, encoding="utf-8")
    for fmt in ScanFormat:
        result = runner.invoke(main, ["scan", str(root), "--format", fmt.value, "--exit-zero"])
        assert result.exit_code == ExitCode.OK, result.stderr
        # The text report shows the byte as ls -b does, so the real name can be typed back.
        shown = "copy-\\xe9.txt" if fmt is ScanFormat.TEXT else "copy-\ufffd.txt"
        assert shown in result.stdout_bytes.decode("utf-8")  # strict UTF-8
