"""``dupcheck index`` and ``dupcheck query`` through the click layer, and the index under
faults: a writer killed with SIGKILL, a second writer, readers while one writes (real
processes, real signals, real database files)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dupcheck.cli.app import main
from dupcheck.cli.index_command import index
from dupcheck.corpus.indexing import build
from dupcheck.corpus.query import QueryResult
from dupcheck.corpus.store import SCHEMA_VERSION, Index
from dupcheck.corpus.types import ScanOptions
from dupcheck.exitcode import ExitCode
from dupcheck.report.query_formats import QueryFormat
from tests._stories import story

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path, stdin: str | None = None) -> Result:
    return runner.invoke(main, [str(a) for a in args], input=stdin, catch_exceptions=False)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def trees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    archive, new = Path("archive"), Path("new")
    write(archive / "2019/bridge.txt", story(1))
    write(archive / "2020/ferry.txt", story(2))
    write(archive / "2020/source.txt", story(4))
    write(archive / "2021/other.txt", story(3))
    write(new / "bridge-copy.txt", "REGIONAL NEWS\n\n" + story(1))
    write(new / "quotes.txt", story(9) + "\n\n" + story(4).split("\n\n")[2])
    write(new / "fresh.txt", story(8))
    return archive, new


@pytest.mark.parametrize("name", sorted(index.commands))
def test_every_index_command_has_help(runner: CliRunner, name: str) -> None:
    assert index.commands[name].help
    result = run(runner, "index", name, "--help")
    assert result.exit_code == 0
    assert "--db" in result.output


@pytest.mark.parametrize("fmt", list(QueryFormat))
def test_every_query_format_renders_an_article_without_copies(fmt: QueryFormat) -> None:
    out = fmt.to_formatter().render([QueryResult("new/a.txt", "0" * 32, (), 0)])
    assert out.endswith("\n")
    assert "new/a.txt" in out


def test_build_info_and_query(runner: CliRunner, trees: tuple[Path, Path]) -> None:
    archive, new = trees
    built = run(runner, "index", "build", archive, "--db", "a.db", "-j", "1")
    assert built.exit_code == ExitCode.OK, built.output
    assert "4 added" in built.stderr
    info = json.loads(run(runner, "index", "info", "--db", "a.db", "-f", "json").stdout)
    assert (info["root"], info["files"], info["documents"]) == ("archive", 4, 4)
    assert info["schema"] == SCHEMA_VERSION

    found = run(runner, "query", new / "bridge-copy.txt", new / "fresh.txt", "--db", "a.db")
    assert found.exit_code == ExitCode.FINDING
    assert "duplicate archive/2019/bridge.txt" in " ".join(found.stdout.split())
    assert "new/fresh.txt: 0 archived copies" in found.stdout

    quoted = run(
        runner,
        "query",
        "-",
        "--db",
        "a.db",
        "-f",
        "json",
        stdin=story(9) + "\n\n" + story(4).split("\n\n")[2],
    )
    assert quoted.exit_code == ExitCode.OK  # a partial is not a finding at --fail-on duplicate
    (article,) = json.loads(quoted.stdout)["articles"]
    assert article["name"] == "<stdin>"
    (copy,) = article["copies"]
    assert (copy["archived"], copy["verdict"]) == ("archive/2020/source.txt", "partial")
    (passage,) = copy["passages"]
    assert passage["text"] in story(4)
    partial = run(runner, "query", new / "quotes.txt", "--db", "a.db", "--fail-on", "partial")
    assert partial.exit_code == ExitCode.FINDING
    nothing = run(runner, "query", new / "fresh.txt", "--db", "a.db")
    assert nothing.exit_code == ExitCode.OK


@pytest.mark.parametrize("fmt", ["json", "github", "csv"])
def test_scan_against_an_index_prints_what_the_folder_scan_prints(
    runner: CliRunner, trees: tuple[Path, Path], fmt: str
) -> None:
    archive, new = trees
    build(archive, Path("a.db"), ScanOptions(jobs=1), jobs=1)
    folder = run(runner, "scan", new, "--against", archive, "-f", fmt, "-j", "1")
    indexed = run(runner, "scan", new, "--against", "a.db", "-f", fmt, "-j", "1")
    assert folder.exit_code == indexed.exit_code == ExitCode.FINDING
    assert indexed.stdout == folder.stdout
    assert "archive/2019/bridge.txt" in folder.stdout


def test_errors_are_one_line_and_exit_2(runner: CliRunner, trees: tuple[Path, Path]) -> None:
    archive, new = trees
    build(archive, Path("a.db"), ScanOptions(jobs=1), jobs=1)
    with sqlite3.connect("a.db") as connection:
        connection.execute("PRAGMA user_version=0")
    for args in (
        ("query", new / "fresh.txt", "--db", "a.db"),
        ("scan", new, "--against", "a.db"),
        ("index", "info", "--db", "a.db"),
        ("index", "add", archive, "--db", "a.db"),
    ):
        result = run(runner, *args)
        assert result.exit_code == ExitCode.ERROR
        (line,) = result.stderr.splitlines()
        assert "index schema version 0" in line
        assert "dupcheck index build" in line
    missing = run(runner, "query", "nowhere.txt", "--db", "a.db")
    assert missing.exit_code == ExitCode.ERROR
    assert len(missing.stderr.splitlines()) == 1
    again = run(runner, "index", "build", archive, "--db", "a.db")
    assert again.exit_code == ExitCode.ERROR
    assert "already exists" in again.stderr


def _python(code: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_a_second_writer_is_refused_while_the_first_writes(
    runner: CliRunner, trees: tuple[Path, Path]
) -> None:
    archive, _ = trees
    build(archive, Path("a.db"), ScanOptions(jobs=1), jobs=1)
    writer = _python(
        "import sys\n"
        "from dupcheck.corpus.store import Index\n"
        "with Index.open('a.db', write=True):\n"
        "    print('ready', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        refused = run(runner, "index", "add", archive, "--db", "a.db")
        assert refused.exit_code == ExitCode.ERROR
        assert refused.stderr.strip() == (
            "dupcheck: error: a.db: another dupcheck process is writing this index; "
            "wait for it to finish"
        )
        # Readers are not held back by the writer.
        assert run(runner, "index", "info", "--db", "a.db").exit_code == ExitCode.OK
    finally:
        assert writer.stdin is not None
        writer.stdin.close()
        assert writer.wait(timeout=60) == 0
    write(archive / "2022/new.txt", story(12))
    after = run(runner, "index", "add", archive, "--db", "a.db")
    assert after.exit_code == ExitCode.OK
    assert "1 added" in after.stderr


def _committed(db: Path) -> set[str]:
    with Index.open(db) as index:
        rows = index.connection.execute("SELECT name FROM docs").fetchall()
    return {r[0] for r in rows}


@pytest.mark.parametrize("step", ["build", "add"])
def test_kill_9_during_a_write_loses_nothing_committed(tmp_path: Path, step: str) -> None:
    """``index build`` from nothing, or ``index add`` onto an index of 100 files, killed with
    SIGKILL as soon as a reader sees its first batch committed."""
    archive = tmp_path / "archive"
    files = 1200
    db = tmp_path / "a.db"
    for i in range(files):
        write(archive / f"{i // 100:02}/{i:04}.txt", story(1000 + i, paragraphs=2))
        if step == "add" and i == 99:
            build(archive, db, ScanOptions(jobs=1), jobs=1)
    before = _committed(db) if step == "add" else set()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "dupcheck", "index", step, str(archive), "--db", str(db)]
    writer = subprocess.Popen([*command, "-j", "1", "-q"], env=env, stderr=subprocess.PIPE)
    seen: set[str] = set()
    try:
        deadline = time.monotonic() + 300
        # A reader polls while the writer writes (WAL): kill as soon as a batch is committed.
        while len(seen) <= len(before) and time.monotonic() < deadline and writer.poll() is None:
            if db.exists():
                try:
                    seen = _committed(db)
                except Exception:  # the file exists before its schema does
                    seen = set()
            time.sleep(0.02)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        code = writer.wait(timeout=60)
    assert code == -signal.SIGKILL, f"index {step} ended before it could be killed"
    assert before < seen

    after = _committed(db)
    assert seen <= after
    assert len(after) < files
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    resume = [sys.executable, "-m", "dupcheck", "index", "add", str(archive), "--db", str(db)]
    finished = subprocess.run(
        [*resume, "-j", "1"], env=env, capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert f"{files - len(after)} added" in finished.stderr
    fresh = tmp_path / "fresh.db"
    build(archive, fresh, ScanOptions(jobs=1), jobs=1)
    query = "SELECT name, fingerprint, signature, sample FROM docs ORDER BY name"
    with sqlite3.connect(db) as resumed, sqlite3.connect(fresh) as clean:
        assert resumed.execute(query).fetchall() == clean.execute(query).fetchall()
        count = "SELECT count(*) FROM postings"
        assert resumed.execute(count).fetchone() == clean.execute(count).fetchone()


def _query_from_the_shell(argv: list[str], after: str) -> str:
    """The stderr of ``dupcheck query`` run in a fresh interpreter with ``argv``, then the lines
    ``after`` (indented, with ``exit`` the SystemExit) run once the command has ended."""
    script = (
        "import sys\n"
        "from dupcheck.cli.app import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n" + "".join(f"    {line}\n" for line in after.splitlines())
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "query", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    return done.stderr


@pytest.fixture
def samples_db(tmp_path: Path) -> Path:
    """An index of the samples folder."""
    db = tmp_path / "a.db"
    build(REPO / "samples", db, ScanOptions(), jobs=1)
    return db


def test_a_query_from_the_shell_pays_only_for_what_it_uses(
    tmp_path: Path, samples_db: Path
) -> None:
    # Start-up time a query from the shell would pay for nothing: compiling boilerplate rules
    # that neither the article nor its copies reach (no parenthesised credit here), and
    # tempfile (with random, shutil, bz2, lzma), which only writing a report to a file needs.
    after = (
        "from dupcheck.text import boilerplate_rules as rules\n"
        "lazy = [v for v in vars(rules).values() if isinstance(v, rules.LazyPattern)]\n"
        "compiled = [v is rules.CREDIT_TAIL for v in lazy if v.is_compiled]\n"
        "print(exit.code, len(lazy), len(compiled), any(compiled), file=sys.stderr)\n"
        "print('tempfile' in sys.modules, file=sys.stderr)\n"
    )
    query = [str(REPO / "samples/rail-strike.txt"), "--db", str(samples_db)]
    for output, writes_a_file in (([], False), (["-o", str(tmp_path / "report.txt")], True)):
        stderr = _query_from_the_shell([*query, *output], after)
        code, rules, compiled, credit_tail, tempfile = stderr.split()[-5:]
        assert (code, credit_tail) == ("1", "False"), stderr
        assert 0 < int(compiled) < int(rules)
        assert tempfile == str(writes_a_file)
    assert "rail-strike.txt: 1 archived copy" in (tmp_path / "report.txt").read_text()


def test_a_query_from_the_shell_never_loads_numpy_ma(samples_db: Path) -> None:
    # numpy.ma, which np.unique loads, is start-up time a query from the shell must not pay:
    # the scan's code sorts instead (`dupcheck.corpus.hashing.sorted_distinct`).
    after = (
        "loaded = sorted(m for m in sys.modules if m.split('.')[:2] == ['numpy', 'ma'])\n"
        "print(exit.code, loaded, file=sys.stderr)\n"
    )
    copy, other = REPO / "samples/harbour-syndicated-light.txt", REPO / "samples/rail-strike.txt"
    for fmt in ("text", "json"):
        stderr = _query_from_the_shell(
            [str(copy), str(other), "--db", str(samples_db), "-f", fmt], after
        )
        assert stderr.splitlines()[-1] == "1 []", stderr
