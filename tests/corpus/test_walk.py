"""Scan intake: which files are read, in what order, and why others are skipped."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from dupcheck.corpus.types import ScanOptions, Skipped
from dupcheck.corpus.walk import Source, discover, matches, read_file, read_source
from dupcheck.text.types import Document

OPTIONS = ScanOptions()
TEXT = "The council approved the new bridge on Tuesday after a long debate.\n"


def read_all(root: Path, options: ScanOptions = OPTIONS) -> list[Document | Skipped]:
    return [item for src in discover(root, options) for item in read_source(src, options)]


def names(root: Path, options: ScanOptions = OPTIONS) -> list[str]:
    return [s.name for s in discover(root, options)]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_default_globs_order_and_separators(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.md", "a/b/c.HTML", "a/notes.pdf", "a/page.htm", "x.jsonl", "y.json"]:
        write(tmp_path / rel, TEXT)
    assert names(tmp_path) == ["a/b/c.HTML", "a/page.htm", "a/z.md", "b.txt", "x.jsonl"]


def test_include_and_exclude(tmp_path: Path) -> None:
    for rel in ["keep/a.txt", "drafts/b.txt", "keep/c.md", "keep/old/d.txt"]:
        write(tmp_path / rel, TEXT)
    options = replace(OPTIONS, include=("*.txt",), exclude=("drafts", "keep/old/*"))
    assert names(tmp_path, options) == ["keep/a.txt"]
    assert matches("a/b.TXT", ("*.txt",))
    assert matches("a/b.txt", ("a/*",))
    assert not matches("a/b.txt", ("b/*",))


def test_hidden_and_config_files_are_not_articles(tmp_path: Path) -> None:
    write(tmp_path / ".git/objects/x.txt", TEXT)
    write(tmp_path / ".hidden.txt", TEXT)
    write(tmp_path / "sub/.cache/y.txt", TEXT)
    write(tmp_path / "pyproject.toml", "[tool.dupcheck]\n")
    write(tmp_path / "dupcheck.toml", "")
    write(tmp_path / "story.txt", TEXT)
    options = replace(OPTIONS, include=("*",))
    assert names(tmp_path, options) == ["story.txt"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlink_loops_end_and_linked_files_are_read_once(tmp_path: Path) -> None:
    write(tmp_path / "a/story.txt", TEXT)
    (tmp_path / "a/loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a/alias.txt").symlink_to(tmp_path / "a/story.txt")
    items = read_all(tmp_path)
    docs = [i.name for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert docs == ["a/story.txt"]
    assert skipped == [Skipped("a/alias.txt", "same file as a/story.txt")]


def test_skip_reasons(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.txt", b"   \n\n")
    write(tmp_path / "binary.txt", bytes(range(256)) * 8)
    write(tmp_path / "big.txt", "word " * 100)
    write(tmp_path / "nothing.html", "<html><script>x()</script></html>")
    write(tmp_path / "ok.txt", TEXT)
    items = read_all(tmp_path, replace(OPTIONS, max_bytes=300))
    reasons = {i.path: i.reason for i in items if isinstance(i, Skipped)}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "big.txt", "nothing.html"}
    assert "empty" in reasons["empty.txt"]
    assert "limit" in reasons["big.txt"]
    assert [i.name for i in items if isinstance(i, Document)] == ["ok.txt"]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", TEXT)
    path.chmod(0)
    (item,) = read_all(tmp_path)
    assert isinstance(item, Skipped) and "permission" in item.reason


def test_broken_symlink_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (item,) = read_all(tmp_path)
    assert isinstance(item, Skipped) and item.path == "gone.txt"


def test_html_is_read_as_its_text(tmp_path: Path) -> None:
    write(tmp_path / "p.html", f"<html><body><nav>Home</nav><p>{TEXT}</p></body></html>")
    (doc,) = read_all(tmp_path)
    assert isinstance(doc, Document)
    assert "council approved" in doc.text and "<p>" not in doc.text


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "A1", "text": TEXT}),
        "",
        "{not json",
        json.dumps({"id": "A2"}),
        json.dumps({"id": 7, "text": "Another story about the harbour."}),
        json.dumps({"text": "A story without an id."}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "A1", "text": "Same id again."}),
        json.dumps({"id": "A3", "text": "  "}),
        json.dumps({"id": True, "text": TEXT}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = read_all(tmp_path)
    docs = [i.name for i in items if isinstance(i, Document)]
    skipped = {i.path: i.reason for i in items if isinstance(i, Skipped)}
    assert docs == ["feed.jsonl#A1", "feed.jsonl#7", "feed.jsonl:6"]
    assert set(skipped) == {
        "feed.jsonl:3",
        "feed.jsonl:4",
        "feed.jsonl:7",
        "feed.jsonl:8",
        "feed.jsonl:9",
        "feed.jsonl:10",
    }
    assert "invalid JSON" in skipped["feed.jsonl:3"]
    assert "'text'" in skipped["feed.jsonl:4"]
    assert "duplicate" in skipped["feed.jsonl:8"]


def test_jsonl_custom_fields_and_empty_file(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", json.dumps({"slug": "x", "body": TEXT}) + "\n")
    write(tmp_path / "b.jsonl", "\n\n")
    options = replace(OPTIONS, text_field="body", id_field="slug")
    items = read_all(tmp_path, options)
    assert [i.name for i in items if isinstance(i, Document)] == ["a.jsonl#x"]
    assert [i for i in items if isinstance(i, Skipped)] == [Skipped("b.jsonl", "empty file")]


def test_prefix_names_archive_documents(tmp_path: Path) -> None:
    write(tmp_path / "2019/a.txt", TEXT)
    assert [s.name for s in discover(tmp_path, OPTIONS, prefix="../archive")] == [
        "../archive/2019/a.txt"
    ]


def test_skip_dirs(tmp_path: Path) -> None:
    write(tmp_path / "new/a.txt", TEXT)
    write(tmp_path / "archive/b.txt", TEXT)
    skip = frozenset({os.path.realpath(tmp_path / "archive")})
    assert [s.name for s in discover(tmp_path, OPTIONS, skip_dirs=skip)] == ["new/a.txt"]


def test_source_is_frozen() -> None:
    src = Source("a.txt", "a.txt")
    with pytest.raises(AttributeError):
        src.name = "b"  # type: ignore[misc]


def test_read_file_is_read_source_of_strings(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "feed.JSONL", json.dumps({"id": "A1", "text": TEXT}) + "\n")
    write(tmp_path / "empty.txt", b"")
    for src in discover(tmp_path, OPTIONS):
        assert isinstance(src.path, str)
        assert list(read_file(src.path, src.name, OPTIONS)) == list(read_source(src, OPTIONS))
    same = list(read_file(str(tmp_path / "a.txt"), "b.txt", OPTIONS, same_as="a.txt"))
    assert same == [Skipped("b.txt", "same file as a.txt")]
    missing = list(read_file(str(tmp_path / "nope.jsonl"), "nope.jsonl", OPTIONS))
    assert missing == [Skipped("nope.jsonl", "no such file or directory")]
