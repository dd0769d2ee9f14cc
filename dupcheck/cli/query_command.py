"""``dupcheck query``: each article's archived copies, from an archive index; the CLI side only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from dupcheck.cli.common import (
    STDIN,
    compare_options,
    exit_options,
    exit_policy,
    stdin_document,
    threshold_options,
    write_report,
)
from dupcheck.report.query_formats import QueryFormat
from dupcheck.text.intake import DEFAULT_MAX_BYTES, read_document


@click.command()
@click.argument(
    "files", metavar="FILE...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--db", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
    help="The archive index (dupcheck index build).",
)  # fmt: skip
@click.option(
    "-f",
    "--format",
    "format_",
    type=click.Choice([f.value for f in QueryFormat]),
    default=QueryFormat.TEXT.value,
    show_default=True,
    help="Report format: plain text, or the dupcheck.query/1 JSON document.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the report to this file (UTF-8) instead of stdout.",
)
@exit_options
@threshold_options
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse files larger than this.",
)
def query(
    *,
    files: tuple[Path, ...],
    db: Path,
    format_: str,
    output: Path | None,
    fail_on: str,
    exit_zero: bool,
    threshold: float | None,
    duplicate_coverage: float | None,
    partial_coverage: float | None,
    max_bytes: int,
) -> None:
    """The archived copies of each FILE (- reads standard input): verdict, scores and shared
    passages, found through the index without reading the archive.

    Exit status: 0 no copy at or above --fail-on, 1 one found, 2 a usage or input error (a
    missing file, an index of another version).
    """
    from dupcheck.corpus.store import Index

    policy = exit_policy(fail_on, exit_zero)
    if sum(str(f) == STDIN for f in files) > 1:
        raise click.UsageError("only one FILE can be - (standard input)")
    documents = [
        stdin_document(max_bytes) if str(f) == STDIN else read_document(f, max_bytes=max_bytes)
        for f in files
    ]
    with Index.open(db) as store:
        options = replace(
            store.options,
            compare=compare_options(threshold, duplicate_coverage, partial_coverage),
        )
        results = [store.query(d, options) for d in documents]
    fmt = QueryFormat(format_)
    write_report(fmt.to_formatter().render(results), output, color=False, utf8=True)
    raise click.exceptions.Exit(policy.code(v for r in results for v in r.verdicts))
