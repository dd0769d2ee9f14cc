"""Fictional news stories for the scan tests: made-up words, deterministic, no corpus text."""

from __future__ import annotations

import random

ONE_LINER = (
    "ELLERBY CENTRAL BANK LEAVES RATES UNCHANGED\n\n"
    "The Ellerby Central Bank left its lending rates unchanged after today's regular meeting of "
    "its board, a spokeswoman said in answer to questions.\n\n"
    "The discount rate remains at 4.5 pct, and the overnight lending rate at 6.0 pct.\n"
)
"""A wire one-liner (a headline and two sentences) of the kind that recurs in the same words on
other days."""

_SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "pel", "dun", "shi", "gar", "mo", "tek", "ul")
_COMMON = ("the", "a", "of", "in", "to", "and", "on", "said", "for", "with", "by", "was")


def vocabulary(seed: int, size: int = 3000) -> list[str]:
    rng = random.Random(seed)
    words = {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return sorted(words)


_VOCAB = vocabulary(0)


def sentence(rng: random.Random, words: int | None = None) -> str:
    n = words or rng.randint(12, 24)
    out = [rng.choice(_VOCAB) if rng.random() < 0.75 else rng.choice(_COMMON) for _ in range(n)]
    return " ".join(out).capitalize() + "."


def story(seed: int, paragraphs: int = 6, sentences: int = 3) -> str:
    """A story of ``paragraphs`` paragraphs separated by blank lines."""
    rng = random.Random(seed)
    return "\n\n".join(" ".join(sentence(rng) for _ in range(sentences)) for _ in range(paragraphs))


def rewrite(text: str, seed: int, share: float) -> str:
    """Every word replaced with probability ``1 - share``: a heavily reworded copy."""
    rng = random.Random(seed)
    paras = []
    for para in text.split("\n\n"):
        words = para.split(" ")
        paras.append(" ".join(w if rng.random() < share else rng.choice(_VOCAB) for w in words))
    return "\n\n".join(paras)


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = [w.strip(".,").lower() for w in text.split()]
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: str, b: str, k: int = 5) -> float:
    sa, sb = shingles(a, k), shingles(b, k)
    return len(sa & sb) / len(sa | sb)


def syndicate(text: str, seed: int, keep: float) -> str:
    """A rewritten copy: each sentence kept verbatim with probability ``keep`` (else written
    anew), paragraphs in a new order, and two local paragraphs added."""
    rng = random.Random(seed)
    paras = []
    for para in text.split("\n\n"):
        sents = [s + "." for s in para.rstrip(".").split(". ")]
        paras.append(" ".join(s if rng.random() < keep else sentence(rng) for s in sents))
    rng.shuffle(paras)
    paras.insert(1, " ".join(sentence(rng) for _ in range(3)))
    paras.append(" ".join(sentence(rng) for _ in range(2)))
    return "\n\n".join(paras)


NOTICES = [
    f"{fund} sets monthly payout\n\nMonthly dividend {cts} cts vs {cts} cts prior, payable "
    "April 30 to holders of record April 15.\n\nThe fund invests in insured tax-exempt municipal "
    f"bonds and pays its dividends each month.\n\nNote: the fund is the {fund} Tax-Free Income "
    "Fund."
    for fund, cts in (
        ("Franklin Ohio Insured", "6.1"),
        ("Franklin Minnesota Insured", "6.6"),
        ("Franklin Ohio Insured", "6.2"),
    )
]
"""Dividend notices: of one fund (0), of another fund in the same words (1: a template), and of
the first fund again with its figure corrected (2: still a duplicate)."""
