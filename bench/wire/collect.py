"""python -m bench.wire.collect --draw DRAW: the readers' labels merged into ``labels/DRAW.jsonl``.

Reads every ``PACKETS/DRAW/batch-K/labels.jsonl`` a reader filled in, checks each label is one
of the five of ``PROTOCOL.md`` and each pair belongs to the draw, takes the labels of pairs that
were already read for an earlier draw (a ``fresh`` draw reuses them) and writes one line per pair
of the draw: ``{"draw", "corpus", "a", "b", "label", "note", "read_in"}``. It refuses to write
while a pair has no label or two different ones, unless ``--allow-missing`` (then the unlabelled
pairs are left out and listed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.wire.common import DRAWS_DIR, LABELS, LABELS_DIR, pair_key, read_jsonl, write_jsonl

Pair = tuple[str, str]


def merge(
    draw: str,
    drawn: Sequence[Mapping[str, Any]],
    filled: Iterable[Mapping[str, Any]],
    earlier: Mapping[Pair, Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], list[str]]:
    """The label rows of ``draw`` and the problems found (empty when every pair has one label).

    ``drawn`` are the lines of ``draws/<draw>.jsonl``, ``filled`` the readers' template lines,
    ``earlier`` the label rows of other draws by pair (used only for pairs no reader labelled).
    """
    problems: list[str] = []
    in_draw = {pair_key(row["a"], row["b"]): row for row in drawn}
    read: dict[Pair, Mapping[str, Any]] = {}
    for row in filled:
        label = str(row.get("label", "")).strip().upper()
        if not label:
            continue
        pair = pair_key(str(row["a"]), str(row["b"]))
        where = f"packet {row.get('n', '?')} {pair[0]} {pair[1]}"
        if pair not in in_draw:
            problems.append(f"{where}: not a pair of draw {draw}")
        elif label not in LABELS:
            problems.append(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
        elif pair in read and read[pair]["label"] != label:
            problems.append(f"{where}: labelled both {read[pair]['label']} and {label}")
        else:
            read[pair] = {"label": label, "note": str(row.get("note", "")).strip(), "in": draw}
    rows: list[dict[str, Any]] = []
    for pair, row in in_draw.items():
        got = read.get(pair)
        if got is None and pair in earlier:
            old = earlier[pair]
            got = {"label": old["label"], "note": old.get("note", ""), "in": old["read_in"]}
        if got is None:
            problems.append(f"{pair[0]} {pair[1]}: no label")
            continue
        rows.append(
            {
                "draw": draw,
                "corpus": row["corpus"],
                "a": pair[0],
                "b": pair[1],
                "label": got["label"],
                "note": got["note"],
                "read_in": got["in"],
            }
        )
    return rows, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wire.collect", description=__doc__)
    parser.add_argument("--draw", required=True)
    parser.add_argument("--packets", type=Path, default=Path("/work/wire/packets"))
    parser.add_argument("--allow-missing", action="store_true")
    args = parser.parse_args(argv)
    drawn = read_jsonl(DRAWS_DIR / f"{args.draw}.jsonl")
    filled = [
        row
        for path in sorted((args.packets / args.draw).glob("batch-*/labels.jsonl"))
        for row in read_jsonl(path)
    ]
    earlier: dict[Pair, Mapping[str, Any]] = {}
    for path in sorted(LABELS_DIR.glob("*.jsonl")):
        if path.stem != args.draw:
            earlier.update((pair_key(r["a"], r["b"]), r) for r in read_jsonl(path))
    rows, problems = merge(args.draw, drawn, filled, earlier)
    for problem in problems:
        print(problem, file=sys.stderr)
    missing = [p for p in problems if p.endswith(": no label")]
    if len(problems) > len(missing) or (missing and not args.allow_missing):
        print(f"{len(problems)} problems; labels/{args.draw}.jsonl not written", file=sys.stderr)
        return 1
    write_jsonl(LABELS_DIR / f"{args.draw}.jsonl", rows)
    print(f"labels/{args.draw}.jsonl: {len(rows)} of {len(drawn)} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
