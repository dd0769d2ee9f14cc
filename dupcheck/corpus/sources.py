"""Which files a scan reads: the scanned paths (one folder, or any files and folders) and the
``--against`` archives, each file once.

One folder is the classic scan: its files are named relative to it. Files and folders (``scan
PATH…``, a CI job's list of changed files) are named relative to their deepest common folder,
which becomes the result's ``root``; only the listed files, and the files under the listed
folders, are new. When they lie inside an archive, the archive's walk leaves out exactly them:
a pull request's changed article is new, its unchanged neighbours are the archive.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dupcheck.corpus.types import ScanOptions
from dupcheck.corpus.urls import filesystem, first_line, is_url
from dupcheck.corpus.walk import CONFIG_FILES, Source, discover, globs
from dupcheck.errors import InputError

LOCAL_ONLY = "a URL is read by the Dask engine only: scan it with --engine dask --scheduler ADDRESS"


@dataclass(frozen=True, slots=True)
class Sources:
    """What a scan reads."""

    root: Path
    """The scanned folder, or the deepest folder holding every scanned path."""
    new: list[Source]
    """Named relative to ``root``."""
    archive: list[Source]
    """Named by their archive's path as given, joined with their path inside it."""


def check_dir(path: Path, what: str) -> None:
    if not path.exists():
        raise InputError(str(path), f"no such {what} directory")
    if not path.is_dir():
        raise InputError(str(path), f"the {what} is not a directory")
    try:
        os.scandir(path).close()
    except OSError as exc:
        raise InputError(str(path), (exc.strerror or "cannot list").lower()) from None


def archive_folders(roots: Sequence[Path], against: Path | Sequence[Path] | None) -> list[Path]:
    """The ``--against`` folders, checked, each once (by real path), in the order given."""
    given = [] if against is None else [against] if isinstance(against, str | Path) else against
    scanned = {os.path.realpath(r) for r in roots}
    found: dict[str, Path] = {}
    for archive in map(Path, given):
        check_dir(archive, "--against")
        real = os.path.realpath(archive)
        if real in scanned:
            raise InputError(str(archive), "--against is the scanned directory itself")
        found.setdefault(real, archive)
    return list(found.values())


def common_root(paths: Sequence[Path]) -> Path:
    """The deepest folder holding every path (a file's own folder when it is alone), spelled as
    given when every path is relative, so names and messages read as the user wrote them."""
    if not paths:
        return Path(".")
    spelled = [os.path.normpath(p) for p in paths]
    if any(os.path.isabs(p) for p in spelled):
        spelled = [os.path.abspath(p) for p in spelled]
    folders = [p if os.path.isdir(p) else os.path.dirname(p) or "." for p in spelled]
    return Path(os.path.commonpath(folders) or ".")


def _listed(root: Path, paths: Sequence[Path], options: ScanOptions) -> list[Source]:
    """The listed files that the include and exclude globs (tried on their path from ``root``)
    take, and the files under the listed folders; each file once."""
    included, excluded = globs(options.include), globs(options.exclude)
    found: dict[str, Source] = {}
    for path in paths:
        rel = Path(os.path.relpath(path, root)).as_posix()
        if path.is_dir():
            prefix = "" if rel == "." else rel
            for source in discover(path, options, prefix=prefix):
                found.setdefault(os.path.abspath(source.path), source)
            continue
        if not path.exists():
            raise InputError(str(path), "no such file or directory")
        hidden = any(part.startswith(".") for part in rel.split("/") if part != "..")
        if hidden or path.name in CONFIG_FILES or not included(rel) or excluded(rel):
            continue
        found.setdefault(os.path.abspath(path), Source(str(path), rel))
    return sorted(found.values(), key=lambda s: s.name)


def gather(
    scanned: Path | Sequence[Path],
    options: ScanOptions,
    against: Path | Sequence[Path] | None = None,
    *,
    skip: frozenset[str] = frozenset(),
) -> Sources:
    """The files to read; ``skip`` holds real paths of folders a scanned folder's walk leaves
    out (an archive index's folder). Raises ``InputError`` for a missing path or archive, an
    archive that is the scanned folder itself, or a single scanned path that is not a folder."""
    for given in [scanned] if isinstance(scanned, str | Path) else scanned:
        if isinstance(given, str) and is_url(given):
            raise InputError(given, LOCAL_ONLY)
    if isinstance(scanned, str | Path):
        root = Path(scanned)
        check_dir(root, "scanned")
        archives = archive_folders([root], against)
        reals = [os.path.realpath(a) for a in archives]
        new = discover(root, options, skip_dirs=frozenset(reals) | skip)
        inner = {os.path.realpath(root)}
        listed: set[str] = set()
    else:
        paths = [Path(p) for p in scanned]
        root = common_root(paths)
        archives = archive_folders([p for p in paths if p.is_dir()], against)
        reals = [os.path.realpath(a) for a in archives]
        new = _listed(root, paths, options)
        inner = {os.path.realpath(p) for p in paths if p.is_dir()}
        listed = {os.path.abspath(s.path) for s in new}
    if options.respect_gitignore:
        new = _not_ignored(new, [root] if isinstance(scanned, str | Path) else paths)
    archive: list[Source] = []
    # Nothing new, nothing to report: the archive is not read (a pull request that changes no
    # article costs nothing).
    for folder, real in zip(archives if new else [], reals, strict=False):
        prefix = folder.as_posix().rstrip("/") or "/"
        # Another archive inside this one is read once, as itself; so are the scanned folders.
        skip = frozenset({*inner, *reals}) - {real}
        walked = discover(folder, options, prefix=prefix, skip_dirs=skip)
        archive += [s for s in walked if os.path.abspath(s.path) not in listed]
    if options.respect_gitignore:
        archive = _not_ignored(archive, archives)
    return Sources(root, new, archive)


def _not_ignored(sources: list[Source], given: Sequence[Path]) -> list[Source]:
    """``sources`` less what git ignores. A path named on the command line is read even when
    git ignores it as a whole (a folder under a build or cache directory), as ruff and ripgrep
    do: only what git leaves out *inside* an unignored path is left out."""
    from dupcheck.corpus.gitignore import ignored

    left_out = ignored(s.path for s in sources)
    if not left_out:
        return sources
    named = [os.path.abspath(p) for p in ignored(str(p) for p in given)]

    def inside_named(path: str) -> bool:
        full = os.path.abspath(path)
        return any(full == n or full.startswith(n.rstrip(os.sep) + os.sep) for n in named)

    return [s for s in sources if s.path not in left_out or inside_named(s.path)]


def discover_url(url: str, options: ScanOptions) -> tuple[str, list[Source]]:
    """The files to read at ``url`` (`dupcheck.corpus.urls`) and the root they are named from,
    as `discover` finds a local folder's: hidden files and folders, the configuration files and
    excluded folders left out, the include and exclude globs tried on paths from the root,
    sorted by name. Each source's path is its URL. A URL of one file is that file, named from
    its folder, as a file given alone is. Runs where the files can be listed (a Dask worker).
    git's ignore rules and symlinked copies are a local tree's: not looked for here.

    Raises ``InputError`` for a URL that is neither a folder nor a file, or cannot be listed.
    """
    fs, root = filesystem(url)
    included, excluded = globs(options.include), globs(options.exclude)
    try:
        if fs.isfile(root):
            folder, _, name = url.rstrip("/").rpartition("/")
            hidden = name.startswith(".") or name in CONFIG_FILES
            keep = not hidden and included(name) and not excluded(name)
            return folder, [Source(url, name)] if keep else []
        if not fs.isdir(root):
            raise InputError(url, "no such scanned directory")
        listed = fs.find(root, withdirs=False)
    except InputError:
        raise
    except Exception as exc:  # each back end has its own errors for a store it cannot list
        raise InputError(url, f"cannot list: {first_line(exc)}") from None
    inside = root.rstrip("/") + "/"
    found = []
    for path in listed:
        if not path.startswith(inside):
            continue
        rel = path[len(inside) :]
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts) or parts[-1] in CONFIG_FILES:
            continue
        folders = ("/".join(parts[: k + 1]) for k in range(len(parts) - 1))
        if included(rel) and not excluded(rel) and not any(map(excluded, folders)):
            found.append(Source(fs.unstrip_protocol(path), rel))
    return url.rstrip("/"), sorted(found, key=lambda s: s.name)
