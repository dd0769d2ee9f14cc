"""``dupcheck scan``: find every copy of every story in a folder; the CLI side only.

Parse flags, merge them over the tree's configuration, call :func:`dupcheck.corpus.pipeline.scan`,
apply or
write the baseline, render, exit. The report goes to stdout (or ``--output``); messages and the
progress bar go to stderr, the bar only on a terminal.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dupcheck.align.types import Verdict
from dupcheck.cli.common import (
    compare_options,
    exit_options,
    message,
    output_options,
    report_view,
    threshold_options,
    warning,
    write_report,
)
from dupcheck.corpus.types import ScanResult
from dupcheck.errors import ConfigError, InputError
from dupcheck.exitcode import ExitCode, ExitPolicy
from dupcheck.report.base import View
from dupcheck.report.scan_common import plural
from dupcheck.report.scan_formats import ScanFormat

if TYPE_CHECKING:
    # Loaded by the command when it runs: `dupcheck compare` imports this module too, and
    # must not pay for tomllib or the scan machinery.
    from dupcheck.corpus.config import ConfigValues

DIR = click.Path(path_type=Path)
"""Existence is checked by the command, not by click: a missing folder is one line, not a usage
screen."""
FILE = click.Path(dir_okay=False, path_type=Path)


def _directory(path: Path) -> Path:
    if not path.exists():
        raise InputError(str(path), "no such directory")
    if not path.is_dir():
        raise InputError(str(path), "not a directory")
    return path


def _path_prefix(root: Path) -> str:
    """``root`` relative to the working directory (the checkout, in CI), for annotation paths;
    empty when it is the working directory or lies outside it."""
    rel = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if rel in {".", ".."} or rel.startswith(".." + os.sep):
        return ""
    return rel.replace(os.sep, "/")


def _summary(result: ScanResult, seconds: float) -> str:
    return (
        f"{plural(result.documents, 'document')}, {plural(len(result.pairs), 'pair')}, "
        f"{plural(len(result.clusters), 'cluster')} in {seconds:.1f} s"
    )


def _skipped_summary(result: ScanResult, shown: int = 3) -> list[str]:
    """Lines like ``3 files skipped: 2x empty file, 1x binary file (a PDF document)``, and a count
    of pairs left unverified; the full list is in the report."""
    # A reason's advice after ";" ("raise it with --max-bytes") is in the report, not the count.
    files = [s for s in result.skipped if not s.unverified_pair]
    unverified = len(result.skipped) - len(files)
    lines = []
    if files:
        reasons = Counter(s.reason.partition(";")[0] for s in files).most_common()
        reasons.sort(key=lambda item: (-item[1], item[0]))
        detail = ", ".join(f"{n}x {reason}" for reason, n in reasons[:shown])
        more = f", {len(reasons) - shown} more reasons" if len(reasons) > shown else ""
        lines.append(f"{plural(len(files), 'file')} skipped: {detail}{more}")
    if unverified:
        lines.append(
            f"{plural(unverified, 'pair')} not verified: too many sentences to align "
            "(max_sentence_pairs; the pairs are listed under skipped)"
        )
    return lines


def _given(ctx: click.Context) -> set[str]:
    """The parameters the user set on the command line (the others may come from the config)."""
    return {
        name
        for name in ctx.params
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    }


def _format(value: str, config: ConfigValues) -> ScanFormat:
    try:
        return ScanFormat(value)
    except ValueError:
        known = ", ".join(f.value for f in ScanFormat)
        raise ConfigError(f"{config.path}: format must be one of {known}") from None


def _locator(root: Path, against: Path | None) -> Callable[[str], str]:
    """Names as paths from the working directory: root-relative names get the root's path;
    ``--against`` names already start with the archive path as given."""
    prefix = _path_prefix(root)
    archive = against.as_posix().rstrip("/") + "/" if against is not None else None

    def locate(name: str) -> str:
        if archive is not None and name.startswith(archive):
            rel = os.path.relpath(name)
            return name if rel.startswith("..") else rel.replace(os.sep, "/")
        return f"{prefix}/{name}" if prefix else name

    return locate


def _archive_root(against: Path | None) -> Path | None:
    """The folder archived documents are named under: ``--against`` itself, or the archive
    root an index was built from."""
    if against is None or not against.is_file():
        return against
    from dupcheck.corpus.store import Index

    with Index.open(against) as store:
        return Path(store.root)


def _jobs(jobs: int) -> int:
    """Worker processes: 0 means every core, and more than the cores only costs memory (a
    mistyped ``jobs = 10000`` must not start ten thousand processes)."""
    return jobs if jobs == 0 else min(jobs, os.cpu_count() or 1)


def _render(
    fmt: ScanFormat,
    result: ScanResult,
    *,
    view: View,
    policy: ExitPolicy,
    root: Path,
    against: Path | None,
) -> str:
    from dupcheck.report.scan_documents import DocumentReader

    # An index names its documents under the folder it was built from.
    archive = _archive_root(against)
    # Only the HTML page shows texts; a scan keeps none, so it reads the few it embeds again.
    reader = DocumentReader(root, result.options, archive) if fmt is ScanFormat.HTML else None
    locate = _locator(root, archive)
    return fmt.to_formatter(view=view, policy=policy, locate=locate, reader=reader).render(result)


@click.command()
@click.argument("root", metavar="DIR", type=DIR)
@click.option(
    "--against",
    metavar="ARCHIVE",
    type=DIR,
    default=None,
    help="An archive folder, or an archive index (dupcheck index build): report only pairs "
    "involving DIR (DIR vs archive, DIR vs DIR).",
)
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice([f.value for f in ScanFormat]),
    default=ScanFormat.TEXT.value,
    show_default=True,
    help="Report format: a terminal view, the dupcheck.scan/2 JSON contract, CSV, GitHub "
    "workflow annotations, SARIF 2.1.0, or a self-contained HTML page with the top findings "
    "side by side (use with --output).",
)
@output_options(verbose_help="Add each pair's containment both ways to the text table.")
@click.option(
    "--baseline",
    type=FILE,
    default=None,
    help="Accepted pairs (from --write-baseline): reported, but never a finding.",
)
@click.option(
    "--write-baseline",
    type=FILE,
    default=None,
    help="Accept every pair found: write them to this file and exit 0.",
)
@exit_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes, at most one per core; 0 means every core. Output is the same for "
    "any value. [default: 0]",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Files to read (repeatable; replaces the configured or default *.txt *.md *.html *.htm). "
    "A glob without / matches file names, one with / relative paths.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Files to leave out (repeatable; replaces the configured list).",
)
@click.option(
    "--text-field", default=None, help="JSONL: the field holding an article's text. [default: text]"
)
@click.option("--id-field", default=None, help="JSONL: the field naming an article. [default: id]")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Skip files (and JSONL lines) larger than this. [default: 10 MiB]",
)
@threshold_options
@click.option(
    "-q", "--quiet", is_flag=True, help="No progress bar and no messages; errors still print."
)
def scan(
    *,
    root: Path,
    against: Path | None,
    format_: str,
    output: Path | None,
    width: int | None,
    verbose: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    fail_on: str,
    exit_zero: bool,
    jobs: int | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    text_field: str | None,
    id_field: str | None,
    max_bytes: int | None,
    threshold: float | None,
    duplicate_coverage: float | None,
    partial_coverage: float | None,
    quiet: bool,
) -> None:
    """Find every copy of every story under DIR: clusters of duplicates, partial reuse, skipped
    files.

    Hidden files and folders (.git, .cache) are not read; files that cannot be read (binary,
    empty, undecodable, too large) are listed as skipped, never fatal. Settings come from
    [tool.dupcheck] in DIR/pyproject.toml or from DIR/dupcheck.toml; flags override them.

    Exit status: 0 no finding (an empty folder included), 1 a pair at or above --fail-on that
    is not in the --baseline, 2 a usage, input or configuration error.
    """
    from dupcheck.cli.progress import progress_bar
    from dupcheck.corpus.baseline import apply_baseline, load_baseline
    from dupcheck.corpus.baseline import write_baseline as save_baseline
    from dupcheck.corpus.config import load_config
    from dupcheck.corpus.parallel import fewer_collections
    from dupcheck.corpus.pipeline import scan as run_scan

    ctx = click.get_current_context()
    config = load_config(_directory(root))
    given = _given(ctx)
    base = config.options
    options = replace(
        base,
        compare=compare_options(threshold, duplicate_coverage, partial_coverage, base.compare),
        jobs=_jobs(base.jobs if jobs is None else jobs),
        include=include or base.include,
        exclude=exclude or base.exclude,
        text_field=base.text_field if text_field is None else text_field,
        id_field=base.id_field if id_field is None else id_field,
        max_bytes=base.max_bytes if max_bytes is None else max_bytes,
    )
    fmt = _format(format_ if "format_" in given or config.format is None else config.format, config)
    policy = ExitPolicy(
        fail_on=Verdict(fail_on) if "fail_on" in given else config.fail_on or Verdict.DUPLICATE,
        exit_zero=exit_zero if "exit_zero" in given else bool(config.exit_zero),
    )
    baseline = baseline or config.baseline
    # Writing a baseline may create the file the configuration points at: not there yet is fine.
    if baseline is not None and not (write_baseline is not None and not baseline.exists()):
        accepted = load_baseline(baseline)
    else:
        accepted = None

    started = time.perf_counter()
    with fewer_collections(), progress_bar(quiet=quiet) as progress:
        result = run_scan(root, options=options, against=against, progress=progress)
    seconds = time.perf_counter() - started
    if accepted is not None:
        result = apply_baseline(result, accepted)

    view = report_view(text=fmt is ScanFormat.TEXT, output=output, width=width, verbose=verbose)
    report = _render(fmt, result, view=view, policy=policy, root=root, against=against)
    colour = view.color_system is not None
    write_report(report, output, color=colour, utf8=fmt is not ScanFormat.TEXT, announce=False)

    if not quiet:
        if result.documents == 0:
            # Exit 0 stays right (nothing found), but a CI job scanning the wrong folder, or
            # one whose files no --include matches, should not pass unnoticed.
            where = f"{root} or {against}" if against is not None else str(root)
            warning(f"no document found under {where} (include: {', '.join(options.include)})")
        if result.skipped:
            for line in _skipped_summary(result):
                message(line)
        message(_summary(result, seconds))
        if output is not None:
            message(f"report written to {output}")
    if write_baseline is not None:
        try:
            save_baseline(write_baseline, result)
        except OSError as exc:
            reason = (exc.strerror or "cannot write").lower()
            raise InputError(str(write_baseline), reason) from None
        if not quiet:
            message(f"{plural(len(result.pairs), 'pair')} accepted in {write_baseline}")
        raise click.exceptions.Exit(ExitCode.OK)
    findings = [p.verdict for p in result.pairs if not p.baselined]
    raise click.exceptions.Exit(policy.code(findings))
