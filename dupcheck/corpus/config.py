"""Configuration from the scanned tree: ``[tool.dupcheck]`` in ``pyproject.toml``, or the top level
of ``dupcheck.toml`` (which wins when both exist, as a tool's own file does).

Keys are the `ScanOptions` fields (``include``, ``exclude``, ``jobs``, ``num_perm``…), the CLI's
own (``format``, ``fail_on``, ``baseline``, ``exit_zero``), and a ``compare`` table of
`CompareOptions` fields::

    [tool.dupcheck]
    exclude = ["drafts/*"]
    fail_on = "partial"
    baseline = ".dupcheck-baseline.json"   # relative to the file's directory

    [tool.dupcheck.compare]
    duplicate_coverage = 0.6

An unknown key or a value of the wrong type is a `ConfigError` naming the file and the key. The
CLI applies its flags on top: flags override the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ConfigError

SCHEMES = ("affine32", "affine64", "legacy")
FAIL_ON = ("duplicate", "partial", "template")


@dataclass(frozen=True, slots=True)
class ConfigValues:
    """What a configuration file sets; ``None`` where it is silent."""

    path: Path | None = None
    """The file read, or ``None`` when the tree has none."""
    options: ScanOptions = field(default_factory=ScanOptions)
    """Default options with the file's ``ScanOptions`` and ``compare`` keys applied."""
    format: str | None = None
    fail_on: Verdict | None = None
    baseline: Path | None = None
    """Resolved against the configuration file's directory."""
    exit_zero: bool | None = None


_CLI_KEYS: dict[str, type] = {"format": str, "fail_on": str, "baseline": str, "exit_zero": bool}


def load_config(root: Path) -> ConfigValues:
    """The configuration of the tree at ``root`` (empty values when it has none)."""
    own, project = root / "dupcheck.toml", root / "pyproject.toml"
    if own.is_file():
        path, table = own, _read(own)
    elif project.is_file():
        path = project
        tool = _read(project).get("tool", {})
        section = tool.get("dupcheck") if isinstance(tool, dict) else None
        if section is None:
            return ConfigValues()
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [tool.dupcheck] must be a table")
        table = section
    else:
        return ConfigValues()
    return _parse(path, table)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {(exc.strerror or 'cannot read').lower()}") from None


def _parse(path: Path, table: dict[str, Any]) -> ConfigValues:
    scan_fields = {f.name: getattr(ScanOptions(), f.name) for f in fields(ScanOptions)}
    scan_fields.pop("compare")
    scan: dict[str, Any] = {}
    compare: dict[str, Any] = {}
    cli: dict[str, Any] = {}
    for key, value in table.items():
        if key == "compare":
            compare = _compare(path, value)
        elif key in scan_fields:
            scan[key] = _typed(path, key, value, scan_fields[key])
        elif key in _CLI_KEYS:
            cli[key] = _typed(path, key, value, _CLI_KEYS[key]())
        else:
            known = ", ".join(sorted([*scan_fields, *_CLI_KEYS, "compare"]))
            raise ConfigError(f"{path}: unknown key {key!r} (known: {known})")
    if scan.get("scheme", SCHEMES[0]) not in SCHEMES:
        raise ConfigError(f"{path}: scheme must be one of {', '.join(SCHEMES)}")
    if cli.get("fail_on", FAIL_ON[0]) not in FAIL_ON:
        raise ConfigError(f"{path}: fail_on must be one of {', '.join(FAIL_ON)}")
    options = replace(ScanOptions(), **scan, compare=replace(CompareOptions(), **compare))
    return ConfigValues(
        path=path,
        options=options,
        format=cli.get("format"),
        fail_on=Verdict(cli["fail_on"]) if "fail_on" in cli else None,
        baseline=path.parent / cli["baseline"] if "baseline" in cli else None,
        exit_zero=cli.get("exit_zero"),
    )


def _compare(path: Path, table: object) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: compare must be a table of compare options")
    defaults = {f.name: getattr(CompareOptions(), f.name) for f in fields(CompareOptions)}
    out = {}
    for key, value in table.items():
        if key not in defaults:
            known = ", ".join(sorted(defaults))
            raise ConfigError(f"{path}: unknown key compare.{key!r} (known: {known})")
        out[key] = _typed(path, f"compare.{key}", value, defaults[key])
    return out


# Counts where 0 would crash the index or skip every file; other integers may be 0.
_POSITIVE = frozenset(
    {
        "num_perm",
        "shingle_size",
        "template_names",
        "template_figures",
        "fine_shingle_size",
        "fine_modulus",
        "fine_min_shared",
        "fine_max_df",
        "max_bytes",
        "max_sentence_pairs",
    }
)


# Float options that are weights in characters, not fractions.
_UNBOUNDED = frozenset({"min_passage_weight"})


def _typed(path: Path, key: str, value: object, default: object) -> object:
    """``value`` checked against the type of the option's default (TOML arrays → tuples)."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
        want = "true or false"
    elif isinstance(default, int):
        least = 1 if key.rsplit(".", 1)[-1] in _POSITIVE else 0
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= least
        want = "a positive integer" if least else "a non-negative integer"
    elif isinstance(default, float):
        # Float options are thresholds or shares (fractions), but for a few weights.
        top = float("inf") if key.rsplit(".", 1)[-1] in _UNBOUNDED else 1.0
        ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= top
        want = "a non-negative number" if top > 1 else "a number from 0 to 1"
        value = float(value) if ok else value  # type: ignore[arg-type]
    elif isinstance(default, str):
        ok = isinstance(value, str)
        want = "a string"
    elif isinstance(default, tuple):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        want = "a list of strings"
        value = tuple(value) if ok else value  # type: ignore[arg-type]
    else:  # pragma: no cover - every option has one of the types above
        raise ConfigError(f"{path}: {key} cannot be set in a file")
    if not ok:
        raise ConfigError(f"{path}: {key} must be {want}, got {value!r}")
    return value
