"""``dupcheck index``: build and maintain an archive index; the CLI side only.

The library (`dupcheck.corpus.indexing`, `dupcheck.corpus.store`) does the work; this module
parses, calls it, and says what changed on stderr (``info`` prints to stdout).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dupcheck.cli.common import message
from dupcheck.corpus.types import ScanOptions
from dupcheck.report.scan_common import plural

if TYPE_CHECKING:
    from dupcheck.corpus.indexing import IndexChange

DB = click.Path(dir_okay=False, path_type=Path)
PATHS = click.Path(path_type=Path)

db_option = click.option(
    "--db", required=True, type=DB, metavar="FILE", help="The index file (SQLite)."
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes that read and sketch files; 0 means every core.",
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress and no summary.")


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """The scan's progress bar, drawn for files read and committed (stderr, terminals only)."""
    from dupcheck.cli.progress import progress_bar

    with progress_bar(quiet=quiet) as bar:
        if bar is None:
            yield None
            return
        # Only with a bar to draw: the pipeline brings the aligner, which indexing never needs.
        from dupcheck.corpus.pipeline import Progress

        yield lambda done, total: bar(Progress("read", done, total))


def _summary(change: IndexChange, db: Path, seconds: float) -> str:
    done = [
        f"{change.added} added",
        f"{change.updated} updated",
        f"{change.unchanged} unchanged",
        f"{change.removed} removed",
    ]
    return f"{db}: files {', '.join(done)} in {seconds:.1f} s"


@click.group()
def index() -> None:
    """Keep an archive index: scan --against FILE.db and query use it instead of re-reading the
    archive. It stores each article's sketches and its text (compressed), so answers never
    depend on the archive files staying where they were; `index update` follows their
    changes."""


@index.command()
@click.argument("archive", metavar="ARCHIVE", type=PATHS)
@db_option
@jobs_option
@click.option("--include", multiple=True, metavar="GLOB", help="Files to read (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Files to leave out (repeatable).")
@click.option("--text-field", default="text", show_default=True, help="JSONL: the text field.")
@click.option("--id-field", default="id", show_default=True, help="JSONL: the id field.")
@click.option(
    "--date-field",
    default="",
    metavar="FIELD",
    help="JSONL: the publication date field, kept to date archived articles.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=ScanOptions().max_bytes,
    help="Skip files (and JSONL lines) larger than this. [default: 10 MiB]",
)
@quiet_option
def build(
    *,
    archive: Path,
    db: Path,
    jobs: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    text_field: str,
    id_field: str,
    date_field: str,
    max_bytes: int,
    quiet: bool,
) -> None:
    """Index every article under ARCHIVE into a new file FILE. Archived articles are named
    under ARCHIVE as given here, as `scan --against ARCHIVE` names them."""
    from dupcheck.corpus.indexing import build as run

    defaults = ScanOptions()
    options = ScanOptions(
        include=include or defaults.include,
        exclude=exclude,
        text_field=text_field,
        id_field=id_field,
        date_field=date_field,
        max_bytes=max_bytes,
    )
    started = time.perf_counter()
    with _progress(quiet) as progress:
        change = run(archive, db, options, jobs=jobs, progress=progress)
    if not quiet:
        message(_summary(change, db, time.perf_counter() - started))


def _update(db: Path, paths: tuple[Path, ...], *, prune: bool, jobs: int, quiet: bool) -> None:
    from dupcheck.corpus.indexing import add
    from dupcheck.corpus.store import Index

    started = time.perf_counter()
    with Index.open(db, write=True) as store, _progress(quiet) as progress:
        targets = list(paths) or [Path(store.root_real)]
        change = add(store, targets, prune=prune, jobs=jobs, progress=progress)
    if not quiet:
        message(_summary(change, db, time.perf_counter() - started))


@index.command(name="add")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=PATHS)
@db_option
@jobs_option
@quiet_option
def add_command(*, paths: tuple[Path, ...], db: Path, jobs: int, quiet: bool) -> None:
    """Index the files under each PATH (inside the archive) that are new or changed since they
    were indexed (size, time, then content)."""
    _update(db, paths, prune=False, jobs=jobs, quiet=quiet)


@index.command()
@click.argument("paths", metavar="[PATH...]", nargs=-1, type=PATHS)
@db_option
@jobs_option
@quiet_option
def update(*, paths: tuple[Path, ...], db: Path, jobs: int, quiet: bool) -> None:
    """As add, and drop indexed files under each PATH that are gone. Without PATH: the whole
    archive."""
    _update(db, paths, prune=True, jobs=jobs, quiet=quiet)


@index.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=PATHS)
@db_option
@quiet_option
def remove(*, paths: tuple[Path, ...], db: Path, quiet: bool) -> None:
    """Drop the indexed files at or under each PATH (which need not exist any more)."""
    from dupcheck.corpus.indexing import remove as run
    from dupcheck.corpus.store import Index

    started = time.perf_counter()
    with Index.open(db, write=True) as store:
        change = run(store, paths)
    if not quiet:
        message(_summary(change, db, time.perf_counter() - started))


@index.command()
@db_option
@click.option(
    "-f", "--format", "format_", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="Report format.",
)  # fmt: skip
def info(*, db: Path, format_: str) -> None:
    """What the index holds: its archive root, files, articles, size and stored options."""
    from dupcheck.corpus.store import Index

    with Index.open(db) as store:
        found = store.info()
    if format_ == "json":
        click.echo(json.dumps(asdict(found), indent=2, ensure_ascii=False))
        return
    options = ", ".join(f"{k}={v}" for k, v in found.options.items())
    click.echo(
        f"index {found.path} (schema {found.schema})\n"
        f"archive root: {found.root}\n"
        f"{plural(found.files, 'file')}, {plural(found.documents, 'article')}, "
        f"{found.skipped} skipped; {found.bytes / 1e6:.1f} MB\n"
        f"options: {options}"
    )
