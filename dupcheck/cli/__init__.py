"""The ``dupcheck`` program's entry point: the command line of :mod:`dupcheck.cli.app`, and the
one place an interrupt (Ctrl-C) ends the program.

Nothing is imported before the ``try`` (``dupcheck`` itself loads nothing on import): an
interrupt that comes while the rest loads (numpy, rapidfuzz, click take a noticeable time) is
caught like any other, so the program ends with one line and status 130, never a traceback. Only
an interrupt while Python itself starts, before this package's first line, gets Python's own
handling.
"""

from __future__ import annotations

import sys

INTERRUPTED = 130
"""128 + SIGINT, as shells report a program that Ctrl-C ended (``ExitCode.INTERRUPTED``)."""


def main() -> None:
    """Run the command line and exit with its status."""
    try:
        from dupcheck.cli.app import run

        code = run()
    except KeyboardInterrupt:
        code = _interrupted()
    sys.exit(code)


def _interrupted() -> int:
    import os
    import signal
    from contextlib import suppress

    # A second Ctrl-C while this line is written must not raise again.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError):
        os.write(2, b"dupcheck: interrupted\n")
    return INTERRUPTED


__all__ = ["main"]
