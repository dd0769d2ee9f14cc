"""dupcheck: find near-duplicate news articles and show exactly what two copies share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dupcheck.align.compare import compare, compare_analyses, compare_texts
from dupcheck.align.types import (
    CompareOptions,
    Comparison,
    EditOp,
    Match,
    MatchKind,
    Passage,
    Scores,
    Verdict,
    WordEdit,
)
from dupcheck.corpus.types import Cluster, Excerpt, Pair, ScanOptions, ScanResult, Skipped
from dupcheck.errors import ConfigError, DupcheckError, InputError
from dupcheck.text.types import Analysis, Boilerplate, BoilerplateKind, Document, Sentence, Span

if TYPE_CHECKING:
    from dupcheck.corpus.knowledge import corpus_wording
    from dupcheck.corpus.pipeline import Progress, scan


def __getattr__(name: str) -> Any:
    # The scanner pulls in datasketch (and SciPy, slow to import); `dupcheck compare` must not
    # pay for it.
    if name in {"scan", "Progress"}:
        from dupcheck.corpus import pipeline as scanner

        return getattr(scanner, name)
    if name == "corpus_wording":
        from dupcheck.corpus.knowledge import corpus_wording

        return corpus_wording
    raise AttributeError(f"module 'dupcheck' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Boilerplate",
    "BoilerplateKind",
    "Cluster",
    "CompareOptions",
    "Comparison",
    "ConfigError",
    "Document",
    "DupcheckError",
    "EditOp",
    "Excerpt",
    "InputError",
    "Match",
    "MatchKind",
    "Pair",
    "Passage",
    "Progress",
    "ScanOptions",
    "ScanResult",
    "Scores",
    "Sentence",
    "Skipped",
    "Span",
    "Verdict",
    "WordEdit",
    "__version__",
    "compare",
    "compare_analyses",
    "compare_texts",
    "corpus_wording",
    "scan",
]
