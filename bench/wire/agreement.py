"""python -m bench.wire.agreement draw|collect: a second blind reading of labelled pairs.

Every label of the set was read once. Whether a verdict's precision can be told apart from 0.97
depends on how often two careful readers of the protocol agree on the pairs it reports, so a
seeded sample of the labelled pairs a build reports as ``duplicate`` or ``partial`` is read again,
blind, by readers who see neither the verdict nor the first label:

- ``draw --name N --seed S --release COMMIT --scan CORPUS=JSON …``: per corpus and verdict, a
  uniform sample (``PER_VERDICT``) of the pairs the scan gives that verdict and that carry a
  first reading (a label whose ``read_in`` is its own draw); writes ``draws/N.jsonl`` (the build's
  verdict, no label), ``draws/N.meta.json`` and blind packets in ``--batches`` batches;
- ``collect --name N``: the readers' labels into ``second/N.jsonl``, which ``bench.wire.draw``
  and the precision scores never read (a second reading is not a label of the set).

The wire study (``python -m bench wire``) reports the agreement: per corpus and verdict, how
often the two readings agree that the verdict is right, Cohen's kappa on the five labels, and the
verdict's precision under each reading.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from bench.wire.common import (
    CORPORA,
    DRAWS_DIR,
    LABELS,
    LABELS_DIR,
    WIRE,
    load_scan,
    pair_key,
    read_jsonl,
    reuters_stamps,
    write_jsonl,
)
from bench.wire.draw import REPO, Drawn, sha256, write_packets
from bench.wire.precision import RIGHT, Rate, cell

Pair = tuple[str, str]
SECOND_DIR: Final = WIRE / "second"
PER_VERDICT: Final = {
    ("bbc", "partial"): 40,
    ("bbc", "duplicate"): 20,
    ("reuters", "partial"): 40,
    ("reuters", "duplicate"): 20,
}
"""Pairs read again per corpus and verdict: partial, the verdict whose target is in doubt, most."""


def first_readings() -> dict[Pair, dict[str, Any]]:
    """Each labelled pair's first reading: its row in the draw it was first read for."""
    first: dict[Pair, dict[str, Any]] = {}
    for path in sorted(LABELS_DIR.glob("*.jsonl")):
        for row in read_jsonl(path):
            if row.get("read_in", row["draw"]) == row["draw"] and row.get("label"):
                first.setdefault(pair_key(row["a"], row["b"]), row)
    return first


def choose(
    verdicts: Mapping[str, Mapping[Pair, str]], first: Mapping[Pair, Any], seed: int
) -> list[Drawn]:
    """The pairs to read again: per (corpus, verdict) a seeded uniform sample of the first-read
    pairs the build gives that verdict."""
    out: list[Drawn] = []
    for (corpus, verdict), size in PER_VERDICT.items():
        pool = sorted(p for p, v in verdicts[corpus].items() if v == verdict and p in first)
        rng = random.Random(f"{seed}/{corpus}/{verdict}/again")
        for a, b in sorted(rng.sample(pool, min(size, len(pool)))):
            out.append(Drawn("", corpus, a, b, verdict, "labelled"))
    return out


def kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two readings over the five labels (``None`` when chance agreement is
    total: both readers gave one label throughout)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for x, y in pairs if x == y) / n
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    chance = sum(left[label] * right[label] for label in LABELS) / (n * n)
    return None if chance >= 1.0 else (observed - chance) / (1.0 - chance)


def agreement_rows(name: str) -> list[tuple[str, str, int, Rate, float | None, Rate, Rate, Rate]]:
    """Per (corpus, verdict): pairs, agreement on rightness, kappa, precision by the first
    reading, by the second, and counting only pairs both readings call wrong as wrong."""
    second_path = SECOND_DIR / f"{name}.jsonl"
    if not second_path.exists():
        return []
    first = first_readings()
    drawn = {pair_key(r["a"], r["b"]): r for r in read_jsonl(DRAWS_DIR / f"{name}.jsonl")}
    second = {pair_key(r["a"], r["b"]): str(r["label"]) for r in read_jsonl(second_path)}
    out = []
    for corpus, verdict in PER_VERDICT:
        both = [
            (str(first[p]["label"]), second[p])
            for p, row in sorted(drawn.items())
            if row["corpus"] == corpus and row["release_verdict"] == verdict and p in second
        ]
        right = RIGHT[verdict]
        agree = sum(1 for x, y in both if (x in right) == (y in right))
        by_first = sum(1 for x, _ in both if x in right)
        by_second = sum(1 for _, y in both if y in right)
        by_either = sum(1 for x, y in both if x in right or y in right)
        n = len(both)
        out.append(
            (
                corpus,
                verdict,
                n,
                Rate("agree", agree, n),
                kappa(both),
                Rate("first", by_first, n),
                Rate("second", by_second, n),
                Rate("either", by_either, n),
            )
        )
    return out


def section() -> list[str]:
    """The wire study's lines on every second reading in ``second/`` (none when there is none)."""
    names = sorted(p.stem for p in SECOND_DIR.glob("*.jsonl"))
    if not names:
        return []
    lines = [
        "### Two readers",
        "",
        "Labelled pairs a build reports as `duplicate` or `partial`, read again blind by other "
        "readers (`bench.wire.agreement`; readings in `bench/wire/second/`). *Agree*: both "
        "readings say the verdict is right, or both say it is wrong. *Either*: precision when a "
        "pair counts as wrong only if both readings call it wrong.",
        "",
        "| reading | build | corpus | verdict | pairs | agree | kappa (5 labels) | precision, "
        "first reading | precision, second reading | precision, either |",
        "|---|---|---|---|--:|---|--:|---|---|---|",
    ]
    for name in names:
        meta = json.loads((DRAWS_DIR / f"{name}.meta.json").read_text(encoding="utf-8"))
        for corpus, verdict, n, agree, k, first, second, either in agreement_rows(name):
            lines.append(
                f"| {name} | {meta['release']} | {corpus} | {verdict} | {n} | {cell(agree)} | "
                f"{'–' if k is None else f'{k:.2f}'} | {cell(first)} | {cell(second)} | "
                f"{cell(either)} |"
            )
    return [*lines, ""]


def _draw(args: argparse.Namespace, argv: Sequence[str] | None) -> int:
    name: str = args.name
    if (DRAWS_DIR / f"{name}.jsonl").exists():
        raise SystemExit(f"draws/{name}.jsonl exists: a reading may refer to it")
    scans = {}
    for item in args.scan:
        corpus, _, path = item.partition("=")
        if corpus not in CORPORA or not path:
            raise SystemExit(f"--scan {item!r}: expected CORPUS=JSON with CORPUS in {CORPORA}")
        scans[corpus] = Path(path)
    if set(scans) != set(CORPORA):
        raise SystemExit(f"--scan is needed for each of {CORPORA}")
    if args.packets.resolve().is_relative_to(REPO):
        raise SystemExit("--packets must be outside the repository: packets hold corpus text")
    verdicts = {c: load_scan(p, c) for c, p in scans.items()}
    chosen = [
        Drawn(name, d.corpus, d.a, d.b, d.release_verdict, d.source)
        for d in choose(verdicts, first_readings(), args.seed)
    ]
    write_jsonl(DRAWS_DIR / f"{name}.jsonl", (d.row() for d in chosen))
    size = -(-len(chosen) // args.batches)
    sizes = write_packets(
        name,
        chosen,
        args.packets,
        args.corpus_root,
        reuters_stamps(args.data),
        seed=args.seed,
        batch=size,
    )
    meta = {
        "draw": name,
        "kind": "second reading",
        "seed": args.seed,
        "release": args.release,
        "command": "python -m bench.wire.agreement "
        + shlex.join(sys.argv[1:] if argv is None else argv),
        "scans": {c: {"path": str(p), "sha256": sha256(p)} for c, p in scans.items()},
        "pairs": len(chosen),
        "per_verdict": {f"{c} {v}": n for (c, v), n in PER_VERDICT.items()},
        "packets": str(args.packets / name),
        "batches": sizes,
    }
    (DRAWS_DIR / f"{name}.meta.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    counts = Counter((d.corpus, d.release_verdict) for d in chosen)
    print(f"{name}: {len(chosen)} pairs in batches {sizes}; {dict(counts)}", file=sys.stderr)
    return 0


def _collect(args: argparse.Namespace) -> int:
    name: str = args.name
    drawn = {pair_key(r["a"], r["b"]): r for r in read_jsonl(DRAWS_DIR / f"{name}.jsonl")}
    got: dict[Pair, dict[str, Any]] = {}
    problems = []
    for path in sorted((args.packets / name).glob("batch-*/labels.jsonl")):
        for row in read_jsonl(path):
            pair = pair_key(str(row["a"]), str(row["b"]))
            label = str(row.get("label", "")).strip().upper()
            if pair not in drawn:
                problems.append(f"{path}: {pair} is not a pair of {name}")
            elif label not in LABELS:
                problems.append(f"{path}: {pair} has no label of {LABELS} ({label!r})")
            else:
                got[pair] = {
                    "draw": name,
                    "corpus": drawn[pair]["corpus"],
                    "a": pair[0],
                    "b": pair[1],
                    "label": label,
                    "note": str(row.get("note", "")).strip(),
                }
    problems += [f"{p}: not read" for p in sorted(set(drawn) - set(got))]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    write_jsonl(SECOND_DIR / f"{name}.jsonl", (got[p] for p in sorted(got)))
    print(f"{name}: {len(got)} second readings in second/{name}.jsonl", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wire.agreement", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    draw = sub.add_parser("draw", help="choose the pairs and write blind packets")
    draw.add_argument("--name", required=True)
    draw.add_argument("--seed", type=int, required=True)
    draw.add_argument("--release", required=True, help="the commit of the build that scanned")
    draw.add_argument("--scan", action="append", default=[], metavar="CORPUS=JSON")
    draw.add_argument("--batches", type=int, default=6, help="readers (default 6)")
    draw.add_argument("--data", type=Path, default=Path("/work/shared/corpora"))
    draw.add_argument("--corpus-root", type=Path, default=Path("/work/wire/corpus"))
    draw.add_argument("--packets", type=Path, default=Path("/work/wire/packets"))
    collect = sub.add_parser("collect", help="the readers' labels into second/NAME.jsonl")
    collect.add_argument("--name", required=True)
    collect.add_argument("--packets", type=Path, default=Path("/work/wire/packets"))
    args = parser.parse_args(argv)
    return _draw(args, argv) if args.command == "draw" else _collect(args)


if __name__ == "__main__":
    raise SystemExit(main())
