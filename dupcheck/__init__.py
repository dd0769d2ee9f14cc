"""dupcheck: find near-duplicate news articles and show exactly what two copies share."""

from __future__ import annotations

# No import at all runs here: the ``dupcheck`` program imports this package before it can catch
# an interrupt (see dupcheck.cli), so the less this costs, the shorter that window. Type checkers
# read a TYPE_CHECKING constant of any module as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
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
    from dupcheck.corpus.knowledge import corpus_wording
    from dupcheck.corpus.pipeline import Progress, scan
    from dupcheck.corpus.types import Cluster, Excerpt, Pair, ScanOptions, ScanResult, Skipped
    from dupcheck.errors import ConfigError, DupcheckError, InputError
    from dupcheck.text.types import (
        Analysis,
        Boilerplate,
        BoilerplateKind,
        Document,
        Sentence,
        Span,
    )

# Where each public name lives. Loaded on first use: importing ``dupcheck`` (as the ``dupcheck``
# program does before it can catch an interrupt) costs nothing, and ``dupcheck compare`` never
# pays for the scanner's datasketch and SciPy (~0.3 s).
_HOMES = {
    **dict.fromkeys(("compare", "compare_analyses", "compare_texts"), "dupcheck.align.compare"),
    **dict.fromkeys(
        (
            "CompareOptions",
            "Comparison",
            "EditOp",
            "Match",
            "MatchKind",
            "Passage",
            "Scores",
            "Verdict",
            "WordEdit",
        ),
        "dupcheck.align.types",
    ),
    **dict.fromkeys(("Progress", "scan"), "dupcheck.corpus.pipeline"),
    "corpus_wording": "dupcheck.corpus.knowledge",
    **dict.fromkeys(
        ("Cluster", "Excerpt", "Pair", "ScanOptions", "ScanResult", "Skipped"),
        "dupcheck.corpus.types",
    ),
    **dict.fromkeys(("ConfigError", "DupcheckError", "InputError"), "dupcheck.errors"),
    **dict.fromkeys(
        ("Analysis", "Boilerplate", "BoilerplateKind", "Document", "Sentence", "Span"),
        "dupcheck.text.types",
    ),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'dupcheck' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(home), name)
    globals()[name] = value  # once: later look-ups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
