"""word_table: the per-word functions' numbers for many texts at once."""

from __future__ import annotations

import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.corpus.hashing import (
    concat_words,
    content_fingerprint,
    shingle_hashes,
    shingle_hashes_many,
    sorted_distinct,
    word_hashes,
    word_table,
    words,
)
from tests._stories import story

# ASCII, the punctuation the separators cover (curly quotes, dashes, no-break space, µ, ½),
# letters casefolding changes (É, ß, Kelvin sign, Greek capitals, ligatures) and some it keeps.
ALPHABET = st.sampled_from(
    list("abcXYZ019 _.,;'\"\t\n\r-")
    + list("“”‘’–—…\u00a0\u2009\u202f«»µ½²ª")
    + list("ÉéßẞKΣσςﬁＡｂ\u0301çøÅ€™")
)
TEXT = st.text(alphabet=ALPHABET, max_size=60)


def expected(texts: list[str]) -> tuple[list[int], list[int], tuple[str, ...]]:
    tokens = [words(t) for t in texts]
    hashes = [int(h) for t in tokens for h in word_hashes(t)]
    return hashes, [len(t) for t in tokens], tuple(content_fingerprint(t) for t in tokens)


def got(texts: list[str]) -> tuple[list[int], list[int], tuple[str, ...]]:
    table = word_table(texts)
    assert table.hashes.dtype == np.uint32
    return table.hashes.tolist(), table.lengths.tolist(), table.fingerprints


@given(texts=st.lists(TEXT, max_size=8))
@settings(max_examples=300, deadline=None)
def test_word_table_equals_the_per_word_functions(texts: list[str]) -> None:
    assert got(texts) == expected(texts)


def test_word_table_on_news_text() -> None:
    texts = [story(s) for s in range(6)]
    texts += ["“Quoted” — and… dashed\u00a0text", texts[0].upper(), "Straße ÉTÉ ﬁne", "", "  "]
    assert got(texts) == expected(texts)


def test_long_words_hash_as_zlib_does() -> None:
    long = "x" * 31 + "y" * 40
    texts = [f"a {long} b", "z" * 32, "w" * 33, "é" * 20]
    assert got(texts) == expected(texts)
    assert word_table([long]).hashes.tolist() == [zlib.crc32(long.encode())]


def test_no_texts() -> None:
    table = word_table([])
    assert len(table.hashes) == 0 and len(table.lengths) == 0 and table.fingerprints == ()


@given(lengths=st.lists(st.integers(0, 9), max_size=8), k=st.integers(1, 6))
@settings(max_examples=100, deadline=None)
def test_shingles_of_many_documents_come_in_document_order(lengths: list[int], k: int) -> None:
    rng = np.random.default_rng(sum(lengths) + k)
    docs = [rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32) for n in lengths]
    words_, owner, sizes = concat_words(docs)
    hashes, owners = shingle_hashes_many(words_, owner, sizes, k)
    assert owners.tolist() == sorted(owners.tolist())
    for d, doc in enumerate(docs):
        assert np.array_equal(hashes[owners == d], shingle_hashes(doc, k))


@given(
    values=st.lists(st.integers(0, 2**64 - 1), max_size=40),
    dtype=st.sampled_from([np.uint32, np.int64, np.uint64]),
)
def test_sorted_distinct_is_numpys_unique(values: list[int], dtype: type[np.integer]) -> None:
    array = np.array(values, dtype=np.uint64).astype(dtype)
    got = sorted_distinct(array)
    assert got.dtype == array.dtype
    assert got.tolist() == np.unique(array).tolist()
