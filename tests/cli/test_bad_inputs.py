"""The standing bad-input matrix: hostile files, trees, configurations and option values.

Every case ends in one line and exit 2 (compare, a bad option, a bad configuration) or a skipped
entry with a reason (scan), never a traceback, a hang or unbounded memory. Real FIFOs, devices,
symlinks and a real non-root user where permissions matter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dupcheck import CompareOptions, ScanOptions, compare
from dupcheck.cli.app import main
from dupcheck.corpus.pipeline import Progress, scan
from dupcheck.errors import ConfigError, DupcheckError
from dupcheck.exitcode import ExitCode
from tests.cli.test_scan_command import COPY, ORIGINAL, write

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
A = SAMPLES / "harbour-original.txt"
B = SAMPLES / "rail-strike.txt"
LINUX = sys.platform.startswith("linux")


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(main, [str(a) for a in args])


def one_line(result: Result, *words: str) -> str:
    assert result.exit_code == ExitCode.ERROR, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dupcheck: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def skipped(result: Result) -> dict[str, str]:
    assert result.exit_code in (ExitCode.OK, ExitCode.FINDING), result.output
    return {s["path"]: s["reason"] for s in json.loads(result.stdout)["skipped"]}


# --- scan: what a tree may hold -------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write(tmp_path / "d", {"original.txt": ORIGINAL, "copy.txt": COPY})


@pytest.mark.skipif(not LINUX, reason="FIFOs and /dev/zero")
def test_fifos_and_devices_in_a_tree_are_skipped_not_read(runner: CliRunner, tree: Path) -> None:
    os.mkfifo(tree / "feed.jsonl")
    os.mkfifo(tree / "pipe.txt")
    (tree / "zero.jsonl").symlink_to("/dev/urandom")
    (tree / "zero.txt").symlink_to("/dev/zero")
    reasons = skipped(run(runner, "scan", tree, "-f", "json", "-j", "1"))
    for name in ("feed.jsonl", "pipe.txt", "zero.jsonl", "zero.txt"):
        assert reasons[name] == "not a regular file", reasons


BAD_LINES = {
    "surrogate": '{"id": "s", "text": "Fine words \\udc00 and more words here."}',
    "nesting": '{"id": "n", "text": ' + "[" * 3000 + "]" * 3000 + "}",
    "digits": '{"id": "d", "text": "x", "n": ' + "9" * 5000 + "}",
    "long": '{"id": "l", "text": "' + "word " * 3000 + '"}',
    "not json": "{oops",
}


def test_each_bad_jsonl_line_is_skipped_with_its_number(runner: CliRunner, tree: Path) -> None:
    good = json.dumps({"id": "good", "text": ORIGINAL})
    lines = [*BAD_LINES.values(), good]
    (tree / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(runner, "scan", tree, "-f", "json", "-j", "1", "--max-bytes", "10000")
    reasons = skipped(result)
    assert set(reasons) == {f"feed.jsonl:{n}" for n in range(1, 6)}, reasons
    assert "surrogate" in reasons["feed.jsonl:1"]
    assert "nested too deeply" in reasons["feed.jsonl:2"]
    assert "digits" in reasons["feed.jsonl:3"]
    assert "over the 10,000-byte limit" in reasons["feed.jsonl:4"]
    pairs = json.loads(result.stdout)["pairs"]
    assert any("feed.jsonl#good" in (p["a"], p["b"]) for p in pairs)


def test_an_over_long_jsonl_line_is_counted_not_held(tmp_path: Path) -> None:
    # 30 MB on one line with a 1 KB limit: read in pieces, its size reported exactly.
    root = tmp_path / "t"
    root.mkdir()
    with open(root / "big.jsonl", "wb") as handle:
        handle.write(b'{"id": "x", "text": "')
        for _ in range(30):
            handle.write(b"a" * 1_000_000)
        handle.write(b'"}\n{"id": "y", "text": "Short but fine text here."}\n')
    options = ScanOptions(jobs=1, max_bytes=1000)
    result = scan(root, options=options)
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons == {"big.jsonl:1": "line of 30,000,024 bytes is over the 1,000-byte limit"}
    assert result.documents == 1


def test_a_file_deleted_or_changed_before_verification_is_one_unverified_pair(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path / "t",
        {"a.txt": ORIGINAL, "b.txt": COPY, "c.txt": ORIGINAL + " More.", "d.txt": COPY + " Ok."},
    )

    def meddle(progress: Progress) -> None:
        # Between the read and the verify stages, as a concurrent job might.
        if progress.stage == "index" and progress.done == 0:
            (root / "a.txt").unlink()
            (root / "b.txt").write_text("Entirely different words now.", encoding="utf-8")

    result = scan(root, options=ScanOptions(jobs=1), progress=meddle)
    unverified = [s for s in result.skipped if s.unverified_pair]
    touched = {"a.txt", "b.txt"}
    assert unverified, result
    for s in unverified:
        assert "no such file" in s.reason or "changed since it was read" in s.reason
    assert {(p.a, p.b) for p in result.pairs} == {("c.txt", "d.txt")}
    assert all(not ({p.a, p.b} & touched) for p in result.pairs)


@pytest.mark.skipif(not LINUX, reason="PATH_MAX of Linux")
def test_paths_too_long_for_the_system_are_skipped_entries(tmp_path: Path) -> None:
    root = write(tmp_path / "t", {"a.txt": ORIGINAL, "b.txt": COPY})
    # Built one level at a time through a folder descriptor: the whole path is over 4,096 bytes.
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("x" * 250, dir_fd=fd)
            inner = os.open("x" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    result = scan(root, options=ScanOptions(jobs=1))
    reasons = [s.reason for s in result.skipped]
    assert "folder not read: file name too long" in reasons, reasons
    assert len(result.pairs) == 1


NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")


def as_nobody(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NOBODY, *(sys.executable, "-m", "dupcheck", *map(str, args))],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "DUPCHECK_DEBUG": ""},
    )


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is private to its owner)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root to run a command as another user")
    probe = subprocess.run(
        [*NOBODY, sys.executable, "-c", "import dupcheck"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if probe.returncode != 0:
        # .ci/run makes its virtualenv readable by others; a checkout or interpreter under a
        # private folder cannot be run as another user at all.
        pytest.skip("another user cannot run this interpreter or read this checkout")
    path = Path(tempfile.mkdtemp(prefix="dupcheck-perm-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_permissions_as_a_real_non_root_user(shared_dir: Path) -> None:
    root = write(shared_dir / "tree", {"a.txt": ORIGINAL, "b.txt": COPY, "locked/c.txt": COPY})
    for folder in (shared_dir, root):
        folder.chmod(0o755)
    (root / "locked").chmod(0)
    secret = shared_dir / "secret.txt"
    secret.write_text(ORIGINAL, encoding="utf-8")
    secret.chmod(0)
    readonly = shared_dir / "report.txt"
    readonly.write_text("keep", encoding="utf-8")
    readonly.chmod(0o444)
    closed = shared_dir / "closed"
    closed.mkdir(mode=0o700)

    scanned = as_nobody("scan", root, "-f", "json", "-j", "1", cwd=shared_dir)
    assert scanned.returncode == ExitCode.FINDING, scanned.stderr
    reasons = {s["path"]: s["reason"] for s in json.loads(scanned.stdout)["skipped"]}
    assert reasons == {"locked": "folder not read: permission denied"}

    cases = [
        (("compare", A, secret), "secret.txt: permission denied"),
        (("compare", A, A, "-o", readonly), "report.txt: permission denied"),
        (("scan", closed), "closed: permission denied"),
    ]
    for args, expected in cases:
        done = as_nobody(*args, cwd=shared_dir)
        assert done.returncode == ExitCode.ERROR, done.stderr
        assert done.stderr.splitlines() == [f"dupcheck: error: {shared_dir}/{expected}"]
    assert readonly.read_text("utf-8") == "keep"


# --- configuration in the tree is untrusted -------------------------------------------------


@pytest.mark.skipif(not LINUX, reason="FIFOs and /dev/zero")
@pytest.mark.parametrize("where", ["/dev/zero", "/dev/urandom", "fifo"])
def test_a_baseline_that_never_ends_is_refused(runner: CliRunner, tree: Path, where: str) -> None:
    if where == "fifo":
        os.mkfifo(tree / ".fifo")
        where = ".fifo"
    (tree / "dupcheck.toml").write_text(f'baseline = "{where}"\n', encoding="utf-8")
    one_line(run(runner, "scan", tree), "not a regular file")
    one_line(run(runner, "scan", tree, "--baseline", tree / where), "not a regular file")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"include = [", "invalid TOML"),
        (b"\xff\xfe = 1\n", "not UTF-8"),
        (b"lsh_threshold = 1.0\n", "lsh_threshold"),
        (b"num_perm = 100000000\n", "num_perm"),
        (b"shingle_size = 1000000\n", "shingle_size"),
        (b"seed = 4294967296\n", "seed"),
        (b"max_bytes = 100000000000\n", "max_bytes"),
        (b"[compare]\nmax_sentence_pairs = 1000000000000\n", "max_sentence_pairs"),
        (b"[compare]\nduplicate_coverage = nan\n", "duplicate_coverage"),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", "TOML"),
    ],
)
def test_a_bad_configuration_is_one_line(
    runner: CliRunner, tree: Path, content: bytes, expected: str
) -> None:
    (tree / "dupcheck.toml").write_bytes(content)
    one_line(run(runner, "scan", tree), "dupcheck.toml", expected)


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b'{"schema": "dupcheck.baseline/1", "pairs": 3}', b"\xff\xfe", b"[" * 10**5],
)
def test_a_bad_baseline_is_one_line(
    runner: CliRunner, tree: Path, tmp_path: Path, content: bytes
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    one_line(run(runner, "scan", tree, "--baseline", baseline), "not a baseline file")


# --- option values: the same ranges from the library, the file and the command line ---------


@pytest.mark.parametrize(
    "args",
    [
        ("compare", A, A, "--max-bytes", "100000000000"),
        ("compare", A, A, "--max-sentence-pairs", "100000000000"),
        ("compare", A, A, "--threshold", "1.5"),
        ("scan", SAMPLES, "--max-bytes", "100000000000"),
        ("scan", SAMPLES, "--jobs", "-1"),
    ],
)
def test_an_option_out_of_range_is_one_line(runner: CliRunner, args: tuple[str, ...]) -> None:
    one_line(run(runner, *args), "--")


# Found by the fuzz campaign's command lines: a missing argument said "B: " and nothing more,
# and an unknown option printed click's three-line usage screen.
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("compare", A), ("B: missing", "compare --help")),
        (("compare",), ("A: missing",)),
        (("compare", A, A, "--bogus"), ("--bogus", "compare --help")),
        (("compare", A, A, "extra"), ("extra",)),
        (("compare", A, A, "--width"), ("--width", "requires an argument")),
        (("scan", SAMPLES, "--no-such-flag"), ("--no-such-flag", "scan --help")),
        (("no-such-command",), ("no-such-command", " --help")),
        (("--bogus",), ("--bogus", " --help")),
        (("--bogus", "compare", A, A), ("--bogus", " --help")),
    ],
)
def test_usage_errors_are_one_line(
    runner: CliRunner, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    line = one_line(run(runner, *args), *words)
    assert not line.rstrip().endswith(":"), line


@pytest.mark.parametrize("args", [(), ("index",)])
def test_a_group_without_a_command_shows_its_help(runner: CliRunner, args: tuple[str, ...]) -> None:
    # Not an error line: the help screen is the answer to a bare ``dupcheck`` or ``dupcheck index``.
    result = run(runner, *args)
    assert result.exit_code == ExitCode.ERROR, result.output
    assert result.output.startswith("Usage: ")
    assert "\nCommands:\n" in result.output
    assert "dupcheck: error" not in result.output


@pytest.mark.parametrize(
    "make",
    [
        lambda: CompareOptions(duplicate_coverage=-1),
        lambda: CompareOptions(match_threshold=float("nan")),
        lambda: CompareOptions(max_sentence_pairs=10**12),
        lambda: CompareOptions(shingle_size=0),
        lambda: ScanOptions(lsh_threshold=1.0),
        lambda: ScanOptions(num_perm=100_000_000),
        lambda: ScanOptions(seed=2**32),
        lambda: ScanOptions(shingle_size=1_000_000),
        lambda: ScanOptions(max_bytes=100_000_000_000),
        lambda: ScanOptions(jobs=-1),
    ],
)
def test_the_library_refuses_the_same_values(make: object) -> None:
    with pytest.raises(ConfigError):
        make()  # type: ignore[operator]


def test_a_huge_size_limit_is_refused_not_allocated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max_bytes"):
        compare(A, A, max_bytes=100_000_000_000)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [("compare", A, B), ("scan", SAMPLES, "-q")])
def test_a_full_stdout_is_one_line(command: tuple[str | Path, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "dupcheck", *map(str, command)],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == ExitCode.ERROR
    assert done.stderr.splitlines() == ["dupcheck: error: <stdout>: no space left on device"]


# --- compare: arbitrary bytes ---------------------------------------------------------------

HOSTILE = [
    b"",
    b"   \n\t  ",
    b"\0\0\0\0",
    b"\xff\xfe\xfd",
    b"\xef\xbb\xbf",
    b"\xff\xfe" + b"a\0b",
    b"\xed\xa0\x80 lone surrogate in UTF-8",
    b"\x1b]0;title\x07\x1b[2J" * 50,
    b"." * 50_000,
    b"word " * 100_000,
    ("\u202e" + "mirrored text here. " * 20).encode(),
    b"<html><body>" + b"<div>" * 20_000 + b"text",
]


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_compare_of_hostile_bytes_is_a_result_or_one_line(
    runner: CliRunner, tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(data)
    result = run(runner, "compare", A, path, "-f", "json")
    if result.exit_code == ExitCode.ERROR:
        one_line(result, "hostile")
    else:
        assert result.exit_code in (ExitCode.OK, ExitCode.FINDING), result.output
        assert json.loads(result.stdout)["schema"].startswith("dupcheck.compare/")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=st.binary(max_size=600), b=st.binary(max_size=600))
def test_compare_never_raises_anything_but_dupcheck_error(
    tmp_path: Path, a: bytes, b: bytes
) -> None:
    left, right = tmp_path / "a.txt", tmp_path / "b.html"
    left.write_bytes(a)
    right.write_bytes(b)
    with suppress(DupcheckError):  # anything else fails the test
        compare(left, right)
