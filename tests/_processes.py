"""``dupcheck`` processes as the interrupt tests and ``bench/interrupts.py`` start and watch them:
the environment they run in, the process table read from ``/proc`` (Linux), and how a run that
got Ctrl-C ended."""

from __future__ import annotations

import os
import signal
from pathlib import Path


def environment() -> dict[str, str]:
    """This process's environment for a ``dupcheck`` run: no colour, a dumb terminal, and
    debug tracebacks off, whatever the caller's shell has set."""
    return {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "DUPCHECK_DEBUG": ""}


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def in_group(group: int) -> set[int]:
    """The live (not zombie) processes of process group ``group``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command may hold spaces and parentheses: fields follow the last ")".
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def classify(status: int, stderr: str, untouched: int) -> str:
    """How a run sent SIGINT ended, from its status and stderr: ``interrupted`` (130 and exactly
    one line), ``finished`` (``untouched``, the status of a run left alone, and no word of an
    interrupt), ``before dupcheck`` (killed by the signal with nothing said, or a traceback with
    no frame of dupcheck's: Python was still starting), or what went wrong."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    if "Traceback" in stderr:
        frames = [line for line in lines if line.lstrip().startswith('File "')]
        if not any("/dupcheck/" in line for line in frames):
            return "before dupcheck"
        return "traceback: " + lines[-1][:100]
    if status == 130 and lines == ["dupcheck: interrupted"]:
        return "interrupted"
    if status == -signal.SIGINT and not lines:
        return "before dupcheck"
    if status == untouched and "interrupted" not in stderr:
        return "finished"
    return f"status {status}, stderr {stderr.strip()[:120]!r}"
