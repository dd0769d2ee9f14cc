"""Private virtualenvs for peers whose pins conflict with ours.

text-dedup 0.4.0 pins ``rich<14`` and pulls pyspark and datasets, so it cannot live in the
project's environment. The bench makes it a virtualenv of its own under ``bench/.peers/``
(git-ignored) the first time a study needs it, with the ordinary ``python -m venv`` and ``pip
install``, and records how long that took so the results can say so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PEERS = Path(__file__).resolve().parent / ".peers"
MARKER = "dupcheck-bench-env.json"
"""Written into the venv once its packages are installed: an env without it is incomplete."""
SETUP_TIMEOUT = 1200.0


class PeerUnavailable(Exception):
    """A peer cannot run on this machine; the message says why (it goes into the table)."""


@dataclass(frozen=True, slots=True)
class PeerEnv:
    name: str
    python: Path
    requirements: tuple[str, ...]
    setup_seconds: float
    """Wall time of ``python -m venv`` plus ``pip install`` when the env was made."""
    made: str
    """When it was made (ISO date and time)."""
    made_now: bool
    """Made by this call (else reused from an earlier run)."""


def _tail(text: str, lines: int = 6) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:])


def _read_marker(directory: Path, requirements: tuple[str, ...]) -> PeerEnv | None:
    try:
        data = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    python = directory / "bin" / "python"
    if tuple(data.get("requirements", ())) != requirements or not python.exists():
        return None
    return PeerEnv(
        name=directory.name, python=python, requirements=requirements,
        setup_seconds=float(data["setup_seconds"]), made=str(data["made"]), made_now=False,
    )  # fmt: skip


def ensure_env(
    name: str, requirements: Sequence[str], *, root: Path = PEERS, base_python: str | None = None
) -> PeerEnv:
    """The virtualenv ``root/name`` with ``requirements`` installed, made now if missing.

    Raises :class:`PeerUnavailable` with pip's own last words when it cannot be made (no
    network, no wheel for this Python, …). A half-made env is removed and made again.
    """
    reqs = tuple(requirements)
    directory = root / name
    found = _read_marker(directory, reqs)
    if found is not None:
        return found
    if directory.exists():
        shutil.rmtree(directory)
    root.mkdir(parents=True, exist_ok=True)
    # The interpreter this bench runs on (a venv's python makes a venv of its base interpreter).
    python = base_python or sys.executable
    start = time.perf_counter()
    steps = [
        [python, "-m", "venv", str(directory)],
        [str(directory / "bin" / "python"), "-m", "pip", "install", "--quiet", *reqs],
    ]
    for argv in steps:
        try:
            done = subprocess.run(
                argv, check=False, capture_output=True, text=True, timeout=SETUP_TIMEOUT
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PeerUnavailable(f"`{' '.join(argv[-3:])}` failed: {exc}") from exc
        if done.returncode:
            raise PeerUnavailable(
                f"`{' '.join(argv[2:])}` exited {done.returncode}: {_tail(done.stderr)}"
            )
    seconds = time.perf_counter() - start
    made = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    (directory / MARKER).write_text(
        json.dumps({"requirements": list(reqs), "setup_seconds": seconds, "made": made}),
        encoding="utf-8",
    )
    return PeerEnv(
        name=name, python=directory / "bin" / "python", requirements=reqs,
        setup_seconds=seconds, made=made, made_now=True,
    )  # fmt: skip
