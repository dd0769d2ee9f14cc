"""Ctrl-C at any moment: ``python -m bench interrupts`` sends real SIGINTs to real ``dupcheck``
processes at delays spread over their whole life, and counts how each ended.

Each run gets its own process group and the signal goes to the whole group, as a terminal sends
it (the program and its workers alike). Four commands: ``compare`` of two long articles,
``scan`` of a folder with two workers, ``index build`` (two workers) and ``query``. A command is
first run once untouched, to learn how long it lives; then each SIGINT is sent at a delay drawn
from its own stratum of 0–120 % of that life (seeded), so the start, the middle and the end (the
report being written, the process leaving) are all hit. A separate sweep hits the first
instants of ``python -m dupcheck`` finely, to measure the window in which Python itself is still
starting and no line of dupcheck has run.

How a run may end: **interrupted** (status 130, exactly the line ``dupcheck: interrupted`` on
stderr, no traceback), **finished** (the signal came as it was leaving: the status of the
untouched run, and no word of an interrupt), or **before dupcheck** (status -2, or a traceback
with no dupcheck frame: Python was still starting). Anything else is a failure, as is any
process of its group still alive 10 s after the main process ended (an orphan worker).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from bench.common import table
from tests._processes import classify, environment, in_group

SEED = 130
PER_COMMAND = 80
"""SIGINTs over each command's life (four commands)."""
START_SIGNALS = 60
"""SIGINTs over the first ``START_SPAN`` seconds of a program's life."""
START_SPAN = 0.5
PATIENCE = 300.0
"""Seconds a run may take to end after its signal (a loaded machine is slow): a limit on
waiting, never a check of speed."""
ORPHAN_WAIT = 10.0


@dataclass
class Tally:
    sent: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    start_delays: list[float] = field(default_factory=list)
    """Delays at which Python was still starting (the signal came before dupcheck's code)."""


def _article(rng: random.Random, sentences: int) -> str:
    """An article whose sentences all resemble each other (few words, reshuffled): aligning
    two of them takes a while, so a run lives long enough to be interrupted in the middle."""
    words = [f"word{k}" for k in range(40)]
    return " ".join(
        " ".join(rng.choice(words) for _ in range(12)).capitalize() + "." for _ in range(sentences)
    )


def _files(root: Path) -> dict[str, list[str]]:
    """The inputs, and each command's arguments (``{db}`` is a fresh index file per run)."""
    rng = random.Random(SEED)
    tree = root / "tree"
    tree.mkdir()
    for n in range(30):
        (tree / f"article{n:02}.txt").write_text(_article(rng, 150), encoding="utf-8")
    a, b = root / "a.txt", root / "b.txt"
    a.write_text(_article(rng, 700), encoding="utf-8")
    b.write_text(_article(rng, 700), encoding="utf-8")
    archive = root / "archive.db"
    _dupcheck(["index", "build", str(tree), "--db", str(archive), "-j", "2", "-q"], None)
    return {
        "compare": ["compare", str(a), str(b)],
        "scan": ["scan", str(tree), "-j", "2"],
        "index build": ["index", "build", str(tree), "--db", "{db}", "-j", "2"],
        "query": ["query", "--db", str(archive), *(str(p) for p in sorted(tree.iterdir())[:10])],
    }


_INDEXES = count()
"""Numbers of the index files the runs of ``index build`` create (each a new file)."""


def _start(argv: list[str], scratch: Path | None) -> subprocess.Popen[bytes]:
    if scratch is not None:
        db = str(scratch / f"index-{next(_INDEXES)}.db")
        argv = [db if a == "{db}" else a for a in argv]
    return subprocess.Popen(
        [sys.executable, "-m", "dupcheck", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
        start_new_session=True,  # its own process group, as a terminal gives a job
    )


def _dupcheck(argv: list[str], scratch: Path | None) -> tuple[int, str, float]:
    began = time.monotonic()
    proc = _start(argv, scratch)
    _, err = proc.communicate(timeout=PATIENCE)
    return proc.returncode, err.decode("utf-8", "replace"), time.monotonic() - began


def interrupt(
    argv: list[str], delay: float, untouched: tuple[int, str], scratch: Path
) -> tuple[str, bool]:
    """One run, Ctrl-C after ``delay`` seconds: its outcome, and whether it left an orphan."""
    proc = _start(argv, scratch)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # the group is gone already: it finished
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=PATIENCE)
    outcome = classify(proc.returncode, err.decode("utf-8", "replace"), untouched[0])
    deadline = time.monotonic() + ORPHAN_WAIT
    while in_group(proc.pid):
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            return outcome, True
        time.sleep(0.05)
    return outcome, False


def sweep(per_command: int, start_signals: int, *, seed: int = SEED) -> dict[str, Tally]:
    """Every command's sweep, and the start sweep (as ``python start``)."""
    rng = random.Random(seed)
    tallies: dict[str, Tally] = {}
    # Runs start with SIGINT at its default, as a terminal starts a job: started from the
    # background of a shell, this process has it ignored, which its children would inherit (a
    # handler is reset to the default in them).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="dupcheck-interrupts-") as tmp:
        root = Path(tmp)
        commands = _files(root)
        scratch = root / "scratch"
        scratch.mkdir()
        plans: list[tuple[str, list[str], float, tuple[int, str]]] = []
        for name, argv in commands.items():
            status, err, life = _dupcheck(argv, scratch)
            stops = [(k + rng.random()) / per_command * 1.2 * life for k in range(per_command)]
            plans += [(name, argv, delay, (status, err)) for delay in stops]
        status, err, _ = _dupcheck(["--version"], None)
        for k in range(start_signals):
            delay = (k + rng.random()) / start_signals * START_SPAN
            plans.append(("python start", ["--version"], delay, (status, err)))
        rng.shuffle(plans)  # the machine's load drifts: spread it over every command alike
        for name, argv, delay, untouched in plans:
            tally = tallies.setdefault(name, Tally())
            tally.sent += 1
            outcome, orphan = interrupt(argv, delay, untouched, scratch)
            tally.outcomes["orphan" if orphan else outcome] += 1
            # Python's start is over long before START_SPAN: a -2 later is dupcheck's own.
            late = outcome == "before dupcheck" and delay > START_SPAN
            if late or orphan or outcome not in ("interrupted", "finished", "before dupcheck"):
                tally.failures.append(f"{name} at {delay:.3f} s: {outcome}, orphan {orphan}")
            if outcome == "before dupcheck":
                tally.start_delays.append(delay)
    return dict(sorted(tallies.items()))


def run(data: Path, *, quick: bool) -> str:
    del data  # made here: nothing is read from the corpora
    per_command, start_signals = (20, 20) if quick else (PER_COMMAND, START_SIGNALS)
    # Runs start with SIGINT at its default, as a terminal's job does: a study run as a
    # background job of a shell script ignores it, the runs would inherit that, and a Ctrl-C
    # before dupcheck's handler is in place would be dropped (counted as "finished").
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        tallies = sweep(per_command, start_signals)
    finally:
        if before is not None:  # None: a handler set outside Python, which cannot be put back
            signal.signal(signal.SIGINT, before)
    rows = []
    for name, t in tallies.items():
        other = t.sent - sum(t.outcomes[k] for k in ("interrupted", "finished", "before dupcheck"))
        rows.append(
            [
                name,
                t.sent,
                t.outcomes["interrupted"],
                t.outcomes["finished"],
                t.outcomes["before dupcheck"],
                other,
                t.outcomes["orphan"],
            ]
        )
    start = tallies.get("python start", Tally())
    share = len(start.start_delays) / start.sent if start.sent else 0.0
    latest = max(start.start_delays, default=0.0)
    failures = [line for t in tallies.values() for line in t.failures]
    headers = ["command", "SIGINTs", "interrupted", "finished", "before dupcheck", "other"]
    headers.append("orphan")
    return "\n".join(
        [
            "## Interrupts (real SIGINTs to the process group)",
            "",
            f"{sum(t.sent for t in tallies.values())} SIGINTs, each to the process group of a "
            "fresh `python -m dupcheck` run, as a terminal sends Ctrl-C: over each command's "
            "whole life (0–120 % of an untouched run's), and over the first "
            f"{START_SPAN * 1000:.0f} ms of `dupcheck --version`. **interrupted**: status 130, "
            "exactly one line (`dupcheck: interrupted`), no traceback; **finished**: the signal "
            "came as the process left: the untouched run's status, no word of an interrupt; "
            "**before dupcheck**: status -2 or a traceback of Python's own start, before "
            "dupcheck's first line ran; **other**: anything else; **orphan**: a process of the "
            f"group alive {ORPHAN_WAIT:.0f} s after the main one ended.",
            "",
            table(headers, rows),
            "",
            f"Python's start, out of dupcheck's reach: {len(start.start_delays)} of the "
            f"{start.sent} SIGINTs in the first {START_SPAN * 1000:.0f} ms "
            f"({share:.0%}, a window of about {share * START_SPAN * 1000:.0f} ms after the "
            f"process is started; the latest at {latest * 1000:.0f} ms).",
            "",
            "Failures:" if failures else "No failure.",
            *(f"- {line}" for line in failures),
        ]
    )
