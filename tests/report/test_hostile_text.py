"""Hostile text in reports: escape sequences in documents and file names reach the reader as
text, never as terminal commands, and stay recoverable; CSV cells never start a formula."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dupcheck.cli.app import main
from dupcheck.report.base import visible_name, visible_text
from dupcheck.report.scan_csv import inert
from tests.cli.test_scan_command import COPY, ORIGINAL, write

TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
RED = "\x1b[31mred\x1b[0m"
CSI = "\x9b31m"


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def no_raw_controls(text: str) -> None:
    raw = [c for c in text if (ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) < 0xA0]
    assert raw == [], repr(text)


def recover(shown: str) -> bytes:
    """The file name's bytes from what a report shows (the inverse of ``visible_name``)."""
    out = bytearray()
    at = 0
    while at < len(shown):
        if shown.startswith("\\\\", at):
            out += b"\\"
            at += 2
        elif shown.startswith("\\x", at):
            out.append(int(shown[at + 2 : at + 4], 16))
            at += 4
        elif shown.startswith("\\u", at):
            out += chr(int(shown[at + 2 : at + 6], 16)).encode()
            at += 6
        else:
            out += shown[at].encode()
            at += 1
    return bytes(out)


def test_names_are_escaped_like_ls_b_and_stay_recoverable() -> None:
    assert visible_name(RED + ".txt") == "\\x1b[31mred\\x1b[0m.txt"
    assert visible_name("a\\x1bb.txt") == "a\\\\x1bb.txt"  # a backslash is not an escape
    assert visible_name("caf\udce9.txt") == "caf\\xe9.txt"  # a byte that is not UTF-8
    assert visible_name("\u202etxt.exe") == "\\u202etxt.exe"
    names = [RED + ".txt", "a\\x1bb.txt", "tab\there", "caf\udce9", "new\nline", "c1\x9b", "é"]
    for name in names:
        shown = visible_name(name)
        no_raw_controls(shown)
        assert recover(shown) == os.fsencode(name), name


def test_document_text_keeps_its_layout_and_loses_its_commands() -> None:
    assert visible_text(f"one{TITLE}\ttwo\nthree{CLEAR}{CSI}") == (
        "one\\x1b]0;pwned\\x07\ttwo\nthree\\x1b[2J\\x9b31m"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="file names with control characters")
def test_a_scan_report_shows_hostile_names_escaped(runner: CliRunner, tmp_path: Path) -> None:
    root = write(tmp_path / "d", {"original.txt": ORIGINAL})
    hostile = f"{RED}{TITLE}.txt"
    (root / hostile).write_text(COPY, encoding="utf-8")
    result = runner.invoke(main, ["scan", str(root), "-j", "1"])
    assert result.exit_code == 1, result.output
    no_raw_controls(result.stdout)
    assert "\\x1b[31mred\\x1b[0m\\x1b]0;pwned\\x07.txt" in result.stdout
    # JSON keeps the real name: its own escaping is exact.
    data = json.loads(runner.invoke(main, ["scan", str(root), "-j", "1", "-f", "json"]).stdout)
    assert hostile in {p["b"] for p in data["pairs"]} | {p["a"] for p in data["pairs"]}


def test_a_compare_report_shows_hostile_text_escaped(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / f"{CLEAR}a.txt"
    b = tmp_path / "b.txt"
    a.write_text(ORIGINAL.replace("voted", f"voted{TITLE}{CLEAR}"), encoding="utf-8")
    b.write_text(COPY.replace("council", f"council{CSI}{RED}"), encoding="utf-8")
    result = runner.invoke(main, ["compare", str(a), str(b), "-v", "--width", "100"])
    assert result.exit_code in (0, 1), result.output
    no_raw_controls(result.stdout)
    assert "\\x1b]0;pwned\\x07" in result.stdout
    assert "\\x1b[2Ja.txt" in result.stdout


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("=HYPERLINK(1).txt", "'=HYPERLINK(1).txt"),
        ("+1.txt", "'+1.txt"),
        ("-2.txt", "'-2.txt"),
        ("@SUM(A1).txt", "'@SUM(A1).txt"),
        ("\tx.txt", "'\tx.txt"),
        ("\rx.txt", "'\rx.txt"),
        ("plain.txt", "plain.txt"),
    ],
)
def test_csv_cells_never_start_a_formula(name: str, cell: str) -> None:
    assert inert(name) == cell


@pytest.mark.skipif(sys.platform == "win32", reason="file names with control characters")
def test_a_csv_report_neutralises_formula_names(runner: CliRunner, tmp_path: Path) -> None:
    root = write(tmp_path / "d", {"=cmd()|x.txt": ORIGINAL, "@copy.txt": COPY})
    assert os.path.exists(root / "=cmd()|x.txt")
    out = runner.invoke(main, ["scan", str(root), "-j", "1", "-f", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][:2] == ["'=cmd()|x.txt", "'@copy.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="file names with control characters")
def test_a_csv_report_quotes_names_with_line_breaks(runner: CliRunner, tmp_path: Path) -> None:
    # Found by the fuzz campaign: the csv module quotes only the characters of its own line
    # terminator ("\n"), so a name with a bare carriage return split its row in two.
    names = ["car\rriage.txt", "line\nbreak.txt"]
    root = write(tmp_path / "d", {names[0]: ORIGINAL, names[1]: ORIGINAL})
    out = runner.invoke(main, ["scan", str(root), "-j", "1", "-f", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 2 and sorted(rows[1][:2]) == sorted(names)
    assert out.endswith("\n") and not out.endswith("\r\n")
