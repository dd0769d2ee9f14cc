"""Which files of a command-line case ``dupcheck`` may replace: the outputs it is told to write.

The contract is that nothing ``dupcheck`` reads is ever modified, and that an output resolving
to something it reads is refused. Replacing the file named by ``--output`` is what the option
is for (as ``ruff -o`` or ``black``'s output files), so such a file is not an input of the run
unless the command also reads it. Everything else in the case's folder stays protected, and
the test of "reads" is deliberately wide: every other argument of the command line is taken as
a path that may be read (a folder: every file under it), and a configuration file anywhere in
the folder is read (``compare`` and ``scan`` look for one from their inputs' folders).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

OUTPUT_OPTIONS = frozenset({"-o", "--output", "--write-baseline", "--output-format"})
"""Options whose value names a file the command writes (``--output-format`` as FORMAT:PATH)."""
CONFIG_NAMES = frozenset({"dupcheck.toml", "pyproject.toml"})


def _written_path(option: str, value: str) -> str:
    return value.partition(":")[2] if option == "--output-format" else value


def split_paths(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(read, written)``: the values of the output options, and every other argument."""
    read: list[str] = []
    written: list[str] = []
    args = iter(argv)
    for arg in args:
        option, equals, value = arg.partition("=")
        if arg in OUTPUT_OPTIONS:
            following = next(args, None)
            if following is not None:
                written.append(_written_path(arg, following))
        elif equals and option in OUTPUT_OPTIONS and option.startswith("--"):
            written.append(_written_path(option, value))
        elif arg.startswith("-o") and not arg.startswith("--") and len(arg) > 2:
            written.append(arg[2:])  # ``-oPATH``
        else:
            read.append(arg)
    return read, written


def _same(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file. Written here rather than taken from
    ``dupcheck.outputs.same_file``: the oracle must not share the code it checks."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _under(path: Path, folder: str) -> bool:
    top = os.path.realpath(folder)
    return os.path.isdir(top) and os.path.realpath(path).startswith(top.rstrip(os.sep) + os.sep)


def outputs(argv: Sequence[str], files: Iterable[Path]) -> frozenset[Path]:
    """The files among ``files`` (those of the case, before the run) that the command line
    ``argv`` names as an output and does not read: the ones it may replace."""
    read, written = split_paths(argv)
    found = set()
    for path in files:
        if path.name in CONFIG_NAMES or not any(_same(path, out) for out in written if out):
            continue
        if any(_same(path, other) or _under(path, other) for other in read if other):
            continue
        found.add(path)
    return frozenset(found)
