"""Where ``dupcheck scan`` runs its work: ``--engine local`` (processes here) or ``--engine dask``
with ``--scheduler`` (a Dask cluster's workers, `dupcheck.corpus.dask_engine`). The result is the
same either way; only the CLI side lives here."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from dupcheck.corpus.types import ScanOptions, ScanResult

F = TypeVar("F", bound=Any)
_DEFAULTS = ScanOptions()


@dataclass(frozen=True, slots=True)
class Engine:
    """Where the scan runs, as the command line asks."""

    name: str
    """``local`` or ``dask``."""
    scheduler: str | None
    """The Dask scheduler's address (``--engine dask``)."""
    worker_wait: int
    """Seconds a Dask scan waits for a worker (`ScanOptions.worker_wait`)."""


def engine_options(f: F) -> F:
    """``--engine``, ``--scheduler`` and ``--worker-wait``, passed to the command as one
    ``engine`` (an `Engine`)."""

    inner = f

    @functools.wraps(inner)
    def command(*args: Any, engine: str, scheduler: str | None, worker_wait: int, **kw: Any) -> Any:
        return inner(*args, engine=Engine(engine, scheduler, worker_wait), **kw)

    f = cast(F, command)
    f = click.option(
        "--worker-wait",
        metavar="SECONDS",
        type=click.IntRange(min=1, max=10**6),
        default=_DEFAULTS.worker_wait,
        show_default=True,
        help="--engine dask: how long to wait for a worker, at the start and whenever the "
        "cluster has none left, before ending with an error. Raise it for a batch cluster whose "
        "workers queue.",
    )(f)
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
    engine: Engine,
    quiet: bool,
) -> ScanResult:
    """The scan, on the engine asked for, with a progress bar on a terminal."""
    from dupcheck.cli.progress import progress_bar
    from dupcheck.corpus.parallel import fewer_collections
    from dupcheck.corpus.pipeline import scan

    scheduler = engine.scheduler
    if (engine.name == "dask") != (scheduler is not None):
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
            options=replace(options, worker_wait=engine.worker_wait),
            against=against,
            progress=progress,
            excerpts=excerpts,
        )
