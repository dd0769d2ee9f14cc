"""The bound on a command's clean-up after Ctrl-C (see :mod:`dupcheck.cli.entry`).

The first interrupt of a command starts a thread that ends the process ``CLEAN_UP_SECONDS``
later if the command has not ended by then, whatever the main thread is stuck on: a worker that
does not die, a lock never released, a pipe that nobody reads. A module of its own, loaded once
the program's interrupt handler is in place: the entry module is compiled before that handler
exists, so every line there lengthens the moment an interrupt still gets Python's handling.
"""

from __future__ import annotations

import _thread
import os
import select
import time
from collections.abc import Callable
from contextlib import suppress

CLEAN_UP_SECONDS = 10.0
"""How long a command may take to clean up after Ctrl-C before the watchdog ends the program:
far more than stopping workers and removing a partial output take on a loaded machine, little
enough that nobody reaches for ``kill -9``."""
LINE = b"dupcheck: interrupted\n"

_said = _thread.allocate_lock()
"""Held once the one line has been (or is being) said: whoever takes it says it, nobody else."""


def claim_line() -> bool:
    """Whether the caller is the one to say the interrupted line: the first to ask, the command
    or the watchdog."""
    return _said.acquire(False)


def _stderr_takes_a_line() -> bool:
    """Whether a short line written to stderr now goes through without waiting: a full pipe
    that nobody reads would block the write, and the watchdog with it."""
    poller = select.poll()
    poller.register(2, select.POLLOUT)
    return bool(poller.poll(0))


def start(kill_children: Callable[[], None], status: int) -> None:
    """From now on, end the process with ``status`` in ``CLEAN_UP_SECONDS`` unless it has ended:
    ``kill_children`` first, then the line unless it was said (or stderr would block it)."""
    try:  # noqa: SIM105 (the thread is the point; a comment says why it may be missing)
        _thread.start_new_thread(_watch, (kill_children, status))
    except RuntimeError:  # no thread to be had (a process limit): the clean-up goes unbounded
        pass


def _watch(kill_children: Callable[[], None], status: int) -> None:
    time.sleep(CLEAN_UP_SECONDS)
    kill_children()
    if claim_line() and _stderr_takes_a_line():
        with suppress(OSError):  # stderr closed: the status still tells
            os.write(2, LINE)
    os._exit(status)
