"""Story counts through an archive index: the formula score, verdicts and pairs of a scan or a
query through the index are the folder scan's, and the index's stories stay the components of
the archive's level-1 pairs through adds and removals."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.frequency import story_labels
from dupcheck.corpus.hashing import word_table
from dupcheck.corpus.indexing import add, build, remove
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.sketch import Sketcher
from dupcheck.corpus.store import Index
from dupcheck.corpus.store_stories import groups
from dupcheck.corpus.types import ScanOptions, ScanResult
from dupcheck.report.scan_json import ScanJsonFormatter
from dupcheck.text.intake import read_document
from tests._stories import sentence, story

OPTIONS = ScanOptions(jobs=1)
COMPANIES = ("Karlo", "Mitas", "Renvo", "Pelgar", "Dunshi", "Tekul", "Voren", "Lomika")


def notice(k: int) -> str:
    """A dividend notice: two formula sentences about another company and other figures, and a
    sentence of its own."""
    rng = random.Random(k)
    company = f"{COMPANIES[k % len(COMPANIES)]} {COMPANIES[(k * 3 + 1) % len(COMPANIES)]} Corp"
    return (
        f"{company} said its board of directors declared a regular quarterly dividend of "
        f"{10 + k} cents a share, payable on March {k % 28 + 1} to shareholders of record on "
        f"February {k % 27 + 1}.\n\n"
        "The company said the payout was in line with its stated policy of returning part of "
        "its earnings to shareholders each quarter, and that it expected no change in the "
        f"policy for the rest of the year.\n\n{sentence(rng)}"
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def as_json(result: ScanResult) -> str:
    return ScanJsonFormatter().render(result)


@pytest.fixture
def notices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An archive of dividend notices (each its own story, sharing their formula sentences), a
    notice re-sent, a syndicated story; new notices, a re-sent one and a copy of the story."""
    monkeypatch.chdir(tmp_path)
    archive, new = Path("archive"), Path("new")
    for k in range(12):
        write(archive / f"notices/{k:02}.txt", notice(k))
    write(archive / "notices/resent.txt", notice(3))
    write(archive / "news/story.txt", story(1))
    write(archive / "news/story-copy.txt", story(1) + "\n\nA closing line of the copy.")
    for k in (20, 21, 22):
        write(new / f"{k}.txt", notice(k))
    write(new / "resent.txt", notice(5))
    write(new / "story.txt", story(1) + "\n\nAnother closing line, of the new copy.")
    return archive, new


def test_formula_through_the_index_equals_the_folder_scan(notices: tuple[Path, Path]) -> None:
    archive, new = notices
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    folder = scan(new, options=OPTIONS, against=archive)
    indexed = scan(new, options=OPTIONS, against=Path("archive.db"))
    assert as_json(indexed) == as_json(folder)
    # The comparison means something: the formula sentences weigh in the scores and verdicts.
    formula = [p for p in folder.pairs if p.scores.formula > 0]
    assert len(formula) >= 3
    assert {p.verdict.value for p in folder.pairs} >= {"duplicate", "template"}


def test_a_query_gives_the_scores_of_a_folder_scan_of_that_article(
    notices: tuple[Path, Path],
) -> None:
    archive, new = notices
    build(archive, Path("archive.db"), OPTIONS, jobs=1)
    options = OPTIONS
    checked = 0
    with Index.open("archive.db") as index:
        for path in sorted(new.glob("*.txt")):
            alone = Path("alone") / path.stem
            write(alone / path.name, path.read_text(encoding="utf-8"))
            folder = scan(alone, options=options, against=archive)
            expected = {}
            for p in folder.pairs:
                # The article is a pair's a or b side by name; a query's is always A.
                mine, theirs = (p.a, p.b) if p.a == path.name else (p.b, p.a)
                s = p.scores
                if mine != p.a:
                    s = replace(
                        s,
                        containment_a=s.containment_b,
                        containment_b=s.containment_a,
                        coverage_a=s.coverage_b,
                        coverage_b=s.coverage_a,
                    )
                expected[theirs] = (p.verdict, s)
            found = index.query(read_document(path), options)
            got = {c.name: (c.comparison.verdict, c.comparison.scores) for c in found.copies}
            assert got == expected
            checked += sum(s.formula > 0 for _, s in got.values())
    assert checked >= 1


def _partition(db: Path) -> set[frozenset[str]]:
    """The index's stories, as sets of document names."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT s.story, d.name FROM stories s JOIN docs d ON d.id = s.doc"
        ).fetchall()
    groups: dict[int, set[str]] = {}
    for label, name in rows:
        groups.setdefault(label, set()).add(name)
    return {frozenset(g) for g in groups.values()}


def _components(texts: dict[str, str]) -> set[frozenset[str]]:
    """The level-1 components a folder scan of ``texts`` counts as stories."""
    names = sorted(texts)
    found = word_table([texts[n] for n in names])
    table = Sketcher(OPTIONS).sketch_table(found.hashes, found.lengths)
    labels = story_labels(len(names), find_candidates(table, OPTIONS).resembling)
    groups: dict[int, set[str]] = {}
    for name, label in zip(names, labels.tolist(), strict=True):
        groups.setdefault(label, set()).add(name)
    return {frozenset(g) for g in groups.values()}


def _fragment_text(parts: list[int]) -> str:
    """A document of the given paragraphs of one long story: documents sharing paragraphs
    resemble each other more or less, so adds and removals link and cut stories."""
    paragraphs = story(77, paragraphs=8).split("\n\n")
    return "\n\n".join(paragraphs[p] for p in parts)


_DOC = st.lists(st.integers(0, 7), min_size=1, max_size=5, unique=True).map(sorted)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.lists(_DOC, min_size=1, max_size=6),
    later=st.lists(_DOC, min_size=1, max_size=4),
    dropped=st.sets(st.integers(0, 9), max_size=4),
)
# Two stories, bridged by a later document, cut again when it goes.
@example(first=[[0, 1, 2], [3, 4, 7]], later=[[0, 1, 2, 3, 4, 7]], dropped={2})
def test_stories_stay_the_level_1_components_through_adds_and_removals(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[list[int]],
    later: list[list[int]],
    dropped: set[int],
) -> None:
    root = tmp_path_factory.mktemp("stories")
    archive, db = root / "archive", root / "a.db"
    texts = {f"{k}.txt": _fragment_text(parts) for k, parts in enumerate(first)}
    for name, text in texts.items():
        write(archive / name, text)
    build(archive, db, OPTIONS, jobs=1)
    assert _partition(db) == _components(texts)
    with Index.open(db, write=True) as index:
        added = {f"{len(first) + k}.txt": _fragment_text(p) for k, p in enumerate(later)}
        for name, text in added.items():
            write(archive / "later" / name, text)
        texts.update({f"later/{n}": t for n, t in added.items()})
        add(index, [archive / "later"], jobs=1, batch=2)
        assert _partition(db) == _components(texts)
        gone = [n for k, n in enumerate(sorted(texts)) if k in dropped]
        remove(index, [archive / n for n in gone])
        for n in gone:
            del texts[n]
    assert _partition(db) == (_components(texts) if texts else set())


def test_a_document_resembling_two_stories_merges_them_and_its_removal_cuts_them(
    tmp_path: Path,
) -> None:
    archive, db = tmp_path / "archive", tmp_path / "a.db"
    write(archive / "x.txt", _fragment_text([0, 1, 2]))
    write(archive / "y.txt", _fragment_text([3, 4, 7]))
    build(archive, db, OPTIONS, jobs=1)
    assert _partition(db) == {frozenset({"x.txt"}), frozenset({"y.txt"})}
    write(archive / "z/bridge.txt", _fragment_text([0, 1, 2, 3, 4, 7]))
    with Index.open(db, write=True) as index:
        add(index, [archive / "z"], jobs=1)
        assert _partition(db) == {frozenset({"x.txt", "y.txt", "z/bridge.txt"})}
        remove(index, [archive / "z"])
    assert _partition(db) == {frozenset({"x.txt"}), frozenset({"y.txt"})}


def test_a_jsonl_date_field_is_kept_in_the_index(tmp_path: Path) -> None:
    archive, new = tmp_path / "archive", tmp_path / "new"
    records = [
        {"id": "old", "text": story(3), "published": "2001-02-03"},
        {"id": "other", "text": story(4), "published": "2001-02-04"},
    ]
    write(archive / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    write(new / "copy.txt", story(3) + "\n\nA line the copy added.")
    options = replace(OPTIONS, date_field="published")
    build(archive, tmp_path / "a.db", options, jobs=1)
    folder = scan(new, options=options, against=archive)
    indexed = scan(new, options=options, against=tmp_path / "a.db")
    assert as_json(indexed) == as_json(folder)
    (pair,) = indexed.pairs
    dates = {d.name: d for d in indexed.dates}
    assert dates[pair.a].source.value == "field"
    assert dates[pair.a].when.date().isoformat() == "2001-02-03"
    assert [c.original for c in indexed.clusters] == [pair.a]


@given(
    n=st.integers(1, 12),
    pairs=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=20),
)
def test_groups_are_the_components_in_order_of_first_appearance(
    n: int, pairs: list[tuple[int, int]]
) -> None:
    pairs = [(a % n, b % n) for a, b in pairs]
    found = groups(range(n), pairs)
    labels = story_labels(n, np.array(pairs, dtype=np.int64).reshape(-1, 2)).tolist()
    components: dict[int, list[int]] = {}
    for d, label in enumerate(labels):
        components.setdefault(label, []).append(d)
    # Nodes 0..n-1 come first, in order: each group lists them ascending, groups by first one.
    assert found == sorted(components.values())
