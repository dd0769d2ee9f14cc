"""``dupcheck scan``'s outputs checked against its inputs before any work: a report or baseline
never overwrites a file the scan reads, its configuration, an index or another output."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import InputError
from dupcheck.outputs import check_writable, refuse_inputs

if TYPE_CHECKING:
    from dupcheck.corpus.config import ConfigValues


def refuse_overwrites(
    scanned: Path | Sequence[Path],
    *,
    against: tuple[Path, ...],
    options: ScanOptions,
    config: ConfigValues,
    outputs: list[Path],
    baseline: Path | None,
    write_baseline: Path | None,
) -> None:
    """Refuse, before any work, an output that would overwrite an input: a file the scan reads
    (or would read, once written, in a scanned folder), the configuration, an index, the
    baseline read (unless it is the baseline being rewritten), or another output."""
    from dupcheck.corpus.walk import would_read

    given = [scanned] if isinstance(scanned, Path) else list(scanned)
    trees = [p for p in (*given, *against) if p.is_dir()]
    inputs: list[tuple[Path, str]] = [(p, "an input") for p in (*given, *against) if not p.is_dir()]
    if config.path is not None:
        inputs.append((config.path, "the configuration file"))
    targets = [(p, "the report") for p in outputs]
    if write_baseline is not None:
        targets.append((write_baseline, "the baseline to write"))
    for at, (target, what) in enumerate(targets):
        check_writable(target)
        for tree in trees:
            if would_read(tree, target, options):
                raise InputError(
                    str(target),
                    f"{what} would be an article of {tree}; write it outside the scanned "
                    "folder (or under a hidden name)",
                )
        refuse_inputs(target, inputs)
        others = [(p, f"also {w}") for p, w in targets[at + 1 :]]
        if target != write_baseline and baseline is not None:
            others.append((baseline, "the baseline"))
        refuse_inputs(target, others)
