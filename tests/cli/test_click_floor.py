"""The click that pyproject.toml allows has what ``dupcheck/cli`` uses of it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import click

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

NO_ARGS_IS_HELP_ERROR = (8, 2)
"""The click release that added ``click.exceptions.NoArgsIsHelpError``, which
``dupcheck.cli.common._one_line`` names for every usage error."""


def test_the_click_floor_has_the_error_every_usage_error_is_checked_against() -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    (spec,) = [d for d in dependencies if re.match(r"click\b", d)]
    found = re.search(r">=\s*(\d+)\.(\d+)", spec)
    assert found is not None, spec
    assert (int(found[1]), int(found[2])) >= NO_ARGS_IS_HELP_ERROR, spec
    assert hasattr(click.exceptions, "NoArgsIsHelpError")
