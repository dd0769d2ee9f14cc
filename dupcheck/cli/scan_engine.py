"""Where ``dupcheck scan`` runs its work: ``--engine local`` (processes here) or ``--engine dask``
with ``--scheduler`` (a Dask cluster's workers, `dupcheck.corpus.dask_engine`). The result is the
same either way; only the CLI side lives here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from dupcheck.corpus.types import ScanOptions, ScanResult

F = TypeVar("F", bound=Any)


def engine_options(f: F) -> F:
    """``--engine`` and ``--scheduler``."""
    f = click.option(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="--engine dask: the Dask scheduler's address (tcp://host:8786). Its workers must "
        "reach the scanned files under the same paths.",
    )(f)
    f = click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="Where the read and verify work runs: processes on this machine, or the workers of "
        "a Dask cluster (needs --scheduler and pip install 'dupcheck[dask]'). Output is the same.",
    )(f)
    return f


def run_scan(
    scanned: Path | Sequence[Path],
    options: ScanOptions,
    against: Path | Sequence[Path] | None,
    *,
    excerpts: bool,
    engine: str,
    scheduler: str | None,
    quiet: bool,
) -> ScanResult:
    """The scan, on the engine asked for, with a progress bar on a terminal."""
    from dupcheck.cli.progress import progress_bar
    from dupcheck.corpus.parallel import fewer_collections
    from dupcheck.corpus.pipeline import scan

    if (engine == "dask") != (scheduler is not None):
        raise click.UsageError("--engine dask and --scheduler ADDRESS go together")
    with fewer_collections(), progress_bar(quiet=quiet) as progress:
        if scheduler is None:
            return scan(
                scanned, options=options, against=against, progress=progress, excerpts=excerpts
            )
        from dupcheck.corpus import dask_engine

        return dask_engine.scan(
            scanned,
            client=scheduler,
            options=options,
            against=against,
            progress=progress,
            excerpts=excerpts,
        )
