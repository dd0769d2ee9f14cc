"""Each finding's first shared passage, found only when asked: spans into the text, lines only
where the text is the file's own."""

from __future__ import annotations

import json
from pathlib import Path

from dupcheck.corpus.excerpts import line_of
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import ScanOptions
from tests.cli.test_scan_command import COPY, ORIGINAL, write


def test_line_of_counts_from_one() -> None:
    assert [line_of("ab\ncd\n\nef", i) for i in (0, 2, 3, 6, 7)] == [1, 1, 2, 3, 4]


def test_excerpts_are_only_found_when_asked(tmp_path: Path) -> None:
    root = write(tmp_path / "t", {"original.txt": ORIGINAL, "copy.txt": COPY})
    (plain,) = scan(root, options=ScanOptions(jobs=1)).pairs
    assert plain.excerpt_a is plain.excerpt_b is None
    (pair,) = scan(root, options=ScanOptions(jobs=1), excerpts=True).pairs
    assert (pair.a, pair.b) == ("copy.txt", "original.txt")
    assert pair.excerpt_a is not None and pair.excerpt_b is not None
    copy_text = (root / "copy.txt").read_text(encoding="utf-8")
    shared = copy_text[pair.excerpt_a.span.start : pair.excerpt_a.span.end]
    # The headline is the copy's own; the shared run starts with the first reworded paragraph.
    assert shared.startswith("Councillors in Kestrel Bay have voted")
    assert pair.excerpt_a.lines is not None and pair.excerpt_a.lines[0] == 3
    # The dateline is boilerplate, never part of a shared passage.
    assert ORIGINAL[pair.excerpt_b.span.start :].startswith("The county council of Kestrel Bay")
    # Same verdict and scores either way: the excerpts are extra, never a second judgement.
    assert (pair.verdict, pair.scores) == (plain.verdict, plain.scores)


def test_no_lines_where_the_text_is_not_the_files(tmp_path: Path) -> None:
    page = "<html><body>" + "".join(f"<p>{p}</p>" for p in COPY.split("\n\n")) + "</body></html>"
    feed = json.dumps({"id": "o1", "text": ORIGINAL}) + "\n"
    root = write(tmp_path / "t", {"page.html": page, "feed.jsonl": feed})
    (pair,) = scan(root, options=ScanOptions(jobs=1), excerpts=True).pairs
    assert (pair.a, pair.b) == ("feed.jsonl#o1", "page.html")
    assert pair.excerpt_a is not None and pair.excerpt_b is not None
    assert pair.excerpt_a.lines is None and pair.excerpt_b.lines is None
    assert len(pair.excerpt_b.span) > 0


def test_excerpts_are_the_same_for_any_number_of_workers(tmp_path: Path) -> None:
    root = write(tmp_path / "t", {"a.txt": ORIGINAL, "b.txt": COPY, "c.txt": COPY + "\nMore.\n"})
    runs = [scan(root, options=ScanOptions(jobs=j), excerpts=True).pairs for j in (1, 2)]
    assert runs[0] == runs[1]
