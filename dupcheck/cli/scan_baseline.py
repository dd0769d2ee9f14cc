"""``dupcheck scan``'s baseline steps on the command line: applying it (and counting or pruning
its stale entries), and writing a new one."""

from __future__ import annotations

from pathlib import Path

from dupcheck.cli.common import message
from dupcheck.corpus.baseline import Baseline
from dupcheck.corpus.types import ScanResult
from dupcheck.errors import InputError
from dupcheck.report.scan_common import plural

PRUNE_NEEDS = (
    "--prune-baseline needs --baseline and a scan of a whole folder (one folder, no --against): "
    "a partial scan cannot tell a stale entry from one it did not look at"
)


def entries(n: int) -> str:
    return f"{n} baseline {'entry' if n == 1 else 'entries'}"


def apply_baseline(
    result: ScanResult, accepted: Baseline, path: Path, *, prune: bool, quiet: bool
) -> ScanResult:
    """The baseline applied; its stale entries counted, or dropped from the file with
    ``prune`` (the caller checked the scan covers the whole folder)."""
    from dupcheck.corpus.baseline import match_baseline
    from dupcheck.corpus.baseline import prune_baseline as drop_stale

    match = match_baseline(result, accepted)
    stale = len(match.stale)
    if prune:
        if stale:
            try:
                drop_stale(path, accepted, match.stale)
            except OSError as exc:
                raise InputError(str(path), (exc.strerror or "cannot write").lower()) from None
        if not quiet:
            message(f"{entries(stale)} dropped from {path} (stale)")
    elif stale and not quiet:
        message(
            f"{entries(stale)} of {path} accept no pair any more (a file edited "
            "or gone, or a pair more severe now); --prune-baseline drops them"
        )
    return match.result


def save_baseline(path: Path, result: ScanResult, *, quiet: bool) -> None:
    from dupcheck.corpus.baseline import write_baseline

    try:
        write_baseline(path, result)
    except OSError as exc:
        raise InputError(str(path), (exc.strerror or "cannot write").lower()) from None
    if not quiet:
        message(f"{plural(len(result.pairs), 'pair')} accepted in {path}")
