"""The ``dupcheck`` command line: parse, call the library, render, exit. No logic of its own.

Exit status: 0 nothing found, 1 a finding (see ``--fail-on``), 2 usage, input or internal error.
Errors become one line on stderr in one place, :class:`dupcheck.cli.common.DupcheckGroup`.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dupcheck import __version__
from dupcheck.align.types import MAX_SENTENCE_PAIRS, CompareOptions
from dupcheck.cli.common import (
    STDIN,
    DupcheckGroup,
    LazyCommands,
    compare_options,
    exit_options,
    exit_policy,
    message,
    output_options,
    report_view,
    stdin_document,
    threshold_options,
    write_report,
)
from dupcheck.cli.config import compare_defaults, config_option
from dupcheck.errors import InputError
from dupcheck.outputs import check_writable, refuse_inputs
from dupcheck.report.compare_formats import CompareFormat
from dupcheck.text.intake import DEFAULT_MAX_BYTES, MAX_BYTES

if TYPE_CHECKING:
    from dupcheck.corpus.config import ConfigValues

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(
    cls=DupcheckGroup,
    context_settings=CONTEXT_SETTINGS,
    # Imported on first use: ``compare`` (defined below) loads none of them.
    commands=LazyCommands(
        {
            "scan": "dupcheck.cli.scan_command:scan",
            "index": "dupcheck.cli.index_command:index",
            "query": "dupcheck.cli.query_command:query",
        }
    ),
)
@click.version_option(__version__, "-V", "--version", prog_name="dupcheck")
def main() -> None:
    """Find near-duplicate news articles and show exactly what two copies of a story share.

    Exit status: 0 nothing found, 1 a finding (a verdict at or above --fail-on),
    2 a usage, input or internal error (set DUPCHECK_DEBUG=1 for its traceback).
    """


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # a missing file is reported by the comparison, with its reason


def _compare_start(ctx: click.Context) -> Path:
    """Where ``compare`` looks for its configuration: from A's folder (B's when A is standard
    input), else the working directory."""
    for name in ("a", "b"):
        path = ctx.params.get(name)
        if path is not None and str(path) != STDIN:
            return Path(path)
    return Path.cwd()


@main.command()
# Eager, so the configuration file can be searched from them before the options are read.
@click.argument("a", type=click.Path(path_type=Path, readable=False), is_eager=True)
@click.argument("b", type=click.Path(path_type=Path, readable=False), is_eager=True)
@config_option(start=_compare_start, defaults=compare_defaults)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice([f.value for f in CompareFormat]),
    default=CompareFormat.TEXT.value,
    show_default=True,
    help="Report format: a terminal view, the dupcheck.compare/3 JSON contract, or a "
    "self-contained HTML page (use with --output).",
)
@output_options(verbose_help="Add per-sentence scores and a MinHash estimate to the text view.")
@exit_options
@threshold_options
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1, max=MAX_BYTES),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse files larger than this.",
)
@click.option(
    "--max-sentence-pairs",
    type=click.IntRange(min=1, max=MAX_SENTENCE_PAIRS),
    default=CompareOptions().max_sentence_pairs,
    show_default=True,
    help="Refuse to align texts whose sentence counts multiply to more than this "
    "(time and memory grow with the product).",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=None,
    help="A folder of articles whose shared wording (formula lines, list headers) is counted "
    "as a scan of it would: the formula score. Without it, formula is 0.",
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
    max_sentence_pairs: int,
    corpus: Path | None,
    config: ConfigValues,
) -> None:
    """Compare two articles A and B: verdict, scores, shared passages, word-level edits.

    Files are read as UTF-8 (with or without BOM), UTF-16/32 with a BOM, or a detected legacy
    encoding (cp1252, Latin-1...). Either side may be - to read standard input. Boilerplate
    (datelines, credits, copyright lines, site chrome) is listed apart and not counted.

    Settings (the [compare] table, fail_on, exit_zero, max_bytes) come from the nearest
    dupcheck.toml or pyproject.toml [tool.dupcheck], searched from A's folder up to the
    repository root, or from --config; flags override them.
    """
    policy = exit_policy(fail_on, exit_zero)
    options = replace(
        compare_options(threshold, duplicate_coverage, partial_coverage, config.options.compare),
        max_sentence_pairs=max_sentence_pairs,
    )
    if str(a) == STDIN and str(b) == STDIN:
        raise click.UsageError("only one of A and B can be - (standard input)")
    if output is not None:
        _refuse_compare_overwrites(output, a, b, corpus, config)
    doc_a = stdin_document(max_bytes) if str(a) == STDIN else a
    doc_b = stdin_document(max_bytes) if str(b) == STDIN else b
    wording = None
    if corpus is not None:
        # Imported only here: counting a folder loads the scan's index, which a plain compare
        # does not pay for.
        from dupcheck.corpus.knowledge import corpus_wording

        wording = corpus_wording(corpus)
    # Imported here, not with the command line: the aligner and the boilerplate rules are most
    # of the start-up of the other commands (index add, query), and only some need them.
    from dupcheck.align.compare import compare as compare_files

    comparison = compare_files(doc_a, doc_b, options=options, max_bytes=max_bytes, corpus=wording)

    # Said once the comparison stands: an error later would make it a second line.
    if isinstance(doc_a, Path) and isinstance(doc_b, Path) and _same_file(doc_a, doc_b):
        message(f"note: A and B are the same file ({a})")
    fmt = CompareFormat(format_)
    view = report_view(text=fmt is CompareFormat.TEXT, output=output, width=width, verbose=verbose)
    write_report(
        fmt.to_formatter(view).render(comparison),
        output,
        color=view.color_system is not None,
        utf8=fmt is not CompareFormat.TEXT,
    )
    raise click.exceptions.Exit(policy.code([comparison.verdict]))


def _refuse_compare_overwrites(
    output: Path, a: Path, b: Path, corpus: Path | None, config: ConfigValues
) -> None:
    """Refuse a report that would replace what compare reads: A, B, the configuration file
    found for them, or a file of the ``--corpus`` folder (or that file itself)."""
    check_writable(output)
    inputs = [(path, f"input {side}") for path, side in ((a, "A"), (b, "B")) if str(path) != STDIN]
    if config.path is not None:
        inputs.append((config.path, "the configuration file"))
    if corpus is not None:
        # The rule a scan of that folder uses (compare counts it as a default scan would): a
        # hidden name or a non-article suffix there is never read, so it may be written.
        from dupcheck.corpus.types import ScanOptions
        from dupcheck.corpus.walk import would_read

        if corpus.is_dir() and would_read(corpus, output, ScanOptions()):
            raise InputError(
                str(output), f"would be an article of the --corpus folder {corpus}, which is read"
            )
        inputs.append((corpus, "the --corpus input"))
    refuse_inputs(output, inputs)


def run() -> int:
    """The command line, as ``dupcheck`` runs it: its exit status. Click's own handling of an
    interrupt ("Aborted!", status 1) is left out: :func:`dupcheck.cli.entry.main` owns
    interrupts."""
    try:
        result = main.main(prog_name="dupcheck", standalone_mode=False)
    except click.exceptions.Abort:
        raise KeyboardInterrupt from None
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    return result if isinstance(result, int) else 0
