"""``dupcheck scan`` as a CI job runs it, end to end in a real git repository made here: the
archive committed on ``main``, a copy added on a branch, the scan run from the checkout's root
with the real ``GITHUB_STEP_SUMMARY`` mechanism (a file the step appends to)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dupcheck.cli.app import main
from dupcheck.exitcode import ExitCode
from tests.cli.test_scan_command import COPY, ORIGINAL, OTHER, QUOTE, write
from tests.report.test_scan import check_sarif


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``main`` holds the archive; the branch ``story`` adds a copy of one of its articles and an
    unrelated story. The working directory is the checkout, as in a CI job."""
    root = tmp_path / "checkout"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.org")
    git(root, "config", "user.name", "CI")
    write(root / "articles", {"wire/original.txt": ORIGINAL, "sport/quote.txt": QUOTE})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "archive")
    git(root, "checkout", "-q", "-b", "story")
    write(root / "articles", {"site/copy.txt": COPY, "food/other.txt": OTHER})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "new stories")
    monkeypatch.chdir(root)
    yield root


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(
        env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None, "GITHUB_STEP_SUMMARY": None}
    )


def scan(runner: CliRunner, *args: str | Path, summary: Path | None = None) -> Result:
    """``dupcheck scan``, with ``$GITHUB_STEP_SUMMARY`` set to ``summary`` when given."""
    env = {"GITHUB_STEP_SUMMARY": str(summary)} if summary is not None else {}
    return runner.invoke(main, ["scan", *map(str, args)], env=env, catch_exceptions=False)


def line_of(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_github_annotates_the_new_copy_at_its_shared_passage(runner: CliRunner, repo: Path) -> None:
    summary = repo.parent / "step-summary.md"
    summary.write_text("## earlier step\n\n", encoding="utf-8")
    result = scan(
        runner,
        "articles/site",
        "--against",
        "articles/wire",
        "--format",
        "github",
        summary=summary,
    )
    assert result.exit_code == ExitCode.FINDING
    (annotation,) = result.stdout.splitlines()
    props, _, message = annotation.partition("::")[2].partition("::")
    level, _, props = props.partition(" ")
    fields = dict(p.split("=", 1) for p in props.split(","))
    # On the new copy (the archive's article is the settled one), at its first shared passage:
    # the headline on line 1 is its own, the shared text starts on line 3.
    assert (level, fields["file"], fields["line"]) == ("error", "articles/site/copy.txt", "3")
    assert fields["title"] == "dupcheck duplicate"
    copy = repo / fields["file"]
    assert line_of(copy, 3).startswith("Councillors in Kestrel Bay have voted to close")
    end = int(fields["endLine"])
    assert 3 < end <= len(COPY.splitlines())
    assert line_of(copy, end) in COPY  # a line of the file, not of some extracted text
    assert "the passage is at lines 1-" in message and "articles/wire/original.txt" in message

    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n\n### dupcheck: 1 finding fails the check\n")
    assert (
        "| error | articles/site/copy.txt | articles/wire/original.txt | duplicate | 95% / 87% | "
        f"lines 3-{end} |"
    ) in text


def test_a_summary_that_cannot_be_written_is_one_line_and_exit_2(
    runner: CliRunner, repo: Path
) -> None:
    # A folder, not a file.
    result = scan(runner, "articles", "--format", "github", summary=repo.parent)
    assert result.exit_code == ExitCode.ERROR
    (line,) = result.stderr.splitlines()[-1:]
    assert line.startswith(f"dupcheck: error: {repo.parent}: ")


def artifacts(log: dict[str, Any]) -> list[tuple[str, str | None, Any]]:
    """(uri, uriBaseId, region) of each result's location, then of its related location."""
    out = []
    for result in log["runs"][0]["results"]:
        for loc in (result["locations"][0], result["relatedLocations"][0]):
            found = loc["physicalLocation"]
            artifact = found["artifactLocation"]
            out.append((artifact["uri"], artifact.get("uriBaseId"), found.get("region")))
    return out


def test_sarif_paths_are_relative_to_the_repository_root(
    runner: CliRunner, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run from inside the articles folder: the paths still start at the repository's root.
    monkeypatch.chdir(repo / "articles")
    result = scan(runner, "site", "--against", "wire", "--format", "sarif")
    assert result.exit_code == ExitCode.FINDING
    log = json.loads(result.stdout)
    check_sarif(log)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    ((copy, base, region), (other, _, other_region)) = artifacts(log)
    assert (copy, base, other) == (
        "articles/site/copy.txt",
        "%SRCROOT%",
        "articles/wire/original.txt",
    )
    assert region["startLine"] == 3 and region["endLine"] > 3
    assert other_region["startLine"] == 1
    assert "informationUri" not in log["runs"][0]["tool"]["driver"]  # the package names none

    pinned = scan(runner, "site", "--against", "wire", "-f", "sarif", "--sarif-root", ".")
    log = json.loads(pinned.stdout)
    check_sarif(log)
    assert [a[0] for a in artifacts(log)] == ["site/copy.txt", "wire/original.txt"]


# --- a pull request's changed files -----------------------------------------------------------

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ci"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name}: UPDATE_GOLDEN=1 to regenerate"


def test_changed_files_are_scanned_against_the_archive_in_a_real_pipeline(repo: Path) -> None:
    """The workflow's own command, as a shell runs it: git's list of the branch's files feeds
    ``scan --files-from -``; the archive is the whole articles folder, changed files included,
    and each file is read once, as new."""
    git(repo, "rm", "-q", "articles/sport/quote.txt")
    git(repo, "commit", "-q", "-m", "drop the quote")
    summary = repo.parent / "summary.md"
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": str(summary)}
    env.pop("DUPCHECK_DEBUG", None)
    command = (
        "git diff --name-only main...story | "
        f"{sys.executable} -m dupcheck scan --files-from - --against articles --format github "
        "--output-format sarif:dupcheck.sarif --output-format json:dupcheck.json "
        "--output-format gitlab:gl-code-quality.json -j 1"
    )
    done = subprocess.run(
        command, check=False, shell=True, cwd=repo, env=env, capture_output=True, text=True
    )
    assert done.returncode == ExitCode.FINDING, done.stderr
    golden("changed-files.github.txt", done.stdout)
    golden("changed-files.summary.md", summary.read_text(encoding="utf-8"))
    stderr = done.stderr.splitlines()
    # The deleted quote is listed by git but gone: left out, with a note, not an error.
    assert stderr[0] == "dupcheck: 1 listed path left out: no such file"
    assert stderr[-3:] == [
        "dupcheck: report written to dupcheck.sarif",
        "dupcheck: report written to dupcheck.json",
        "dupcheck: report written to gl-code-quality.json",
    ]

    data = json.loads((repo / "dupcheck.json").read_text(encoding="utf-8"))
    # New: the two changed files; archive: the rest of the folder (the original), read once.
    assert (data["root"], data["documents"]) == ("articles", 3)
    assert [(p["a"], p["b"], p["verdict"]) for p in data["pairs"]] == [
        ("articles/wire/original.txt", "site/copy.txt", "duplicate")
    ]
    (issue,) = json.loads((repo / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert issue["location"] == {"path": "articles/site/copy.txt", "lines": {"begin": 3, "end": 13}}
    log = json.loads((repo / "dupcheck.sarif").read_text(encoding="utf-8"))
    check_sarif(log)
    assert [a[0] for a in artifacts(log)] == [
        "articles/site/copy.txt",
        "articles/wire/original.txt",
    ]


def test_several_reports_from_one_scan(runner: CliRunner, repo: Path) -> None:
    out = repo.parent / "out"
    out.mkdir()
    result = scan(
        runner,
        "articles",
        "--output-format",
        f"sarif:{out / 'a.sarif'}",
        "--output-format",
        f"csv:{out / 'a.csv'}",
        "--output-format",
        f"text:{out / 'a.txt'}",
    )
    assert result.exit_code == ExitCode.FINDING
    assert "Pairs (3)" in result.stdout  # the terminal view, on stdout
    check_sarif(json.loads((out / "a.sarif").read_text(encoding="utf-8")))
    assert (out / "a.csv").read_text(encoding="utf-8").startswith("a,b,verdict,")
    # A text report to a file is the one --output writes: plain, 80 columns.
    scan(runner, "articles", "--output", out / "b.txt")
    assert (out / "a.txt").read_text(encoding="utf-8") == (out / "b.txt").read_text("utf-8")
    bad = scan(runner, "articles", "--output-format", "xml:x.xml")
    assert bad.exit_code == ExitCode.ERROR
    assert "'xml:x.xml' is not FORMAT:PATH" in bad.stderr
    assert scan(runner, "articles", "--output-format", "sarif").exit_code == ExitCode.ERROR


def test_an_empty_list_passes_with_a_warning(runner: CliRunner, repo: Path) -> None:
    result = runner.invoke(main, ["scan", "--files-from", "-", "--against", "articles"], input="\n")
    assert result.exit_code == ExitCode.OK
    # Nothing new: the archive is not even read.
    assert result.stderr.splitlines()[0] == (
        "dupcheck: warning: no document to scan among the 0 paths given (include: *.txt, *.md, "
        "*.html, *.htm, *.jsonl)"
    )
    assert "0 documents, 0 pairs" in result.stderr
    usage = runner.invoke(main, ["scan"])
    assert usage.exit_code == ExitCode.ERROR
    assert "give a folder, files, or --files-from FILE" in usage.stderr


def test_files_git_ignores_are_left_out_unless_no_ignore(runner: CliRunner, repo: Path) -> None:
    (repo / ".gitignore").write_text("drafts/\n*.tmp.txt\n", encoding="utf-8")
    write(repo / "articles", {"drafts/copy.txt": COPY, "wire/again.tmp.txt": ORIGINAL})

    def documents(*args: str) -> list[str]:
        result = scan(runner, "articles", "--format", "json", "--exit-zero", *args)
        data = json.loads(result.stdout)
        return sorted({name for p in data["pairs"] for name in (p["a"], p["b"])})

    assert documents() == ["site/copy.txt", "sport/quote.txt", "wire/original.txt"]
    everything = documents("--no-ignore")
    assert "drafts/copy.txt" in everything and "wire/again.tmp.txt" in everything
    (repo / "dupcheck.toml").write_text("respect_gitignore = false\n", encoding="utf-8")
    assert documents() == everything


def test_a_folder_git_ignores_is_read_when_named(runner: CliRunner, repo: Path) -> None:
    """Naming an ignored folder (a cache, a build output) is asking for it, as in ruff and
    ripgrep; the folder's own ignored files inside an unignored tree stay left out."""
    (repo / ".gitignore").write_text("articles/\n", encoding="utf-8")
    result = scan(runner, "articles", "--format", "json", "--exit-zero")
    names = sorted({n for p in json.loads(result.stdout)["pairs"] for n in (p["a"], p["b"])})
    assert names == ["site/copy.txt", "sport/quote.txt", "wire/original.txt"]


# --- the Action and the pre-commit hook, as their runners call them -------------------------

ROOT = Path(__file__).resolve().parents[2]


def tool_env(**extra: str) -> dict[str, str]:
    """The environment of a CI step: the installed ``dupcheck`` on the PATH, no colour."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DUPCHECK_DEBUG", "GITHUB_STEP_SUMMARY"}
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    return {**env, **extra}


def test_the_action_scans_the_pull_requests_changes(repo: Path) -> None:
    summary = repo.parent / "summary.md"
    env = tool_env(
        DUPCHECK_CHANGED_ONLY="true",
        DUPCHECK_BASE_REF="main",
        DUPCHECK_AGAINST="articles",
        DUPCHECK_SARIF="dupcheck.sarif",
        DUPCHECK_ARGS="-j 1",
        GITHUB_STEP_SUMMARY=str(summary),
    )
    script = ROOT / "action" / "scan.sh"
    done = subprocess.run(
        ["bash", str(script)], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == ExitCode.FINDING, done.stderr
    # The copy's duplicate fails the step; its quote of the archive's other story is a warning.
    golden("action.github.txt", done.stdout)
    golden("action.summary.md", summary.read_text(encoding="utf-8"))
    check_sarif(json.loads((repo / "dupcheck.sarif").read_text(encoding="utf-8")))

    whole = subprocess.run(
        ["bash", str(script)],
        cwd=repo,
        env=tool_env(DUPCHECK_PATHS="articles/food", DUPCHECK_SARIF="", DUPCHECK_ARGS="-j 1"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert whole.returncode == ExitCode.OK, whole.stderr  # one unrelated story: nothing found
    missing = subprocess.run(
        ["bash", str(script)],
        cwd=repo,
        env=tool_env(DUPCHECK_CHANGED_ONLY="true"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == ExitCode.ERROR
    assert "changed-only needs base-ref" in missing.stderr


def test_action_yml_passes_every_input_to_the_scan_step() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    inputs = re.findall(r"^  ([a-z-]+):\n    description:", text.split("outputs:")[0], re.M)
    assert "changed-only" in inputs and "against" in inputs
    for name in inputs:
        if name == "python-version":
            assert "${{ inputs.python-version }}" in text
            continue
        variable = "DUPCHECK_" + name.upper().replace("-", "_").replace("SARIF_FILE", "SARIF")
        assert f"{variable}: ${{{{ inputs.{name} }}}}" in text, name
        assert variable in (ROOT / "action" / "scan.sh").read_text(encoding="utf-8"), name
    assert '"$GITHUB_ACTION_PATH/action/scan.sh"' in text


def test_the_pre_commit_hook_fails_on_a_staged_copy(repo: Path) -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = re.search(r"^  entry: (.+)$", hooks, re.M)
    files = re.search(r"^  files: (.+)$", hooks, re.M)
    assert entry is not None and files is not None
    staged = ["articles/site/copy.txt", "articles/food/other.txt"]
    assert all(re.search(files.group(1), name) for name in staged)

    def hook(*names: str) -> subprocess.CompletedProcess[str]:
        command = [*entry.group(1).split(), "-j", "1", *names]
        return subprocess.run(
            command, cwd=repo, env=tool_env(), capture_output=True, text=True, check=False
        )

    copy = hook(*staged)
    assert copy.returncode == ExitCode.FINDING, copy.stderr
    assert "site/copy.txt" in copy.stdout and "wire/original.txt" in copy.stdout
    assert hook("articles/food/other.txt").returncode == ExitCode.OK
