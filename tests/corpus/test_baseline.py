"""Baseline round trip: accepted pairs stay accepted across renames, not across edits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dupcheck.align.types import Scores, Verdict
from dupcheck.corpus.baseline import (
    apply_baseline,
    load_baseline,
    match_baseline,
    prune_baseline,
    write_baseline,
)
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import Pair, ScanOptions, ScanResult
from dupcheck.errors import InputError
from tests._stories import story

OPTIONS = ScanOptions(jobs=1)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    (root / "a.txt").write_text(story(1))
    (root / "b.txt").write_text("Breaking\n\n" + story(1))
    (root / "c.txt").write_text(story(2))
    (root / "d.txt").write_text(story(2) + "\n\nA closing line added by the site editors today.")
    return root


def test_round_trip_rename_and_change(tree: Path, tmp_path: Path) -> None:
    first = scan(tree, options=OPTIONS)
    assert len(first.pairs) == 2
    path = tmp_path / "baseline.json"
    write_baseline(path, first)
    baseline = load_baseline(path)
    assert all(p.baselined for p in apply_baseline(first, baseline).pairs)

    (tree / "b.txt").rename(tree / "renamed.txt")
    renamed = apply_baseline(scan(tree, options=OPTIONS), baseline)
    assert {(p.a, p.b): p.baselined for p in renamed.pairs} == {
        ("a.txt", "renamed.txt"): True,
        ("c.txt", "d.txt"): True,
    }

    (tree / "d.txt").write_text(story(2) + "\n\nA different closing line, written later on.")
    changed = apply_baseline(scan(tree, options=OPTIONS), baseline)
    assert {(p.a, p.b): p.baselined for p in changed.pairs} == {
        ("a.txt", "renamed.txt"): True,
        ("c.txt", "d.txt"): False,
    }


def test_written_bytes_are_deterministic_and_sorted(tree: Path, tmp_path: Path) -> None:
    result = scan(tree, options=OPTIONS)
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    write_baseline(one, result)
    write_baseline(two, replace(result, pairs=tuple(reversed(result.pairs))))
    assert one.read_bytes() == two.read_bytes()
    text = one.read_text()
    assert text.startswith('{\n  "schema": "dupcheck.baseline/1"')
    assert text.index('"a": "a.txt"') < text.index('"a": "c.txt"')


def test_empty_baseline(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(path, ScanResult("r", 0, (), (), (), 0))
    assert load_baseline(path).pairs == ()


def _pair(verdict: Verdict) -> Pair:
    return Pair("x", "y", verdict, Scores(1, 1, 1, 1, 1), "f1", "f2")


def test_a_partial_accepted_does_not_hide_a_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    write_baseline(path, ScanResult("r", 2, (_pair(Verdict.PARTIAL),), (), (), 1))
    baseline = load_baseline(path)
    now = ScanResult("r", 2, (_pair(Verdict.DUPLICATE),), (), (), 1)
    assert not apply_baseline(now, baseline).pairs[0].baselined
    swapped = replace(_pair(Verdict.PARTIAL), fingerprint_a="f2", fingerprint_b="f1")
    assert baseline.accepts(swapped)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not a baseline file"),
        ("[]", "schema"),
        ('{"schema": "other/1", "pairs": []}', "schema"),
        ('{"schema": "dupcheck.baseline/1", "pairs": {}}', "list"),
        ('{"schema": "dupcheck.baseline/1", "pairs": [{"a": "x"}]}', "pair 1"),
        (
            '{"schema": "dupcheck.baseline/1", "pairs": [{"a": "x", "b": "y", '
            '"fingerprint_a": "1", "fingerprint_b": "2", "verdict": "copy"}]}',
            "unknown verdict",
        ),
    ],
)
def test_malformed_files_are_one_line_input_errors(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        load_baseline(path)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such baseline"):
        load_baseline(tmp_path / "none.json")


def test_a_new_copy_of_an_accepted_document_is_a_new_finding(tree: Path, tmp_path: Path) -> None:
    """Acceptance is per pair of documents: an identical new copy of b.txt pairs with a.txt
    under the same two fingerprints as the accepted (a, b), yet it was never accepted."""
    path = tmp_path / "baseline.json"
    write_baseline(path, scan(tree, options=OPTIONS))
    (tree / "e.txt").write_text((tree / "b.txt").read_text())
    matched = match_baseline(scan(tree, options=OPTIONS), load_baseline(path))
    flags = {(p.a, p.b): p.baselined for p in matched.result.pairs}
    assert flags[("a.txt", "b.txt")] and flags[("c.txt", "d.txt")]
    assert not flags[("a.txt", "e.txt")]  # same contents as the accepted pair, a new document
    assert not flags[("b.txt", "e.txt")]
    assert matched.stale == ()


def test_entries_that_accept_nothing_are_stale_and_can_be_pruned(
    tree: Path, tmp_path: Path
) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, scan(tree, options=OPTIONS))
    (tree / "d.txt").unlink()
    baseline = load_baseline(path)
    matched = match_baseline(scan(tree, options=OPTIONS), baseline)
    assert [(e.a, e.b) for e in matched.stale] == [("c.txt", "d.txt")]
    assert all(p.baselined for p in matched.result.pairs)
    prune_baseline(path, baseline, matched.stale)
    assert [(e.a, e.b) for e in load_baseline(path).pairs] == [("a.txt", "b.txt")]
