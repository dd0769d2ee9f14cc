"""Nothing a user passes is ever overwritten, and what dupcheck writes is written atomically.

An output (``--output``, ``--write-baseline``) that resolves to an input, directly, through a
symlink or a hard link, or that lies where the scan reads articles, is refused with one line and
exit 2 before any work; the input is left byte for byte as it was. A full disk (a real, small
tmpfs) leaves the earlier report or baseline intact.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dupcheck.cli.app import main
from dupcheck.errors import InputError
from dupcheck.exitcode import ExitCode
from dupcheck.outputs import write_atomically
from tests.cli.test_scan_command import COPY, ORIGINAL, write

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(main, [str(a) for a in args])


def refused(result: Result, *words: str) -> str:
    assert result.exit_code == ExitCode.ERROR, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dupcheck: error: "), lines[0]
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SAMPLES / "harbour-original.txt", a)
    shutil.copy(SAMPLES / "harbour-syndicated-heavy.txt", b)
    return a, b


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write(tmp_path / "d", {"original.txt": ORIGINAL, "copy.txt": COPY})


def snapshot(*paths: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


# --- compare --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dupcheck.toml", "pyproject.toml"])
def test_compare_refuses_an_output_that_is_the_configuration_it_read(
    runner: CliRunner, pair: tuple[Path, Path], name: str
) -> None:
    config = pair[0].parent / name
    config.write_text(
        "[tool.dupcheck.compare]\n" if name == "pyproject.toml" else "[compare]\n",
        encoding="utf-8",
    )
    before = snapshot(*pair, config)
    refused(run(runner, "compare", *pair, "-o", config), "the configuration file")
    assert snapshot(*pair, config) == before


def test_compare_refuses_an_output_in_the_corpus_folder_or_that_is_it(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus = write(tmp_path / "corpus", {"one.txt": ORIGINAL, "two.txt": COPY})
    before = snapshot(*pair, corpus / "one.txt")
    refused(run(runner, "compare", *pair, "--corpus", corpus, "-o", corpus / "one.txt"), "--corpus")
    refused(run(runner, "compare", *pair, "--corpus", corpus, "-o", corpus / "new.txt"), "--corpus")
    assert not (corpus / "new.txt").exists()
    assert snapshot(*pair, corpus / "one.txt") == before
    # Where a scan of the folder would not read, as for scan's own outputs: a hidden name.
    hidden = corpus / ".report.txt"
    result = run(runner, "compare", *pair, "--corpus", corpus, "-o", hidden, "--exit-zero")
    assert result.exit_code == 0, result.output
    assert hidden.read_text(encoding="utf-8").startswith("A ")


@pytest.mark.parametrize("side", ["a", "b"])
def test_compare_refuses_an_output_that_is_an_input(
    runner: CliRunner, pair: tuple[Path, Path], side: str
) -> None:
    before = snapshot(*pair)
    target = pair[0] if side == "a" else pair[1]
    refused(
        run(runner, "compare", *pair, "-o", target),
        "refusing to overwrite",
        f"input {side.upper()}",
    )
    assert snapshot(*pair) == before


def test_compare_refuses_an_input_reached_through_a_symlink_or_a_hard_link(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    before = snapshot(*pair)
    link = tmp_path / "link.txt"
    link.symlink_to(pair[0])
    hard = tmp_path / "hard.txt"
    os.link(pair[1], hard)
    refused(run(runner, "compare", *pair, "-o", link), "input A")
    refused(run(runner, "compare", *pair, "-o", hard), "input B")
    assert snapshot(*pair) == before
    assert link.is_symlink()


def test_compare_output_errors_are_one_line(runner: CliRunner, pair: tuple[Path, Path]) -> None:
    folder = pair[0].parent / "reports"
    folder.mkdir()
    refused(run(runner, "compare", *pair, "-o", folder), "is a directory")
    refused(run(runner, "compare", *pair, "-o", folder / "missing" / "r.txt"), "no such directory")


def test_an_output_through_a_symlink_replaces_the_target_and_keeps_the_link(
    runner: CliRunner, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(report)
    result = run(runner, "compare", *pair, "-f", "json", "-o", link)
    assert result.exit_code == ExitCode.FINDING, result.output
    assert link.is_symlink()
    assert report.read_text("utf-8").startswith("{")


# --- scan -----------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
@pytest.mark.parametrize("name", ["original.txt", "new.txt", "sub/x.md"])
def test_scan_refuses_to_write_where_it_reads_articles(
    runner: CliRunner, tree: Path, flag: str, name: str
) -> None:
    (tree / "sub").mkdir()
    before = snapshot(*tree.rglob("*.txt"))
    refused(run(runner, "scan", tree, flag, tree / name), "would be an article of")
    assert snapshot(*tree.rglob("*.txt")) == before
    assert not (tree / "new.txt").exists()
    assert not (tree / "sub" / "x.md").exists()


def test_scan_refuses_an_article_reached_through_a_symlink(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(tree / "copy.txt")
    before = snapshot(tree / "copy.txt")
    refused(run(runner, "scan", tree, "-o", link), "would be an article of")
    assert snapshot(tree / "copy.txt") == before


def test_scan_refuses_to_overwrite_the_baseline_it_reads(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    assert run(runner, "scan", tree, "--write-baseline", baseline).exit_code == ExitCode.OK
    before = snapshot(baseline)
    refused(run(runner, "scan", tree, "--baseline", baseline, "-o", baseline), "the baseline")
    assert snapshot(baseline) == before
    other = tmp_path / "accepted.json"
    both = run(runner, "scan", tree, "--write-baseline", other, "-o", other)
    refused(both, "the baseline to write")


def test_scan_refuses_to_overwrite_its_configuration(runner: CliRunner, tree: Path) -> None:
    config = tree / "dupcheck.toml"
    config.write_text('fail_on = "partial"\n', encoding="utf-8")
    refused(run(runner, "scan", tree, "-o", config), "the configuration file")
    assert config.read_text("utf-8") == 'fail_on = "partial"\n'


def test_a_hidden_baseline_in_the_tree_is_still_allowed(runner: CliRunner, tree: Path) -> None:
    # The documented workflow: the baseline lives in the repository, under a hidden name the
    # walk never reads.
    baseline = tree / ".dupcheck-baseline.json"
    assert run(runner, "scan", tree, "--write-baseline", baseline).exit_code == ExitCode.OK
    assert run(runner, "scan", tree, "--baseline", baseline).exit_code == ExitCode.OK


def test_scan_output_folder_and_baseline_folder_are_one_line(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    refused(run(runner, "scan", tree, "-o", tmp_path), "is a directory")
    refused(run(runner, "scan", tree, "--baseline", tmp_path), "is a directory")


# --- atomic writes --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs (root only: mounting needs it)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def fill(disk: Path) -> None:
    """Take every free block, so the next write fails with ENOSPC."""
    with open(disk / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass


def test_a_full_disk_leaves_the_earlier_report_intact(
    runner: CliRunner, pair: tuple[Path, Path], small_disk: Path
) -> None:
    report = small_disk / "report.json"
    assert run(runner, "compare", *pair, "-f", "json", "-o", report).exit_code == ExitCode.FINDING
    earlier = report.read_bytes()
    fill(small_disk)
    result = run(runner, "compare", *pair, "-f", "json", "-v", "-o", report)
    refused(result, "no space left on device")
    assert report.read_bytes() == earlier
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "report.json"]


def test_a_full_disk_leaves_the_earlier_baseline_intact(
    runner: CliRunner, tree: Path, small_disk: Path
) -> None:
    baseline = small_disk / "baseline.json"
    assert run(runner, "scan", tree, "--write-baseline", baseline).exit_code == ExitCode.OK
    earlier = baseline.read_bytes()
    assert b"fingerprint_a" in earlier
    fill(small_disk)
    write(tree, {"third.txt": ORIGINAL.replace("harbour", "port"), "fourth.txt": COPY + " Yes."})
    result = run(runner, "scan", tree, "-q", "--write-baseline", baseline)
    refused(result, "no space left on device")
    assert baseline.read_bytes() == earlier


def test_write_atomically_keeps_the_mode_and_never_leaves_a_temporary(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomically_writes_a_device_in_place() -> None:
    # Renaming over /dev/null would replace the device node (as root, it could).
    write_atomically(Path(os.devnull), b"report")
    assert Path(os.devnull).is_char_device()


def test_write_atomically_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("keep", encoding="utf-8")
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        pytest.skip("this user (root) may write any file")
    with pytest.raises(InputError, match="permission denied"):
        write_atomically(path, b"new")
    assert path.read_text("utf-8") == "keep"
