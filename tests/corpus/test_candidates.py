"""The two index levels: what becomes a candidate, and what must not."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH

from dupcheck.corpus.candidates import _lsh_pairs, find_candidates, lsh_params
from dupcheck.corpus.hashing import (
    content_fingerprint,
    shingle_hashes,
    word_hashes,
    words,
)
from dupcheck.corpus.sketch import Sketch, Sketcher, SketchTable
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ConfigError
from tests._stories import jaccard, sentence, story, syndicate

OPTIONS = ScanOptions()


def sketches(texts: list[str], options: ScanOptions = OPTIONS) -> list[Sketch]:
    sketcher = Sketcher(options)
    return [sketcher.sketch(word_hashes(words(t))) for t in texts]


def pairs(texts: list[str], options: ScanOptions = OPTIONS) -> set[tuple[int, int]]:
    found = find_candidates(sketches(texts, options), options)
    return {(int(a), int(b)) for a, b in found.pairs}


def level1(texts: list[str], options: ScanOptions = OPTIONS) -> set[tuple[int, int]]:
    n = len(texts)
    table = SketchTable.of(sketches(texts, options))
    codes = _lsh_pairs(table, options, n, np.zeros(n, dtype=bool), lsh_params(options))
    return {(int(c) // n, int(c) % n) for c in codes}


def test_sketch_table_round_trip() -> None:
    texts = [story(1), "", story(1), "short"]
    separate = sketches(texts)
    table = SketchTable.of(separate)
    halves = SketchTable.concat([SketchTable.of(separate[:1]), SketchTable.of([]), table])
    assert len(table) == 4 and len(halves) == 5
    for d, sketch in enumerate(separate):
        for got in (table[d], halves[d + 1]):
            assert np.array_equal(got.signature, sketch.signature)
            assert np.array_equal(got.sample, sketch.sample)
            assert got.shingles == sketch.shingles
    found = find_candidates(table, OPTIONS)
    assert found.pairs.tolist() == [[0, 2]]
    # What verification keeps of the table: everything but the signatures.
    kept = table.without_signatures()
    assert len(kept) == 4 and kept.signatures.shape == (4, 0)
    for d, sketch in enumerate(separate):
        assert np.array_equal(kept[d].sample, sketch.sample) and kept[d].shingles == sketch.shingles
    assert np.array_equal(found.pairs, find_candidates(separate, OPTIONS).pairs)


def test_banding_matches_minhashlsh() -> None:
    base = [story(s, paragraphs=3) for s in range(40)]
    texts = base + [t.replace(".", " again.", 2) for t in base[:20]]
    found = sketches(texts)
    lsh = MinHashLSH(threshold=OPTIONS.lsh_threshold, num_perm=OPTIONS.num_perm)
    assert (lsh.b, lsh.r) == lsh_params(OPTIONS)
    leans = [LeanMinHash(seed=1, hashvalues=s.signature, scheme="affine32") for s in found]
    for i, lean in enumerate(leans):
        lsh.insert(i, lean)
    expected = {(i, j) for i, lean in enumerate(leans) for j in lsh.query(lean) if j > i}
    assert expected and level1(texts) == expected


def test_identical_and_lightly_edited_copies_are_candidates() -> None:
    a = story(1)
    texts = [a, story(2), a, a.replace("the", "THE").replace(".", "!", 3)]
    assert {(0, 2), (0, 3), (2, 3)} <= pairs(texts)
    assert {(0, 2), (0, 3), (2, 3)} <= level1(texts)
    assert (0, 1) not in pairs(texts)


def test_rewritten_copy_is_found_by_the_fine_level_only() -> None:
    original = story(1)
    copy = syndicate(original, seed=0, keep=0.35)
    # The fixture is what it claims to be: like the real syndicated pair, little resemblance.
    assert 0.1 <= jaccard(original, copy) <= 0.2
    texts = [original, copy, story(3), story(4)]
    assert (0, 1) not in level1(texts)
    assert (0, 1) in pairs(texts)
    assert pairs(texts) == {(0, 1)}


def test_quoted_paragraph_is_a_candidate() -> None:
    source = story(5)
    quoted = source.split("\n\n")[2]
    host = story(6).split("\n\n")
    host.insert(3, f"\u201c{quoted}\u201d")
    texts = [source, "\n\n".join(host), story(7)]
    assert (0, 1) not in level1(texts)
    assert pairs(texts) == {(0, 1)}


def test_shared_footer_does_not_make_every_pair_a_candidate() -> None:
    rng = random.Random(99)
    rng_footer = "\n\n".join(sentence(rng) for _ in range(4))
    nav = "Home | World | Business | Sport | Culture | Contact us | Newsletter sign up"
    texts = [f"{nav}\n\n{story(100 + i)}\n\n{rng_footer}" for i in range(50)]
    found = find_candidates(sketches(texts), OPTIONS)
    assert len(found.pairs) < 10
    assert found.dropped_fingerprints > 0


def test_short_document_inside_another_is_a_candidate() -> None:
    long = story(8)
    short = long.split("\n\n")[1].split(". ")[0] + "."
    assert len(short.split()) < 30
    assert (0, 1) in pairs([long, short, story(9)])


def test_archive_pairs_are_not_proposed() -> None:
    a = story(10)
    found = find_candidates(sketches([a, a, a]), OPTIONS, archive=np.array([False, True, True]))
    assert {(int(x), int(y)) for x, y in found.pairs} == {(0, 1), (0, 2)}


def test_documents_without_words_never_collide() -> None:
    assert pairs(["!!!", "???", "...", story(11)]) == set()


def test_fewer_than_two_documents() -> None:
    assert len(find_candidates(sketches([story(12)]), OPTIONS).pairs) == 0
    assert len(find_candidates([], OPTIONS).pairs) == 0


def test_options_change_the_levels() -> None:
    original = story(1)
    copy = syndicate(original, seed=0, keep=0.35)
    strict = replace(OPTIONS, fine_min_shared=1000)
    assert (0, 1) not in pairs([original, copy, story(3)], strict)


def test_words_and_fingerprint_ignore_case_quotes_and_spacing() -> None:
    a = "\u201cThe  Minister\u201d said \u2013 today\n\nit\u2019s done."
    b = '"the minister" said - today it\'s DONE'
    assert words(a) == words(b)
    assert content_fingerprint(words(a)) == content_fingerprint(words(b))
    assert content_fingerprint(words(a)) != content_fingerprint(words(a + " more"))


def test_shingle_hashes_are_order_sensitive_and_cover_short_texts() -> None:
    h = word_hashes(words("alpha beta gamma delta"))
    assert len(shingle_hashes(h, 3)) == 2
    assert len(shingle_hashes(h, 8)) == 1
    rev = word_hashes(words("gamma beta alpha"))
    assert shingle_hashes(h[:3], 3)[0] != shingle_hashes(rev, 3)[0]
    with pytest.raises(ValueError):
        shingle_hashes(h, 0)


@pytest.mark.parametrize("num_perm", [8, 32, 64])
def test_bands_and_rows_are_minhashlsh_s_without_importing_it(num_perm: int) -> None:
    """``lsh_params`` integrates in NumPy what datasketch integrates with SciPy: the same
    choice at every threshold, the refusal (under two bands) included."""
    for k in range(1, 20):
        try:
            lsh = MinHashLSH(threshold=k / 20, num_perm=num_perm)
        except ValueError:
            with pytest.raises(ConfigError, match="under two LSH bands"):
                ScanOptions(num_perm=num_perm, lsh_threshold=k / 20)
            continue
        assert lsh_params(ScanOptions(num_perm=num_perm, lsh_threshold=k / 20)) == (lsh.b, lsh.r)
