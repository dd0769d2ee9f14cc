"""dupcheck: find near-duplicate news articles and show exactly what two copies share."""

from __future__ import annotations

from dupcheck.compare import compare, compare_analyses, compare_texts
from dupcheck.errors import DupcheckError, InputError
from dupcheck.models import (
    Analysis,
    Boilerplate,
    BoilerplateKind,
    CompareOptions,
    Comparison,
    Document,
    EditOp,
    Match,
    MatchKind,
    Passage,
    Scores,
    Sentence,
    Span,
    Verdict,
    WordEdit,
)

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Boilerplate",
    "BoilerplateKind",
    "CompareOptions",
    "Comparison",
    "Document",
    "DupcheckError",
    "EditOp",
    "InputError",
    "Match",
    "MatchKind",
    "Passage",
    "Scores",
    "Sentence",
    "Span",
    "Verdict",
    "WordEdit",
    "__version__",
    "compare",
    "compare_analyses",
    "compare_texts",
]
