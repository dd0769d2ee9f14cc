"""The configuration file as click's ``default_map``, so precedence has one home.

click already ranks a parameter's sources: the command line, then ``Context.default_map``, then
the option's own default. Feeding the file's values into ``default_map`` (as black's
``read_pyproject_toml`` does) therefore gives flags > file > defaults for every option at once,
and ``--help`` shows each option's default from the option itself, never restated by hand.

The file is found from the command's paths, so ``--config`` is processed after them: the path
arguments are eager (processed before ordinary options), and ``--config`` too, but after any
eager parameter the user gave first. Reading and checking the file is the library's
(:mod:`dupcheck.corpus.config`); this module only maps its values to parameter names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dupcheck.errors import ConfigError

if TYPE_CHECKING:
    from dupcheck.corpus.config import ConfigValues

F = TypeVar("F", bound=Callable[..., Any])


def threshold_defaults(values: ConfigValues) -> dict[str, Any]:
    """The threshold options both commands share (see ``common.threshold_options``)."""
    compare = values.options.compare
    return {
        "threshold": compare.match_threshold,
        "duplicate_coverage": compare.duplicate_coverage,
        "partial_coverage": compare.partial_coverage,
    }


def exit_defaults(values: ConfigValues) -> dict[str, Any]:
    """``--fail-on`` and ``--exit-zero``, where the file sets them."""
    found: dict[str, Any] = {}
    if values.fail_on is not None:
        found["fail_on"] = values.fail_on.value
    if values.exit_zero is not None:
        found["exit_zero"] = values.exit_zero
    return found


def compare_defaults(values: ConfigValues) -> dict[str, Any]:
    """``dupcheck compare``'s parameters that a configuration file sets. ``format`` is left out:
    the file's is a scan format."""
    return {
        **threshold_defaults(values),
        **exit_defaults(values),
        "max_bytes": values.options.max_bytes,
        "max_sentence_pairs": values.options.compare.max_sentence_pairs,
    }


def scan_defaults(values: ConfigValues, formats: tuple[str, ...]) -> dict[str, Any]:
    """``dupcheck scan``'s parameters that a configuration file sets. ``formats`` are the valid
    ``format`` values: a bad one is the file's error, named as such, not a usage error."""
    options = values.options
    found: dict[str, Any] = {
        **threshold_defaults(values),
        **exit_defaults(values),
        "include": options.include,
        "exclude": options.exclude,
        "jobs": options.jobs,
        "worker_wait": options.worker_wait,
        "text_field": options.text_field,
        "id_field": options.id_field,
        "date_field": options.date_field,
        "max_bytes": options.max_bytes,
        "no_ignore": not options.respect_gitignore,
    }
    if values.format is not None:
        if values.format not in formats:
            raise ConfigError(f"{values.path}: format must be one of {', '.join(formats)}")
        found["format_"] = values.format
    if values.baseline is not None:
        found["baseline"] = values.baseline
    return found


def config_option(
    *,
    start: Callable[[click.Context], Path],
    defaults: Callable[[ConfigValues], dict[str, Any]],
) -> Callable[[F], F]:
    """``--config FILE``: passes the command a ``config`` parameter (the file's
    :class:`~dupcheck.corpus.config.ConfigValues`) and sets ``default_map`` from it.

    Without ``--config``, the file is searched from ``start(ctx)`` upward (see
    :func:`dupcheck.corpus.config.find_config`).
    """

    def load(ctx: click.Context, _param: click.Parameter, value: Path | None) -> ConfigValues:
        from dupcheck.corpus.config import load_config, read_config

        values = read_config(value) if value is not None else load_config(start(ctx))
        ctx.default_map = {**(ctx.default_map or {}), **defaults(values)}
        return values

    return click.option(
        "--config",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        is_eager=True,
        callback=load,
        help="Read settings from this file (a dupcheck.toml, or a pyproject.toml's "
        "[tool.dupcheck]) instead of the nearest one, searched from the paths up to the "
        "repository root. Flags override the file.",
    )
