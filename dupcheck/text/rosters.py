"""Whether a passage is a list of names: a team sheet, a squad, a cast list.

Stories about different matches of one team print its team sheet ("J Robinson (Sale Sharks,
capt); M Cueto (Sale Sharks), ..."), and the sheets align nearly word for word. Two lists of
names that name different people are two line-ups, not a passage of reporting reused;
``dupcheck.align.verdict`` does not count them towards the copied text a partial needs. The
same names listed again (a preview's team sheet in the match report, a rescue's list of banks in
the next day's story) are the same list, and count.

A list of names is read from the case of its words: almost every word capitalised (a name, an
initial, a club), almost none lower-case ("capt", "and"), and enough of them written in mixed
case that the passage is not an all-capitals wire headline.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

ROSTER_MIN_WORDS = 6
"""Fewer words than this are a short name, not a list."""
ROSTER_MAX_LOWER = 0.1
"""The largest share of lower-case words a list of names carries (its "capt", "and")."""
ROSTER_MIN_MIXED = 0.4
"""The least share of mixed-case words ("Robinson"): an all-capitals headline has none."""


def other_rosters(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are both lists of names and name different people or bodies:
    their mixed-case words differ (an initial or a ticker suffix alone does not), the first word
    aside: it is capitalised whatever it is ("The nine banks are" / "They are")."""
    return is_roster(a) and is_roster(b) and _names(a) != _names(b)


def _names(text: str) -> frozenset[str]:
    words = _WORD.findall(text)[1:]
    return frozenset(w for w in words if w[0].isupper() and not w.isupper())


def is_roster(text: str) -> bool:
    """Whether ``text`` is a list of names (module docstring)."""
    words = _WORD.findall(text)
    if len(words) < ROSTER_MIN_WORDS:
        return False
    lower = sum(1 for w in words if w[0].islower())
    mixed = sum(1 for w in words if w[0].isupper() and not w.isupper())
    return lower <= ROSTER_MAX_LOWER * len(words) and mixed >= ROSTER_MIN_MIXED * len(words)
