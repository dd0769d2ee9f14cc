"""``dupcheck scan``: find every copy of every story in a folder; the CLI side only.

Parse flags (over the configuration file, through click's ``default_map``: see
:mod:`dupcheck.cli.config`), call :func:`dupcheck.corpus.pipeline.scan`, apply or write the
baseline, render, exit. The report goes to stdout (or ``--output``); messages and the
progress bar go to stderr, the bar only on a terminal.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from dupcheck.cli.common import (
    compare_options,
    exit_options,
    exit_policy,
    output_options,
    report_view,
    threshold_options,
    write_report,
)
from dupcheck.cli.config import config_option, scan_defaults
from dupcheck.cli.scan_baseline import PRUNE_NEEDS, apply_baseline, save_baseline
from dupcheck.cli.scan_engine import (
    Engine,
    engine_options,
    local_view,
    paths_or_urls,
    run_scan,
    scanned_input,
)
from dupcheck.cli.scan_output import (
    LINE_FORMATS,
    files_of,
    format_paths,
    job_summary,
    locator,
    tell,
)
from dupcheck.cli.scan_overwrites import refuse_overwrites
from dupcheck.corpus.config import repository_root
from dupcheck.corpus.types import ScanOptions
from dupcheck.exitcode import ExitCode
from dupcheck.report.scan_documents import DocumentReader
from dupcheck.report.scan_formats import ScanFormat
from dupcheck.report.scan_summary import ScanSummaryFormatter
from dupcheck.text.intake import MAX_BYTES

if TYPE_CHECKING:
    from dupcheck.corpus.config import ConfigValues

DIR = click.Path(path_type=Path, readable=False)
"""Existence is checked by the command, not by click: a missing folder is one line, not a usage
screen."""
PATH = click.Path(path_type=Path, readable=False)
"""Files are checked by the command too (a folder, an unreadable file): one line each."""


def _archive_root(against: Path) -> Path:
    """The folder archived documents are named under: ``--against`` itself, or the archive
    root an index was built from."""
    if not against.is_file():
        return against
    from dupcheck.corpus.store import Index

    with Index.open(against) as store:
        return Path(store.root)


def _jobs(jobs: int) -> int:
    """Worker processes: 0 means every core, and more than the cores only costs memory (a
    mistyped ``jobs = 10000`` must not start ten thousand processes)."""
    return jobs if jobs == 0 else min(jobs, os.cpu_count() or 1)


def _scan_start(ctx: click.Context) -> Path:
    """Where ``scan`` looks for its configuration: from the scanned paths' common folder
    upward (the working directory when none is given yet)."""
    from dupcheck.corpus.sources import common_root

    given = [*ctx.params.get("paths", ()), *ctx.params.get("files_from", ())]
    paths = [p for p in given if isinstance(p, Path)]  # not a URL
    return common_root(paths) if paths else Path.cwd()


def _read_list(
    ctx: click.Context, _param: click.Parameter, value: TextIO | None
) -> tuple[Path, ...]:
    """``--files-from``: one path a line, blank lines ignored. Paths that do not exist (a
    deleted file in ``git diff --name-only``) are left out, with a note."""
    if value is None:
        return ()
    listed = [Path(line.rstrip("\r\n")) for line in value if line.strip()]
    kept = tuple(p for p in listed if p.exists() or p.is_symlink())
    if len(kept) < len(listed):
        ctx.meta[_GONE] = len(listed) - len(kept)
    return kept


_GONE = "dupcheck.files_from.gone"


def _scan_defaults(values: ConfigValues) -> dict[str, Any]:
    return scan_defaults(values, tuple(f.value for f in ScanFormat))


_DEFAULTS = ScanOptions()


@click.command()
# Eager, so the configuration file can be searched from it before the options are read.
@click.argument("paths", metavar="[PATH|URL]...", nargs=-1, is_eager=True, callback=paths_or_urls)
@click.option(
    "--files-from",
    metavar="FILE",
    type=click.File("r", encoding="utf-8", errors="surrogateescape"),
    is_eager=True,
    callback=_read_list,
    help="Also scan the files listed in FILE, one a line (- for standard input), such as the "
    "output of git diff --name-only; listed files that do not exist are left out.",
)
@config_option(start=_scan_start, defaults=_scan_defaults)
@click.option(
    "--against",
    metavar="ARCHIVE",
    type=DIR,
    multiple=True,
    help="An archive folder (repeatable), or an archive index (dupcheck index build): report "
    "only pairs involving the scanned documents (new vs archive, new vs new).",
)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice([f.value for f in ScanFormat]),
    default=ScanFormat.TEXT.value,
    show_default=True,
    help="Report format: a terminal view, the dupcheck.scan/4 JSON contract, CSV, GitHub "
    "workflow annotations, SARIF 2.1.0, a GitLab code quality report, or a self-contained HTML "
    "page with the top findings side by side (use with --output).",
)
@output_options(verbose_help="Add each pair's containment both ways to the text table.")
@click.option(
    "--output-format",
    multiple=True,
    callback=format_paths,
    metavar="FORMAT:PATH",
    help="Also write the report in FORMAT to PATH, from the same scan (repeatable), e.g. "
    "sarif:dupcheck.sarif.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Text report: list only the N most severe pairs (the others are counted).",
)
@click.option(
    "--show-accepted",
    is_flag=True,
    help="Text report: list the pairs accepted in the --baseline too (counted otherwise).",
)
@click.option(
    "--baseline",
    type=PATH,
    default=None,
    help="Accepted pairs (from --write-baseline): reported, but never a finding.",
)
@click.option(
    "--write-baseline",
    type=PATH,
    default=None,
    help="Accept every pair found: write them to this file and exit 0.",
)
@click.option(
    "--prune-baseline",
    is_flag=True,
    help="Drop the --baseline entries that accept no pair any more (a file edited or gone) "
    "from the file. Needs a scan of the whole folder.",
)
@exit_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=_DEFAULTS.jobs,
    show_default=True,
    help="Worker processes, at most one per core; 0 means every core. Output is the same for "
    "any value.",
)
@engine_options
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    default=_DEFAULTS.include,
    show_default=True,
    help="Files to read (repeatable; replaces the configured or default list). A glob without "
    "/ matches file names, one with / relative paths.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    default=_DEFAULTS.exclude,
    help="Files or folders to leave out (repeatable; replaces the configured list).",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    metavar="GLOB",
    help="Files or folders to leave out as well as the configured --exclude (repeatable).",
)
@click.option(
    "--no-ignore",
    is_flag=True,
    help="Read the files git ignores too (.gitignore, .git/info/exclude, global excludes).",
)
@click.option(
    "--text-field",
    default=_DEFAULTS.text_field,
    show_default=True,
    help="JSONL and Parquet: the field holding an article's text.",
)
@click.option(
    "--id-field",
    default=_DEFAULTS.id_field,
    show_default=True,
    help="JSONL and Parquet: the field naming an article.",
)
@click.option(
    "--date-field",
    metavar="NAME",
    default=_DEFAULTS.date_field,
    help="JSONL: the field holding an article's publication date (ISO 8601, or a date such as "
    "3 March 2005); it dates the article before its text or file do, to name originals.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1, max=MAX_BYTES),
    default=_DEFAULTS.max_bytes,
    show_default=True,
    help="Skip files (and JSONL lines) larger than this.",
)
@click.option(
    "--sarif-root",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="the repository's root, else the scanned folder",
    help="Folder SARIF and GitLab paths are relative to.",
)
@threshold_options
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar and no messages; errors still print."
)
def scan(
    *,
    paths: tuple[Path | str, ...],
    files_from: tuple[Path, ...],
    config: ConfigValues,
    against: tuple[Path, ...],
    format_: str,
    output: Path | None,
    output_format: tuple[tuple[ScanFormat, Path], ...],
    width: int | None,
    verbose: bool,
    top: int | None,
    show_accepted: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    prune_baseline: bool,
    fail_on: str,
    exit_zero: bool,
    jobs: int,
    engine: Engine,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    no_ignore: bool,
    text_field: str,
    id_field: str,
    date_field: str,
    max_bytes: int,
    threshold: float,
    duplicate_coverage: float,
    partial_coverage: float,
    sarif_root: Path | None,
    quiet: bool,
) -> None:
    """Find every copy of every story in the given folder, or among the given files and
    folders: clusters of duplicates, partial reuse, skipped files.

    One folder is scanned as a tree, its documents named relative to it; so is a folder's
    fsspec URL (s3://bucket/articles) with --engine dask. Files and folders
    (PATH... and --files-from) are named relative to their common folder, and only they are
    new: with --against, an archive's walk leaves them out, so a pull request's changed
    articles are scanned against the rest.

    Hidden files and folders (.git, .cache) are not read; files that cannot be read (binary,
    empty, undecodable, too large) are listed as skipped, never fatal. Settings come from the
    nearest dupcheck.toml or pyproject.toml [tool.dupcheck], searched from the scanned paths
    up to the repository root, or from --config; flags override them.

    Exit status: 0 no finding (an empty folder included), 1 a pair at or above --fail-on that
    is not in the --baseline, 2 a usage, input or configuration error.
    """
    from dupcheck.corpus.baseline import load_baseline

    ctx = click.get_current_context()
    listing = ctx.get_parameter_source("files_from") is not click.core.ParameterSource.DEFAULT
    fmt = ScanFormat(format_)
    formats = {fmt, *(kind for kind, _ in output_format)}
    scanned = scanned_input(paths, files_from, listing, formats)
    base = config.options
    options = replace(
        base,
        compare=compare_options(threshold, duplicate_coverage, partial_coverage, base.compare),
        jobs=_jobs(jobs),
        include=include,
        exclude=(*exclude, *extend_exclude),
        respect_gitignore=not no_ignore,
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        max_bytes=max_bytes,
    )
    policy = exit_policy(fail_on, exit_zero)
    refuse_overwrites(
        local_view(scanned),
        against=against,
        options=options,
        config=config,
        outputs=[*([output] if output is not None else []), *(t for _, t in output_format)],
        baseline=baseline,
        write_baseline=write_baseline,
    )
    # Writing a baseline may create the file the configuration points at: not there yet is fine.
    creating = write_baseline is not None and baseline is not None and not baseline.exists()
    if prune_baseline and (baseline is None or not isinstance(scanned, Path) or against):
        raise click.UsageError(PRUNE_NEEDS)
    accepted = load_baseline(baseline) if baseline is not None and not creating else None

    started = time.perf_counter()
    result = run_scan(
        scanned,
        options,
        against,
        excerpts=bool(formats & LINE_FORMATS),
        engine=engine,
        quiet=quiet,
    )
    seconds = time.perf_counter() - started
    if accepted is not None and baseline is not None:
        result = apply_baseline(result, accepted, baseline, prune=prune_baseline, quiet=quiet)

    root = Path(result.root)
    # An index names its documents under the folder it was built from.
    against = tuple(_archive_root(a) for a in against)
    locate = locator(root, against)
    sarif_base = Path(os.path.abspath(sarif_root or repository_root(root) or root))
    files = files_of(root, against)
    # Writing a baseline prints one line, not the report (unless --output asks for a file).
    main = [(fmt, output)] if write_baseline is None or output is not None else []
    for kind, target in (*main, *output_format):
        text = kind is ScanFormat.TEXT
        view = replace(
            report_view(text=text, output=target, width=width, verbose=verbose),
            top=top,
            show_accepted=show_accepted,
        )
        # Only the HTML page shows texts; a scan keeps none, so it reads the few it embeds again.
        reader = (
            DocumentReader(root, result.options, paths=files) if kind is ScanFormat.HTML else None
        )
        formatter = kind.to_formatter(
            view=view,
            policy=policy,
            locate=locate,
            base=sarif_base,
            files=files,
            reader=reader,
        )
        report = formatter.render(result)
        colour = view.color_system is not None
        write_report(report, target, color=colour, utf8=not text, announce=False)
    if ScanFormat.GITHUB in formats:
        job_summary(ScanSummaryFormatter(policy, locate).render(result))

    if not quiet:
        gone = ctx.meta.get(_GONE, 0)
        written = [t for t in (output, *(t for _, t in output_format)) if t is not None]
        tell(result, seconds, scanned, against, options, gone=gone, written=written)
    if write_baseline is not None:
        save_baseline(write_baseline, result, quiet=quiet)
        raise click.exceptions.Exit(ExitCode.OK)
    findings = [p.verdict for p in result.pairs if not p.baselined]
    raise click.exceptions.Exit(policy.code(findings))
