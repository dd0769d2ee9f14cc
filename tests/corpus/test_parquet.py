"""Parquet files as articles, one a row: names, skipped rows and files, and a scan over them that
finds what the same articles as JSONL give."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dupcheck.corpus.parquet import read_parquet
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import ScanOptions, Skipped
from dupcheck.text.types import Document
from tests._stories import story

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

OPTIONS = ScanOptions(jobs=1, include=("*.parquet", "*.jsonl"))


def _write(path: Path, columns: dict[str, list[Any]], **types: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(name, types.get(name, pa.string())) for name in columns])
    pq.write_table(pa.table(columns, schema=schema), path, row_group_size=2)
    return path


def _read(path: Path, options: ScanOptions = OPTIONS) -> list[Document | Skipped]:
    return list(read_parquet(str(path), path.name, options))


def _name(item: Document | Skipped) -> str:
    assert isinstance(item, Document), item
    return item.name


def test_rows_are_articles_named_by_id_or_row(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.parquet",
        {
            "id": ["a", None, "a", "c", "d", "e"],
            "text": ["One.", "Two.", "Three.", None, "", "x" * 9],
        },
    )
    got = _read(path, replace(OPTIONS, max_bytes=8))
    assert got == [
        Document("feed.parquet#a", "One.", "utf-8"),
        Document("feed.parquet:2", "Two.", "utf-8"),
        Skipped("feed.parquet:3", "duplicate 'id' 'a'"),
        Skipped("feed.parquet:4", "null 'text'"),
        Skipped("feed.parquet:5", "empty text"),
        Skipped("feed.parquet:6", "text of 9 bytes is over the 8-byte limit"),
    ]


def test_integer_ids_other_fields_and_no_id_column(tmp_path: Path) -> None:
    numbered = _write(tmp_path / "n.parquet", {"key": [7, 8], "body": ["A.", "B."]}, key=pa.int64())
    options = replace(OPTIONS, id_field="key", text_field="body")
    assert [_name(d) for d in _read(numbered, options)] == ["n.parquet#7", "n.parquet#8"]
    anonymous = _write(tmp_path / "a.parquet", {"text": ["A.", "B.", "C."]})
    assert [_name(d) for d in _read(anonymous)] == ["a.parquet:1", "a.parquet:2", "a.parquet:3"]


def test_files_that_cannot_be_used_are_skipped_whole(tmp_path: Path) -> None:
    fake = tmp_path / "fake.parquet"
    fake.write_text("id,text\n1,hello\n", encoding="utf-8")
    (skipped,) = _read(fake)
    assert isinstance(skipped, Skipped) and skipped.path == "fake.parquet"
    assert skipped.reason.startswith("not a readable Parquet file")
    numbers = _write(tmp_path / "numbers.parquet", {"text": [1, 2]}, text=pa.int32())
    assert _read(numbers) == [Skipped("numbers.parquet", "no string column 'text'")]
    floats = _write(tmp_path / "floats.parquet", {"id": [1.5], "text": ["A."]}, id=pa.float64())
    assert _read(floats) == [Skipped("floats.parquet", "column 'id' is not strings or integers")]
    empty = _write(tmp_path / "empty.parquet", {"text": []})
    assert _read(empty) == [Skipped("empty.parquet", "no rows")]


def test_a_scan_of_parquet_finds_what_the_same_jsonl_finds(tmp_path: Path) -> None:
    rows = [{"id": f"s{n}", "text": story(n % 3) + f"\n\nEdition {n}."} for n in range(6)]
    rows.append({"id": "other", "text": story(9)})
    _write(
        tmp_path / "pq/feed.parquet",
        {"id": [r["id"] for r in rows], "text": [r["text"] for r in rows]},
    )
    jsonl = tmp_path / "js/feed.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    from_parquet = scan(tmp_path / "pq", options=OPTIONS)
    from_jsonl = scan(tmp_path / "js", options=OPTIONS)
    assert from_parquet.documents == 7
    assert len(from_parquet.pairs) == 3
    assert [(p.a, p.b, p.verdict, p.scores) for p in from_parquet.pairs] == [
        (p.a.replace(".jsonl", ".parquet"), p.b.replace(".jsonl", ".parquet"), p.verdict, p.scores)
        for p in from_jsonl.pairs
    ]
