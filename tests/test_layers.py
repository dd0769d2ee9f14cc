"""The architecture as a test: stages import only the stages below them, and the public API is
pinned, so a change to either shows up in review rather than by accident."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import dupcheck

PACKAGE = Path(dupcheck.__file__).resolve().parent

TOP = 5
"""``dupcheck/__init__.py``, ``__main__.py`` and the public API's modules may import anything."""

# cli > report > corpus > align > text. The top-level helpers sit with the stage whose types
# they need: errors and outputs (atomic writes) need none, the exit policy reads align's verdicts.
# ``dupcheck.dask`` is the public name of the Dask engine, an entry point as the package is.
RANK = {
    "text": 0,
    "errors": 0,
    "outputs": 0,
    "align": 1,
    "exitcode": 1,
    "corpus": 2,
    "report": 3,
    "cli": 4,
    "dask": TOP,
}

RICH_ALLOWED = {"report/compare_text.py", "report/scan_text.py", "report/console.py"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rank(path: Path) -> int:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts in {("__init__",), ("__main__",)}:
        return TOP
    return RANK[parts[0]]


def _rank_of_module(name: str) -> int | None:
    parts = name.split(".")
    if parts[0] != "dupcheck":
        return None
    if len(parts) == 1:
        return TOP
    return RANK[parts[1]]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "dupcheck":
                # The version string is a constant any module may quote.
                found.extend(
                    f"dupcheck.{alias.name}" for alias in node.names if alias.name != "__version__"
                )
            else:
                found.append(node.module)
    return found


def _known(name: str) -> str:
    """``dupcheck.<x>`` for a name imported from the package root: a subpackage or module, or
    (for ``from dupcheck import __version__``) the package itself."""
    parts = name.split(".")
    if parts[0] == "dupcheck" and len(parts) == 2 and parts[1] not in RANK:
        return "dupcheck"
    return name


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    rank = _rank(path)
    upward = [
        name
        for name in map(_known, _imports(path))
        if (other := _rank_of_module(name)) is not None and other > rank
    ]
    assert not upward, f"{path.relative_to(PACKAGE)} imports a later stage: {upward}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_terminal_stack_stays_at_the_edge(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    roots = {name.split(".")[0] for name in _imports(path)}
    if "click" in roots:
        assert relative.startswith("cli/"), f"{relative} imports click outside dupcheck/cli/"
    if "rich" in roots:
        assert relative.startswith("cli/") or relative in RICH_ALLOWED, (
            f"{relative} imports rich outside dupcheck/cli/ and the text renderers"
        )


def test_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The check above must be able to fail: an align module importing corpus is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from dupcheck.corpus.types import Pair\nimport click\n", encoding="utf-8")
    assert [_rank_of_module(_known(n)) for n in _imports(bad)] == [RANK["corpus"], None]


PUBLIC_API = [
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


def test_public_api_is_pinned() -> None:
    """Adding or removing a public name is a deliberate change: edit this list with it."""
    assert sorted(dupcheck.__all__) == PUBLIC_API
    for name in dupcheck.__all__:
        assert getattr(dupcheck, name) is not None
