"""The verdict from coverage and the matches' lengths and scores."""

from __future__ import annotations

from dupcheck.align.types import CompareOptions, Scores, Verdict
from dupcheck.align.verdict import Matched, verdict

OPTIONS = CompareOptions()


def _scores(cov_a: float, cov_b: float) -> Scores:
    return Scores(0.0, 0.0, 0.0, cov_a, cov_b)


def _match(chars: int, score: float = 1.0) -> Matched:
    return Matched(chars, score)


def test_verdicts() -> None:
    assert verdict(_scores(0.9, 0.2), [_match(500)], OPTIONS) is Verdict.DUPLICATE
    assert (
        verdict(_scores(0.1, OPTIONS.duplicate_coverage), [_match(500)], OPTIONS)
        is Verdict.DUPLICATE
    )
    assert verdict(_scores(0.3, 0.2), [_match(500)], OPTIONS) is Verdict.PARTIAL
    assert (
        verdict(_scores(0.3, 0.2), [_match(OPTIONS.partial_min_chars - 1)], OPTIONS)
        is Verdict.DISTINCT
    )
    assert verdict(_scores(0.01, 0.02), [_match(500)], OPTIONS) is Verdict.DISTINCT
    assert verdict(_scores(0.0, 0.0), [], OPTIONS) is Verdict.DISTINCT


def test_partial_needs_a_passage_worth_of_close_matches() -> None:
    # Two stories on one topic share facts in reworded sentences; a quoted paragraph is copied
    # nearly word for word. Only the second is partial reuse.
    close = OPTIONS.partial_match_score
    reworded = [_match(200, close - 0.2), _match(200, close - 0.1)]
    assert verdict(_scores(0.3, 0.2), reworded, OPTIONS) is Verdict.DISTINCT
    assert verdict(_scores(0.3, 0.2), [*reworded, _match(120, close)], OPTIONS) is Verdict.PARTIAL
    # Coverage can still make reworded matches a duplicate: a rewritten copy is one.
    assert verdict(_scores(0.9, 0.8), reworded, OPTIONS) is Verdict.DUPLICATE


def test_verdict_thresholds_are_configurable() -> None:
    strict = CompareOptions(duplicate_coverage=0.95)
    assert verdict(_scores(0.9, 0.2), [_match(500)], strict) is Verdict.PARTIAL
