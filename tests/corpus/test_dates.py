"""The original is the earlier story: document dates (field, text, file or index time), the
clusters' originals, and the side annotations sit on, on real files with real times."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dupcheck.align.types import Scores, Verdict
from dupcheck.cli.app import main
from dupcheck.corpus.clusters import build_clusters
from dupcheck.corpus.dates import TOLERANCE, document_date, precedes
from dupcheck.corpus.indexing import build
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import (
    DateSource,
    DocumentDate,
    OriginalBy,
    Pair,
    ScanOptions,
    ScanResult,
)
from dupcheck.report.scan_common import annotated_sides, precedence_of
from dupcheck.text.types import Document
from tests._stories import ONE_LINER, story

OPTIONS = ScanOptions(jobs=1)
DAY = 86_400
NOW = 1_780_000_000  # a fixed "now", so names and dates never depend on the clock
FULL = story(11, paragraphs=8)
TRIMMED = "\n\n".join(FULL.split("\n\n")[:-2])
"""The story with its last two paragraphs cut: the content rule names it (it adds nothing to the
full story), though it is the copy."""


def write(path: Path, text: str, seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (seconds, seconds))
    return path


def cluster_of(result: ScanResult) -> tuple[str, OriginalBy]:
    (cluster,) = result.clusters
    return cluster.original, cluster.original_by


def dates_of(result: ScanResult) -> dict[str, tuple[str, DateSource]]:
    return {d.name: (d.shown(), d.source) for d in result.dates}


# --- a document's date ------------------------------------------------------------------------


def test_a_field_date_comes_before_the_text_and_the_text_before_the_file() -> None:
    text = "PARIS, 3 March 2005 (Reuters) - " + FULL
    fielded = Document("feed.jsonl#1", text, published="2004-01-02T10:00:00Z")
    modified = int(NOW * 1e9)
    assert document_date(fielded, modified_ns=modified).source is DateSource.FIELD
    assert document_date(fielded, modified_ns=modified).shown() == "2004-01-02T10:00:00Z"
    stated = document_date(Document("a.txt", text), modified_ns=modified)
    assert (stated.shown(), stated.source) == ("2005-03-03", DateSource.TEXT)
    bad_field = Document("feed.jsonl#2", text, published="soon")
    assert document_date(bad_field, modified_ns=modified).source is DateSource.TEXT
    plain = document_date(Document("b.txt", FULL), modified_ns=modified)
    assert (plain.when.timestamp(), plain.source) == (NOW, DateSource.MODIFIED)


def test_a_yearless_dateline_takes_its_year_from_the_file() -> None:
    text = "NEW YORK, Dec 30 - " + FULL
    jan_2026 = dt.datetime(2026, 1, 2, tzinfo=dt.UTC).timestamp()
    found = document_date(Document("a.txt", text), modified_ns=int(jan_2026 * 1e9))
    assert (found.shown(), found.source) == ("2025-12-30", DateSource.TEXT_YEAR_INFERRED)


def test_an_indexed_document_is_dated_by_the_earlier_of_its_file_and_its_indexing() -> None:
    doc = Document("archive/a.txt", FULL)
    older_file = document_date(doc, modified_ns=int((NOW - DAY) * 1e9), indexed=NOW)
    assert older_file.source is DateSource.MODIFIED
    future_file = document_date(doc, modified_ns=int((NOW + DAY) * 1e9), indexed=NOW)
    assert (future_file.when.timestamp(), future_file.source) == (NOW, DateSource.INDEXED)


# --- originals from dates ---------------------------------------------------------------------


def _pair(a: str, b: str) -> Pair:
    # b is found whole in a (a adds to it): the content rule names b.
    return Pair(a, b, Verdict.DUPLICATE, Scores(0.7, 0.7, 1.0, 0.7, 1.0), "fa", "fb")


def _date(name: str, seconds: float) -> DocumentDate:
    return DocumentDate(name, dt.datetime.fromtimestamp(seconds, dt.UTC), DateSource.MODIFIED)


def test_the_earliest_member_is_the_original_when_the_dates_are_apart() -> None:
    pairs = [_pair("a", "b")]
    assert build_clusters(pairs)[0].original == "b"  # the content rule alone
    apart = {"a": _date("a", NOW), "b": _date("b", NOW + 2 * DAY)}
    assert (
        build_clusters(pairs, apart)[0].original,
        build_clusters(pairs, apart)[0].original_by,
    ) == (
        "a",
        OriginalBy.DATE,
    )
    # Exactly the tolerance apart is a tie: the content rule decides.
    close = {"a": _date("a", NOW), "b": _date("b", NOW + TOLERANCE.total_seconds())}
    assert build_clusters(pairs, close)[0].original == "b"
    assert build_clusters(pairs, close)[0].original_by is OriginalBy.CONTENT


def _as(source: DateSource, day: int) -> DocumentDate:
    return DocumentDate("x", dt.datetime(2024, 5, day, tzinfo=dt.UTC), source)


def test_a_file_time_may_come_before_a_stated_date_never_after_one() -> None:
    text, field, modified, indexed = (
        DateSource.TEXT,
        DateSource.FIELD,
        DateSource.MODIFIED,
        DateSource.INDEXED,
    )
    assert precedes(_as(text, 2), _as(field, 9)) and precedes(_as(modified, 2), _as(indexed, 9))
    assert precedes(_as(modified, 2), _as(text, 9))  # the file existed before the story appeared
    # The story in a file saved on the 9th may be older than the 2nd: nothing follows.
    assert not precedes(_as(text, 2), _as(modified, 9))
    assert not precedes(_as(field, 2), _as(indexed, 9))
    # A dateline's year is a guess: never set against a stated year, either way.
    inferred = DateSource.TEXT_YEAR_INFERRED
    assert not precedes(_as(inferred, 2), _as(text, 9))
    assert not precedes(_as(text, 2), _as(inferred, 9))
    assert precedes(_as(inferred, 2), _as(inferred, 9))
    assert not precedes(_as(text, 9), _as(text, 2))  # never backwards


def test_a_copy_with_a_date_line_does_not_beat_an_original_dated_by_its_file() -> None:
    pairs = [_pair("site", "wire")]  # the content rule names the wire story
    dates = {
        "site": DocumentDate("site", dt.datetime(2024, 5, 2, tzinfo=dt.UTC), DateSource.TEXT),
        "wire": _date("wire", NOW),
    }
    cluster = build_clusters(pairs, dates)[0]
    assert (cluster.original, cluster.original_by) == ("wire", OriginalBy.CONTENT)


def test_an_archive_member_is_the_original_unless_a_scanned_one_is_dated_earlier() -> None:
    pairs = [_pair("archive/a", "new")]
    same_day = {"archive/a": _date("archive/a", NOW), "new": _date("new", NOW)}
    cluster = build_clusters(pairs, same_day, {"archive/a"})[0]
    assert (cluster.original, cluster.original_by) == ("archive/a", OriginalBy.ARCHIVE)
    archive_later = {"archive/a": _date("archive/a", NOW + 3 * DAY), "new": _date("new", NOW)}
    cluster = build_clusters(pairs, archive_later, {"archive/a"})[0]
    assert (cluster.original, cluster.original_by) == ("new", OriginalBy.DATE)


# --- real scans -------------------------------------------------------------------------------


def test_a_folder_scan_names_the_earlier_file_whichever_it_is(tmp_path: Path) -> None:
    write(tmp_path / "story.txt", FULL, NOW)
    write(tmp_path / "story-trimmed.txt", TRIMMED, NOW - 5 * DAY)
    assert cluster_of(scan(tmp_path, options=OPTIONS)) == ("story-trimmed.txt", OriginalBy.DATE)
    os.utime(tmp_path / "story.txt", (NOW - 9 * DAY, NOW - 9 * DAY))
    result = scan(tmp_path, options=OPTIONS)
    assert cluster_of(result) == ("story.txt", OriginalBy.DATE)
    assert dates_of(result)["story.txt"] == ("2026-05-19T20:26:40Z", DateSource.MODIFIED)


def test_a_date_in_the_text_outranks_the_files_times(tmp_path: Path) -> None:
    write(tmp_path / "wire.txt", "Published: 2 May 2024\n\n" + TRIMMED, NOW)
    write(tmp_path / "site.txt", "Published: 6 May 2024\n\n" + FULL, NOW - 30 * DAY)
    result = scan(tmp_path, options=OPTIONS)
    assert cluster_of(result) == ("wire.txt", OriginalBy.DATE)
    assert dates_of(result)["wire.txt"] == ("2024-05-02", DateSource.TEXT)


@pytest.fixture
def archive_and_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An archived story and a new copy of it with its last two paragraphs cut, both saved
    now: the issue's case, where the content rule named the new file."""
    monkeypatch.chdir(tmp_path)
    write(Path("archive/story.txt"), FULL, NOW)
    write(Path("new/story-trimmed.txt"), TRIMMED, NOW)
    return Path("archive"), Path("new")


def test_against_an_archive_its_story_is_the_original(archive_and_copy: tuple[Path, Path]) -> None:
    archive, new = archive_and_copy
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    for against in (archive, Path("archive.db")):
        result = scan(new, options=OPTIONS, against=against)
        assert cluster_of(result) == ("archive/story.txt", OriginalBy.ARCHIVE), against
        assert dates_of(result)["archive/story.txt"][1] is DateSource.MODIFIED


def test_against_an_archive_a_new_file_dated_earlier_is_the_original(
    archive_and_copy: tuple[Path, Path],
) -> None:
    archive, new = archive_and_copy
    os.utime(new / "story-trimmed.txt", (NOW - 4 * DAY, NOW - 4 * DAY))
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    folder = scan(new, options=OPTIONS, against=archive)
    indexed = scan(new, options=OPTIONS, against=Path("archive.db"))
    assert cluster_of(folder) == cluster_of(indexed) == ("story-trimmed.txt", OriginalBy.DATE)
    assert folder.dates == indexed.dates
    # The scan says which side the archive holds; an annotation still sits on the new file,
    # though its date is the earlier one.
    assert folder.archived == indexed.archived == frozenset({"archive/story.txt"})
    for result in (folder, indexed):
        (pair,) = result.pairs
        assert annotated_sides(pair, precedence_of(result))[0] == "story-trimmed.txt"


def test_annotations_never_sit_on_the_unchanged_archive_file(
    archive_and_copy: tuple[Path, Path],
) -> None:
    archive, new = archive_and_copy
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    runner = CliRunner(env={"NO_COLOR": "1", "TERM": "dumb", "GITHUB_STEP_SUMMARY": None})
    for against in (archive, Path("archive.db")):
        for fmt in ("github", "sarif", "gitlab"):
            args = ["scan", str(new), "--against", str(against), "--format", fmt, "-q", "-j", "1"]
            out = runner.invoke(main, args, catch_exceptions=False).stdout
            where = {
                "github": lambda o: [
                    line.split("file=")[1].split(",")[0] for line in o.splitlines()
                ],
                "sarif": lambda o: [
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    for r in json.loads(o)["runs"][0]["results"]
                ],
                "gitlab": lambda o: [i["location"]["path"] for i in json.loads(o)],
            }[fmt](out)
            # SARIF and GitLab paths are relative to the scanned folder, GitHub's to the checkout.
            assert where, (fmt, out)
            assert all(p.endswith("story-trimmed.txt") and "archive" not in p for p in where), out


def _feed(folder: Path, records: list[dict[str, str]]) -> tuple[CliRunner, list[str]]:
    """``records`` written as ``folder/feed.jsonl``, a runner, and the arguments of a JSON scan
    of the folder dated by the records' ``published`` field (the last two arguments)."""
    write(folder / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records), NOW)
    args = ["scan", str(folder), "--format", "json", "-q", "-j", "1", "--date-field", "published"]
    return CliRunner(env={"NO_COLOR": "1", "TERM": "dumb"}), args


def test_jsonl_records_are_dated_by_the_named_field(tmp_path: Path) -> None:
    records = [
        {"id": "late", "text": TRIMMED, "published": "2024-05-09"},
        {"id": "early", "text": FULL, "published": "2024-05-02T08:00:00+02:00"},
    ]
    runner, args = _feed(tmp_path, records)
    data = json.loads(runner.invoke(main, args, catch_exceptions=False).stdout)
    assert data["clusters"][0]["original"] == "feed.jsonl#early"
    assert data["clusters"][0]["original_by"] == "date"
    assert data["dates"] == [
        {"path": "feed.jsonl#early", "date": "2024-05-02T06:00:00Z", "source": "field"},
        {"path": "feed.jsonl#late", "date": "2024-05-09T00:00:00Z", "source": "field"},
    ]
    assert data["options"]["date_field"] == "published"
    # Without the field, both records share the file's time: the content rule decides.
    plain = json.loads(runner.invoke(main, args[:-2], catch_exceptions=False).stdout)
    assert plain["clusters"][0]["original"] == "feed.jsonl#late"
    assert {d["source"] for d in plain["dates"]} == {"modified"}
    # The configuration file names the field as the flag does.
    (tmp_path / "dupcheck.toml").write_text('date_field = "published"\n', encoding="utf-8")
    configured = json.loads(runner.invoke(main, args[:-2], catch_exceptions=False).stdout)
    assert configured["dates"] == data["dates"]


def test_a_feeds_dates_tell_a_resent_one_liner_from_another_days(tmp_path: Path) -> None:
    records = [
        {"id": "march-5", "text": ONE_LINER, "published": "1987-03-05T10:15:00Z"},
        {"id": "march-5-again", "text": ONE_LINER, "published": "1987-03-05T11:02:00Z"},
        {"id": "april-2", "text": ONE_LINER, "published": "1987-04-02T10:20:00Z"},
    ]
    runner, args = _feed(tmp_path, records)
    result = runner.invoke(main, args, catch_exceptions=False)
    found = {
        (p["a"], p["b"]): (p["verdict"], p["notes"]) for p in json.loads(result.stdout)["pairs"]
    }
    assert found == {
        ("feed.jsonl#march-5", "feed.jsonl#march-5-again"): ("duplicate", ["one-liner"]),
        ("feed.jsonl#april-2", "feed.jsonl#march-5"): ("template", ["other-days"]),
        ("feed.jsonl#april-2", "feed.jsonl#march-5-again"): ("template", ["other-days"]),
    }
    assert result.exit_code == 1  # the re-send is a finding, the April item is not
    # Without the feed's dates the text cannot tell: three duplicates, each saying so.
    plain = json.loads(runner.invoke(main, args[:-2], catch_exceptions=False).stdout)
    assert {(p["verdict"], tuple(p["notes"])) for p in plain["pairs"]} == {
        ("duplicate", ("one-liner",))
    }
