"""python -m bench.wire.draw: seeded random draws of pairs, and blind reading packets for them.

For each corpus the pairs are drawn stratum by stratum, uniformly without replacement:

- every verdict the scan reports (``duplicate``, ``partial``, and any later one such as
  ``template``): ``--reported`` pairs per draw (Reuters 60, BBC 40 by default);
- pairs the scan does NOT report: ``--unreported`` per draw (25), half from pairs with the same
  normalised title, half from pairs sharing a rare 8-word phrase (``bench.wire.shared``); when the
  title stratum holds too few, the phrase stratum makes up the rest.

With several draws (``tune`` and ``test``) a stratum is sampled once for all of them and the
sample is cut into equal consecutive slices, so the draws are disjoint; a stratum smaller than
asked is shared out evenly (an odd pair left over is dropped). Each stratum has its own random
stream seeded from ``--seed``, the corpus and the stratum, so changing one stratum never changes
another.

Writes ``bench/wire/draws/<draw>.jsonl`` (ids, release verdict, source: no corpus text) and
``<draw>.meta.json`` (seed, command, scans, stratum sizes), and outside the repository the blind
packets ``PACKETS/<draw>/batch-K/NNN.txt`` in a shuffled order with ``batch-K/labels.jsonl``
templates. A packet shows the two ids (with the Reuters wire date and dateline) and the two full
texts, never the verdict, scores or source. Pairs that already carry a label in
``bench/wire/labels/`` get no packet: a ``fresh`` draw reuses those labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shlex
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.wire.common import (
    CORPORA,
    DRAWS_DIR,
    LABELS_DIR,
    load,
    load_scan,
    page,
    read_jsonl,
    relpath,
    reuters_stamps,
    write_jsonl,
)
from bench.wire.shared import shared_pairs

REPO = Path(__file__).resolve().parents[2]
SEED = 21578
REPORTED = {"reuters": 60, "bbc": 40}
"""Pairs per draw for each reported verdict."""
UNREPORTED = 25
"""Non-reported pairs per draw and corpus (title and phrase together)."""
BATCH = 50
"""Packets per reader, roughly: a draw is cut into batches of about this size."""

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Drawn:
    """One drawn pair: a line of ``draws/<draw>.jsonl``."""

    draw: str
    corpus: str
    a: str
    b: str
    release_verdict: str | None
    source: str
    """``reported``, ``title`` or ``phrase``."""

    def row(self) -> dict[str, Any]:
        return {
            "draw": self.draw,
            "corpus": self.corpus,
            "a": self.a,
            "b": self.b,
            "release_verdict": self.release_verdict,
            "source": self.source,
        }


def sample(pool: Sequence[Pair], per_draw: int, draws: int, rng: random.Random) -> list[list[Pair]]:
    """``draws`` disjoint uniform samples of ``per_draw`` pairs from ``pool`` (fewer, equal
    ones when the pool is short)."""
    take = min(per_draw, len(pool) // draws)
    chosen = rng.sample(sorted(pool), take * draws)
    return [chosen[i * take : (i + 1) * take] for i in range(draws)]


def stratum_rng(seed: int, corpus: str, stratum: str) -> random.Random:
    """The random stream of one stratum (str seeds are hashed with SHA-512: stable)."""
    return random.Random(f"{seed}/{corpus}/{stratum}")


def draw_corpus(
    corpus: str,
    verdicts: Mapping[Pair, str],
    title_pairs: Sequence[Pair],
    phrase_pairs: Sequence[Pair],
    draws: Sequence[str],
    *,
    seed: int,
    reported: int,
    unreported: int,
    only: frozenset[str] | None = None,
) -> tuple[list[Drawn], dict[str, dict[str, int]]]:
    """The pairs of ``corpus`` for every draw, and each stratum's population and drawn count;
    ``only``: the reported verdicts to draw from (default every one)."""
    out: list[Drawn] = []
    strata: dict[str, dict[str, int]] = {}

    def add(stratum: str, pool: Sequence[Pair], per_draw: int, source: str) -> int:
        slices = sample(pool, per_draw, len(draws), stratum_rng(seed, corpus, stratum))
        for name, pairs in zip(draws, slices, strict=True):
            out.extend(Drawn(name, corpus, a, b, verdicts.get((a, b)), source) for a, b in pairs)
        strata[stratum] = {"population": len(pool), "per_draw": len(slices[0])}
        return len(slices[0])

    for verdict in sorted(set(verdicts.values())):
        if only is not None and verdict not in only:
            continue
        pool = [pair for pair, v in verdicts.items() if v == verdict]
        add(f"reported:{verdict}", pool, reported, "reported")
    titles = [pair for pair in title_pairs if pair not in verdicts]
    phrases = [pair for pair in phrase_pairs if pair not in verdicts]
    got = add("unreported:title", titles, unreported // 2, "title")
    add("unreported:phrase", phrases, unreported - got, "phrase")
    return out, strata


def labelled_pairs() -> set[Pair]:
    """Every pair that already has a label in ``bench/wire/labels/*.jsonl``."""
    done: set[Pair] = set()
    for path in sorted(LABELS_DIR.glob("*.jsonl")):
        done.update((row["a"], row["b"]) for row in read_jsonl(path) if row.get("label"))
    return done


def packet_text(
    n: int, draw: str, pair: Drawn, texts: Mapping[str, str], stamps: Mapping[str, str]
) -> str:
    """A blind reading packet: the number, the two ids and the two full texts, delimited."""
    lines = [f"PAIR {n:03d}   (draw {draw})", ""]
    for side, doc in (("A", pair.a), ("B", pair.b)):
        stamp = stamps.get(doc)
        lines.append(f"{side}: {doc}" + (f"   [{stamp}]" if stamp else ""))
    for side, doc in (("A", pair.a), ("B", pair.b)):
        lines += ["", f"{'=' * 24} {side}: {doc} {'=' * 24}", "", texts[doc].rstrip("\n")]
    lines += ["", f"{'=' * 24} end of pair {n:03d} {'=' * 24}", ""]
    return "\n".join(lines)


def batch_sizes(total: int, size: int = BATCH) -> list[int]:
    """Cut ``total`` packets into about ``total / size`` batches of nearly equal size."""
    if total == 0:
        return []
    count = max(1, round(total / size))
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def write_packets(
    draw: str,
    pairs: Sequence[Drawn],
    out: Path,
    corpus_root: Path,
    stamps: Mapping[str, str],
    *,
    seed: int,
    batch: int = BATCH,
) -> list[int]:
    """Write the shuffled packets of ``draw`` under ``out/<draw>`` in batches of about ``batch``;
    return the batch sizes."""
    order = list(pairs)
    random.Random(f"{seed}/{draw}/packets").shuffle(order)
    target = out / draw
    if target.exists():
        raise FileExistsError(f"{target} exists: packets may hold a reader's labels; move it away")
    texts: dict[str, str] = {}
    for pair in order:
        for doc in (pair.a, pair.b):
            corpus = doc.partition("/")[0]
            texts[doc] = (corpus_root / corpus / relpath(doc)).read_text(encoding="utf-8")
    sizes = batch_sizes(len(order), batch)
    start = 0
    for k, size in enumerate(sizes, 1):
        folder = target / f"batch-{k}"
        folder.mkdir(parents=True)
        template = []
        for n, pair in enumerate(order[start : start + size], start + 1):
            (folder / f"{n:03d}.txt").write_text(
                packet_text(n, draw, pair, texts, stamps), encoding="utf-8"
            )
            template.append({"n": n, "a": pair.a, "b": pair.b, "label": "", "note": ""})
        write_jsonl(folder / "labels.jsonl", template)
        start += size
    return sizes


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.wire.draw",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--draw", action="append", help="draw names (default: tune and test)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/corpora"))
    parser.add_argument(
        "--corpus-root",
        type=Path,
        default=Path("/work/wire/corpus"),
        help="the materialised corpora (bench.wire.materialize --out)",
    )
    parser.add_argument(
        "--scan",
        action="append",
        default=[],
        metavar="CORPUS=JSON",
        help="the scan of each corpus (default /work/wire/release-CORPUS.json)",
    )
    parser.add_argument("--packets", type=Path, default=Path("/work/wire/packets"))
    parser.add_argument("--unreported", type=int, default=UNREPORTED)
    parser.add_argument(
        "--verdict",
        action="append",
        choices=("duplicate", "partial", "template"),
        help="draw from these reported verdicts only (default: every one)",
    )
    parser.add_argument("--batch", type=int, default=BATCH, help="packets per reader, about")
    parser.add_argument(
        "--corpus", action="append", choices=CORPORA, help="draw from these only (default: both)"
    )
    parser.add_argument(
        "--per-verdict",
        type=int,
        metavar="N",
        help="pairs per reported verdict (default: 60 Reuters, 40 BBC); "
        "more than a verdict reports takes all of them: a census",
    )
    parser.add_argument(
        "--release",
        required=True,
        help="the commit of the dupcheck build that made the scans (recorded in the meta file)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing draw files")
    args = parser.parse_args(argv)
    draws: list[str] = args.draw or ["tune", "test"]
    scans = {c: Path(f"/work/wire/release-{c}.json") for c in CORPORA}
    for item in args.scan:
        corpus, _, path = item.partition("=")
        if corpus not in CORPORA or not path:
            parser.error(f"--scan {item!r}: expected CORPUS=JSON with CORPUS in {CORPORA}")
        scans[corpus] = Path(path)
    if args.packets.resolve().is_relative_to(REPO):
        parser.error("--packets must be outside the repository: packets hold corpus text")
    for name in draws:
        if (DRAWS_DIR / f"{name}.jsonl").exists() and not args.force:
            parser.error(f"draws/{name}.jsonl exists (labels may refer to it); --force replaces")

    drawn: list[Drawn] = []
    meta_scans: dict[str, Any] = {}
    meta_strata: dict[str, Any] = {}
    corpora = [c for c in CORPORA if c in (args.corpus or CORPORA)]
    for corpus in corpora:
        verdicts = load_scan(scans[corpus], corpus)
        articles = list(load(corpus, args.data))
        shared = shared_pairs((a.id, a.title, page(a)) for a in articles)
        pairs, strata = draw_corpus(
            corpus,
            verdicts,
            shared.title,
            shared.phrase,
            draws,
            seed=args.seed,
            reported=args.per_verdict or REPORTED[corpus],
            only=frozenset(args.verdict) if args.verdict else None,
            unreported=args.unreported,
        )
        drawn += pairs
        meta_scans[corpus] = {
            "path": str(scans[corpus]),
            "sha256": sha256(scans[corpus]),
            "pairs": len(verdicts),
            "verdicts": dict(sorted(Counter(verdicts.values()).items())),
        }
        meta_strata[corpus] = strata

    done = labelled_pairs()
    stamps = reuters_stamps(args.data)
    command = "python -m bench.wire.draw " + shlex.join(sys.argv[1:] if argv is None else argv)
    for name in draws:
        rows = [d for d in drawn if d.draw == name]
        rows.sort(key=lambda d: (CORPORA.index(d.corpus), d.source, d.a, d.b))
        write_jsonl(DRAWS_DIR / f"{name}.jsonl", (d.row() for d in rows))
        to_read = [d for d in rows if (d.a, d.b) not in done]
        sizes = write_packets(
            name, to_read, args.packets, args.corpus_root, stamps, seed=args.seed, batch=args.batch
        )
        meta = {
            "draw": name,
            "draws_together": draws,
            "seed": args.seed,
            "release": args.release,
            "command": command,
            "scans": meta_scans,
            "strata": meta_strata,
            "pairs": len(rows),
            "already_labelled": len(rows) - len(to_read),
            "packets": str(args.packets / name),
            "batches": sizes,
        }
        (DRAWS_DIR / f"{name}.meta.json").write_text(
            json.dumps(meta, indent=2) + "\n", encoding="utf-8"
        )
        counts = Counter((d.corpus, d.source, d.release_verdict) for d in rows)
        print(
            f"{name}: {len(rows)} pairs, {len(to_read)} packets in batches {sizes}", file=sys.stderr
        )
        for key, count in sorted(counts.items(), key=str):
            print(f"  {key}: {count}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
