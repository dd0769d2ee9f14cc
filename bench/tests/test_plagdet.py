"""plagdet on hand-made cases whose figures are worked out from the definition."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.plagdet import Annotation, covered, f1, plagdet
from dupcheck.text.types import Span


def ann(this: tuple[int, int], source: tuple[int, int], pair: str = "p") -> Annotation:
    return Annotation(f"{pair}-susp", f"{pair}-src", Span(*this), Span(*source))


CASE = ann((0, 100), (0, 100))


def test_exact_detection_is_perfect() -> None:
    m = plagdet([CASE], [ann((0, 100), (0, 100))])
    assert (m.precision, m.recall, m.granularity, m.plagdet) == (1.0, 1.0, 1.0, 1.0)
    assert (m.cases, m.detections, m.detected_cases) == (1, 1, 1)


def test_half_detected_case() -> None:
    m = plagdet([CASE], [ann((0, 50), (0, 50))])
    assert m.precision == 1.0
    assert m.recall == 0.5
    assert m.plagdet == pytest.approx(2 / 3)


def test_split_detection_is_penalised_by_granularity() -> None:
    m = plagdet([CASE], [ann((0, 50), (0, 50)), ann((50, 100), (50, 100))])
    assert (m.precision, m.recall, m.granularity) == (1.0, 1.0, 2.0)
    assert m.plagdet == pytest.approx(1 / math.log2(3))


def test_overlapping_detections_count_case_chars_once() -> None:
    m = plagdet([CASE], [ann((0, 80), (0, 80)), ann((20, 100), (20, 100))])
    assert m.recall == 1.0
    assert m.precision == 1.0
    assert m.granularity == 2.0


def test_wide_detection_loses_precision() -> None:
    m = plagdet([CASE], [ann((0, 200), (0, 200))])
    assert m.precision == 0.5
    assert m.recall == 1.0
    assert m.plagdet == pytest.approx(2 / 3)


def test_both_documents_count_with_their_own_lengths() -> None:
    case = ann((0, 100), (0, 300))
    m = plagdet([case], [ann((0, 100), (0, 150))])
    assert m.recall == pytest.approx((100 + 150) / 400)
    assert m.precision == 1.0


def test_overlap_in_one_document_only_detects_nothing() -> None:
    m = plagdet([CASE], [ann((0, 100), (500, 600))])
    assert (m.precision, m.recall, m.plagdet) == (0.0, 0.0, 0.0)
    assert m.detected_cases == 0
    assert m.granularity == 1.0


def test_detection_in_another_pair_detects_nothing() -> None:
    m = plagdet([CASE], [ann((0, 100), (0, 100), pair="other")])
    assert (m.precision, m.recall) == (0.0, 0.0)


def test_one_detection_spanning_two_cases() -> None:
    cases = [CASE, ann((200, 300), (200, 300))]
    m = plagdet(cases, [ann((0, 300), (0, 300))])
    assert m.precision == pytest.approx(400 / 600)
    assert m.recall == 1.0
    assert m.granularity == 1.0
    assert m.detected_cases == 2


def test_recall_is_a_macro_average_over_cases() -> None:
    big = ann((1000, 1300), (1000, 1300))
    m = plagdet([CASE, big], [ann((0, 100), (0, 100))])
    # Micro (character-weighted) recall would be 200 / 800.
    assert m.recall == 0.5


def test_precision_is_a_macro_average_over_detections() -> None:
    detections = [ann((0, 100), (0, 100)), ann((500, 900), (500, 900))]
    m = plagdet([CASE], detections)
    assert m.precision == 0.5


def test_no_cases_leaves_recall_and_plagdet_undefined() -> None:
    m = plagdet([], [ann((0, 10), (0, 10))])
    assert m.recall is None
    assert m.plagdet is None
    assert m.precision == 0.0


def test_nothing_at_all_is_undefined() -> None:
    m = plagdet([], [])
    assert (m.precision, m.recall, m.plagdet, m.granularity) == (None, None, None, 1.0)


def test_no_detections_scores_zero_on_cases() -> None:
    m = plagdet([CASE], [])
    assert m.precision is None
    assert m.recall == 0.0
    assert m.plagdet == 0.0


def test_equal_cases_listed_twice_stay_two_cases() -> None:
    m = plagdet([CASE, CASE], [ann((0, 100), (0, 100))])
    assert m.cases == 2
    assert m.detected_cases == 2
    assert m.recall == 1.0


def test_empty_side_is_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        ann((0, 0), (0, 10))


def test_covered_merges_overlapping_pieces() -> None:
    pieces = [Span(0, 30), Span(20, 50), Span(90, 200), Span(300, 400)]
    assert covered(Span(10, 100), pieces) == 40 + 10


def test_f1() -> None:
    assert f1(0.0, 0.0) == 0.0
    assert f1(1.0, 0.5) == pytest.approx(2 / 3)


spans = st.tuples(st.integers(0, 500), st.integers(1, 200)).map(lambda t: (t[0], t[0] + t[1]))
annotation = st.builds(ann, spans, spans, st.sampled_from(["p", "q"]))


@given(st.lists(annotation, max_size=6), st.lists(annotation, max_size=6))
def test_measures_stay_in_range(cases: list[Annotation], detections: list[Annotation]) -> None:
    m = plagdet(cases, detections)
    for value in (m.precision, m.recall, m.plagdet):
        assert value is None or 0.0 <= value <= 1.0
    assert m.granularity >= 1.0
    assert m.detected_cases <= m.cases


@given(st.lists(annotation, min_size=1, max_size=6, unique=True))
def test_gold_as_detections_has_full_recall(cases: list[Annotation]) -> None:
    m = plagdet(cases, cases)
    assert m.recall == pytest.approx(1.0)
