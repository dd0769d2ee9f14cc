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

# ``_signal`` is built into the interpreter, so the handler is in place before any file is read
# (``signal`` is a module on disk, and an interrupt while it loads would escape); ``os`` is
# loaded by the interpreter's own start already.
import _signal  # type: ignore[import-not-found]
import os

INTERRUPTED = 130
"""128 + SIGINT, as shells report a program that Ctrl-C ended (``ExitCode.INTERRUPTED``)."""


def _say_interrupted() -> None:
    # A second Ctrl-C while the line is written must not interrupt it.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    try:  # noqa: SIM105 (contextlib is a file to load; this may run before it is)
        os.write(2, b"dupcheck: interrupted\n")
    except OSError:  # stderr closed: the status still tells
        pass


def _stop_now(signum: int, frame: object) -> None:
    """Outside a command there is nothing to clean up: say so and end the process here."""
    _say_interrupted()
    os._exit(INTERRUPTED)


_signal.signal(_signal.SIGINT, _stop_now)


def main() -> None:
    """Run the command line and exit with its status."""
    import signal
    import sys

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
