from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.text.normalize import Normalized, fold, folder, normalize, word_tokens
from dupcheck.text.types import Span

# Characters where NFKC, casefold or the folding table are not one-char-to-one-char: combining
# marks, Hangul jamo (conjoining and compatibility), Indic vowel signs that compose, half-width
# voiced marks, ligatures, ß, invisible characters, typographic quotes and dashes.
TRICKY = (
    "aeAEIß ﬁ½é\u0301\u0308\u0323\u0345ᄀ\u1161\u11a8ㅏㄱ가カﾞ\u3099゛\u0b47\u0b3e\u0b57"
    "\u00ad\u200b\ufeff″“”‘’—–−…\u00a0\u2028\u3000\n\r\t\u1e9eΣσςİı\u0f71\u0f72ǰJ\u030c¨"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=40)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # The cluster table is built on first use (about half a second): keep it out of deadlines.
    normalize("é")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan’s “latest” move", 'japan\'s "latest" move'),
        ("‚low‛ ′prime″ «guillemets»", "'low' 'prime\" \"guillemets\""),
        ("high‐tech – trade — war ― minus −5", "high-tech - trade - war - minus -5"),
        ("wait… what", "wait... what"),
        ("  two\u00a0\u00a0words\t\r\n  here\u3000 ", "two words here"),
        ("STRASSE Straße ﬁnal ½", "strasse strasse final 1⁄2"),
        ("soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"),
        ("Ｆｕｌｌ－ｗｉｄｔｈ", "full-width"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_fold_ascii_fast_path_matches_the_definition(text: str) -> None:
    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()
    assert fold(text) == expected


def _check(text: str) -> Normalized:
    result = normalize(text)
    assert result.text == fold(text)
    assert len(result.offsets) == len(result.text) + 1
    assert result.offsets[-1] == len(text)
    assert all(0 <= a <= b <= len(text) for a, b in pairwise(result.offsets))
    return result


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), tricky_text, st.text("ab \n“”—…\u00ad\ufeffﬁ")), st.data())
def test_folder_folds_each_piece_as_fold_does(text: str, data: st.DataObject) -> None:
    fold_at = folder(text)
    for _ in range(3):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
        assert fold_at(start, end) == fold(text[start:end])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_agrees_with_fold_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=600, deadline=None)
@given(tricky_text)
def test_normalize_agrees_with_fold_where_nfkc_is_not_char_local(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    "text",
    [
        "e\u0301",  # NFKC composes é
        "ᄀ\u1161",  # conjoining jamo → 가
        "ᄀㅏ",  # compatibility jamo decomposes, then composes with the previous jamo
        "カﾞ",  # half-width voiced mark becomes a combining mark → ガ
        "\u0301\u00ad\u3099",  # a deleted soft hyphen must not let combining marks reorder
        "\u0b47\u0b3e",  # Oriya vowel signs compose although both have combining class 0
    ],
)
def test_normalize_non_local_cases(text: str) -> None:
    _check(text)


def test_offsets_point_at_source_characters() -> None:
    text = "Der Straße “Süd”"
    result = _check(text)
    assert result.text == 'der strasse "süd"'
    # Both s of ß come from the ß.
    assert [result.offsets[i] for i in range(8, 10)] == [8, 8]
    # The folded quote maps to the curly quote.
    assert text[result.offsets[result.text.index('"')]] == "“"


def test_offsets_skip_collapsed_whitespace() -> None:
    text = "  Oil \t\n rises  "
    result = _check(text)
    assert result.text == "oil rises"
    assert result.offsets == (2, 3, 4, 5, 9, 10, 11, 12, 13, 16)


def test_combining_sequence_maps_to_its_base() -> None:
    text = "cafe\u0301 ok"
    result = _check(text)
    assert result.text == "café ok"
    assert result.offsets[3] == 3
    assert result.offsets[4] == 5


def test_span_maps_a_folded_range_back() -> None:
    text = "The “Co Ltd’s” unit"
    result = normalize(text)
    start = result.text.index("co")
    end = result.text.index("'s") + 2
    assert result.span(start, end).slice(text) == "Co Ltd’s"


def test_word_tokens_keep_inner_punctuation() -> None:
    text = (
        "Don’t the U.S. high-tech firms, e.g. AT&T, pay US$827.7 million (1.95 percent) or 1,000?"
    )
    words = [t.span.slice(text) for t in word_tokens(text)]
    assert words == [
        "Don’t", "the", "U.S.", "high-tech", "firms", "e.g.", "AT&T", "pay", "US$827.7",
        "million", "1.95", "percent", "or", "1,000",
    ]  # fmt: skip


def test_word_tokens_fold_and_span() -> None:
    text = "Samsung Electronics Co Ltd’s SHARES"
    tokens = word_tokens(text, Span(20, len(text)))
    assert [t.norm for t in tokens] == ["co", "ltd's", "shares"]
    assert all(t.span.start >= 20 for t in tokens)
    assert tokens[1].span.slice(text) == "Ltd’s"


@given(st.text())
def test_word_tokens_are_ordered_slices(text: str) -> None:
    tokens = word_tokens(text)
    assert all(a.span.end <= b.span.start for a, b in pairwise(tokens))
    for token in tokens:
        assert token.norm == fold(token.span.slice(text))
