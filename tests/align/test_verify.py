"""Scan verification (verify_pair) gives exactly compare's verdict and scores, however the
documents are prepared, and they are what compare's matches say; finding gives the same for
findings and None for distinct pairs."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.align.compare import compare_analyses
from dupcheck.align.fact_changes import assess
from dupcheck.align.scores import coverage_of
from dupcheck.align.side import prepare
from dupcheck.align.types import CompareOptions, MatchKind, Verdict
from dupcheck.align.verdict import Matched, verdict
from dupcheck.align.verify import reported, verify_pair
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import read_document
from dupcheck.text.types import Document
from tests._stories import NOTICES, rewrite, sentence, story, syndicate

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def assert_same(a: str, b: str, options: CompareOptions | None = None) -> Verdict:
    ax, bx = analyse(Document("a", a)), analyse(Document("b", b))
    expected = compare_analyses(ax, bx, options)
    got = verify_pair(ax, bx, options)
    assert (got.verdict, got.scores, got.notes) == (
        expected.verdict,
        expected.scores,
        expected.notes,
    )
    # Verification judges aligned units, before matches are built: what it read of them is
    # what compare's matches say (their sentences, lengths, scores and kinds).
    opts = options or CompareOptions()
    matches = expected.matches
    coverage = coverage_of(
        prepare(ax),
        prepare(bx),
        a_sentences=[m.a_sentences for m in matches],
        b_sentences=[m.b_sentences for m in matches],
        same=[m.kind is MatchKind.IDENTICAL or m.score >= 1.0 for m in matches],
    )
    assert (coverage.coverage_a, coverage.coverage_b) == (
        expected.scores.coverage_a,
        expected.scores.coverage_b,
    )
    matched = [Matched(len(m.a), m.score) for m in matches]
    side_a, side_b = prepare(ax), prepare(bx)
    units = [(m.a_sentences, m.b_sentences) for m in matches]
    changes, evidence = assess(side_a, side_b, units)
    assert changes == [m.fact_changes for m in matches]
    close = [m for m in matches if m.score >= opts.partial_match_score]
    close_scores = coverage_of(
        side_a,
        side_b,
        a_sentences=[m.a_sentences for m in close],
        b_sentences=[m.b_sentences for m in close],
        same=[m.kind is MatchKind.IDENTICAL or m.score >= 1.0 for m in close],
    )
    close_coverage = max(close_scores.coverage_a, close_scores.coverage_b)
    found_verdict = verdict(
        expected.scores, matched, opts, lambda: evidence, close_coverage=lambda: close_coverage
    )
    assert found_verdict is expected.verdict
    found = reported(ax, bx, options)
    if expected.verdict is Verdict.DISTINCT:
        assert found is None
    else:
        assert found == got
    return got.verdict


def quoted(host: str, source: str, paragraph: int) -> str:
    paras = host.split("\n\n")
    paras.insert(2, "\u201c" + source.split("\n\n")[paragraph] + "\u201d")
    return "\n\n".join(paras)


@pytest.mark.parametrize(
    ("a", "b"),
    list(itertools.combinations(sorted(p.name for p in SAMPLES.glob("*.txt")), 2)),
)
def test_samples_match_compare(a: str, b: str) -> None:
    assert_same(read_document(SAMPLES / a).text, read_document(SAMPLES / b).text)


def test_edited_stories_cover_every_verdict() -> None:
    verdicts = set()
    for seed in range(12):
        original = story(seed)
        for other in (
            original,
            syndicate(original, seed, keep=0.6),
            rewrite(original, seed, share=0.7),
            quoted(story(seed + 100), original, seed % 6),
            story(seed + 200),
            "SITE NEWS\n\nBy Jane Roe\n\n" + original + "\n\nShare this story.",
        ):
            verdicts.add(assert_same(original, other))
            assert_same(other, original)
    for first, second in itertools.combinations(NOTICES, 2):
        verdicts.add(assert_same(first, second))
        assert_same(second, first)
    assert verdicts == set(Verdict)


def test_a_retelling_in_other_words_is_partial_and_a_copy_duplicate() -> None:
    # Every sentence of the retelling aligns with its original, but reworded: it covers the
    # story without copying it. An edited copy keeps most sentences nearly word for word.
    for seed in range(6):
        original = story(seed)
        retold = rewrite(original, seed, share=0.65)
        assert assert_same(original, retold) is Verdict.PARTIAL
        # Coverage alone would call it a duplicate: the close-coverage rule makes it partial.
        coverage_only = CompareOptions(duplicate_close_coverage=0.0)
        assert assert_same(original, retold, coverage_only) is Verdict.DUPLICATE
        assert assert_same(original, rewrite(original, seed, share=0.97)) is Verdict.DUPLICATE


def test_short_and_empty_documents_match_compare() -> None:
    rng = random.Random(5)
    texts = [
        "",
        "   ",
        "Yes.",
        sentence(rng, 3),
        sentence(rng, 4),
        story(1, paragraphs=1, sentences=1),
    ]
    for a, b in itertools.product(texts, repeat=2):
        assert_same(a, b)


def test_options_are_honoured() -> None:
    original, copy = story(3), syndicate(story(3), 3, keep=0.5)
    for options in (
        CompareOptions(shingle_size=2),
        CompareOptions(duplicate_coverage=0.9, partial_coverage=0.05),
        CompareOptions(match_threshold=0.8, context_threshold=0.7),
    ):
        assert_same(original, copy, options)


def test_prepared_documents_are_reused_across_partners() -> None:
    base = prepare(analyse(Document("base", story(7))))
    for seed in range(4):
        other = syndicate(story(7), seed, keep=0.7)
        expected = compare_analyses(base.analysis, analyse(Document("o", other)))
        got = verify_pair(base, analyse(Document("o", other)))
        assert (got.verdict, got.scores, got.notes) == (
            expected.verdict,
            expected.scores,
            expected.notes,
        )


def test_finding_leaves_the_shingles_of_a_distinct_pair_unmade() -> None:
    a = prepare(analyse(Document("a", story(11))))
    b = prepare(analyse(Document("b", story(211))))
    assert reported(a, b) is None
    assert verify_pair(a, b).verdict is Verdict.DISTINCT
    # verify_pair counted them for its scores; finding, on fresh documents, did not.
    fresh_a, fresh_b = prepare(a.analysis), prepare(b.analysis)
    assert reported(fresh_a, fresh_b) is None
    assert not fresh_a._shingles and not fresh_b._shingles
    assert a._shingles and b._shingles


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    keep=st.floats(0.0, 1.0),
    drop=st.integers(0, 5),
    shingle_size=st.integers(1, 6),
)
def test_generated_pairs_match_compare(
    seed: int, keep: float, drop: int, shingle_size: int
) -> None:
    original = story(seed, paragraphs=4)
    paras = syndicate(original, seed, keep=keep).split("\n\n")
    copy = "\n\n".join(paras[drop:]) or original
    assert_same(original, copy, CompareOptions(shingle_size=shingle_size))
