"""Configuration: ``[tool.dupcheck]`` in ``pyproject.toml``, or the top level of ``dupcheck.toml``
(which wins when both are in one folder, as a tool's own file does).

The file that applies to a path is found as ruff finds its own: the nearest folder, from the
path upward to the repository root (a folder holding ``.git`` or ``.hg``), with a
``dupcheck.toml`` or a ``pyproject.toml`` that has a ``[tool.dupcheck]`` table, so one file at the
root of a repository configures ``dupcheck scan articles``. A ``pyproject.toml`` without the
table does not stop the search.

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
CLI applies its flags on top: flags override the file, the file overrides the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ConfigError, InputError
from dupcheck.text.intake import read_regular

FAIL_ON = ("duplicate", "partial", "template")
OWN_FILE = "dupcheck.toml"
PROJECT_FILE = "pyproject.toml"
REPOSITORY_MARKERS = (".git", ".hg")
"""A folder holding one of these is a repository's root: the search for a file stops there, so a
checkout never picks up the configuration of a folder it happens to sit in."""


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


def repository_root(start: Path) -> Path | None:
    """The root of the repository holding ``start`` (the nearest folder with ``.git`` or
    ``.hg``, from ``start`` upward, as an absolute path), or ``None`` outside one."""
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in REPOSITORY_MARKERS):
            return folder
    return None


def find_config(start: Path) -> Path | None:
    """The configuration file that applies to ``start`` (a folder, or a file's folder), or
    ``None``: the nearest ``dupcheck.toml`` or ``pyproject.toml`` with ``[tool.dupcheck]`` from
    there up to the repository root (or the file system's root, outside a repository)."""
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        own, project = folder / OWN_FILE, folder / PROJECT_FILE
        try:
            if own.is_file():
                return own
            if project.is_file() and _section(project) is not None:
                return project
            if any((folder / marker).exists() for marker in REPOSITORY_MARKERS):
                return None
        except PermissionError:
            # A folder this user may not search: one line naming it, not an internal error.
            raise InputError(str(folder), "permission denied") from None
    return None


def load_config(root: Path) -> ConfigValues:
    """The configuration that applies to ``root`` (see `find_config`); empty values when none
    does."""
    path = find_config(root)
    return ConfigValues() if path is None else read_config(path)


def read_config(path: Path) -> ConfigValues:
    """The configuration in the file ``path``: the ``[tool.dupcheck]`` table of a
    ``pyproject.toml`` (which must have one), the top level of any other file."""
    if path.name != PROJECT_FILE:
        return _parse(path, _read(path))
    section = _section(path)
    if section is None:
        raise ConfigError(f"{path}: no [tool.dupcheck] table")
    return _parse(path, section)


def _section(project: Path) -> dict[str, Any] | None:
    """The ``[tool.dupcheck]`` table of a ``pyproject.toml``, or ``None`` when it has none."""
    tool = _read(project).get("tool", {})
    section = tool.get("dupcheck") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"{project}: [tool.dupcheck] must be a table")
    return section


MAX_CONFIG_BYTES = 1024 * 1024
"""A configuration file is a few lines; a larger one is refused unread (it lies in the scanned
tree, which is untrusted input)."""


def _read(path: Path) -> dict[str, Any]:
    # Imported here: `dupcheck compare` without a configuration file does not pay for it.
    import tomllib

    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise ConfigError(f"{path}: {(exc.strerror or 'cannot read').lower()}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: over {MAX_CONFIG_BYTES:,} bytes, not a configuration file")
    try:
        text = raw.decode("utf-8")
        _check_keys(path, text)
        return tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start} is invalid)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


MAX_KEY_PARTS = 64
"""Most dotted parts a key or a table name may have: Python's TOML parser takes time quadratic
in them, and no configuration needs more than a few."""


def _check_keys(path: Path, text: str) -> None:
    """Refuse a key or table name of more than ``MAX_KEY_PARTS`` parts before parsing: what
    precedes a line's first ``=`` (a string's line that holds that many dots there is as
    unlikely in a configuration file)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.partition("=")[0].count(".") >= MAX_KEY_PARTS:
            raise ConfigError(
                f"{path}: line {number}: a key of more than {MAX_KEY_PARTS} dotted parts"
            )


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
    if cli.get("fail_on", FAIL_ON[0]) not in FAIL_ON:
        raise ConfigError(f"{path}: fail_on must be one of {', '.join(FAIL_ON)}")
    try:
        options = replace(ScanOptions(), **scan, compare=replace(CompareOptions(), **compare))
    except ConfigError as exc:  # a value of the right type out of its range
        raise ConfigError(f"{path}: {exc}") from None
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
        "worker_wait",
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
