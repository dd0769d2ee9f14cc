from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from dupcheck.text.builders import make_boilerplate, make_sentence, make_span
from dupcheck.text.types import Boilerplate, BoilerplateKind, Sentence, Span


def test_trusted_constructors_make_the_same_objects() -> None:
    pairs = [
        (make_span(3, 9), Span(3, 9)),
        (make_sentence(2, 3, 9, "x y", 1), Sentence(2, Span(3, 9), "x y", 1)),
        (
            make_boilerplate(0, 4, BoilerplateKind.BYLINE),
            Boilerplate(Span(0, 4), BoilerplateKind.BYLINE),
        ),
    ]
    for fast, slow in pairs:
        assert type(fast) is type(slow)
        assert fast == slow
        assert hash(fast) == hash(slow)
        assert repr(fast) == repr(slow)
        assert pickle.loads(pickle.dumps(fast)) == slow
        assert copy.deepcopy(fast) == slow


def test_trusted_constructors_make_frozen_objects() -> None:
    sentence = make_sentence(0, 1, 2, "a", 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sentence.index = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sentence.span.end = 5  # type: ignore[misc]
    assert make_span(1, 2) < make_span(1, 3)
