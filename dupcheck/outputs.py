"""Writing what dupcheck makes (reports, baselines) without ever losing or overwriting an input.

Two promises, for the command line and the library alike:

- a file is replaced atomically: the new bytes go to a temporary file in the same folder, are
  flushed to disk (``fsync``) and renamed over the old file, so a full disk, a crash or an
  interrupt leaves either the earlier file or the new one, never a truncated one;
- an output that resolves to one of the run's inputs (directly, through a symlink or a hard
  link) is refused before any work is done.

An existing output that is not a regular file (``/dev/null``, a FIFO, a terminal) is written in
place: renaming over a device would replace the device node.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from dupcheck.errors import InputError


def os_reason(exc: OSError, default: str = "cannot write") -> str:
    """An ``OSError`` as the lower-case reason of a one-line message."""
    return (exc.strerror or default).lower()


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(str(path), os_reason(exc, "cannot use")) from None


def check_writable(path: Path) -> None:
    """Raise ``InputError`` now, before any work, when ``path`` cannot take a report: a folder,
    a missing parent folder, or a file or folder this user may not write."""
    info = _stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(str(path), "is a directory")
    if info is not None and not os.access(path, os.W_OK):
        raise InputError(str(path), "permission denied")
    if info is None or stat.S_ISREG(info.st_mode):
        parent = Path(os.path.realpath(path)).parent
        if not parent.is_dir():
            raise InputError(str(path), "no such directory to write into")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise InputError(str(path), "permission denied (its folder is not writable)")


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same resolved path (symlinks followed, the
    file need not exist yet) or, both existing, the same inode (hard links)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(output: Path, inputs: Iterable[tuple[Path, str]]) -> None:
    """Raise ``InputError`` when ``output`` is one of ``inputs`` (a path and what it is, such
    as ``"input A"``): nothing a user passes is ever overwritten."""
    for path, what in inputs:
        if same_file(output, path):
            raise InputError(str(output), f"is {what} ({path}); refusing to overwrite it")


def inside(path: Path, tree: Path) -> bool:
    """Whether ``path`` lies under the folder ``tree`` (after resolving symlinks of both)."""
    real_tree = os.path.realpath(tree)
    top = real_tree if real_tree.endswith(os.sep) else real_tree + os.sep
    return os.path.realpath(path).startswith(top)


def _new_file_mode() -> int:
    # The mode ``open()`` would give a new file: mkstemp makes it 0600.
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see the module docstring); ``InputError`` with
    the reason when it cannot be written, the earlier file untouched."""
    info = _stat(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(str(path), "is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(path, data)
        return
    if info is not None and not os.access(path, os.W_OK):
        # A rename would succeed in a writable folder: the file's own mode says no.
        raise InputError(str(path), "permission denied")
    # Through a symlink: the file it points at is replaced, the link stays a link.
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(info.st_mode) if info is not None else _new_file_mode()
    # Imported here: tempfile brings random, shutil, bz2 and lzma, start-up time that a report
    # to standard output (a query from the shell) would pay for nothing.
    import tempfile

    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise InputError(str(path), os_reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(str(path), os_reason(exc)) from None
        raise
    _sync_folder(target.parent)


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InputError(str(path), os_reason(exc)) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every system lets a folder be opened (best effort)."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
