"""bench measures dupcheck from outside: it imports public names only, never a private one.

Studies of one stage (segmentation, similarity, boilerplate) import that stage's public
functions from their module; nothing in bench reaches for an underscore name, so dupcheck can
change its internals without breaking the bench silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1]


def _dupcheck_imports(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "dupcheck":
            found.extend((node.module or "", alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(
                (alias.name, "") for alias in node.names if alias.name.split(".")[0] == "dupcheck"
            )
    return found


def private(imports: list[tuple[str, str]]) -> list[str]:
    """The imports that name a private module or object."""
    return [
        f"{module}:{name}"
        for module, name in imports
        if any(part.startswith("_") for part in module.split(".")) or name.startswith("_")
    ]


@pytest.mark.parametrize(
    "path",
    sorted(p for p in BENCH.rglob("*.py") if ".cache" not in p.parts),
    ids=lambda p: str(p.relative_to(BENCH)),
)
def test_bench_imports_no_private_name(path: Path) -> None:
    assert private(_dupcheck_imports(path)) == []


def test_a_private_import_is_caught(tmp_path: Path) -> None:
    source = tmp_path / "study.py"
    source.write_text("from dupcheck.corpus.pipeline import _read_all, scan\n", encoding="utf-8")
    assert private(_dupcheck_imports(source)) == ["dupcheck.corpus.pipeline:_read_all"]
