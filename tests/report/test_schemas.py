"""Each new version of a JSON contract keeps every key of the one before (version 2 grew the
verdicts, scan version 3 the dates)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("dupcheck").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _keys(node: Any, path: str = "") -> set[str]:
    """Every property path a schema describes (``pairs[].verdict``), required or not."""
    if not isinstance(node, dict):
        return set()
    found: set[str] = set()
    for key, sub in node.get("properties", {}).items():
        found |= {f"{path}{key}", *_keys(sub, f"{path}{key}.")}
    if "items" in node:
        found |= _keys(node["items"], path.removesuffix(".") + "[].")
    return found


def _required(node: Any, path: str = "") -> set[str]:
    if not isinstance(node, dict):
        return set()
    found = {f"{path}{key}" for key in node.get("required", [])}
    for key, sub in node.get("properties", {}).items():
        found |= _required(sub, f"{path}{key}.")
    if "items" in node:
        found |= _required(node["items"], path.removesuffix(".") + "[].")
    return found


@pytest.mark.parametrize("contract", ["compare", "scan"])
def test_version_2_keeps_every_key_of_version_1(contract: str) -> None:
    old, new = _schema(f"{contract}-1"), _schema(f"{contract}-2")
    assert _keys(old) < _keys(new)
    assert _required(old) <= _required(new)


def _verdicts(schema: dict[str, Any]) -> list[str]:
    props = schema["properties"]
    node = (
        props["verdict"] if "verdict" in props else props["pairs"]["items"]["properties"]["verdict"]
    )
    verdicts: list[str] = node["enum"]
    return verdicts


@pytest.mark.parametrize("contract", ["compare", "scan"])
def test_version_2_only_adds_the_template_verdict(contract: str) -> None:
    old, new = _schema(f"{contract}-1"), _schema(f"{contract}-2")
    old_verdicts, new_verdicts = _verdicts(old), _verdicts(new)
    assert set(new_verdicts) - set(old_verdicts) == {"template"}
    assert set(old_verdicts) <= set(new_verdicts)


def test_scan_version_3_keeps_every_key_of_version_2_and_adds_the_dates() -> None:
    old, new = _schema("scan-2"), _schema("scan-3")
    assert _keys(old) <= _keys(new)
    assert _required(old) <= _required(new)
    assert {"dates", "dates[].source", "clusters[].original_by"} <= _keys(new) - _keys(old)
    assert _verdicts(old) == _verdicts(new)


def _notes(schema: dict[str, Any]) -> list[str]:
    props = schema["properties"]
    node = props["notes"] if "notes" in props else props["pairs"]["items"]["properties"]["notes"]
    notes: list[str] = node["items"]["enum"]
    return notes


@pytest.mark.parametrize(
    ("old_name", "new_name"), [("compare-2", "compare-3"), ("scan-3", "scan-4")]
)
def test_the_next_version_keeps_every_key_and_only_adds_the_two_date_notes(
    old_name: str, new_name: str
) -> None:
    old, new = _schema(old_name), _schema(new_name)
    assert _keys(old) == _keys(new)
    assert _required(old) == _required(new)
    assert _verdicts(old) == _verdicts(new)
    assert set(_notes(new)) - set(_notes(old)) == {"one-liner", "other-days"}
    assert set(_notes(old)) < set(_notes(new))


def test_the_notes_a_result_can_carry_are_the_notes_the_schemas_list() -> None:
    from dupcheck.align.types import Note

    for name in ("compare-3", "scan-4"):
        assert set(_notes(_schema(name))) == {n.value for n in Note}


@pytest.mark.parametrize("name", ["compare-2", "compare-3", "scan-2", "scan-3", "scan-4"])
def test_schema_files_are_valid(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(_schema(name))
