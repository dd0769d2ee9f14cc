"""What a user can throw at ``dupcheck``: odd files, odd names, standard input, legacy encodings,
terminals with and without colour. Each bad input is one line on stderr and exit status 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dupcheck.cli.app import main
from dupcheck.cli.common import printable, report_view
from dupcheck.exitcode import ExitCode
from dupcheck.report.base import MAX_WIDTH
from dupcheck.report.compare_text import _joined, _pct
from dupcheck.text.types import Span

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ORIGINAL = SAMPLES / "harbour-original.txt"
UNRELATED = SAMPLES / "rail-strike.txt"
ESCAPE = re.compile(r"\x1b\[")


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path, **kwargs: object) -> Result:
    return runner.invoke(main, [os.fsdecode(a) for a in args], catch_exceptions=False, **kwargs)  # type: ignore[arg-type]


def one_error_line(result: Result) -> str:
    assert result.exit_code == ExitCode.ERROR, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dupcheck: error: ")
    return lines[0]


# --- files that are not articles -------------------------------------------------------------


def test_whitespace_only_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\t\n   \n", encoding="utf-8")
    assert "only whitespace" in one_error_line(run(runner, "compare", ORIGINAL, path))


def test_a_fifo_is_refused_without_waiting_for_a_writer(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in one_error_line(run(runner, "compare", ORIGINAL, fifo))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused_not_read(runner: CliRunner) -> None:
    assert "not a regular file" in one_error_line(run(runner, "compare", ORIGINAL, "/dev/zero"))


def test_unreadable_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 does not stop root (which CI may be), so the refusal is simulated at open().
    path = tmp_path / "secret.txt"
    path.write_text(ORIGINAL.read_text("utf-8"), encoding="utf-8")
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded)
    line = one_error_line(run(runner, "compare", ORIGINAL, path))
    assert line.endswith("secret.txt: permission denied")


def test_the_size_limit_is_one_line_with_the_way_out(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("The quick brown fox said on Tuesday.\n" * 200, encoding="utf-8")
    line = one_error_line(run(runner, "compare", ORIGINAL, big, "--max-bytes", "5000"))
    assert "--max-bytes" in line


def test_too_many_sentence_pairs_is_one_line_with_the_way_out(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Alignment is quadratic in sentences: a long repetitive file must fail fast, not exhaust
    # memory (a 10 MB file of one repeated sentence used to take 23 GB).
    big, copy = tmp_path / "big.txt", tmp_path / "copy.txt"
    for path in (big, copy):
        path.write_text("The quick brown fox said on Tuesday.\n" * 3000, encoding="utf-8")
    line = one_error_line(run(runner, "compare", big, copy, "--max-sentence-pairs", "4000000"))
    assert "3,000 × 3,000 sentences" in line
    assert "--max-sentence-pairs" in line
    # Under the limit the same comparison runs.
    small, small_copy = tmp_path / "small.txt", tmp_path / "small-copy.txt"
    for path in (small, small_copy):
        path.write_text("The quick brown fox said on Tuesday.\n" * 300, encoding="utf-8")
    result = run(runner, "compare", small, small_copy, "--format", "json", "--exit-zero")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["matches"]) == 300
    assert "--max-sentence-pairs" in run(runner, "compare", "--help").stdout


def test_same_file_twice_is_compared_and_noted(runner: CliRunner) -> None:
    result = run(runner, "compare", ORIGINAL, ORIGINAL, "-f", "json")
    assert result.exit_code == ExitCode.FINDING
    assert json.loads(result.stdout)["scores"]["coverage_a"] == 1.0
    assert result.stderr.splitlines() == [f"dupcheck: note: A and B are the same file ({ORIGINAL})"]


# --- standard input -------------------------------------------------------------------------


def test_dash_reads_standard_input(runner: CliRunner) -> None:
    data = ORIGINAL.read_bytes().decode("utf-8").encode("cp1252")
    result = run(runner, "compare", ORIGINAL, "-", "-f", "json", input=data)
    assert result.exit_code == ExitCode.FINDING
    out = json.loads(result.stdout)
    assert out["b"]["path"] == "<stdin>"
    assert out["b"]["encoding"] == "cp1252"
    assert out["verdict"] == "duplicate"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty input"), (b"  \n\n ", "only whitespace"), (b"\x00\x01\x02\x03" * 9, "binary")],
)
def test_bad_standard_input_is_one_line(runner: CliRunner, data: bytes, reason: str) -> None:
    line = one_error_line(run(runner, "compare", "-", ORIGINAL, input=data))
    assert line.startswith("dupcheck: error: <stdin>: ")
    assert reason in line


def test_standard_input_has_the_size_limit(runner: CliRunner) -> None:
    result = run(runner, "compare", "-", ORIGINAL, "--max-bytes", "100", input=b"word " * 1000)
    assert "over the 100-byte limit" in one_error_line(result)


def test_standard_input_can_be_only_one_side(runner: CliRunner) -> None:
    result = run(runner, "compare", "-", "-", input=b"text")
    assert result.exit_code == ExitCode.ERROR
    assert "only one of A and B" in result.stderr


# --- names and encodings --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_a_file_name_that_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: a lone surrogate in Python
    path = tmp_path / name
    path.write_bytes(UNRELATED.read_bytes())
    result = runner.invoke(main, ["compare", str(ORIGINAL), str(path), "-f", "json"])
    assert result.exit_code == ExitCode.OK
    data = json.loads(result.stdout_bytes.decode("utf-8"))  # strict: the report is valid UTF-8
    assert data["b"]["path"].endswith("caf\ufffd.txt")

    missing = one_error_line(run(runner, "compare", ORIGINAL, tmp_path / os.fsdecode(b"\xff.txt")))
    assert "\ufffd.txt: no such file" in missing
    out = tmp_path / "report.json"
    args = ["compare", str(ORIGINAL), str(path), "-f", "json", "-o", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert json.loads(out.read_bytes().decode("utf-8"))["b"]["path"].endswith("caf\ufffd.txt")


@pytest.mark.parametrize(
    ("encoding", "prefix", "expected"),
    [
        ("cp1252", b"", "cp1252"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ],
)
def test_legacy_and_unicode_encodings_are_decoded(
    runner: CliRunner, tmp_path: Path, encoding: str, prefix: bytes, expected: str
) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(prefix + ORIGINAL.read_text("utf-8").encode(encoding))
    data = json.loads(run(runner, "compare", ORIGINAL, path, "-f", "json").stdout)
    assert data["b"]["encoding"] == expected
    assert data["scores"]["coverage_a"] == data["scores"]["coverage_b"] == 1.0


def test_latin1_letters_are_read(runner: CliRunner, tmp_path: Path) -> None:
    text = "Café owners in Málaga said déjà vu was naïve. " * 5
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(text, encoding="utf-8")
    data = json.loads(run(runner, "compare", utf8, path, "-f", "json").stdout)
    assert data["b"]["encoding"] in {"cp1252", "latin-1"}
    assert data["b"]["chars"] == len(text)


def test_printable_turns_undecodable_name_bytes_into_replacement_characters() -> None:
    assert printable(os.fsdecode(b"a\xe9b")) == "a\ufffdb"
    assert printable("plain “text”") == "plain “text”"
    assert printable("lone \ud800 surrogate") == "lone ? surrogate"


def test_a_control_character_in_a_name_stays_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    line = one_error_line(run(runner, "compare", ORIGINAL, tmp_path / "two\nlines\x1b[31m.txt"))
    assert "two\\x0alines\\x1b[31m.txt" in line


# --- colour and terminals -------------------------------------------------------------------


def test_messages_are_plain_and_errors_red_on_a_terminal(tmp_path: Path) -> None:
    runner = CliRunner(env={"NO_COLOR": None, "TERM": "xterm"})
    out = tmp_path / "report.json"
    ok = runner.invoke(
        main, ["compare", str(ORIGINAL), str(UNRELATED), "-f", "json", "-o", str(out)], color=True
    )
    assert ok.stderr == f"dupcheck: report written to {out}\n"  # no style at all
    failed = runner.invoke(main, ["compare", str(ORIGINAL), str(tmp_path / "nope.txt")], color=True)
    assert "\x1b[31m" in failed.stderr


def test_no_color_means_no_escape_code_anywhere(tmp_path: Path) -> None:
    runner = CliRunner(env={"NO_COLOR": "1", "TERM": "xterm"})
    failed = runner.invoke(main, ["compare", str(ORIGINAL), str(tmp_path / "nope.txt")], color=True)
    assert failed.exit_code == ExitCode.ERROR
    assert not ESCAPE.search(failed.stderr)


def test_no_color_drops_the_colour_system_even_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    def terminal() -> Console:
        return Console(force_terminal=True, color_system="truecolor", width=132)

    monkeypatch.setattr("dupcheck.cli.common.report_console", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = report_view(text=True, output=None, width=None, verbose=False)
    assert (coloured.color_system, coloured.width) == ("truecolor", 132)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = report_view(text=True, output=None, width=None, verbose=False)
    assert plain.color_system is None
    assert plain.no_color
    monkeypatch.setenv("NO_COLOR", "")  # set but empty does not count (no-color.org)
    assert report_view(text=True, output=None, width=None, verbose=False).color_system


def test_a_report_file_is_plain_80_columns(tmp_path: Path) -> None:
    view = report_view(text=True, output=tmp_path / "r.txt", width=None, verbose=True)
    assert (view.width, view.color_system, view.verbose) == (80, None, True)


@pytest.mark.parametrize("width", [80, 160])
def test_text_view_fits_the_width(runner: CliRunner, width: int) -> None:
    heavy = SAMPLES / "harbour-syndicated-heavy.txt"
    out = run(runner, "compare", ORIGINAL, heavy, "--width", str(width)).stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert not ESCAPE.search(out)


# --- word edits as people read them ---------------------------------------------------------


def test_neighbouring_edits_are_marked_as_one() -> None:
    text = "Solberg told reporters after the vote"
    told, reporters, vote = Span(8, 12), Span(13, 22), Span(33, 37)
    marked = [(reporters, "red"), (told, "yellow"), (vote, "yellow")]
    assert _joined(text, marked, any_style=True) == [(Span(8, 22), "yellow"), (vote, "yellow")]
    # In colour a replaced word and a deleted one look different: they stay apart.
    assert _joined(text, marked, any_style=False) == [
        (told, "yellow"),
        (reporters, "red"),
        (vote, "yellow"),
    ]


def test_a_score_short_of_one_never_shows_as_100() -> None:
    assert _pct(0.9996) == "99.9%"
    assert _pct(1.0) == "100.0%"
    assert _pct(0.5) == "50.0%"


# --- entry points and import cost -----------------------------------------------------------


def _python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )


def test_python_m_dupcheck_is_the_command() -> None:
    result = _python("-m", "dupcheck", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: dupcheck ")
    assert "compare" in result.stdout and "scan" in result.stdout
    version = _python("-m", "dupcheck", "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("dupcheck, version ")


def test_compare_as_json_never_imports_rich(tmp_path: Path) -> None:
    # rich costs tens of milliseconds at start-up: a machine format must not pay for it, nor for
    # the scan machinery (datasketch, SciPy).
    script = (
        "import sys\n"
        "from dupcheck.cli.app import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    heavy = {'rich', 'datasketch', 'scipy'}\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "    print(exit.code, loaded, file=sys.stderr)\n"
    )
    out = tmp_path / "r.json"
    for extra in ([], ["-o", str(out)]):
        result = _python(
            "-c", script, "compare", str(ORIGINAL), str(UNRELATED), "-f", "json", *extra
        )
        assert result.stderr.splitlines()[-1] == "0 []", result.stderr


def test_a_terminal_that_is_not_utf8(tmp_path: Path) -> None:
    # A Latin-1 or ASCII locale (PYTHONIOENCODING, an old console): the text view loses its box
    # lines to "?", a machine format stays UTF-8 as its spec says, and neither crashes.
    runner = CliRunner(charset="ascii", env={"NO_COLOR": "1"})
    light = SAMPLES / "harbour-syndicated-light.txt"
    text = runner.invoke(main, ["compare", str(ORIGINAL), str(light)])
    assert text.exit_code == ExitCode.FINDING, text.stderr
    assert "Shared passages (1) ???" in text.stdout
    named = tmp_path / "Ärger-“copy”.txt"
    named.write_bytes(light.read_bytes())
    data = runner.invoke(main, ["compare", str(ORIGINAL), str(named), "-f", "json"])
    assert data.exit_code == ExitCode.FINDING, data.stderr
    assert json.loads(data.stdout_bytes.decode("utf-8"))["b"]["path"] == str(named)


def test_same_file_and_an_error_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "corpus.txt"
    not_a_folder.write_text("one article\n", encoding="utf-8")
    line = one_error_line(run(runner, "compare", ORIGINAL, ORIGINAL, "--corpus", not_a_folder))
    assert "note" not in line


def test_a_width_past_the_widest_is_a_one_line_error(runner: CliRunner) -> None:
    line = one_error_line(run(runner, "compare", ORIGINAL, ORIGINAL, "--width", "99999999999999"))
    assert "--width" in line
    result = run(runner, "compare", ORIGINAL, ORIGINAL, "--width", str(MAX_WIDTH), "--exit-zero")
    assert result.exit_code == 0
