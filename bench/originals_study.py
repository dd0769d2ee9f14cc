"""Which copy is the original: how often scan names a story's true original, by the content
rule alone (before dates) and with dates (`dupcheck.corpus.dates`), in one scan each.

The corpora are the scan study's ``bench.synth`` pages (``bench.scan_study.corpus``): an
original and its copies, each page dressed by its outlet, dated by its own chrome and dateline
as the outlet writes them (a copy's page date is its original's or up to two days later), files
saved in one run. "Before" is ``build_clusters(pairs)`` of the same scan's pairs (the content
rule that named originals until dates came in), "after" the scan's own clusters.

``--against``: the same pages split in two, hard links into a temporary folder: the copies are
the new folder, everything else the archive (folder, then an index of it built by ``index
build``). Reported: among clusters holding an archive page, the share whose original is an
archive page (the true original: in this split every copy's original is archived), and how many
annotations (github, gitlab, SARIF choose the same side) sit on an archive file.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench.common import link_tree, table
from bench.scan_study import FULL, QUICK, corpus
from bench.truth import Truth
from dupcheck.corpus.clusters import build_clusters
from dupcheck.corpus.dates import earliest
from dupcheck.corpus.indexing import build
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import Cluster, OriginalBy, ScanOptions, ScanResult
from dupcheck.report.scan_common import annotated_sides, precedence_of

JOBS = 2


def _pure(clusters: Sequence[Cluster], true_original: dict[str, str]) -> list[Cluster]:
    """Clusters whose members are all pages of one story (what "right" can be judged on)."""
    return [
        c
        for c in clusters
        if c.members[0] in true_original and len({true_original.get(m) for m in c.members}) == 1
    ]


def _right(clusters: Sequence[Cluster], true_original: dict[str, str]) -> str:
    pure = _pure(clusters, true_original)
    right = sum(c.original == true_original[c.members[0]] for c in pure)
    return f"{right}/{len(pure)} ({right / max(1, len(pure)):.0%})"


def _kept(clusters: Sequence[Cluster], result: ScanResult, true_original: dict[str, str]) -> str:
    """Of the clusters the dates narrowed, how many kept the true original in the running (the
    content rule then chooses among those left)."""
    dates = {d.name: d for d in result.dates}
    pure = [c for c in _pure(clusters, true_original) if true_original[c.members[0]] in c.members]
    kept = sum(true_original[c.members[0]] in earliest(c.members, dates)[0] for c in pure)
    return f"{kept}/{len(pure)} ({kept / max(1, len(pure)):.0%})"


def _folder_rows(level: str, root: Path) -> list[list[object]]:
    truth = Truth.read(root / "truth.json")
    true_original = {m: s.original for s in truth.stories for m in (s.original, *s.copies)}
    result = scan(root, options=ScanOptions(jobs=JOBS))
    before = build_clusters(result.pairs)
    by_date = [c for c in result.clusters if c.original_by is OriginalBy.DATE]
    by = Counter(c.original_by.value for c in result.clusters)
    sources = Counter(d.source.value for d in result.dates)
    return [
        [
            level,
            len(result.clusters),
            _right(before, true_original),
            _right(result.clusters, true_original),
            _right(by_date, true_original),
            _kept(by_date, result, true_original),
            ", ".join(f"{k} {v}" for k, v in sorted(by.items())),
            ", ".join(f"{k} {v}" for k, v in sorted(sources.items())),
        ]
    ]


def _against_row(label: str, result: ScanResult, archive: str) -> list[object]:
    def archived(name: str) -> bool:
        return name.startswith(archive)

    def share(clusters: Sequence[Cluster]) -> str:
        held = [c for c in clusters if any(map(archived, c.members))]
        named = sum(archived(c.original) for c in held)
        return f"{named}/{len(held)} ({named / max(1, len(held)):.0%})"

    precedence = precedence_of(result)
    shown = [p for p in result.pairs if not p.baselined]
    on_archive = sum(archived(annotated_sides(p, precedence)[0]) for p in shown)
    return [
        label,
        share(build_clusters(result.pairs)),
        share(result.clusters),
        f"{on_archive}/{len(shown)}",
    ]


def _against_rows(level: str, root: Path) -> list[list[object]]:
    truth = Truth.read(root / "truth.json")
    copies = {c for s in truth.stories for c in s.copies}
    pages = sorted(root.rglob("*.txt"))
    new_pages = [p for p in pages if p.relative_to(root).as_posix() in copies]
    old_pages = [p for p in pages if p.relative_to(root).as_posix() not in copies]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-originals-") as tmp:
        work = Path(tmp)
        archive, new, db = work / "archive", work / "new", work / "archive.db"
        link_tree(old_pages, root, archive)
        link_tree(new_pages, root, new)
        options = ScanOptions(jobs=JOBS)
        build(archive, db, options, jobs=JOBS)
        prefix = archive.as_posix() + "/"
        for kind, against in (("folder", archive), ("index", db)):
            result = scan(new, options=options, against=against)
            rows.append([level, *_against_row(f"--against {kind}", result, prefix)])
    return rows


def run(data: Path, *, quick: bool) -> str:
    plan = QUICK if quick else FULL
    folder: list[list[object]] = []
    against: list[list[object]] = []
    for level in plan.levels:
        root = corpus(data, level, plan)
        folder += _folder_rows(level, root)
        against += _against_rows(level, root)
    section = "\n".join(
        [
            "## Which copy is the original",
            "",
            f"`python -m bench originals` — `bench.synth` corpora of the scan study "
            f"({plan.originals} stories, {plan.distractors} distractors a level). Before: the "
            "content rule alone, on the same scan's pairs; after: dates first "
            "(`dupcheck.corpus.dates`).",
            "",
            "One folder: story clusters (every member one story's page) whose original is the "
            "true one, in all and among those the dates named; of those the dates narrowed (and "
            "that hold their true original), how many kept it in the running for the content "
            "rule; which rule named each original; where the paired pages' dates came from.",
            "",
            table(
                [
                    "level",
                    "clusters",
                    "right before",
                    "right after",
                    "right, named by date",
                    "true original kept by the dates",
                    "named by",
                    "dates",
                ],
                folder,
            ),
            "",
            "New copies `--against` an archive of everything else (so every true original is "
            "archived): clusters holding an archive page whose original is an archive page, "
            "and annotations (after) on an archive file.",
            "",
            table(
                ["level", "run", "archive named before", "archive named after", "on archive"],
                against,
            ),
            "",
        ]
    )
    print(section)
    return section


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--quick", action="store_true", help="the medium level, 100 stories")
    args = parser.parse_args()
    run(args.data, quick=args.quick)
