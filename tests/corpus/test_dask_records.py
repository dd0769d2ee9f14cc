"""JSONL lines and Parquet rows located after the read, and read again where they lie."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dupcheck.corpus.dask_records import Record, locate
from dupcheck.corpus.reading import ReadTask, _read_chunk
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import InputError
from dupcheck.text.types import Document
from tests._stories import story

OPTIONS = ScanOptions(max_bytes=4000)


def _feed(path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": story(1, paragraphs=2)}),
        "",
        "not json",
        json.dumps({"text": story(2, paragraphs=2)}),  # no id: named by its line
        json.dumps({"id": "a", "text": story(3, paragraphs=2)}),  # a duplicate id: skipped
        json.dumps({"id": "big", "text": "word " * 2000}),  # over max_bytes: skipped
        "   ",
        json.dumps({"id": 7, "text": "Caf\u00e9 prices rose.\n\nThey fell again."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _read(*paths: Path) -> tuple[ReadTask, dict[int, Record], dict[int, tuple[str, str]]]:
    task = ReadTask([(str(p), p.name, "", "") for p in paths], OPTIONS)
    batch = _read_chunk(task)
    return task, locate(task, batch), batch.texts


def test_every_jsonl_record_is_located_and_read_again(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed)
    (tmp_path / "plain.txt").write_text(story(5), encoding="utf-8")
    _, records, texts = _read(tmp_path / "plain.txt", feed)
    assert sorted(r.name for r in records.values()) == [
        "feed.jsonl#7", "feed.jsonl#a", "feed.jsonl:4",
    ]  # fmt: skip
    assert set(records) == set(texts)
    for k, record in records.items():
        name, text = texts[k]
        assert record.text is None
        assert record.document() == Document(name, text)


def test_a_record_changed_since_the_read_is_an_input_error(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed)
    _, records, _ = _read(feed)
    first = next(r for r in records.values() if r.name == "feed.jsonl#a")
    raw = bytearray(feed.read_bytes())
    # Same length, still valid JSON, one letter of the text changed: only the fingerprint tells.
    at = raw.index(b'"text": "') + len(b'"text": "')
    raw[at : at + 1] = b"z" if raw[at : at + 1].lower() != b"z" else b"q"
    feed.write_bytes(bytes(raw))
    with pytest.raises(InputError, match="changed since it was read"):
        first.document()
    feed.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="changed since it was read"):
        first.document()


def test_parquet_rows_are_located_across_row_groups(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = [story(n, paragraphs=2) if n != 2 else None for n in range(7)]
    ids = ["r0", None, "r2", "r3", "r0", "r5", None]  # a null id is named by its row
    table = pa.table({"id": ids, "text": texts})
    pq.write_table(table, tmp_path / "feed.parquet", row_group_size=2)
    _, records, kept = _read(tmp_path / "feed.parquet")
    names = sorted(r.name for r in records.values())
    assert names == ["feed.parquet#r0", "feed.parquet#r3", "feed.parquet#r5", "feed.parquet:2",
                     "feed.parquet:7"]  # fmt: skip
    assert set(records) == set(kept)
    for k, record in records.items():
        assert record.document() == Document(*kept[k])
    assert {r.number for r in records.values()} == {1, 2, 4, 6, 7}


def test_a_parquet_row_over_the_default_limit_reads_again_under_a_raised_one(
    tmp_path: Path,
) -> None:
    """A record is read again under the scan's ``max_bytes``, not the default one."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    default = ScanOptions().max_bytes
    text = "Prices rose again.\n\n" + "x" * default
    pq.write_table(pa.table({"text": [text]}), tmp_path / "big.parquet")
    options = ScanOptions(max_bytes=2 * default)
    task = ReadTask([(str(tmp_path / "big.parquet"), "big.parquet", "", "")], options)
    batch = _read_chunk(task)
    records = locate(task, batch)
    assert list(records) == [0]
    assert records[0].document() == Document(*batch.texts[0])
