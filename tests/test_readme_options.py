"""README's option tables are generated from the option docstrings, so they cannot drift.

After changing an option or its docstring, regenerate and review the diff::

    UPDATE_README=1 pytest tests/test_readme_options.py
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
from pathlib import Path
from typing import Any

import pytest

from dupcheck import CompareOptions, ScanOptions

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TABLES: dict[str, tuple[type[Any], Path]] = {
    "compare-options": (CompareOptions, ROOT / "dupcheck" / "align" / "types.py"),
    "scan-options": (ScanOptions, ROOT / "dupcheck" / "corpus" / "types.py"),
}
SKIP = {"compare"}
"""ScanOptions.compare is the CompareOptions table itself."""


def docstrings(source: Path, class_name: str) -> dict[str, str]:
    """Each attribute's docstring (the string literal right after it) of ``class_name``."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == class_name)
    found: dict[str, str] = {}
    for node, following in zip(cls.body, cls.body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[node.target.id] = following.value.value
    return found


def _default(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(f"`{v}`" for v in value) or "(none)"
    return f"`{value}`"


def _one_line(doc: str) -> str:
    text = re.sub(r"\s+", " ", doc).strip()
    return text.replace("``", "`").replace("|", "\\|")


def table(name: str) -> str:
    cls, source = TABLES[name]
    docs = docstrings(source, cls.__name__)
    rows = ["| option | default | meaning |", "|---|---|---|"]
    defaults = cls()
    for f in dataclasses.fields(cls):
        if f.name in SKIP:
            continue
        assert f.name in docs, f"{cls.__name__}.{f.name} has no docstring"
        rows.append(
            f"| `{f.name}` | {_default(getattr(defaults, f.name))} | {_one_line(docs[f.name])} |"
        )
    return "\n".join(rows)


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(\n<!-- /generated -->)", re.S)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_readme_table_matches_the_code(name: str) -> None:
    text = README.read_text(encoding="utf-8")
    found = _block(name).search(text)
    assert found, f"README has no <!-- generated: {name} --> block"
    expected = table(name)
    if os.environ.get("UPDATE_README") and found.group(2) != expected:
        README.write_text(_block(name).sub(lambda m: m[1] + expected + m[3], text), "utf-8")
        text = README.read_text(encoding="utf-8")
        found = _block(name).search(text)
        assert found
    assert found.group(2) == expected, "README table drifted: UPDATE_README=1 pytest " + __file__


def test_a_changed_docstring_changes_the_table(tmp_path: Path) -> None:
    """The comparison above can fail: the table follows the source it is read from."""
    source = tmp_path / "types.py"
    source.write_text(
        'class CompareOptions:\n    shingle_size: int = 5\n    """Changed words."""\n',
        encoding="utf-8",
    )
    assert docstrings(source, "CompareOptions") == {"shingle_size": "Changed words."}
