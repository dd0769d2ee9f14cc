"""The scoring of ``bench.wire.precision`` and the merge of ``bench.wire.collect`` (no corpora)."""

from __future__ import annotations

import pytest

from bench.wire.collect import merge
from bench.wire.common import scan_pairs
from bench.wire.precision import score, weighted_precision, wilson


def test_wilson_matches_known_values() -> None:
    # 8 of 10 at 95%: (0.4902, 0.9433); 0 of 10: (0, 0.2775) (textbook values).
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    assert wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_score_on_a_tiny_draw() -> None:
    labels = {
        ("bbc/a/1", "bbc/a/2"): "COPY",
        ("bbc/a/1", "bbc/a/3"): "TEMPLATE",
        ("bbc/a/2", "bbc/a/3"): "QUOTE",
        ("bbc/a/4", "bbc/a/5"): "UPDATE",
        ("bbc/a/5", "bbc/a/6"): "UNRELATED",
    }
    scan = {
        "schema": "dupcheck.scan/1",
        "pairs": [
            {"a": "a/1.txt", "b": "a/2.txt", "verdict": "duplicate"},
            {"a": "a/3.txt", "b": "a/1.txt", "verdict": "duplicate"},
            {"a": "a/2.txt", "b": "a/3.txt", "verdict": "partial"},
            {"a": "a/5.txt", "b": "a/6.txt", "verdict": "template"},
            {"a": "a/7.txt", "b": "a/8.txt", "verdict": "duplicate"},
        ],
    }
    rates = {r.name: (r.k, r.n) for r in score(labels, scan_pairs(scan, "bbc"))}
    assert rates == {
        "precision duplicate": (1, 2),
        "precision partial": (1, 1),
        "precision template": (0, 1),
        "recall reported": (1, 2),
        "recall duplicate": (1, 2),
    }


def test_score_rejects_an_unknown_label() -> None:
    with pytest.raises(ValueError, match="not one of"):
        score({("bbc/a/1", "bbc/a/2"): "SAME"}, {})


def test_merge_checks_labels_and_reuses_earlier_ones() -> None:
    drawn = [
        {"corpus": "bbc", "a": "bbc/a/1", "b": "bbc/a/2"},
        {"corpus": "bbc", "a": "bbc/a/1", "b": "bbc/a/3"},
        {"corpus": "bbc", "a": "bbc/a/2", "b": "bbc/a/3"},
    ]
    filled = [
        {"n": 1, "a": "bbc/a/2", "b": "bbc/a/1", "label": " copy ", "note": "re-send"},
        {"n": 2, "a": "bbc/a/1", "b": "bbc/a/3", "label": "SAME", "note": ""},
        {"n": 3, "a": "bbc/a/8", "b": "bbc/a/9", "label": "COPY", "note": ""},
    ]
    earlier = {("bbc/a/2", "bbc/a/3"): {"label": "QUOTE", "note": "", "read_in": "tune"}}
    rows, problems = merge("fresh", drawn, filled, earlier)
    assert [(r["a"], r["b"], r["label"], r["read_in"]) for r in rows] == [
        ("bbc/a/1", "bbc/a/2", "COPY", "fresh"),
        ("bbc/a/2", "bbc/a/3", "QUOTE", "tune"),
    ]
    assert len(problems) == 3
    assert any("'SAME'" in p for p in problems)
    assert any("not a pair of draw fresh" in p for p in problems)
    assert any(p.endswith("no label") for p in problems)


def test_scan_pairs_reads_version_2_and_refuses_others() -> None:
    scan = {
        "schema": "dupcheck.scan/2",
        "pairs": [{"a": "a/1.txt", "b": "a/2.txt", "verdict": "template", "notes": []}],
    }
    assert scan_pairs(scan, "bbc") == {("bbc/a/1", "bbc/a/2"): "template"}
    with pytest.raises(ValueError, match=r"not a dupcheck\.scan"):
        scan_pairs({"schema": "dupcheck.compare/2", "pairs": []}, "bbc")


def test_weighted_precision_weights_each_pair_by_its_stratum() -> None:
    # Two strata sampled at different rates: pairs of the rare stratum stand for fewer pairs.
    labels = {
        ("r/1", "r/2"): "COPY",
        ("r/3", "r/4"): "TEMPLATE",
        ("r/5", "r/6"): "COPY",
    }
    verdicts = {pair: "duplicate" for pair in labels}
    weights = {("r/1", "r/2"): 10.0, ("r/3", "r/4"): 10.0, ("r/5", "r/6"): 2.0}
    est = weighted_precision(labels, verdicts, weights)["duplicate"]
    assert (est.right, est.total, est.n) == (12.0, 22.0, 3)
    assert est.value == pytest.approx(12 / 22)
    assert est.effective_n == pytest.approx(22 * 22 / 204)
    low, high = est.interval
    assert low < est.value < high


def test_weighted_precision_with_equal_weights_is_the_plain_share() -> None:
    labels = {("r/1", "r/2"): "COPY", ("r/3", "r/4"): "QUOTE", ("r/5", "r/6"): "UNRELATED"}
    verdicts = {pair: "partial" for pair in labels}
    est = weighted_precision(labels, verdicts, dict.fromkeys(labels, 7.0))["partial"]
    plain = {r.name: r for r in score(labels, verdicts)}["precision partial"]
    assert est.value == pytest.approx(plain.value)
    assert est.interval == pytest.approx(plain.interval)
