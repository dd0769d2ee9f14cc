"""``--format html`` through the command line: the page is written where asked, and a scan's
page reads its documents again wherever the scan found them (the root, an archive, JSONL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dupcheck.cli.app import main
from dupcheck.exitcode import ExitCode

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_compare_writes_one_page(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(
        runner,
        "compare",
        SAMPLES / "harbour-original.txt",
        SAMPLES / "harbour-syndicated-light.txt",
        "--format",
        "html",
        "--output",
        out,
    )
    assert result.exit_code == ExitCode.FINDING
    assert result.stdout == ""
    assert result.stderr == f"dupcheck: report written to {out}\n"
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert '<span class="verdict v-duplicate">duplicate</span>' in page


def test_scan_against_an_archive_embeds_archive_and_jsonl_documents(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = tmp_path / "new"
    archive = tmp_path / "archive" / "2024"
    new.mkdir()
    archive.mkdir(parents=True)
    (new / "copy.txt").write_bytes((SAMPLES / "harbour-syndicated-light.txt").read_bytes())
    (archive / "original.txt").write_bytes((SAMPLES / "harbour-original.txt").read_bytes())
    record = {"id": "q1", "text": (SAMPLES / "harbour-syndicated-heavy.txt").read_text("utf-8")}
    (new / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "scan.html"
    result = run(runner, "scan", "new", "--against", "archive", "-f", "html", "-o", out, "-q")
    assert result.exit_code == ExitCode.FINDING
    page = out.read_text("utf-8")
    assert "archive/2024/original.txt" in page and "feed.jsonl#q1" in page
    assert page.count('<section class="finding"') == page.count("<tr data-rank=") == 3
    assert "not embedded" not in page
