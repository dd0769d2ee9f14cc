"""difflib.SequenceMatcher as a passage aligner.

Word level: the texts become their ``\\w+`` words, case-folded (character level is quadratic
on PAN's long documents and matches across word boundaries), compared with
``SequenceMatcher(None, a_words, b_words, autojunk=False)`` — ``autojunk`` would treat every word
making up more than 1% of a long text ("the", "of") as junk and cut matches at each of them.
Matching blocks of at least ``MIN_WORDS`` words become character spans, merged into passages by
``bench.peers.spans.merge``. Its similarity is ``ratio()``-like per side: matched words over the
side's words.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from bench.peers.spans import Alignment, Detection, merge
from dupcheck.text.types import Span

WORD = re.compile(r"\w+")
MIN_WORDS = 5
"""Shortest matching block kept: one word 5-shingle, as the scan baselines use."""
SETTINGS = f"word level (\\w+, case-folded), autojunk=False, blocks ≥ {MIN_WORDS} words, merged"


def align(a: str, b: str, *, min_words: int = MIN_WORDS) -> Alignment:
    wa = list(WORD.finditer(a))
    wb = list(WORD.finditer(b))
    matcher = SequenceMatcher(
        None, [m.group().casefold() for m in wa], [m.group().casefold() for m in wb],
        autojunk=False,
    )  # fmt: skip
    blocks = [blk for blk in matcher.get_matching_blocks() if blk.size >= min_words]
    stretches = [
        Detection(
            Span(wa[blk.a].start(), wa[blk.a + blk.size - 1].end()),
            Span(wb[blk.b].start(), wb[blk.b + blk.size - 1].end()),
        )
        for blk in blocks
    ]
    matched = sum(blk.size for blk in blocks)
    return Alignment(
        detections=tuple(merge(stretches)),
        similarity_a=matched / len(wa) if wa else 0.0,
        similarity_b=matched / len(wb) if wb else 0.0,
    )
