"""``dupcheck scan`` through the click layer: formats, exit statuses, baseline, ``--against``,
configuration, skipped files, determinism across ``--jobs``, and where output goes.

The articles are small fictional stories written here, so the tests need no corpus.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rich.console import Console
from rich.progress import Progress as Bar

from dupcheck.cli.app import main
from dupcheck.cli.progress import ProgressBar, progress_bar
from dupcheck.corpus.pipeline import Progress
from dupcheck.exitcode import ExitCode
from dupcheck.report.scan_formats import ScanFormat
from tests._stories import NOTICES
from tests.report.test_scan import check_gitlab, check_sarif, check_scan_json


def article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


ORIGINAL = article(
    "KESTREL BAY (Wire) - The county council of Kestrel Bay voted on Monday to close the "
    "Alder Street bridge to all motor traffic from the first of June, after inspectors "
    "found deep cracks in two of its three stone arches.",
    "The bridge, built in 1874 to carry farm carts across the river Wend, now carries about"
    " eleven thousand cars and vans a day between the town centre and the eastern estates.",
    '"We cannot ask people to drive over arches that our own engineers will not stand '
    'under," council leader Hanna Brisk said after the vote, which passed by nineteen votes'
    " to four.",
    "Buses will be diverted over the ring road bypass, adding up to a quarter of an hour to"
    " journeys from the eastern estates, the regional transport company said in a "
    "statement.",
    "Pedestrians and cyclists will still be allowed across on a narrow lane marked out "
    "along the northern parapet, which the inspectors judged to be sound for light loads.",
    "A full repair is expected to cost about nine million pounds and to take at least two "
    "years, and the council said it would apply for a national heritage grant to cover part"
    " of the bill.",
    "Shopkeepers on Alder Street warned that the closure could cut their trade by a third, "
    "and asked the council to waive business rates while the work lasts.",
    "Reporting by Ola Fenwick; Editing by Sam Ruiz",
)

COPY = article(
    "Kestrel Bay council shuts historic bridge to cars",
    "Councillors in Kestrel Bay have voted to close the Alder Street bridge to all motor "
    "traffic from June 1, after inspectors found deep cracks in two of its three stone "
    "arches.",
    '"We cannot ask people to drive over arches that our own engineers will not stand '
    "under,\" council leader Hanna Brisk said after Monday's vote, which passed by nineteen "
    "votes to four.",
    "The bridge, built in 1874 to carry farm carts across the river Wend, now carries about"
    " eleven thousand cars and vans every day between the town centre and the eastern "
    "estates.",
    "Buses will be diverted over the ring road bypass, adding up to fifteen minutes to "
    "journeys from the eastern estates, the regional transport company said.",
    "Pedestrians and cyclists will still be allowed across on a narrow lane marked out "
    "along the northern parapet, which inspectors judged sound for light loads.",
    "A full repair is expected to cost about nine million pounds and take at least two "
    "years. The council said it would apply for a national heritage grant to cover part of "
    "the bill.",
    "Read more: Our guide to getting around Kestrel Bay during the works.",
)

QUOTE = article(
    "The Wend valley rowing club said on Thursday it would move its spring regatta "
    "downstream this year, and it blamed the state of the town's oldest crossing.",
    "Club secretary Piet Morrow said the committee had studied the council's decision "
    "closely before choosing a new course near the old mill weir.",
    '"We cannot ask people to drive over arches that our own engineers will not stand '
    'under," council leader Hanna Brisk said after the vote, which passed by nineteen votes'
    " to four.",
    "Pedestrians and cyclists will still be allowed across on a narrow lane marked out "
    "along the northern parapet, which the inspectors judged to be sound for light loads.",
    "Morrow said spectators had always gathered on the bridge to watch the finish, and that"
    " the club would now set up a small stand on the meadow by the weir instead.",
    "The regatta, first held in 1921, draws about forty crews from across the region and "
    "raises money for the lifeboat station at the river mouth.",
    "Entries close at the end of April, and the club said late entries would be accepted "
    "only if there is room on the new and shorter course.",
    "Volunteers are still needed to marshal the towpath and to run the tea tent, and anyone"
    " who can help should write to the club secretary before the end of the month.",
)

OTHER = article(
    "A small bakery in the village of Thornby has won a national prize for its rye bread, "
    "beating more than three hundred entries from across the country.",
    "Owner Lise Carver, who opened the shop in a former post office eight years ago, said "
    "she still uses the sourdough starter her grandmother kept in a stone jar.",
    "The judges praised the loaf's dark crust and its slightly sour taste, and said it "
    "showed what patience can do with very simple ingredients.",
    "Carver said the prize money would pay for a second oven, so that she could start "
    "baking before dawn on market days without the queue reaching the church.",
)


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": None})


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(main, ["scan", *(str(a) for a in args)], catch_exceptions=False)


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A duplicate (original/copy), two partial quotes, an unrelated story, two unusable files."""
    return write(
        tmp_path / "articles",
        {
            "wire/original.txt": ORIGINAL,
            "site/copy.txt": COPY,
            "sport/quote.txt": QUOTE,
            "food/other.txt": OTHER,
            "empty.txt": "",
            "photo.txt": bytes(range(256)) * 4,
        },
    )


@pytest.fixture
def partial_tree(tmp_path: Path) -> Path:
    """Partial reuse only: a finding with ``--fail-on partial``, not by default."""
    return write(tmp_path / "partial", {"original.txt": ORIGINAL, "quote.txt": QUOTE})


def scan_json(runner: CliRunner, *args: str | Path) -> dict[str, Any]:
    result = run(runner, *args, "--format", "json", "--exit-zero")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def pairs_of(data: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [(p["a"], p["b"], p["verdict"], p["baselined"]) for p in data["pairs"]]


# --- formats --------------------------------------------------------------------------------


def test_finds_the_copy_and_the_quotes(runner: CliRunner, tree: Path) -> None:
    data = scan_json(runner, tree)
    check_scan_json(data)
    assert data["documents"] == 4
    assert pairs_of(data) == [
        ("site/copy.txt", "sport/quote.txt", "partial", False),
        ("site/copy.txt", "wire/original.txt", "duplicate", False),
        ("sport/quote.txt", "wire/original.txt", "partial", False),
    ]
    (cluster,) = data["clusters"]
    assert cluster["members"] == ["site/copy.txt", "wire/original.txt"]


@pytest.mark.parametrize("fmt", list(ScanFormat))
def test_every_format_reports_on_stdout_and_summarises_on_stderr(
    runner: CliRunner, tree: Path, fmt: ScanFormat
) -> None:
    result = run(runner, tree, "--format", fmt.value)
    assert result.exit_code == ExitCode.FINDING
    assert "site/copy.txt" in result.stdout
    assert "\x1b[" not in result.stdout
    assert result.stderr.splitlines() == [
        "dupcheck: 2 files skipped: 1x binary file (too many control characters), 1x empty file",
        result.stderr.splitlines()[1],
    ]
    assert result.stderr.splitlines()[1].startswith("dupcheck: 4 documents, 3 pairs, 1 cluster in ")
    if fmt is ScanFormat.JSON:
        check_scan_json(json.loads(result.stdout))
    elif fmt is ScanFormat.SARIF:
        check_sarif(json.loads(result.stdout))
    elif fmt is ScanFormat.CSV:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [r["verdict"] for r in rows] == ["partial", "duplicate", "partial"]
    elif fmt is ScanFormat.GITHUB:
        # Most severe first: GitHub shows only the first few of each level.
        assert [line.split(" ")[0] for line in result.stdout.splitlines()] == [
            "::error",
            "::warning",
            "::warning",
        ]
    elif fmt is ScanFormat.HTML:
        for heading in ("Clusters (1)", "Findings (3)", "Skipped (2)"):
            assert heading in result.stdout
        # The command line lets the page read the documents again: all three views embedded.
        assert result.stdout.count('<section class="finding"') == 3
    elif fmt is ScanFormat.GITLAB:
        issues = json.loads(result.stdout)
        check_gitlab(issues)
        assert [i["severity"] for i in issues] == ["major", "minor", "minor"]
    else:
        for heading in ("Clusters (1)", "Pairs (3)", "Skipped (2)"):
            assert heading in result.stdout


def test_text_report_fits_80_columns(runner: CliRunner, tree: Path) -> None:
    out = run(runner, tree, "--width", "80").stdout
    assert max(len(line) for line in out.splitlines()) <= 80


def test_github_paths_are_relative_to_the_working_directory(
    runner: CliRunner, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree.parent)
    out = run(runner, "articles", "--format", "github").stdout
    files = {"articles/wire/original.txt", "articles/site/copy.txt"}
    duplicate = next(line for line in out.splitlines() if line.startswith("::error "))
    assert duplicate.split(",")[0].removeprefix("::error file=") in files
    assert "::articles/site/copy.txt and articles/wire/original.txt share " in duplicate


def test_github_paths_of_the_archive(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "new", {"copy.txt": COPY})
    write(tmp_path / "archive", {"original.txt": ORIGINAL})
    monkeypatch.chdir(tmp_path)
    out = run(runner, "new", "--against", "archive", "--format", "github").stdout
    assert out.split(",")[0] in ("::error file=new/copy.txt", "::error file=archive/original.txt")
    assert ",title=dupcheck duplicate::archive/original.txt and new/copy.txt share " in out


def test_output_goes_to_the_file(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    result = run(runner, tree, "--format", "sarif", "--output", target)
    assert result.stdout == ""
    check_sarif(json.loads(target.read_text(encoding="utf-8")))
    assert f"report written to {target}" in result.stderr


# --- exit statuses --------------------------------------------------------------------------


def test_exit_statuses(runner: CliRunner, tree: Path, partial_tree: Path, tmp_path: Path) -> None:
    assert run(runner, tree).exit_code == ExitCode.FINDING
    assert run(runner, tree, "--exit-zero").exit_code == ExitCode.OK
    assert run(runner, partial_tree).exit_code == ExitCode.OK
    assert run(runner, partial_tree, "--fail-on", "partial").exit_code == ExitCode.FINDING
    nothing = write(tmp_path / "nothing", {"a.txt": ORIGINAL, "b.txt": OTHER})
    result = run(runner, nothing)
    assert result.exit_code == ExitCode.OK
    assert "No shared content found." in result.stdout


def test_missing_directory_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    for args in ([tmp_path / "nope"], [tmp_path, "--against", tmp_path / "nope"]):
        result = run(runner, *args, "--exit-zero")
        assert result.exit_code == ExitCode.ERROR
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stderr.startswith("dupcheck: error: ")
        assert "nope" in result.stderr
        assert result.stdout == ""


def test_a_file_is_scanned_as_a_list_of_one(runner: CliRunner, tree: Path) -> None:
    """``scan PATH…`` takes files too: one file alone is one document, nothing to pair."""
    data = scan_json(runner, tree / "wire" / "original.txt")
    assert (data["documents"], data["pairs"], data["root"]) == (1, [], str(tree / "wire"))


def test_usage_error_exits_2(runner: CliRunner, tree: Path) -> None:
    assert run(runner, tree, "--format", "xml").exit_code == ExitCode.ERROR
    assert run(runner, tree, "--jobs", "-1").exit_code == ExitCode.ERROR


# --- skipped files --------------------------------------------------------------------------


def test_binary_and_empty_files_are_skipped_not_fatal(runner: CliRunner, tree: Path) -> None:
    data = scan_json(runner, tree)
    assert data["skipped"] == [
        {"path": "empty.txt", "reason": "empty file"},
        {"path": "photo.txt", "reason": "binary file (too many control characters)"},
    ]


def test_a_tree_of_nothing_usable_succeeds(runner: CliRunner, tmp_path: Path) -> None:
    root = write(tmp_path / "junk", {"empty.md": "", "blob.txt": b"\x00\x01\x02" * 100})
    result = run(runner, root)
    assert result.exit_code == ExitCode.OK
    assert "0 documents, 0 pairs, 0 clusters, 2 skipped" in result.stdout


# --- baseline -------------------------------------------------------------------------------


def test_baseline_round_trip(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    written = run(runner, tree, "--write-baseline", baseline)
    assert written.exit_code == ExitCode.OK
    assert "3 pairs accepted in" in written.stderr
    result = run(runner, tree, "--baseline", baseline, "--fail-on", "partial")
    assert result.exit_code == ExitCode.OK, result.stdout
    data = scan_json(runner, tree, "--baseline", baseline)
    assert [p[3] for p in pairs_of(data)] == [True, True, True]
    assert run(runner, tree, "--baseline", baseline, "--format", "github").stdout == ""


def test_baseline_survives_a_rename_but_not_an_edit(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    run(runner, tree, "--write-baseline", baseline)
    shutil.move(tree / "site" / "copy.txt", tree / "site" / "renamed.txt")
    assert run(runner, tree, "--baseline", baseline).exit_code == ExitCode.OK
    edited = COPY.replace("nine million pounds", "twelve million pounds")
    (tree / "site" / "renamed.txt").write_text(edited, encoding="utf-8")
    assert run(runner, tree, "--baseline", baseline).exit_code == ExitCode.FINDING


def test_write_baseline_prints_one_line_and_stale_entries_are_counted_then_pruned(
    runner: CliRunner, tree: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    written = run(runner, tree, "--write-baseline", baseline)
    assert written.stdout == ""  # no report: the file and one line say what happened
    assert written.stderr.splitlines()[-1] == f"dupcheck: 3 pairs accepted in {baseline}"
    (tree / "sport" / "quote.txt").unlink()
    result = run(runner, tree, "--baseline", baseline)
    assert result.exit_code == ExitCode.OK
    assert (
        f"dupcheck: 2 baseline entries of {baseline} accept no pair any more (a file edited or "
        "gone, or a pair more severe now); --prune-baseline drops them"
    ) in result.stderr
    pruned = run(runner, tree, "--baseline", baseline, "--prune-baseline")
    assert pruned.exit_code == ExitCode.OK
    assert f"dupcheck: 2 baseline entries dropped from {baseline} (stale)" in pruned.stderr
    assert baseline.read_text(encoding="utf-8").count('"fingerprint_a"') == 1
    again = run(runner, tree, "--baseline", baseline)
    assert "accept no pair" not in again.stderr
    partial = run(
        runner,
        tree / "site",
        "--against",
        tree / "wire",
        "--baseline",
        baseline,
        "--prune-baseline",
    )
    assert partial.exit_code == ExitCode.ERROR
    assert "--prune-baseline needs --baseline and a scan of a whole folder" in partial.stderr


def test_a_missing_baseline_is_an_error(runner: CliRunner, tree: Path, tmp_path: Path) -> None:
    result = run(runner, tree, "--baseline", tmp_path / "none.json")
    assert result.exit_code == ExitCode.ERROR
    assert len(result.stderr.splitlines()) == 1


# --- --against ------------------------------------------------------------------------------


def test_against_reports_only_pairs_involving_the_new_folder(
    runner: CliRunner, tmp_path: Path
) -> None:
    new = write(tmp_path / "new", {"copy.txt": COPY, "other.txt": OTHER})
    # The archive holds a duplicate pair of its own, which is not news and must not be reported.
    archive = write(tmp_path / "archive", {"original.txt": ORIGINAL, "again.txt": ORIGINAL})
    data = scan_json(runner, new, "--against", archive)
    check_scan_json(data)
    names = {name for pair in pairs_of(data) for name in pair[:2]}
    assert "copy.txt" in names
    assert all(pair[0] == "copy.txt" or pair[1] == "copy.txt" for pair in pairs_of(data))
    assert {p[2] for p in pairs_of(data)} == {"duplicate"}
    assert len(pairs_of(data)) == 2  # copy against each archive copy, never archive vs archive


# --- configuration --------------------------------------------------------------------------


def test_config_from_the_tree_and_flags_override_it(runner: CliRunner, partial_tree: Path) -> None:
    (partial_tree / "dupcheck.toml").write_text('fail_on = "partial"\nformat = "csv"\n')
    result = run(runner, partial_tree)
    assert result.exit_code == ExitCode.FINDING
    assert result.stdout.startswith("a,b,verdict,")
    result = run(runner, partial_tree, "--fail-on", "duplicate", "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["schema"] == "dupcheck.scan/4"


def test_config_in_pyproject(runner: CliRunner, tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[tool.dupcheck]\nexclude = ["sport/*"]\n')
    data = scan_json(runner, tree)
    assert data["documents"] == 3
    assert data["options"]["exclude"] == ["sport/*"]
    flagged = scan_json(runner, tree, "--exclude", "food/*")  # the flag replaces the list
    assert flagged["options"]["exclude"] == ["food/*"]
    assert "sport/quote.txt" in {p[0] for p in pairs_of(flagged)}


@pytest.mark.parametrize(
    "config",
    ['fail_on = "never"', "unknown_key = 1", "this is not toml", 'format = "xml"'],
)
def test_bad_config_is_one_line_and_exit_2(runner: CliRunner, tree: Path, config: str) -> None:
    (tree / "dupcheck.toml").write_text(config + "\n")
    result = run(runner, tree)
    assert result.exit_code == ExitCode.ERROR
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "dupcheck.toml" in result.stderr
    assert result.stdout == ""


# --- determinism and progress ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_same_bytes_for_any_jobs(runner: CliRunner, tree: Path, fmt: str) -> None:
    outputs = {run(runner, tree, "--format", fmt, "--jobs", j).stdout for j in ("1", "2")}
    assert len(outputs) == 1


def test_quiet_prints_nothing_on_stderr(runner: CliRunner, tree: Path) -> None:
    result = run(runner, tree, "--quiet")
    assert result.exit_code == ExitCode.FINDING
    assert result.stderr == ""
    assert "Pairs (3)" in result.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal(runner: CliRunner, tree: Path) -> None:
    stderr = run(runner, tree).stderr
    assert all(line.startswith("dupcheck: ") for line in stderr.splitlines())
    with progress_bar(quiet=False) as callback:
        assert callback is None  # pytest's stderr is not a terminal
    with progress_bar(quiet=True) as callback:
        assert callback is None


def test_progress_bar_draws_one_task_per_stage() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    with Bar(console=console) as bar:
        callback = ProgressBar(bar)
        for event in (Progress("read", 0, 4), Progress("read", 4, 4), Progress("verify", 1, 3)):
            callback(event)
        tasks = {t.description: (t.completed, t.total) for t in bar.tasks}
    assert tasks == {"Reading": (4, 4), "Verifying": (1, 3)}


def test_scan_has_help(runner: CliRunner) -> None:
    result = runner.invoke(main, ["scan", "--help"])
    assert result.exit_code == 0
    for flag in ("--against", "--baseline", "--write-baseline", "--fail-on", "--jobs", "--quiet"):
        assert flag in result.stdout


def test_a_pair_too_large_to_align_is_counted_apart_from_skipped_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    line = "The harbour authority said the quay would close to shipping next spring.\n"
    root = write(
        tmp_path / "long",
        {
            "a.txt": line * 40,
            "b.txt": line * 40,
            "empty.txt": "",
            "dupcheck.toml": "[compare]\nmax_sentence_pairs = 100\n",
        },
    )
    result = run(runner, root)
    assert result.exit_code == ExitCode.OK
    assert "No verified shared content: some pairs could not be verified." in result.stdout
    assert "not verified against b.txt: 40 × 40 sentences" in result.stdout
    assert "1 skipped, 1 pair not verified" in result.stdout
    assert result.stderr.splitlines()[:2] == [
        "dupcheck: 1 file skipped: 1x empty file",
        "dupcheck: 1 pair not verified: too many sentences to align (max_sentence_pairs; the "
        "pairs are listed under skipped)",
    ]


def test_template_pairs_are_apart_in_every_format(runner: CliRunner, tmp_path: Path) -> None:
    """Dividend notices of two funds: reported as template, never a cluster, a finding only with
    ``--fail-on template``; a corrected re-send of one of them stays a duplicate, with a note."""
    root = write(
        tmp_path / "notices",
        {"ohio.txt": NOTICES[0], "minnesota.txt": NOTICES[1], "ohio-corrected.txt": NOTICES[2]},
    )
    data = scan_json(runner, root)
    check_scan_json(data)
    verdicts = {(p["a"], p["b"]): (p["verdict"], p["notes"]) for p in data["pairs"]}
    assert verdicts[("ohio-corrected.txt", "ohio.txt")] == ("duplicate", ["changed-figures"])
    assert verdicts[("minnesota.txt", "ohio.txt")] == ("template", [])
    assert data["counts"]["template"] >= 1
    assert data["clusters"] == [
        {
            "id": 1,
            "members": ["ohio-corrected.txt", "ohio.txt"],
            "original": data["clusters"][0]["original"],
            "original_by": data["clusters"][0]["original_by"],
        }
    ]
    text = run(runner, root, "--exit-zero")
    assert "Template pairs: same wording, different facts" in text.stdout
    assert "template)" in text.stdout.splitlines()[0]  # the summary comes first
    rows = list(
        csv.DictReader(io.StringIO(run(runner, root, "--format", "csv", "--exit-zero").stdout))
    )
    assert {r["verdict"] for r in rows} >= {"template", "duplicate"}
    sarif = json.loads(run(runner, root, "--format", "sarif", "--exit-zero").stdout)
    check_sarif(sarif)
    levels = {r["ruleId"]: r["level"] for r in sarif["runs"][0]["results"]}
    assert levels["DUP003"] == "note"
    github = run(runner, root, "--format", "github", "--exit-zero").stdout
    assert "::notice " in github and "dupcheck template" in github


def test_fail_on_template_makes_a_template_pair_a_finding(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = write(tmp_path / "notices", {"ohio.txt": NOTICES[0], "minnesota.txt": NOTICES[1]})
    assert run(runner, root).exit_code == ExitCode.OK
    assert run(runner, root, "--fail-on", "partial").exit_code == ExitCode.OK
    assert run(runner, root, "--fail-on", "template").exit_code == ExitCode.FINDING
    (root / "dupcheck.toml").write_text('fail_on = "template"\n')
    assert run(runner, root).exit_code == ExitCode.FINDING
