"""The ``dupcheck`` program's entry point, and the one place an interrupt (Ctrl-C) ends it.

Importing this module installs the program's interrupt handler before anything else is loaded.
Outside a command (while the command line loads: numpy, rapidfuzz, click take a noticeable time;
and once the command has finished) an interrupt ends the program at once: one line, its worker
processes killed, status 130. While a command runs, the first interrupt is a
``KeyboardInterrupt`` as usual, so a scan stops its workers and leaves no partial output file,
and says so in one line; further ones are ignored while it does (a second line, or a second
exception inside the clean-up, is what they would bring). The clean-up is bounded: that first
interrupt starts :mod:`dupcheck.cli.watchdog`, which ends the program the same way if the
command is stuck.

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
# (``signal`` is a module on disk, and an interrupt while it loads would escape); ``os`` is
# loaded by the interpreter's own start already.
import _signal  # type: ignore[import-not-found]
import os

INTERRUPTED = 130
"""128 + SIGINT, as shells report a program that Ctrl-C ended (``ExitCode.INTERRUPTED``)."""


def _say_interrupted() -> None:
    # Further interrupts must not interrupt the line, nor add a second one: ignored from here
    # on, as both callers end the process with ``os._exit`` and never restore the handler.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    try:  # noqa: SIM105 (contextlib is a file to load; this may run before it is)
        os.write(2, b"dupcheck: interrupted\n")
    except OSError:  # stderr closed: the status still tells
        pass


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


def _interrupt_command(signum: int, frame: object) -> None:
    """The first interrupt during a command: a ``KeyboardInterrupt``, so the command cleans up
    and reports it, in a bounded time; the next ones are ignored."""
    from dupcheck.cli import watchdog  # loaded by main() already

    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    watchdog.start(_kill_children, INTERRUPTED)
    raise KeyboardInterrupt


_AGAIN_AFTER = 0.01
"""Seconds before a dropped interrupt is raised again: the hook has returned by then."""


def _raise_again(signum: int, frame: object) -> None:
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    raise KeyboardInterrupt


def _unraisable(args: object) -> None:
    """``sys.unraisablehook``: Python prints and drops an exception raised where it cannot pass
    it on, as the interrupt is when it lands in a callback the interpreter runs on its own (a
    module lock's, while a module is imported). Such an interrupt is raised again at the next
    point where it can be, so the command still stops and cleans up; anything else is printed
    as Python would."""
    import sys

    if isinstance(getattr(args, "exc_value", None), KeyboardInterrupt):
        import _thread
        import threading

        _signal.signal(_signal.SIGINT, _raise_again)
        # From another thread, a moment later: raised inside this hook, it would be dropped
        # again (and then it is simply raised again, until it lands where it can be).
        threading.Timer(_AGAIN_AFTER, _thread.interrupt_main).start()
        return
    sys.__unraisablehook__(args)  # type: ignore[arg-type]


_signal.signal(_signal.SIGINT, _stop_now)


def _finish(code: int) -> None:
    """Flush the command's output and end the process with ``code``, without the interpreter's
    shutdown (an interrupt meanwhile still ends it with one line and 130)."""
    import sys
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
    import sys

    from dupcheck.cli import watchdog
    from dupcheck.cli.app import run

    sys.unraisablehook = _unraisable
    try:
        _signal.signal(_signal.SIGINT, _interrupt_command)
        code = run()
        # An interrupt up to this line is a KeyboardInterrupt, caught below; from here on it
        # ends the program at once (unless the command was interrupted, and said so, already).
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN if code == INTERRUPTED else _stop_now)
        if code == INTERRUPTED:
            watchdog.claim_line()  # said by the command: the watchdog, if it fires, adds none
    except KeyboardInterrupt:
        if watchdog.claim_line():  # else the watchdog has said it, and is ending the process
            _say_interrupted()
        code = INTERRUPTED
    except SystemExit as exc:  # a sys.exit() inside the command: its status, the same way out
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    _finish(code)


__all__ = ["main"]
