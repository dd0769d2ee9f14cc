"""scan end to end on small trees: pairs, clusters, skipped, order, jobs, --against."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dupcheck.align.types import Verdict
from dupcheck.corpus.parallel import GROUP_CHUNK, plan_chunks
from dupcheck.corpus.pipeline import Progress, scan
from dupcheck.corpus.types import ScanOptions, Skipped
from dupcheck.errors import InputError
from tests._stories import story

OPTIONS = ScanOptions(jobs=1)


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def quote_into(host: str, source: str) -> str:
    paras = host.split("\n\n")
    paras.insert(3, "\u201c" + source.split("\n\n")[1] + "\u201d")
    return "\n\n".join(paras)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    original = story(1)
    write(tmp_path / "wire/original.txt", original)
    write(tmp_path / "sites/b/copy.txt", "SITE B NEWS\n\n" + original + "\n\nShare this story.")
    write(tmp_path / "sites/a/copy.md", original.replace("the ", "The ", 5))
    write(tmp_path / "other/unrelated.txt", story(2))
    write(tmp_path / "other/quotes.txt", quote_into(story(3), story(4)))
    write(tmp_path / "other/quoted-source.txt", story(4))
    write(tmp_path / "broken.txt", b"")
    return tmp_path


def test_pairs_clusters_and_skipped(tree: Path) -> None:
    result = scan(tree, options=OPTIONS)
    assert result.documents == 6
    assert result.root == tree.as_posix()
    assert result.skipped == (Skipped("broken.txt", "empty file"),)
    found = {(p.a, p.b): p.verdict for p in result.pairs}
    assert found == {
        ("sites/a/copy.md", "sites/b/copy.txt"): Verdict.DUPLICATE,
        ("sites/a/copy.md", "wire/original.txt"): Verdict.DUPLICATE,
        ("sites/b/copy.txt", "wire/original.txt"): Verdict.DUPLICATE,
        ("other/quoted-source.txt", "other/quotes.txt"): Verdict.PARTIAL,
    }
    assert [(p.a, p.b) for p in result.pairs] == sorted(found)
    assert result.candidates >= len(result.pairs)
    (cluster,) = result.clusters
    assert cluster.id == 1
    assert cluster.members == ("sites/a/copy.md", "sites/b/copy.txt", "wire/original.txt")
    for pair in result.pairs:
        assert len(pair.fingerprint_a) == len(pair.fingerprint_b) == 32
        assert not pair.baselined
        assert 0.0 <= pair.scores.resemblance <= 1.0


def test_copies_that_differ_in_case_share_a_fingerprint(tree: Path) -> None:
    write(tree / "sites/c/upper.txt", story(1).upper())
    result = scan(tree, options=OPTIONS)
    fps = {}
    for p in result.pairs:
        fps[p.a], fps[p.b] = p.fingerprint_a, p.fingerprint_b
    assert fps["sites/c/upper.txt"] == fps["wire/original.txt"] == fps["sites/a/copy.md"]
    assert fps["sites/b/copy.txt"] != fps["wire/original.txt"]


def test_output_identical_for_any_jobs(tree: Path) -> None:
    for n in range(3):
        write(tree / f"more/{n}.txt", story(1) + f"\n\nLocal note number {n} for readers.")
    one = scan(tree, options=replace(OPTIONS, jobs=1))
    two = scan(tree, options=replace(OPTIONS, jobs=2))
    assert one.pairs == two.pairs
    assert one.clusters == two.clusters
    assert one.skipped == two.skipped
    assert (one.documents, one.candidates) == (two.documents, two.candidates)


def test_progress_reports_each_stage(tree: Path) -> None:
    seen: list[Progress] = []
    scan(tree, options=OPTIONS, progress=seen.append)
    assert seen[0].stage == "read"
    for stage in ("read", "index", "verify"):
        last = [p for p in seen if p.stage == stage][-1]
        assert last.done == last.total
    assert [p for p in seen if p.stage == "read"][-1].total == 7


def test_against_reports_only_pairs_with_new_documents(tmp_path: Path) -> None:
    archive, new = tmp_path / "archive", tmp_path / "new"
    write(archive / "2019/old.txt", story(1))
    write(archive / "2019/old-copy.txt", story(1))
    write(archive / "2020/other.txt", story(2))
    write(new / "today.txt", story(2) + "\n\nUpdated with a new paragraph at the end today.")
    write(new / "today-copy.txt", story(5))
    write(new / "today-copy2.txt", story(5))
    result = scan(new, options=OPTIONS, against=archive)
    prefix = archive.as_posix()
    assert [(p.a, p.b) for p in result.pairs] == sorted(
        [(f"{prefix}/2020/other.txt", "today.txt"), ("today-copy.txt", "today-copy2.txt")]
    )
    assert result.root == new.as_posix()
    assert result.documents == 6


def test_against_inside_the_root_is_read_only_as_archive(tmp_path: Path) -> None:
    write(tmp_path / "archive/old.txt", story(1))
    write(tmp_path / "archive/old2.txt", story(1))
    write(tmp_path / "new.txt", story(1))
    result = scan(tmp_path, options=OPTIONS, against=tmp_path / "archive")
    prefix = (tmp_path / "archive").as_posix()
    assert {(p.a, p.b) for p in result.pairs} == {
        tuple(sorted((f"{prefix}/old.txt", "new.txt"))),
        tuple(sorted((f"{prefix}/old2.txt", "new.txt"))),
    }
    assert result.documents == 3


def test_empty_tree_is_an_empty_result(tmp_path: Path) -> None:
    write(tmp_path / "notes.pdf", "x")
    result = scan(tmp_path, options=OPTIONS)
    assert (result.documents, result.pairs, result.clusters, result.skipped) == (0, (), (), ())


def test_missing_or_file_root_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such"):
        scan(tmp_path / "nope", options=OPTIONS)
    write(tmp_path / "f.txt", "text")
    with pytest.raises(InputError, match="not a directory"):
        scan(tmp_path / "f.txt", options=OPTIONS)
    with pytest.raises(InputError, match="against"):
        scan(tmp_path, options=OPTIONS, against=tmp_path / "nope")


def test_jsonl_articles_pair_with_files(tmp_path: Path) -> None:
    import json

    write(tmp_path / "a.txt", story(1))
    write(tmp_path / "feed.jsonl", json.dumps({"id": "x1", "text": story(1)}) + "\n")
    result = scan(tmp_path, options=OPTIONS)
    assert [(p.a, p.b, p.verdict) for p in result.pairs] == [
        ("a.txt", "feed.jsonl#x1", Verdict.DUPLICATE)
    ]


def test_negative_jobs_is_refused(tree: Path) -> None:
    with pytest.raises(ValueError, match="jobs"):
        scan(tree, options=replace(OPTIONS, jobs=-1))


def test_root_inside_the_archive_is_read_only_as_new(tmp_path: Path) -> None:
    write(tmp_path / "old.txt", story(1))
    write(tmp_path / "new/today.txt", story(1))
    result = scan(tmp_path / "new", options=OPTIONS, against=tmp_path)
    assert [(p.a, p.b) for p in result.pairs] == [(f"{tmp_path.as_posix()}/old.txt", "today.txt")]
    with pytest.raises(InputError, match="itself"):
        scan(tmp_path, options=OPTIONS, against=tmp_path)


def test_plan_keeps_connected_groups_whole() -> None:
    # Groups: {0,1,2} (3 pairs), {10,11} (1), {20..29} as a star of 9 pairs, {40,41} (1).
    pairs = [(0, 1), (1, 2), (0, 2), (10, 11), *[(20, k) for k in range(21, 30)], (40, 41)]
    chunks = plan_chunks(pairs, 4)
    assert sorted(p for c in chunks for p in c) == sorted(pairs)
    assert all(len(c) <= max(4, GROUP_CHUNK) for c in chunks)
    groups = [{0, 1, 2}, {10, 11}, set(range(20, 30)), {40, 41}]
    for group in groups:
        holding = [c for c in chunks if any(p[0] in group for p in c)]
        assert len(holding) == 1, group
    assert chunks == plan_chunks(list(reversed(pairs)), 4)


def test_a_pair_too_large_to_align_is_skipped_not_fatal(tree: Path) -> None:
    from dupcheck.align.types import CompareOptions

    # max_sentence_pairs bounds alignment's quadratic cost: a scan lists the pair it could not
    # verify under the longer document and goes on with the others.
    limit = CompareOptions(max_sentence_pairs=40)
    full = scan(tree, options=ScanOptions(jobs=1))
    small = scan(tree, options=ScanOptions(jobs=1, compare=limit))
    unverified = [s for s in small.skipped if s.reason.startswith("not verified against")]
    assert unverified
    assert all("max_sentence_pairs (40)" in s.reason for s in unverified)
    assert all(s.unverified_pair for s in unverified)
    assert not any(s.unverified_pair for s in full.skipped)
    named = {
        tuple(sorted((s.path, s.reason.split("against ", 1)[1].split(": ", 1)[0])))
        for s in unverified
    }
    lost = {(p.a, p.b) for p in full.pairs} - {(p.a, p.b) for p in small.pairs}
    assert lost
    assert lost <= named
    assert small.skipped == tuple(sorted(small.skipped, key=lambda s: (s.path, s.reason)))
