"""One side of an alignment: what is read of a document, the same however it is prepared."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.align.scores import figures
from dupcheck.align.side import Seen, prepare, shared
from dupcheck.align.similarity import terms, words_of
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Analysis, Document
from tests._stories import story, syndicate


def _words(analysis: Analysis) -> list[str]:
    return [w for s in analysis.sentences for w in words_of(s.norm)]


def _shingle_set(words: list[str], k: int) -> set[tuple[str, ...]]:
    """The reference: word ``k``-shingles as tuples, all words as one when fewer."""
    if not words:
        return set()
    k = max(1, min(k, len(words)))
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def test_words_exclude_nothing_but_punctuation() -> None:
    got = prepare(analyse(Document("a", "Hello, World! It's 9.5%.")))
    assert got.words == ("hello", "world", "it", "s", "9", "5")


def test_shingles_of_short_documents_fall_back_to_one_shingle() -> None:
    def count(text: str, k: int) -> int:
        return len(prepare(analyse(Document("a", text))).shingles(k))

    assert count("a b", 5) == 1
    assert count("", 5) == 0
    assert count("a b c d e f g", 5) == 3


def test_sentence_lengths_and_figures() -> None:
    a = analyse(Document("a", "Rates rose 10 percent.\n\nThe bank said so on Monday."))
    got = prepare(a)
    assert got.content_chars == a.content_chars
    assert got.chars == tuple(len(s.span) for s in a.sentences)
    assert got.figures == (frozenset({"10"}), frozenset())


@given(seed=st.integers(0, 10_000), keep=st.floats(0.0, 1.0), k=st.integers(1, 6))
@settings(max_examples=30, deadline=None)
def test_shingle_hashes_count_what_sets_of_word_tuples_count(
    seed: int, keep: float, k: int
) -> None:
    a = analyse(Document("a", story(seed)))
    b = analyse(Document("b", syndicate(story(seed), seed, keep=keep)))
    sa, sb = _shingle_set(_words(a), k), _shingle_set(_words(b), k)
    ha, hb = prepare(a).shingles(k), prepare(b).shingles(k)
    assert (len(ha), len(hb), shared(ha, hb)) == (len(sa), len(sb), len(sa & sb))
    assert shared(ha, hb) == shared(hb, ha)


def test_documents_sharing_sentences_are_prepared_as_alone() -> None:
    # Sentences met in an earlier document are read from ``seen``, each norm once.
    seen: Seen = {}
    texts = [story(1), syndicate(story(1), 1, keep=0.6), story(2), story(1), "Yes.", story(1)]
    norms: set[str] = set()
    for text in texts:
        a = analyse(Document("a", text))
        got = prepare(a, seen=seen)
        assert got.terms == tuple(terms(s.norm) for s in a.sentences)
        assert list(got.words) == _words(a)
        assert got.figures == tuple(figures(s.norm) for s in a.sentences)
        norms.update(s.norm for s in a.sentences)
    assert set(seen) == norms
