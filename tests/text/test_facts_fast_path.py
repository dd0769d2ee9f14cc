"""Differential test of the fact reader's fast path: ``facts`` reads exactly what the same
readers read when every token is offered to the date, ticker and figure readers first (the loop as
it was before plain words were passed straight to the name rule), on every sentence of a seeded
sample of each real corpus and on generated sentences made of the words the readers treat
specially. Only the loop is restated here: the readers are the module's own, so a change to what a
fact is needs no change here.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dupcheck.errors import InputError
from dupcheck.text.analyse import analyse
from dupcheck.text.facts import _Reader, facts
from dupcheck.text.intake import read_document
from dupcheck.text.types import Document, Fact, Span


class _EveryTokenReader(_Reader):
    """The reader without its fast path: every token goes through every reader."""

    def read(self) -> tuple[Fact, ...]:
        i, n = 0, len(self.tokens)
        while i < n:
            i = self._step(i)
        self._close_run()
        return tuple(self.out)


def _reference(text: str, span: Span) -> tuple[Fact, ...]:
    return _EveryTokenReader(text, span).read()


CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
SAMPLE = 80
"""Documents per corpus: every sentence of each is read both ways."""


def _files(pattern: str, corpus: str) -> list[Path]:
    return sorted((CORPORA / corpus).glob(pattern))


_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.DOTALL)


def _reuters() -> list[Document]:
    texts = []
    for path in _files("reut2-*.sgm", "reuters-21578"):
        texts += _BODY.findall(path.read_bytes().decode("latin-1"))
    return [Document(f"reuters-{k}", text, "latin-1") for k, text in enumerate(texts)]


def _documents(corpus: str) -> list[Document]:
    """A seeded sample of the corpus's documents (those intake accepts)."""
    rng = random.Random(17)
    if corpus == "reuters-21578":
        bodies = _reuters()
        return rng.sample(bodies, min(SAMPLE, len(bodies)))
    pattern = {
        "pan13-a": "*/*-document*.txt",
        "clough-stevenson": "corpus-20090418/*.txt",
        "bbc-news": "*/*.txt",
    }[corpus]
    paths = _files(pattern, corpus)
    out = []
    for path in rng.sample(paths, min(SAMPLE, len(paths))):
        try:
            out.append(read_document(path))
        except InputError:
            continue  # what a scan skips (a binary-looking file) is no sentence of it
    return out


def _sentences(corpus: str) -> Iterator[tuple[str, Span]]:
    for document in _documents(corpus):
        for sentence in analyse(document).sentences:
            yield document.text, sentence.span


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["pan13-a", "clough-stevenson", "reuters-21578", "bbc-news"])
def test_facts_equal_the_reference_on_real_corpora(corpus: str) -> None:
    if not (CORPORA / corpus).is_dir():
        pytest.skip(f"../shared/corpora/{corpus} is absent")
    sentences = list(_sentences(corpus))
    assert sentences
    for text, span in sentences:
        assert facts(text, span) == _reference(text, span), span.slice(text)


_VOCABULARY = """
March march May may Sept. sept Tuesday tuesday Yesterday today Seven seven one One
twenty-one Twenty-One two-day three-month of and Of & de van The the A He Shares
Bank Canada Wells Fargo Co Inc. U.S. O'Brien’s mln million billion cts pct % $
dlrs shares <WFC> <CCLR.O> 9 17 31 32 1987 1986/87 04/09/87 6-1/8 27,000 9.1 0
said rose fell to in at on FOR SALE
"""
_WORDS = _VOCABULARY.split()
_GAPS = [" ", " ", " ", "  ", "   ", ", ", ". ", "\n", "-", "("]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), min_size=1, max_size=14)
)
def test_facts_equal_the_reference_on_generated_sentences(words: list[tuple[str, str]]) -> None:
    sentence = "".join(word + gap for word, gap in words).strip()
    text = "Lead. " + sentence + " Tail."
    span = Span(6, 6 + len(sentence))
    assert facts(text, span) == _reference(text, span)
