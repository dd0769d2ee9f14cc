"""A small corpus with formula wording: six notices of different companies sharing a formula
paragraph, each with its own news, and one story with a copy. Fictional words only."""

from __future__ import annotations

import random
from pathlib import Path

from tests._stories import sentence, story

FORMULA = (
    "The board declared a regular quarterly dividend payable to holders of record at the close "
    "of business next month, the company said in a statement. Directors also said the payout "
    "policy would be reviewed at the annual meeting as usual."
)


def notice(n: int) -> str:
    """A notice of company ``n``: the formula paragraph and two paragraphs of its own news."""
    rng = random.Random(1000 + n)
    own = [" ".join(sentence(rng, 16) for _ in range(3)) for _ in range(2)]
    return f"Company {n} news\n\n{own[0]}\n\n{FORMULA}\n\n{own[1]}"


def write_corpus(root: Path, notices: int = 6) -> Path:
    """``notices`` notices and a story with a lightly edited copy, under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(notices):
        (root / f"notice-{n}.txt").write_text(notice(n), encoding="utf-8")
    original = story(7)
    (root / "story.txt").write_text(original, encoding="utf-8")
    (root / "story-copy.txt").write_text("NEWS SITE\n\n" + original, encoding="utf-8")
    return root
