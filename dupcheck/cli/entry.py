"""The ``dupcheck`` program's entry point, and the one place an interrupt (Ctrl-C) ends it.

Importing this module installs the program's interrupt handler before anything else is loaded.
Outside a command (while the command line loads: numpy, rapidfuzz, click take a noticeable time;
and once the command has finished) an interrupt ends the program at once: one line, its worker
processes killed, status 130. While a command runs, the first interrupt is a
``KeyboardInterrupt`` as usual, so a scan stops its workers and leaves no partial output file,
and says so in one line; further ones are ignored while it does (a second line, or a second
exception inside the clean-up, is what they would bring). The clean-up is bounded: a watchdog
thread, started by that first interrupt, ends the program the same way (its workers killed, the
line unless it was said, status 130) if the command has not ended ``CLEAN_UP_SECONDS`` later,
whatever the command is stuck on: a worker that does not die, a lock never released, a pipe
that nobody reads.

The program never goes through the interpreter's shutdown: it flushes its output and leaves
with ``os._exit``. Shutting down resets the interrupt handler to the system's default before the
process is gone, and an interrupt in that last moment killed the program by SIGINT (status -2)
after its work was done. Only an interrupt while Python itself starts, before this module's
first lines run, gets Python's own handling.

Only the program imports this module (the ``dupcheck`` script and ``python -m dupcheck``): the
handler is the program's, never a library caller's.
"""

from __future__ import annotations

# ``_signal`` is built into the interpreter, so the handler is in place before any file is read
# (``signal`` is a module on disk, and an interrupt while it loads would escape); so are
# ``_thread``, ``sys`` and ``time``, and ``os`` is loaded by the interpreter's own start already.
import _signal  # type: ignore[import-not-found]
import _thread
import os
import sys
import time

INTERRUPTED = 130
"""128 + SIGINT, as shells report a program that Ctrl-C ended (``ExitCode.INTERRUPTED``)."""
CLEAN_UP_SECONDS = 10.0
"""How long a command may take to clean up after Ctrl-C before the watchdog ends the program:
far more than stopping workers and removing a partial output take on a loaded machine, little
enough that nobody reaches for ``kill -9``."""

_said = _thread.allocate_lock()
"""Held once the one line has been (or is being) said: whoever takes it says it, nobody else."""


def _stderr_takes_a_line() -> bool:
    """Whether a short line written to stderr now would go through without waiting: a full
    pipe that nobody reads would block the write, and whoever writes with it."""
    select = sys.modules.get("select")
    if select is None:  # not loaded yet (the program is starting): write, as before
        return True
    poller = select.poll()
    poller.register(2, select.POLLOUT)
    return bool(poller.poll(0))


def _say_once() -> None:
    """The one line, unless it was said already or stderr would block it (any thread)."""
    if not _said.acquire(False) or not _stderr_takes_a_line():
        return
    try:  # noqa: SIM105 (contextlib is a file to load; this may run before it is)
        os.write(2, b"dupcheck: interrupted\n")
    except OSError:  # stderr closed: the status still tells
        pass


def _say_interrupted() -> None:
    # Further interrupts must not interrupt the line, nor add a second one: ignored from here
    # on, as both callers end the process with ``os._exit`` and never restore the handler.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    _say_once()


def _kill_children() -> None:
    """Kill this process's child processes (scan workers, ``git``): none may outlive it. Each
    thread's children are listed by the kernel in ``/proc/self/task/TID/children``."""
    try:
        threads = os.listdir("/proc/self/task")
    except OSError:  # not Linux: workers end themselves when their parent is gone
        return
    for thread in threads:
        try:
            with open(f"/proc/self/task/{thread}/children", "rb") as handle:
                children = handle.read().split()
        except OSError:
            continue
        for child in children:
            try:  # noqa: SIM105 (as above)
                os.kill(int(child), _signal.SIGKILL)
            except OSError:  # already gone
                pass


def _stop_now(signum: int, frame: object) -> None:
    """Outside a command: say so, kill the workers and end the process here."""
    _say_interrupted()
    _kill_children()
    os._exit(INTERRUPTED)


def _watch_clean_up() -> None:
    """The watchdog: once ``CLEAN_UP_SECONDS`` have passed, end the program as ``_stop_now``
    does (from this thread, so whatever the main thread is stuck on)."""
    time.sleep(CLEAN_UP_SECONDS)
    _kill_children()
    _say_once()
    os._exit(INTERRUPTED)


def _interrupt_command(signum: int, frame: object) -> None:
    """The first interrupt during a command: a ``KeyboardInterrupt``, so the command cleans up
    and reports it, with ``CLEAN_UP_SECONDS`` to do so; the next ones are ignored."""
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    try:  # noqa: SIM105 (as above)
        _thread.start_new_thread(_watch_clean_up, ())
    except RuntimeError:  # no thread to be had (a process limit): the interrupt still counts
        pass
    raise KeyboardInterrupt


_signal.signal(_signal.SIGINT, _stop_now)


def _finish(code: int) -> None:
    """Flush the command's output and end the process with ``code``, without the interpreter's
    shutdown (an interrupt meanwhile still ends it with one line and 130)."""
    from contextlib import suppress

    for stream in (sys.stdout, sys.stderr):
        # A closed or broken pipe: the report cannot be delivered, and the status says so.
        with suppress(OSError, ValueError):
            stream.flush()
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    _kill_children()
    os._exit(code)


def main() -> None:
    """Run the command line and exit with its status."""
    # ``select`` is for _stderr_takes_a_line: a signal handler should not have to import it.
    import select  # noqa: F401

    from dupcheck.cli.app import run

    try:
        _signal.signal(_signal.SIGINT, _interrupt_command)
        code = run()
        # An interrupt up to this line is a KeyboardInterrupt, caught below; from here on it
        # ends the program at once (unless the command was interrupted, and said so, already).
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN if code == INTERRUPTED else _stop_now)
        if code == INTERRUPTED:
            _said.acquire(False)  # by the command: the watchdog, if it fires now, adds none
    except KeyboardInterrupt:
        _say_interrupted()
        code = INTERRUPTED
    except SystemExit as exc:  # a sys.exit() inside the command: its status, the same way out
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    _finish(code)


__all__ = ["main"]
