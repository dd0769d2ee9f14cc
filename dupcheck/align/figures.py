"""How the figures of two matched sentences relate: where they stand, and whether two are the
same figure however written (``dupcheck.align.fact_changes`` reads them, as it reads names with
``dupcheck.align.names``)."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dupcheck.text.types import Fact, FactKind


def placed_figures(
    fa: list[Fact], fb: list[Fact]
) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Figures that stand in the same place on both sides (the same word before and after
    them, as many times on each side, paired in order) and disagree, and the figures left to
    pair by value. "five ships loading and three waiting" against "three ships loading and two
    waiting" changes both figures, though B states a three too."""
    places_a: dict[tuple[str, str], list[Fact]] = {}
    places_b: dict[tuple[str, str], list[Fact]] = {}
    for f in fa:
        places_a.setdefault(f.context, []).append(f)
    for f in fb:
        places_b.setdefault(f.context, []).append(f)
    keys_a, keys_b = {f.key for f in fa}, {f.key for f in fb}
    placed: list[tuple[Fact, Fact]] = []
    for place, xs in places_a.items():
        ys = places_b.get(place, [])
        if "" in place or len(xs) != len(ys):
            continue
        # Two values swapped ("from 0.50 to 0.64", "from 0.64 to 0.50") are both still stated.
        placed.extend(
            (x, y)
            for x, y in zip(xs, ys, strict=True)
            if not agrees(x.key, {y.key}) and (x.key not in keys_b or y.key not in keys_a)
        )
    used = {id(f) for pair in placed for f in pair}
    # One change per pair of values, as by value below: "6.1 cts vs 6.1 cts prior" against
    # "6.6 cts vs 6.6 cts prior" is one figure stated otherwise.
    once: dict[tuple[str, str], tuple[Fact, Fact]] = {}
    for x, y in placed:
        once.setdefault((x.key, y.key), (x, y))
    return (
        list(once.values()),
        [f for f in fa if id(f) not in used],
        [f for f in fb if id(f) not in used],
    )


def kept_figures(fa: Sequence[Fact], fb: Sequence[Fact]) -> set[str]:
    """The figures of ``fa`` that ``fb`` states too."""
    theirs = {f.key for f in fb if f.kind is FactKind.FIGURE}
    return {f.key for f in fa if f.kind is FactKind.FIGURE and agrees(f.key, theirs)}


def agrees(key: str, theirs: AbstractSet[str]) -> bool:
    """A figure is stated by the other side when it has the same value, or the same rounded
    ("1.46 billion" and "1,459,193,000"), or the same digits with the scale word written on one
    side only ("40 mln dlrs" and "40 dlrs", "1.4 million" and "1.4"): a rewrite drops or adds
    the scale its context makes plain."""
    if key in theirs:
        return True
    mine = _decimal(key)
    if mine is None:
        return False
    for other in theirs:
        value = _decimal(other)
        if value is None or value == 0 or mine == 0:
            continue
        big, small = (mine, value) if mine > value else (value, mine)
        if big in {small.scaleb(zeros) for zeros in _SCALE_ZEROS}:
            return True
        coarse, fine = (mine, value) if _digits(mine) <= _digits(value) else (value, mine)
        # Rounding keeps at least two significant digits: "two billion" is not "2.5 billion".
        if not 2 <= _digits(coarse) < _digits(fine):
            continue
        exponent = coarse.normalize().as_tuple().exponent
        if isinstance(exponent, int) and (
            fine.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP) == coarse
        ):
            return True
    return False


_SCALE_ZEROS = (3, 6, 9, 12)
"""The zeros a scale word adds: thousand, million, billion, trillion."""


def _decimal(key: str) -> Decimal | None:
    try:
        return Decimal(key) if key.replace(".", "", 1).isdigit() else None
    except InvalidOperation:
        return None


def _digits(value: Decimal) -> int:
    """Significant digits: 3 for 1460000000, 10 for 1459193000."""
    return len(value.normalize().as_tuple().digits)
