"""Where ``dupcheck scan`` runs its work: ``--engine local`` (processes here) or ``--engine dask``
with ``--scheduler`` (a Dask cluster's workers, `dupcheck.corpus.dask_engine`). The result is the
same either way; only the CLI side lives here."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urlsplit

import click

from dupcheck.corpus.types import ScanOptions, ScanResult
from dupcheck.corpus.urls import is_url
from dupcheck.errors import InputError
from dupcheck.report.scan_formats import ScanFormat

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
        "reach the scanned files under the same paths, or read the URL scanned (s3://…).",
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


def paths_or_urls(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[Path | str, ...]:
    """Each argument a local path (a ``Path``; existence is the command's to check), or an
    fsspec URL kept as given (a ``str``: ``Path`` would fold its ``//``)."""
    return tuple(value if is_url(value) else Path(value) for value in values)


URL_FORMATS = frozenset({ScanFormat.TEXT, ScanFormat.JSON, ScanFormat.CSV})
"""Reports of a URL scan: the others point at files on this machine (annotations and SARIF by
their local path, the HTML page with their texts)."""


def scanned_input(
    paths: Sequence[Path | str],
    files_from: Sequence[Path],
    listing: bool,
    formats: Collection[ScanFormat],
) -> Path | list[Path] | str:
    """What ``scan`` reads. One folder given alone is scanned as a tree (names relative to it);
    anything else is a list of files and folders. A URL is scanned alone (no other path, no
    ``--files-from``), in a format that needs no local file."""
    urls = [p for p in paths if isinstance(p, str)]
    local = [p for p in paths if isinstance(p, Path)]
    if not urls:
        if len(local) == 1 and not listing and not local[0].is_file():
            return local[0]
        if not local and not listing:
            raise click.UsageError("give a folder, files, or --files-from FILE")
        return [*local, *files_from]
    if len(paths) > 1 or listing:
        raise click.UsageError("a URL is scanned on its own: give one URL and no other path")
    local_only = sorted(set(formats) - URL_FORMATS, key=lambda f: f.value)
    if local_only:
        raise InputError(
            urls[0],
            f"the {local_only[0].value} report points at files on this machine: "
            f"a URL scan writes {', '.join(sorted(f.value for f in URL_FORMATS))}",
        )
    return urls[0]


def local_view(scanned: Path | Sequence[Path] | str) -> Path | Sequence[Path]:
    """What of the scanned input is on this machine, for the checks that no output overwrites
    an input: a ``file://`` URL's path; nothing for another URL."""
    if not isinstance(scanned, str):
        return scanned
    parts = urlsplit(scanned)
    return [Path(unquote(parts.path))] if parts.scheme == "file" else []


def run_scan(
    scanned: Path | Sequence[Path] | str,
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
        if isinstance(scanned, str) and scheduler is None:
            from dupcheck.corpus.sources import LOCAL_ONLY

            raise InputError(scanned, LOCAL_ONLY)
        if scheduler is None:
            assert not isinstance(scanned, str)
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
