"""python -m bench.wire.materialize --data DATA --out OUT: one text file per wire story.

Writes ``OUT/reuters/NEWID.txt`` for every Reuters-21578 story with a body and
``OUT/bbc/<topic>/NNN.txt`` for every BBC article, each holding the title line, a blank line and
the body exactly as ``bench.corpora`` cleans it, so that ``dupcheck scan`` reads the same text the
bench studies use. Each corpus is built in a hidden temporary sibling and renamed into place: an
interrupted run never leaves a half corpus that looks finished. The output holds corpus text and
must stay outside the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.wire.common import CORPORA, load, page, relpath, reuters_stamps

REPO = Path(__file__).resolve().parents[2]


def materialize(corpus: str, data: Path, out: Path) -> int:
    """Write ``corpus`` under ``out/<corpus>`` (replacing an earlier copy); return the files."""
    target = out / corpus
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{corpus}-", dir=out))
    count = 0
    try:
        for article in load(corpus, data):
            path = staging / relpath(article.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page(article), encoding="utf-8")
            count += 1
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


_WIRE_TIME = re.compile(r"(\d{1,2}-[A-Z]{3}-\d{4} \d{2}:\d{2}:\d{2})")


def dated_feed(data: Path, out: Path) -> Path:
    """``out/reuters-dated.jsonl``: every Reuters story as a feed record (``id``, ``text`` as
    `materialize` writes it, ``date``: its wire time in ISO 8601, empty when the SGML gives
    none), as a newsroom receives the wire: each item with its time. Written once."""
    target = out / "reuters-dated.jsonl"
    if target.exists():
        return target
    stamps = reuters_stamps(data)
    out.mkdir(parents=True, exist_ok=True)
    staging = target.with_suffix(".partial")
    with staging.open("w", encoding="utf-8") as feed:
        for article in load("reuters", data):
            found = _WIRE_TIME.match(stamps.get(article.id, ""))
            when = (
                dt.datetime.strptime(found.group(1), "%d-%b-%Y %H:%M:%S").isoformat() + "Z"
                if found
                else ""
            )
            record = {"id": article.id.partition("/")[2], "text": page(article), "date": when}
            feed.write(json.dumps(record) + "\n")
    staging.rename(target)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.wire.materialize", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the shared corpora folder")
    parser.add_argument("--out", type=Path, required=True, help="where to write (not the repo)")
    parser.add_argument("--corpus", choices=CORPORA, action="append", help="default: both")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    if out.is_relative_to(REPO):
        parser.error(f"--out {out} is inside the repository; corpus text must stay out of it")
    for corpus in args.corpus or CORPORA:
        count = materialize(corpus, args.data, out)
        print(f"{corpus}: {count} files under {out / corpus}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
