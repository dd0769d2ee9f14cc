"""The pure logic of the bench's peer runners: no corpora, no peer virtualenvs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench.peers import cluster_pairs, read_found, run_measured, write_found
from bench.peers.spans import Alignment, Detection, coverage, merge
from bench.truth import Found, Label
from dupcheck.align.types import Verdict
from dupcheck.text.types import Span

STORY = (
    "The central bank raised its benchmark rate by half a point on Tuesday, citing inflation "
    "that has run above its target for eleven months. Officials said further increases were "
    "likely if prices kept rising at the current pace through the summer."
)


def d(a0: int, a1: int, b0: int, b1: int) -> Detection:
    return Detection(Span(a0, a1), Span(b0, b1))


def test_cluster_pairs_lists_every_pair_inside_each_cluster_once() -> None:
    found = cluster_pairs([["c", "a", "b"], ["e", "d"], ["a", "a"]])
    assert [(f.a, f.b) for f in found] == [("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")]
    assert all(f.verdict is Label.DUPLICATE for f in found)


def test_found_round_trips_through_the_runner_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.json"
    found = [Found("a", "b"), Found("a", "c", Label.PARTIAL)]
    write_found(path, documents=3, seconds=1.5, found=found)
    out = read_found(path)
    assert (out.documents, out.seconds, list(out.found)) == (3, 1.5, found)


def test_merge_joins_stretches_close_on_both_sides_and_drops_short_ones() -> None:
    merged = merge([d(0, 80, 500, 580), d(100, 200, 600, 700), d(2000, 2010, 10, 20)])
    assert merged == [d(0, 200, 500, 700)]


def test_merge_keeps_stretches_apart_when_far_in_the_second_text() -> None:
    merged = merge([d(0, 150, 0, 150), d(160, 300, 5000, 5140)])
    assert merged == [d(0, 150, 0, 150), d(160, 300, 5000, 5140)]


def test_coverage_counts_overlapping_spans_once() -> None:
    assert coverage([Span(0, 50), Span(25, 75), Span(90, 100)], 100) == pytest.approx(0.85)
    assert coverage([], 0) == 0.0


def test_rensa_shingles_and_components() -> None:
    from bench.peers.rensa_scan import components, tokens

    assert tokens("A b c", 1) == ["A", "b", "c"]
    assert tokens("A b c D", 3) == ["a b c", "b c d"]
    assert tokens("A b", 3) == ["a b"]
    assert sorted(map(sorted, components(6, [(4, 1), (2, 4), (5, 3)]))) == [[1, 2, 4], [3, 5]]


def test_difflib_aligner_finds_a_copied_passage_in_original_offsets() -> None:
    from bench.peers.difflib_align import align

    a = "Local news first.\n\n" + STORY + "\n\nMore local news."
    b = "Something else entirely, about sport.\n" + STORY
    result = align(a, b)
    assert len(result.detections) == 1
    det = result.detections[0]
    assert det.a.slice(a) == STORY.rstrip(".")
    assert det.b.slice(b) == STORY.rstrip(".")
    assert result.similarity_b > 0.8


def test_copydetect_aligner_pairs_its_slices_across_the_texts() -> None:
    from bench.peers.copydetect_align import align

    a = "Unrelated opening words here. " + STORY
    b = STORY + " A different ending altogether."
    result = align(a, b)
    assert len(result.detections) == 1
    det = result.detections[0]
    assert det.a.start == a.index(STORY) and det.b.start == 0
    assert len(det.a) == len(det.b) == len(STORY)


def test_peer_verdict_uses_dupchecks_thresholds() -> None:
    from bench.align_study import peer_verdict

    long = (d(0, 200, 0, 200),)
    assert peer_verdict(Alignment(long, 0.6, 0.2)) is Verdict.DUPLICATE
    assert peer_verdict(Alignment(long, 0.2, 0.05)) is Verdict.PARTIAL
    assert peer_verdict(Alignment((d(0, 100, 0, 100),), 0.2, 0.05)) is Verdict.DISTINCT
    assert peer_verdict(Alignment((), 0.05, 0.01)) is Verdict.DISTINCT


def test_run_measured_reports_exit_status_and_stderr() -> None:
    code = "import sys; sys.stderr.write('boom\\n'); sys.exit(3)"
    measured = run_measured([sys.executable, "-c", code], timeout=60)
    assert measured.returncode == 3
    assert measured.stderr_tail.endswith("boom")
    assert measured.peak_rss_mib > 0


def test_run_measured_counts_the_cpu_of_the_children_a_process_waited_for() -> None:
    # The parent only waits; its child spins for 0.4 s of CPU: the figure is the tree's.
    spin = "import time; t = time.process_time()\nwhile time.process_time() - t < 0.4: pass"
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {spin!r}])"
    measured = run_measured([sys.executable, "-c", code], timeout=60)
    assert measured.returncode == 0
    assert measured.cpu_seconds >= 0.4
