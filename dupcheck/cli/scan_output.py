"""How a scan's results leave the command: document names as paths (from the working
directory for annotations, absolute for SARIF), the ``--output-format`` reports, the GitHub job
summary, and the lines on stderr."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from dupcheck.cli.common import message, printable, warning
from dupcheck.corpus.types import ScanOptions, ScanResult
from dupcheck.errors import InputError
from dupcheck.report.scan_common import artifact_path, plural
from dupcheck.report.scan_formats import ScanFormat


def path_prefix(root: Path) -> str:
    """``root`` relative to the working directory (the checkout, in CI), for annotation paths;
    empty when it is the working directory or lies outside it."""
    rel = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if rel in {".", ".."} or rel.startswith(".." + os.sep):
        return ""
    return rel.replace(os.sep, "/")


def run_summary(result: ScanResult, seconds: float) -> str:
    return (
        f"{plural(result.documents, 'document')}, {plural(len(result.pairs), 'pair')}, "
        f"{plural(len(result.clusters), 'cluster')} in {seconds:.1f} s"
    )


def skipped_summary(result: ScanResult, shown: int = 3) -> list[str]:
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


def locator(root: Path, against: tuple[Path, ...]) -> Callable[[str], str]:
    """Names as paths from the working directory: root-relative names get the root's path;
    ``--against`` names already start with the archive path as given."""
    prefix = path_prefix(root)
    archives = tuple(a.as_posix().rstrip("/") + "/" for a in against)

    def locate(name: str) -> str:
        if archives and name.startswith(archives):
            rel = os.path.relpath(name)
            return name if rel.startswith("..") else rel.replace(os.sep, "/")
        return f"{prefix}/{name}" if prefix else name

    return locate


LINE_FORMATS = frozenset({ScanFormat.GITHUB, ScanFormat.SARIF, ScanFormat.GITLAB})
"""Formats that point at lines: the scan finds each finding's first shared passage for them."""
STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def job_summary(text: str) -> None:
    """Append the run's Markdown summary to the file GitHub names in ``$GITHUB_STEP_SUMMARY``
    (appended, as each step's writes to it are)."""
    target = os.environ.get(STEP_SUMMARY_ENV, "")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(printable(text))
    except OSError as exc:
        raise InputError(target, (exc.strerror or "cannot write").lower()) from None


def files_of(root: Path, against: tuple[Path, ...]) -> Callable[[str], Path]:
    """The absolute path of each document's file: archive names start with their archive's
    path as given, the others are relative to the root."""
    folders = [(a.as_posix().rstrip("/") + "/", Path(os.path.abspath(a))) for a in against]
    top = Path(os.path.abspath(root))

    def where(name: str) -> Path:
        file = artifact_path(name)
        for prefix, folder in folders:
            if file.startswith(prefix):
                return folder / file[len(prefix) :]
        return top / file

    return where


def tell(
    result: ScanResult,
    seconds: float,
    scanned: Path | list[Path] | str,
    against: tuple[Path, ...],
    options: ScanOptions,
    *,
    gone: int,
    written: list[Path],
) -> None:
    """The run's lines on stderr: left-out paths, an empty scan, skips, the summary, reports."""
    if gone:
        message(f"{plural(gone, 'listed path')} left out: no such file")
    if result.documents == 0:
        # Exit 0 stays right (nothing found), but a CI job scanning the wrong folder, or
        # one whose files no --include matches, should not pass unnoticed.
        include = ", ".join(options.include)
        if isinstance(scanned, Path | str):
            where = " or ".join(map(str, (scanned, *against)))
            warning(f"no document found under {where} (include: {include})")
        else:
            given = plural(len(scanned), "path")
            warning(f"no document to scan among the {given} given (include: {include})")
    if result.skipped:
        for line in skipped_summary(result):
            message(line)
    message(run_summary(result, seconds))
    for target in written:
        message(f"report written to {target}")


def format_paths(
    _ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[ScanFormat, Path], ...]:
    """``--output-format FORMAT:PATH`` values: one more report of the same scan each."""
    known = ", ".join(f.value for f in ScanFormat)
    found = []
    for value in values:
        kind, sep, path = value.partition(":")
        if not sep or not path or kind not in {f.value for f in ScanFormat}:
            raise click.BadParameter(f"{value!r} is not FORMAT:PATH (FORMAT: {known})", param=param)
        found.append((ScanFormat(kind), Path(path)))
    return tuple(found)
