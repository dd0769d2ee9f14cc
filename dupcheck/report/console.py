"""The one way the terminal formatters build a rich console: to a buffer, as the View says."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console

from dupcheck.report.base import View


def buffer_console(view: View, file: TextIO) -> Console:
    """A console writing to ``file`` with the view's width and colours; no markup guessing.

    Formatters render to a string (the ``Formatter`` interface), so the console never decides
    for itself whether it talks to a terminal: the CLI decided that when it made the view.
    """
    return Console(
        file=file,
        width=view.width,
        color_system=view.color_system,  # type: ignore[arg-type]
        force_terminal=view.color_system is not None,
        no_color=view.no_color,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
