"""copydetect (built for code) as a passage aligner on prose.

Each text becomes a ``copydetect.CodeFingerprint`` read from memory (``fp=io.StringIO(text)``,
so offsets index the text as given) with ``filter=False``: its tokenizer is a code lexer, and on
a ``.txt`` file it falls back to the raw text anyway (with a warning). ``noise_t`` is the k-gram
length in characters; with ``guarantee_t == noise_t`` the winnowing window is 1, so every k-gram
is a fingerprint and the result does not depend on Python's per-process string hash seed
(copydetect hashes with ``hash()``). ``copydetect.compare_files`` gives the overlap per side (its
similarity) and the copied slices per side, but not which slice of one text matches which of
the other: each A slice is paired with the B stretch holding most of the matching positions of
its fingerprints, and the pairs are merged into passages by ``bench.peers.spans.merge``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import get_copied_slices

from bench.peers.spans import Alignment, Detection, merge
from dupcheck.text.types import Span

NOISE_T = 25
"""copydetect's default noise threshold (``-n``/``noise_t``): shortest match, in characters."""
GUARANTEE_T = 25
"""copydetect's default guarantee threshold (``-g``/``guarantee_t``)."""


def settings(noise_t: int = NOISE_T, guarantee_t: int = GUARANTEE_T) -> str:
    return (
        f"noise_t={noise_t}, guarantee_t={guarantee_t} (window {guarantee_t - noise_t + 1}),"
        " filter=False (raw text), slices paired and merged"
    )


def fingerprint(text: str, noise_t: int, guarantee_t: int) -> CodeFingerprint:
    return CodeFingerprint(
        "text.txt", noise_t, guarantee_t - noise_t + 1, filter=False, fp=io.StringIO(text)
    )


def _best_stretch(positions: Sequence[int], k: int) -> Span:
    """The run of B positions (gaps < k) holding most of ``positions``."""
    starts, ends = get_copied_slices(np.array(sorted(positions)), k)
    counts = [sum(1 for p in positions if s <= p < e) for s, e in zip(starts, ends, strict=True)]
    best = int(np.argmax(counts))
    return Span(int(starts[best]), int(ends[best]))


def align(a: str, b: str, *, noise_t: int = NOISE_T, guarantee_t: int = GUARANTEE_T) -> Alignment:
    fa, fb = fingerprint(a, noise_t, guarantee_t), fingerprint(b, noise_t, guarantee_t)
    _, similarities, _ = compare_files(fa, fb)
    shared = fa.hashes & fb.hashes
    partners: dict[int, list[int]] = {}
    for h in shared:
        for pa in fa.hash_idx[h]:
            partners.setdefault(int(pa), []).extend(int(pb) for pb in fb.hash_idx[h])
    stretches = []
    if partners:
        starts, ends = get_copied_slices(np.array(sorted(partners)), noise_t)
        for s, e in zip(starts, ends, strict=True):
            positions = [pb for pa in range(int(s), int(e)) for pb in partners.get(pa, ())]
            stretch = _best_stretch(positions, noise_t)
            stretches.append(Detection(Span(int(s), min(int(e), len(a))), stretch))
    return Alignment(
        detections=tuple(merge(stretches)),
        similarity_a=float(similarities[0]),
        similarity_b=float(similarities[1]),
    )
