"""The ``dupcheck`` program's entry point, and the one place an interrupt (Ctrl-C) ends it.

Importing this module installs the program's interrupt handler before anything else is loaded:
an interrupt while the command line loads (numpy, rapidfuzz, click take a noticeable time) or
while the interpreter shuts down ends the program at once with one line and status 130. While a
command runs, an interrupt is a ``KeyboardInterrupt`` as usual, so a scan stops its workers and
leaves no partial output file; it ends the same way. Only an interrupt while Python itself starts,
before this module's first lines, gets Python's own handling.

Only the program imports this module (the ``dupcheck`` script and ``python -m dupcheck``): the
handler is the program's, never a library caller's.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import suppress
from types import FrameType

INTERRUPTED = 130
"""128 + SIGINT, as shells report a program that Ctrl-C ended (``ExitCode.INTERRUPTED``)."""


def _say_interrupted() -> None:
    # A second Ctrl-C while the line is written must not interrupt it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError):  # stderr closed: the status still tells
        os.write(2, b"dupcheck: interrupted\n")


def _stop_now(signum: int, frame: FrameType | None) -> None:
    """Outside a command there is nothing to clean up: say so and end the process here."""
    _say_interrupted()
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _stop_now)


def main() -> None:
    """Run the command line and exit with its status."""
    from dupcheck.cli.app import run

    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        code = run()
    except KeyboardInterrupt:
        _say_interrupted()
        code = INTERRUPTED
    # Shutting down (flushing the report) is outside the command: the handler of the start again,
    # or none after an interrupt, which has been reported already.
    signal.signal(signal.SIGINT, signal.SIG_IGN if code == INTERRUPTED else _stop_now)
    sys.exit(code)


__all__ = ["main"]
