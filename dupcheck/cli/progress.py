"""The scan progress bar: an observer the CLI attaches; library callers pass nothing.

It draws on stderr, and only when stderr is a terminal: CI logs and pipes stay clean, and the
report on stdout is never interleaved with it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

    from dupcheck.corpus.pipeline import Progress

STAGES = {"read": "Reading", "index": "Indexing", "verify": "Verifying"}
"""The stages a scan reports, and what the bar calls them."""


class ProgressBar:
    """Turns the scan's ``Progress`` events into one rich bar per stage."""

    def __init__(self, bar: Bar) -> None:
        self._bar = bar
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, event: Progress) -> None:
        task = self._tasks.get(event.stage)
        if task is None:
            label = STAGES.get(event.stage, event.stage.capitalize())
            task = self._bar.add_task(label, total=event.total or None)
            self._tasks[event.stage] = task
        self._bar.update(task, completed=event.done, total=event.total or None)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


@contextmanager
def progress_bar(*, quiet: bool) -> Iterator[Callable[[Progress], None] | None]:
    """A progress callback for :func:`dupcheck.corpus.pipeline.scan`, or None when nothing should
    be drawn
    (``--quiet``, or stderr is not a terminal)."""
    # Asked before rich is imported: CI logs and pipes (most scans) never load it.
    if quiet or not _stderr_is_terminal():
        yield None
        return
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.progress import TimeElapsedColumn as Elapsed

    columns = (TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), Elapsed())
    # transient: the bar disappears when the scan ends, leaving only the summary message.
    with Progress(*columns, console=console, transient=True) as bar:
        yield ProgressBar(bar)
