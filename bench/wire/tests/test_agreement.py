"""The second reading of ``bench.wire.agreement``: kappa, the sample, and the first readings."""

from __future__ import annotations

import pytest

from bench.wire.agreement import PER_VERDICT, choose, kappa


def test_kappa_matches_a_worked_example() -> None:
    # 50 items: both COPY 20, both TEMPLATE 15, COPY/TEMPLATE 5, TEMPLATE/COPY 10.
    # Observed 0.7; chance (25*30 + 25*20) / 2500 = 0.5; kappa (0.7 - 0.5) / 0.5 = 0.4.
    pairs = (
        [("COPY", "COPY")] * 20
        + [("TEMPLATE", "TEMPLATE")] * 15
        + [("COPY", "TEMPLATE")] * 5
        + [("TEMPLATE", "COPY")] * 10
    )
    assert kappa(pairs) == pytest.approx(0.4)


def test_kappa_is_one_on_full_agreement_and_undefined_without_spread() -> None:
    assert kappa([("COPY", "COPY"), ("QUOTE", "QUOTE")]) == pytest.approx(1.0)
    assert kappa([("COPY", "COPY")] * 3) is None
    assert kappa([]) is None


def _pairs(corpus: str, count: int) -> list[tuple[str, str]]:
    return [(f"{corpus}/{i:03d}", f"{corpus}/{i + 500:03d}") for i in range(count)]


def test_choose_samples_only_first_read_pairs_of_each_verdict_and_is_seeded() -> None:
    verdicts = {
        "bbc": {p: ("partial" if i % 2 else "duplicate") for i, p in enumerate(_pairs("bbc", 200))},
        "reuters": {p: "partial" for p in _pairs("reuters", 100)},
    }
    first: dict[tuple[str, str], object] = {
        p: {} for i, p in enumerate(_pairs("bbc", 200) + _pairs("reuters", 100)) if i % 3
    }
    chosen = choose(verdicts, first, seed=7)
    assert chosen == choose(verdicts, first, seed=7)
    assert chosen != choose(verdicts, first, seed=8)
    assert all((d.a, d.b) in first for d in chosen)
    assert all(verdicts[d.corpus][(d.a, d.b)] == d.release_verdict for d in chosen)
    sizes = {
        (c, v): sum(1 for d in chosen if (d.corpus, d.release_verdict) == (c, v))
        for c, v in PER_VERDICT
    }
    assert sizes[("bbc", "partial")] == PER_VERDICT[("bbc", "partial")]
    assert sizes[("bbc", "duplicate")] == PER_VERDICT[("bbc", "duplicate")]
    assert sizes[("reuters", "partial")] == PER_VERDICT[("reuters", "partial")]
    # No Reuters pair is a duplicate, so that stratum is empty rather than filled from another.
    assert sizes[("reuters", "duplicate")] == 0
