"""The archive index: a scan against it equals a scan against the folder; add, update and
remove keep it in line with the files; other versions and options are refused."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dupcheck.align.types import Verdict
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.indexing import IndexChange, add, build, remove
from dupcheck.corpus.lookup import neighbours, texts_of
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.sketch import Sketcher
from dupcheck.corpus.store import SCHEMA_VERSION, Index
from dupcheck.corpus.store_writes import FileEntry, merge_recent
from dupcheck.corpus.store_writes import write as write_entries
from dupcheck.corpus.types import ScanOptions, ScanResult
from dupcheck.errors import InputError
from dupcheck.report.scan_json import ScanJsonFormatter
from dupcheck.text.types import Document
from tests._stories import rewrite, story

OPTIONS = ScanOptions(jobs=1)
FOOTER = (
    "\n\nThis story is copyright of the gazette group and may be syndicated only under the "
    "terms of its agreement with the wire service; reader comments are moderated under the "
    "community rules published on the gazette group's website every morning."
)


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def as_json(result: ScanResult) -> str:
    return ScanJsonFormatter().render(result)


@pytest.fixture
def trees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An archive and a folder of new articles: copies, a reworded copy, a quoted paragraph,
    new-against-new pairs, a footer in more documents than ``fine_max_df``, a JSONL feed and
    files a scan skips. Relative paths, as a user types them."""
    monkeypatch.chdir(tmp_path)
    archive, new = Path("archive"), Path("new")
    for i in range(OPTIONS.fine_max_df + 8):
        write(archive / f"site/{i:02}.txt", story(100 + i) + FOOTER)
    write(archive / "2019/old.txt", story(1))
    write(archive / "2019/old-copy.txt", story(1))
    write(archive / "2020/other.txt", story(2))
    write(archive / "2020/source.txt", story(4))
    write(archive / "feed.jsonl", json.dumps({"id": "A1", "text": story(6)}) + "\n")
    write(archive / "empty.txt", "")
    write(new / "today.txt", story(2) + "\n\nUpdated with a new paragraph at the end today.")
    write(new / "reworded.txt", rewrite(story(1), seed=3, share=0.8))
    write(new / "quotes.txt", story(3) + "\n\n" + story(4).split("\n\n")[1])
    write(new / "a.txt", story(5))
    write(new / "b.txt", story(5))
    write(new / "footer.txt", story(7) + FOOTER)
    write(new / "feed-copy.txt", story(6))
    write(new / "binary.txt", b"\0\1\2")
    return archive, new


def test_scan_against_the_index_equals_the_folder_scan(trees: tuple[Path, Path]) -> None:
    archive, new = trees
    change = build(archive, Path("archive.db"), OPTIONS, jobs=1)
    assert change == IndexChange(added=len([p for p in archive.rglob("*") if p.is_file()]))
    folder = scan(new, options=OPTIONS, against=archive)
    indexed = scan(new, options=OPTIONS, against=Path("archive.db"))
    assert as_json(indexed) == as_json(folder)
    # The comparison means something: every kind of pair is there, the archive's skipped file
    # is reported, and the footer made no candidate with the 40 documents that share it.
    names = {(p.a, p.b): p.verdict for p in folder.pairs}
    assert names[("archive/2020/other.txt", "today.txt")] is Verdict.DUPLICATE
    assert names[("a.txt", "b.txt")] is Verdict.DUPLICATE
    assert ("archive/feed.jsonl#A1", "feed-copy.txt") in names
    assert ("archive/2020/source.txt", "quotes.txt") in names
    assert {"archive/2019/old.txt", "archive/2019/old-copy.txt"} <= {p.a for p in folder.pairs}
    assert "archive/empty.txt" in {s.path for s in folder.skipped}
    assert not any("footer.txt" in (p.a, p.b) for p in folder.pairs)
    assert folder.documents == indexed.documents == 52


def test_too_frequent_fingerprints_count_the_whole_archive(trees: tuple[Path, Path]) -> None:
    archive, _ = trees
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    found = word_table([story(7) + FOOTER])
    mine = Sketcher(OPTIONS).sketch_table(found.hashes, found.lengths)
    with Index.open("archive.db") as index:
        near = neighbours(index, mine, OPTIONS)
        # Held by the 40 archived pages and this one: more than fine_max_df, so dropped, and
        # those pages are not fetched for it.
        assert len(near.frequent) > 0
        assert np.isin(near.frequent, mine.samples).all()
        assert not any(n.startswith("archive/site/") for n in near.names)
        looser = neighbours(index, mine, ScanOptions(jobs=1, fine_max_df=100))
        assert len(looser.frequent) == 0
        assert sum(n.startswith("archive/site/") for n in looser.names) == 40


def test_a_lookup_without_texts_reads_them_later_for_the_candidates_alone(
    trees: tuple[Path, Path],
) -> None:
    # A query verifies a few of the documents it looks up: their texts are read then, the
    # others' never, and the texts read are those a lookup with texts gives.
    archive, _ = trees
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    found = word_table([story(7) + FOOTER])
    mine = Sketcher(OPTIONS).sketch_table(found.hashes, found.lengths)
    loose = ScanOptions(jobs=1, fine_max_df=100)
    with Index.open("archive.db") as index:
        full = neighbours(index, mine, loose)
        bare = neighbours(index, mine, loose, texts=False)
        assert len(full.names) == 40
        assert bare.texts == ()
        assert (bare.names, bare.ids, bare.fingerprints) == (
            full.names,
            full.ids,
            full.fingerprints,
        )
        picked = [5, 0, len(full.ids) - 1]
        assert texts_of(index, [full.ids[k] for k in picked]) == [full.texts[k] for k in picked]


def test_a_moved_archive_still_answers_from_the_stored_text(trees: tuple[Path, Path]) -> None:
    archive, new = trees
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    before = as_json(scan(new, options=OPTIONS, against=Path("archive.db")))
    shutil.rmtree(archive)
    assert as_json(scan(new, options=OPTIONS, against=Path("archive.db"))) == before


def test_add_update_and_remove_follow_the_files(trees: tuple[Path, Path]) -> None:
    archive, new = trees
    db = Path("archive.db")
    build(archive, db, OPTIONS, jobs=1)
    write(archive / "2021/fresh.txt", story(5) + "\n\nA closing line only the archive has.")
    write(archive / "2020/other.txt", story(8))  # edited: the copy of story 2 is gone
    (archive / "2019/old-copy.txt").unlink()
    # Touched but not changed: read, found equal, not re-indexed.
    os.utime(archive / "2020/source.txt", ns=(1, 1))
    with Index.open(db, write=True) as index:
        change = add(index, [archive / "2021", archive / "2020"], jobs=1)
        assert change == IndexChange(added=1, updated=1, unchanged=1)
        assert add(index, [archive / "2020"], jobs=1) == IndexChange(unchanged=2)
        assert add(index, [archive], prune=True, jobs=1).removed == 1
    folder = scan(new, options=OPTIONS, against=archive)
    assert as_json(scan(new, options=OPTIONS, against=db)) == as_json(folder)
    assert ("archive/2020/other.txt", "today.txt") not in {(p.a, p.b) for p in folder.pairs}
    with Index.open(db, write=True) as index:
        assert remove(index, [archive / "2021"]) == IndexChange(removed=1)
        assert remove(index, [archive / "2021"]) == IndexChange()
        assert "archive/2021/fresh.txt" not in {
            c.name for c in index.query(Document("q", story(5))).copies
        }


def _keys(db: Path) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Both key tables, documents by name (ids may differ between two builds)."""
    with sqlite3.connect(db) as connection:
        postings = "SELECT p.hash, d.name FROM postings p JOIN docs d ON d.id = p.doc ORDER BY 1, 2"
        bands = "SELECT b.key, d.name FROM bands b JOIN docs d ON d.id = b.doc ORDER BY 1, 2"
        return connection.execute(postings).fetchall(), connection.execute(bands).fetchall()


def test_an_unfinished_build_is_refused_by_lookups_and_finished_by_the_next_writer(
    trees: tuple[Path, Path],
) -> None:
    """A build stopped before its key tables are filled (as a killed one is) keeps its
    documents; lookups refuse it rather than miss candidates; the next writer finishes it."""
    archive, new = trees
    build(archive, Path("whole.db"), OPTIONS, jobs=1)
    with Index.create(Path("cut.db"), "archive", os.path.realpath(archive), OPTIONS) as index:
        add(index, [archive], jobs=1, batch=7)
    with Index.open("cut.db") as index, Index.open("whole.db") as whole:
        assert index.unfinished and not whole.unfinished
        assert index.documents() == whole.documents()
        with pytest.raises(InputError, match="index build not finished"):
            index.query(Document("today.txt", story(2)))
    with pytest.raises(InputError, match="index build not finished"):
        scan(new, options=OPTIONS, against=Path("cut.db"))
    with Index.open("cut.db", write=True) as index:
        assert not index.unfinished
    assert _keys(Path("cut.db")) == _keys(Path("whole.db"))
    assert len(_keys(Path("whole.db"))[0]) > 1000
    folder = scan(new, options=OPTIONS, against=archive)
    assert as_json(scan(new, options=OPTIONS, against=Path("cut.db"))) == as_json(folder)


def test_paths_outside_the_archive_root_are_refused(trees: tuple[Path, Path]) -> None:
    archive, new = trees
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    with (
        Index.open("archive.db", write=True) as index,
        pytest.raises(InputError, match="not under"),
    ):
        add(index, [new], jobs=1)


def test_query_finds_the_archived_copies_with_passages(trees: tuple[Path, Path]) -> None:
    archive, _ = trees
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    with Index.open("archive.db") as index:
        result = index.query(Document("today.txt", story(2) + "\n\nOne more paragraph here."))
        quoted = index.query(Document("q.txt", story(9) + "\n\n" + story(4).split("\n\n")[2]))
        nothing = index.query(Document("n.txt", story(10)))
    (copy,) = result.copies
    assert copy.name == "archive/2020/other.txt"
    assert copy.comparison.verdict is Verdict.DUPLICATE
    assert copy.comparison.passages
    (part,) = quoted.copies
    assert part.name == "archive/2020/source.txt"
    assert part.comparison.verdict is Verdict.PARTIAL
    assert nothing.copies == ()


def test_an_index_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a/x.txt", story(1))
    db = tmp_path / "a.db"
    build(tmp_path / "a", db, OPTIONS, jobs=1)
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(InputError, match="rebuild it with `dupcheck index build"):
        Index.open(db)


def test_a_file_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "notes.db", "just text, long enough to look like a header of something")
    with pytest.raises(InputError, match="not a dupcheck index"):
        Index.open(tmp_path / "notes.db")
    sqlite3.connect(tmp_path / "other.db").execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(InputError, match="not a dupcheck index"):
        Index.open(tmp_path / "other.db")
    with pytest.raises(InputError, match="no such index file"):
        Index.open(tmp_path / "missing.db")


def test_options_that_sketch_differently_are_refused(trees: tuple[Path, Path]) -> None:
    archive, new = trees
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    with pytest.raises(InputError, match="num_perm=64 \\(asked 128\\)"):
        scan(new, options=ScanOptions(jobs=1, num_perm=128), against=Path("archive.db"))
    # Thresholds and the fine_* counts apply at query time: allowed.
    looser = scan(new, options=ScanOptions(jobs=1, fine_min_shared=8), against=Path("archive.db"))
    assert looser.documents == 52


def test_build_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    write(tmp_path / "a/x.txt", story(1))
    write(tmp_path / "taken.db", "mine")
    with pytest.raises(InputError, match="already exists"):
        build(tmp_path / "a", tmp_path / "taken.db", OPTIONS, jobs=1)
    assert (tmp_path / "taken.db").read_text() == "mine"


BBC = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "bbc-news"


@pytest.mark.corpus
@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpora/bbc-news is absent")
def test_real_news_scan_against_the_index_equals_the_folder_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BBC News (business and politics; the corpus holds repeated stories): every other
    article archived, the rest new."""
    monkeypatch.chdir(tmp_path)
    for section in ("business", "politics"):
        for k, page in enumerate(sorted((BBC / section).glob("*.txt"))):
            tree = Path("archive") if k % 2 else Path("new")
            write(tree / section / page.name, page.read_bytes())
    build(Path("archive"), Path("bbc.db"), OPTIONS, jobs=1)
    folder = scan(Path("new"), options=OPTIONS, against=Path("archive"))
    indexed = scan(Path("new"), options=OPTIONS, against=Path("bbc.db"))
    assert as_json(indexed) == as_json(folder)
    across = [p for p in folder.pairs if p.a.startswith("archive/") != p.b.startswith("archive/")]
    assert len(across) >= 10


# Few, short segments of the characters that sort around "/": neighbours of a prefix abound.
_SEGMENT = st.text(alphabet="a0-.", min_size=1, max_size=2)
_PATH = st.lists(_SEGMENT, min_size=1, max_size=3).map("/".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paths=st.sets(_PATH, max_size=12), cut=st.integers(0, 3), pick=st.integers(0, 11))
@example(paths={"a", "a-b", "a.c", "a/x", "a0", "a0/y"}, cut=1, pick=3)
def test_states_under_a_path_are_its_own_files_and_those_below_it(
    paths: set[str], cut: int, pick: int
) -> None:
    """``states(under)`` reads key ranges of the paths' index: it must give exactly the files at
    or under each path, whatever characters sort next to ``/`` (``-``, ``.``, ``0``)."""
    listed = sorted(paths)
    prefix = "/".join(listed[pick % len(listed)].split("/")[:cut]) if listed else ""
    entries = [FileEntry(p, 1, 1, "d", (), ()) for p in listed]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.db"
        with Index.create(db, "archive", tmp, OPTIONS) as index:
            write_entries(index, entries, added=0.0)
            got = set(index.states([prefix]))
            assert set(index.states()) == paths
    assert got == {p for p in paths if not prefix or p == prefix or p.startswith(prefix + "/")}


@pytest.mark.parametrize("scheme", ["affine32", "affine64"])
def test_the_stored_permutations_sketch_as_the_options_do(tmp_path: Path, scheme: str) -> None:
    options = ScanOptions(jobs=1, scheme=scheme)
    write(tmp_path / "a/x.txt", story(1))
    build(tmp_path / "a", tmp_path / "a.db", options, jobs=1)
    found = word_table([story(2), story(3)])
    expected = Sketcher(options).sketch_table(found.hashes, found.lengths)
    with Index.open(tmp_path / "a.db") as index:
        got = index.sketcher().sketch_table(found.hashes, found.lengths)
    assert got.signatures.dtype == expected.signatures.dtype
    assert np.array_equal(got.signatures, expected.signatures)


def test_added_keys_wait_in_the_recent_tables_and_merge_into_the_large_ones(
    trees: tuple[Path, Path],
) -> None:
    """``index add`` writes key rows to small tables (a day's rows share a few pages); lookups
    read both; once merged, the large tables hold what a build of the same files holds."""
    archive, new = trees
    (archive / "later").mkdir()
    for name in ("2019/old-copy.txt", "2020/other.txt"):
        (archive / name).rename(archive / "later" / name.replace("/", "-"))
    build(archive, Path("whole.db"), OPTIONS, jobs=1)
    shutil.move(archive / "later", "later")
    db = Path("archive.db")
    build(archive, db, OPTIONS, jobs=1)
    shutil.move("later", archive / "later")
    with Index.open(db, write=True) as index:
        # 2 documents added to 43: fewer than one in RECENT_SHARE, so they stay recent.
        assert add(index, [archive / "later"], jobs=1) == IndexChange(added=2)
        recent = index.connection.execute("SELECT count(*) FROM recent_postings").fetchone()
        assert recent[0] > 0
    folder = as_json(scan(new, options=OPTIONS, against=archive))
    assert as_json(scan(new, options=OPTIONS, against=db)) == folder
    with Index.open(db, write=True) as index:
        assert not merge_recent(index)
        assert merge_recent(index, share=0)
        assert index.connection.execute("SELECT count(*) FROM recent_postings").fetchone() == (0,)
    assert _keys(db) == _keys(Path("whole.db"))
    assert as_json(scan(new, options=OPTIONS, against=db)) == folder
