"""How ``bench.wire.draw`` samples a corpus's reports: per verdict, seeded, a census when asked."""

from __future__ import annotations

from bench.wire.draw import draw_corpus


def _verdicts() -> dict[tuple[str, str], str]:
    pairs = [(f"bbc/t/{i:03d}", f"bbc/t/{i + 100:03d}") for i in range(30)]
    return {p: ("partial" if i % 3 else "duplicate") for i, p in enumerate(pairs)}


def test_each_verdict_is_sampled_on_its_own_and_the_draw_is_seeded() -> None:
    verdicts = _verdicts()
    drawn, strata = draw_corpus("bbc", verdicts, [], [], ["x"], seed=1, reported=4, unreported=0)
    again, _ = draw_corpus("bbc", verdicts, [], [], ["x"], seed=1, reported=4, unreported=0)
    assert drawn == again
    assert strata["reported:partial"] == {"population": 20, "per_draw": 4}
    assert strata["reported:duplicate"] == {"population": 10, "per_draw": 4}
    assert all(d.release_verdict == verdicts[(d.a, d.b)] for d in drawn)


def test_more_per_verdict_than_reported_takes_every_pair() -> None:
    verdicts = _verdicts()
    drawn, strata = draw_corpus(
        "bbc", verdicts, [], [], ["census"], seed=1, reported=1000, unreported=0
    )
    assert {(d.a, d.b) for d in drawn} == set(verdicts)
    assert strata["reported:partial"] == {"population": 20, "per_draw": 20}


def test_only_the_verdicts_asked_for_are_drawn() -> None:
    verdicts = _verdicts()
    drawn, strata = draw_corpus(
        "bbc",
        verdicts,
        [],
        [],
        ["x"],
        seed=1,
        reported=1000,
        unreported=0,
        only=frozenset({"partial"}),
    )
    assert {d.release_verdict for d in drawn} == {"partial"}
    assert len(drawn) == 20
    assert "reported:duplicate" not in strata
