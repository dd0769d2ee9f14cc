"""The ``dupcheck`` command line: parse, call the library, render, exit. No logic of its own.

Exit status: 0 nothing found, 1 a finding (see ``--fail-on``), 2 usage, input or internal error.
Errors become one line on stderr in one place, :class:`dupcheck.cli_common.DupcheckGroup`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from dupcheck import __version__
from dupcheck.cli_common import (
    DupcheckGroup,
    compare_options,
    exit_options,
    exit_policy,
    message,
    output_options,
    report_console,
    threshold_options,
)
from dupcheck.cli_scan import scan
from dupcheck.compare import compare as compare_files
from dupcheck.errors import InputError
from dupcheck.intake import DEFAULT_MAX_BYTES
from dupcheck.report.compare_formats import CompareFormat, View

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=DupcheckGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="dupcheck")
def main() -> None:
    """Find near-duplicate news articles and show exactly what two copies of a story share.

    Exit status: 0 nothing found, 1 a finding (a verdict at or above --fail-on),
    2 a usage, input or internal error (set DUPCHECK_DEBUG=1 for its traceback).
    """


def write_report(text: str, output: Path | None, *, color: bool) -> None:
    """The report to ``output`` (UTF-8) or stdout."""
    if output is None:
        try:
            click.echo(text, nl=False, color=color)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, less) left early: not an error, and the exit status must still
            # tell the verdict. Point stdout at devnull so the flush at exit does not fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(output), exc.strerror or "cannot write") from None
    message(f"report written to {output}")


@main.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice([f.value for f in CompareFormat]),
    default=CompareFormat.TEXT.value,
    show_default=True,
    help="Report format: a terminal view, or the dupcheck.compare/1 JSON contract.",
)
@output_options
@exit_options
@threshold_options
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse files larger than this.",
)
def compare(
    *,
    a: Path,
    b: Path,
    format_: str,
    output: Path | None,
    width: int | None,
    verbose: bool,
    fail_on: str,
    exit_zero: bool,
    threshold: float | None,
    duplicate_coverage: float | None,
    partial_coverage: float | None,
    max_bytes: int,
) -> None:
    """Compare two articles A and B: verdict, scores, shared passages, word-level edits.

    Files are read as UTF-8 (with or without BOM) or a detected legacy encoding. Boilerplate
    (datelines, credits, copyright lines, site chrome) is listed apart and not counted.
    """
    policy = exit_policy(fail_on, exit_zero)
    options = compare_options(threshold, duplicate_coverage, partial_coverage)
    comparison = compare_files(a, b, options=options, max_bytes=max_bytes)

    fmt = CompareFormat(format_)
    view = View(width=width or 80, verbose=verbose)
    if fmt is CompareFormat.TEXT and output is None:
        console = report_console()
        colour = console.is_terminal and console.color_system is not None
        view = View(
            width=width or console.width,
            color_system=console.color_system if colour else None,
            no_color=console.no_color,
            verbose=verbose,
        )
    write_report(
        fmt.to_formatter(view).render(comparison),
        output,
        color=view.color_system is not None,
    )
    raise click.exceptions.Exit(policy.code([comparison.verdict]))


main.add_command(scan)
