"""How two names in matched sentences relate: where they stand, whether one abbreviates the
other, whether one is the other with words inserted (``dupcheck.align.fact_changes`` reads them).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from dupcheck.text.types import Fact, FactKind


def inserted_names(
    fa: list[Fact], fb: list[Fact], vocabularies: tuple[AbstractSet[str], AbstractSet[str]]
) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Names in the same place that differ by words inserted inside them, which the other
    document never uses: "Franklin Insured Tax-Free Income Fund" / "Franklin California Insured
    Tax-Free Income Fund" is another fund of the family, though every word of the shorter name
    occurs in the other document. A title or first name put before a name ("President Ronald
    Reagan") or an initial ("George W. Bush") is no other name. Returns the pairs and the names
    left."""
    placed: list[tuple[Fact, Fact]] = []
    rest_b = list(fb)
    rest_a: list[Fact] = []
    for x in fa:
        y = next(
            (
                y
                for y in rest_b
                if same_place(x, y)
                and (
                    _inserted(x.key.split(), y.key.split(), vocabularies[0])
                    or _inserted(y.key.split(), x.key.split(), vocabularies[1])
                )
            ),
            None,
        )
        if y is None:
            rest_a.append(x)
        else:
            placed.append((x, y))
            rest_b.remove(y)
    return placed, rest_a, rest_b


def _inserted(short: list[str], long: list[str], short_vocabulary: AbstractSet[str]) -> bool:
    """Whether ``long`` is ``short`` with words inserted between its first and last word, each
    of three letters or more and absent from the shorter name's document."""
    if len(short) < 2 or len(long) <= len(short):
        return False
    if long[0] != short[0] or long[-1] != short[-1]:
        return False
    it = iter(long)
    if not all(w in it for w in short):
        return False
    extra = list(long)
    for w in short:
        extra.remove(w)
    return all(len(w) >= 3 and w.isalpha() and w not in short_vocabulary for w in extra)


def same_place(x: Fact, y: Fact) -> bool:
    """Whether ``y`` stands where ``x`` stands: the same word before or after it; for a name
    both, since names are long and sentences about two people share a word next to each."""
    before, after = x.context[0] == y.context[0], x.context[1] == y.context[1]
    return before and after if x.kind is FactKind.NAME else before or after


def initials(name: str) -> str:
    """The first letters of a name's capitalised words: ``SP`` for "Standard and Poor's"."""
    return "".join(w[0] for w in name.replace(".", " ").split() if w[0].isupper())


def abbreviates(name: str, initials: AbstractSet[str]) -> bool:
    """Whether ``name``, or a word of it, spells the start of one of ``initials``."""
    words = [name.replace(".", ""), *name.split()]
    for word in words:
        capitals = "".join(c for c in word if c.isupper())
        if len(capitals) >= 2 and any(i.startswith(capitals) for i in initials):
            return True
    return False
