"""Which files git ignores, asked of git itself, so a scan skips build output, caches and
whatever else a repository's ``.gitignore`` files (nested ones, ``.git/info/exclude`` and the
user's global excludes included) leave out.

Git is asked once per repository with every candidate path (``git check-ignore --stdin``), so
the rules are git's own, not an imitation of them. Outside a repository, or where git is not
installed or fails, nothing is ignored: the scan reads what it would read without the option.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from dupcheck.corpus.config import repository_root

GIT_TIMEOUT = 600
"""Seconds git may take to answer for one repository before the scan goes on without it."""


@lru_cache(maxsize=4096)
def _repository_of(folder: str) -> Path | None:
    root = repository_root(Path(folder))
    return root if root is not None and (root / ".git").exists() else None


def ignored(paths: Iterable[str]) -> frozenset[str]:
    """The ``paths`` (as given) that git ignores."""
    by_repository: dict[Path, list[str]] = {}
    for path in paths:
        repository = _repository_of(os.path.dirname(os.path.abspath(path)))
        if repository is not None:
            by_repository.setdefault(repository, []).append(path)
    found: set[str] = set()
    for repository, members in by_repository.items():
        found |= _ask_git(repository, members)
    return frozenset(found)


def _ask_git(repository: Path, paths: list[str]) -> set[str]:
    # Absolute paths: git resolves them inside the repository, whatever the scan's working
    # directory; the answers are mapped back to the paths as given.
    absolute = {os.path.abspath(p): p for p in paths}
    data = b"".join(os.fsencode(p) + b"\0" for p in absolute)
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), "check-ignore", "--stdin", "-z"],
            input=data,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if done.returncode not in (0, 1):  # 1: nothing ignored; anything else: git failed
        return set()
    answers = (os.fsdecode(raw) for raw in done.stdout.split(b"\0") if raw)
    return {absolute[a] for a in answers if a in absolute}
