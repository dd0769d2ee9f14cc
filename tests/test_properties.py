"""Invariants of compare, checked on generated documents (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dupcheck.align.compare import compare_texts
from dupcheck.align.types import Comparison, MatchKind, Verdict
from dupcheck.text.types import Span

WORDS = [
    "japan",
    "korea",
    "export",
    "approved",
    "council",
    "budget",
    "harbour",
    "ferry",
    "terminal",
    "officials",
    "said",
    "monday",
    "shares",
    "rose",
    "trading",
    "market",
    "minister",
    "talks",
    "dispute",
    "chips",
    "displays",
    "samsung",
    "material",
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "on",
    "for",
    "with",
]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=1, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
document = st.lists(paragraph, min_size=1, max_size=6)

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_spans(c: Comparison) -> None:
    ta, tb = c.a.document.text, c.b.document.text

    def inside(span: Span, text: str) -> None:
        assert 0 <= span.start <= span.end <= len(text)

    for m in c.matches:
        inside(m.a, ta)
        inside(m.b, tb)
        assert m.a.slice(ta).strip() == m.a.slice(ta)
        assert 0.0 <= m.score <= 1.0
        for e in m.edits:
            inside(e.a, ta)
            inside(e.b, tb)
            assert m.a.start <= e.a.start <= e.a.end <= m.a.end
            assert m.b.start <= e.b.start <= e.b.end <= m.b.end
    for p in c.passages:
        inside(p.a, ta)
        inside(p.b, tb)
        assert 0.0 <= p.score <= 1.0
    for s in c.unique_a:
        inside(s, ta)
    for s in c.unique_b:
        inside(s, tb)
    for value in (
        c.scores.resemblance,
        c.scores.containment_a,
        c.scores.containment_b,
        c.scores.coverage_a,
        c.scores.coverage_b,
    ):
        assert 0.0 <= value <= 1.0
    # Each sentence is in at most one match, and matches come in A order.
    a_used = [i for m in c.matches for i in m.a_sentences]
    b_used = [j for m in c.matches for j in m.b_sentences]
    assert len(a_used) == len(set(a_used)) and len(b_used) == len(set(b_used))
    assert [m.a_sentences[0] for m in c.matches] == sorted(m.a_sentences[0] for m in c.matches)


@SETTINGS
@given(document)
def test_document_against_itself_aligns_everything(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    c = compare_texts(text, text)
    _check_spans(c)
    assert c.scores.coverage_a == c.scores.coverage_b == 1.0
    assert c.scores.resemblance == 1.0
    assert all(m.kind is MatchKind.IDENTICAL for m in c.matches)
    assert all(m.a_sentences == m.b_sentences for m in c.matches)
    assert c.unique_a == c.unique_b == ()
    assert c.verdict is Verdict.DUPLICATE


@SETTINGS
@given(document, st.randoms(use_true_random=False))
def test_reordered_paragraphs_keep_full_coverage(paragraphs: list[str], rnd: object) -> None:
    shuffled = list(paragraphs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    c = compare_texts("\n\n".join(paragraphs), "\n\n".join(shuffled))
    _check_spans(c)
    assert c.scores.coverage_a == c.scores.coverage_b == 1.0


@SETTINGS
@given(document, document)
def test_swapping_sides_swaps_the_scores(a: list[str], b: list[str]) -> None:
    ab = compare_texts("\n\n".join(a), "\n\n".join(b))
    ba = compare_texts("\n\n".join(b), "\n\n".join(a))
    _check_spans(ab)
    _check_spans(ba)
    assert ab.scores.resemblance == ba.scores.resemblance
    assert ab.scores.containment_a == ba.scores.containment_b
    assert ab.scores.coverage_a == ba.scores.coverage_b
    assert ab.scores.coverage_b == ba.scores.coverage_a


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=300))
def test_arbitrary_unicode_never_crashes(a: str, b: str) -> None:
    c = compare_texts(a, b)
    _check_spans(c)
    assert compare_texts(a, a).scores.resemblance in (0.0, 1.0)


@SETTINGS
@given(document, st.data())
def test_edited_copy_spans_slice_back(paragraphs: list[str], data: st.DataObject) -> None:
    text = "\n\n".join(paragraphs)
    words = text.split(" ")
    k = data.draw(st.integers(0, len(words) - 1))
    words[k] = data.draw(word)
    c = compare_texts(text, " ".join(words))
    _check_spans(c)
