"""Formula share on hand-built documents: formula wording shared by many stories, real copies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dupcheck.align.compare import compare
from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.corpus.frequency import ShingleCounts
from dupcheck.corpus.knowledge import corpus_wording
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import ScanOptions
from tests._formula import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("formula") / "corpus")


@pytest.fixture(scope="module")
def counts(corpus: Path) -> ShingleCounts:
    return corpus_wording(corpus, ScanOptions(jobs=1))


def test_formula_line_of_six_stories_is_formula(corpus: Path, counts: ShingleCounts) -> None:
    found = compare(corpus / "notice-0.txt", corpus / "notice-1.txt", corpus=counts)
    assert found.corpus_knowledge
    assert found.verdict is not Verdict.DISTINCT
    # Not quite 1: the aligner also pairs a weak neighbour of the formula (each notice's own
    # sentence), which weighs its low match score.
    assert found.scores.formula >= 0.85


def test_real_copy_with_unique_wording_is_not(corpus: Path, counts: ShingleCounts) -> None:
    found = compare(corpus / "story.txt", corpus / "story-copy.txt", corpus=counts)
    assert found.verdict is Verdict.DUPLICATE
    assert found.scores.formula <= 0.05


def test_without_corpus_knowledge_formula_is_zero(corpus: Path) -> None:
    found = compare(corpus / "notice-0.txt", corpus / "notice-1.txt")
    assert not found.corpus_knowledge
    assert found.scores.formula == 0.0


def test_formula_df_above_the_stories_carrying_it_gives_zero(
    corpus: Path, counts: ShingleCounts
) -> None:
    a, b = corpus / "notice-0.txt", corpus / "notice-1.txt"
    assert compare(a, b, corpus=counts).scores.formula >= 0.85
    strict = replace(CompareOptions(), formula_df=7)
    assert compare(a, b, corpus=counts, options=strict).scores.formula == 0.0


def test_scan_measures_formula_as_compare_does(corpus: Path, counts: ShingleCounts) -> None:
    result = scan(corpus, options=ScanOptions(jobs=1))
    by_pair = {(p.a, p.b): p for p in result.pairs}
    notices = by_pair["notice-0.txt", "notice-1.txt"]
    story = by_pair["story-copy.txt", "story.txt"]
    expected = compare(corpus / "notice-0.txt", corpus / "notice-1.txt", corpus=counts)
    assert notices.scores.formula == pytest.approx(expected.scores.formula)
    assert notices.scores.formula >= 0.85
    assert story.scores.formula <= 0.05
