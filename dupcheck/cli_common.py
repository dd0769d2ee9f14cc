"""What every dupcheck command shares: options, the two consoles, and the one error boundary.

Errors are turned into exit statuses in exactly one place, :class:`DupcheckGroup`, so no command
handles them itself and none can leak a traceback to a user.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dupcheck.errors import DupcheckError
from dupcheck.exitcode import ExitCode, ExitPolicy
from dupcheck.models import CompareOptions, Verdict

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])

PROG = "dupcheck"
DEBUG_ENV = "DUPCHECK_DEBUG"
"""Set to 1 to see the traceback behind an internal error."""


# --- consoles -------------------------------------------------------------------------------
# Built per call rather than at import: rich costs ~50 ms to import, which `--format json` runs
# should not pay, and a fresh Console reads the current environment (NO_COLOR, TERM, width).


def report_console() -> Console:
    """The report's console, on stdout. Rich decides colour from the TTY and ``NO_COLOR``."""
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False, markup=False, emoji=False)


def error_console() -> Console:
    """Messages, warnings and errors, on stderr: never mixed into the report."""
    from rich.console import Console

    return Console(
        stderr=True, style="bold red", soft_wrap=True, highlight=False, markup=False, emoji=False
    )


def message(text: str) -> None:
    """One line for the user on stderr, prefixed with the program name."""
    error_console().print(f"{PROG}: {text}", style="none")


# --- the error boundary ---------------------------------------------------------------------


class InputFailure(click.ClickException):
    """A :class:`DupcheckError` on its way to the user as one line and exit status 2."""

    exit_code = ExitCode.ERROR

    def show(self, file: Any = None) -> None:
        error_console().print(f"{PROG}: error: {self.message}")


def _internal_error(exc: BaseException) -> click.exceptions.Exit:
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        traceback.print_exception(exc, file=sys.stderr)
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    error_console().print(f"{PROG}: internal error: {detail} (set {DEBUG_ENV}=1 for the traceback)")
    return click.exceptions.Exit(ExitCode.ERROR)


class DupcheckGroup(click.Group):
    """The top-level group; its ``invoke`` is the single place errors become exit statuses."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click already speaks to the user and picks the status (usage errors are 2)
        except DupcheckError as exc:
            raise InputFailure(str(exc)) from None
        except KeyboardInterrupt:
            message("interrupted")
            raise click.exceptions.Exit(ExitCode.INTERRUPTED) from None
        except Exception as exc:
            raise _internal_error(exc) from None


# --- shared options -------------------------------------------------------------------------

_UNIT = click.FloatRange(0.0, 1.0)


def exit_options(f: F) -> F:
    """``--fail-on`` and ``--exit-zero``: what counts as a finding (see :class:`ExitPolicy`)."""
    f = click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when something is found (errors still exit 2).",
    )(f)
    f = click.option(
        "--fail-on",
        type=click.Choice([Verdict.DUPLICATE.value, Verdict.PARTIAL.value]),
        default=Verdict.DUPLICATE.value,
        show_default=True,
        help="Least severe verdict that makes the exit status 1.",
    )(f)
    return f


def exit_policy(fail_on: str, exit_zero: bool) -> ExitPolicy:
    return ExitPolicy(fail_on=Verdict(fail_on), exit_zero=exit_zero)


def threshold_options(f: F) -> F:
    """Algorithm thresholds; unset ones keep the tuned defaults of :class:`CompareOptions`."""
    defaults = CompareOptions()
    f = click.option(
        "--partial-coverage",
        type=_UNIT,
        default=None,
        help=f"Coverage (0-1) that makes a pair 'partial'. [default: {defaults.partial_coverage}]",
    )(f)
    f = click.option(
        "--duplicate-coverage",
        type=_UNIT,
        default=None,
        help="Coverage (0-1) that makes a pair 'duplicate'. "
        f"[default: {defaults.duplicate_coverage}]",
    )(f)
    f = click.option(
        "--threshold",
        type=_UNIT,
        default=None,
        help="Minimum similarity (0-1) for two sentences to match. "
        f"[default: {defaults.match_threshold}]",
    )(f)
    return f


def compare_options(
    threshold: float | None,
    duplicate_coverage: float | None,
    partial_coverage: float | None,
    base: CompareOptions | None = None,
) -> CompareOptions:
    """``base`` (or the defaults) with only the thresholds the user gave replaced.

    ``replace`` keeps every other field, including ones added to CompareOptions later.
    """
    options = base or CompareOptions()
    if threshold is not None:
        options = replace(options, match_threshold=threshold)
    if duplicate_coverage is not None:
        options = replace(options, duplicate_coverage=duplicate_coverage)
    if partial_coverage is not None:
        options = replace(options, partial_coverage=partial_coverage)
    return options


def output_options(f: F) -> F:
    """``--output``, ``--width`` and ``--verbose``: where the report goes and how it looks."""
    f = click.option(
        "-v", "--verbose", is_flag=True, help="Add per-sentence scores to the report."
    )(f)
    f = click.option(
        "--width",
        type=click.IntRange(min=40),
        default=None,
        help="Width of the text report in columns. [default: the terminal's]",
    )(f)
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True, path_type=Path),
        default=None,
        help="Write the report to this file instead of stdout.",
    )(f)
    return f
