"""dupcheck: find near-duplicate news articles and show exactly what two copies share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dupcheck.compare import compare, compare_analyses, compare_texts
from dupcheck.errors import ConfigError, DupcheckError, InputError
from dupcheck.models import (
    Analysis,
    Boilerplate,
    BoilerplateKind,
    Cluster,
    CompareOptions,
    Comparison,
    Document,
    EditOp,
    Match,
    MatchKind,
    Pair,
    Passage,
    ScanOptions,
    ScanResult,
    Scores,
    Sentence,
    Skipped,
    Span,
    Verdict,
    WordEdit,
)

if TYPE_CHECKING:
    from dupcheck.scanner import Progress, scan


def __getattr__(name: str) -> Any:
    # The scanner pulls in datasketch (and SciPy, ~0.3 s); `dupcheck compare` must not pay for it.
    if name in {"scan", "Progress"}:
        from dupcheck import scanner

        return getattr(scanner, name)
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
    "scan",
]
