"""What the ``bench.wire`` modules share: ids, file names, the labels and JSONL helpers.

A story's id is the one ``bench.corpora`` gives (``reuters/NEWID``, ``bbc/<topic>/NNN``); its
materialised file is ``<corpus root>/<id minus the corpus prefix>.txt``, so a scan's relative
paths map back to ids without a lookup table.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from bench.corpora import REUTERS_DIR, Article, load_bbc, load_reuters

CORPORA: Final = ("reuters", "bbc")
"""The corpora of the set; each is materialised under its own root and scanned on its own."""

LABELS: Final = ("COPY", "UPDATE", "QUOTE", "TEMPLATE", "UNRELATED")
"""The five labels of ``PROTOCOL.md``, exactly one per pair."""

WIRE: Final = Path(__file__).resolve().parent
DRAWS_DIR: Final = WIRE / "draws"
LABELS_DIR: Final = WIRE / "labels"


def load(corpus: str, data: Path) -> Iterator[Article]:
    """The articles of ``corpus`` (``reuters`` or ``bbc``) under the shared corpora ``data``."""
    if corpus == "reuters":
        return load_reuters(data)
    if corpus == "bbc":
        return load_bbc(data)
    raise ValueError(f"unknown corpus {corpus!r}; expected one of {CORPORA}")


def page(article: Article) -> str:
    """The materialised text of a story: its title line, a blank line, then its body."""
    return f"{article.title}\n\n{article.body}\n"


def relpath(doc_id: str) -> str:
    """The file of ``doc_id`` relative to its corpus root (``reuters/12`` -> ``12.txt``)."""
    corpus, _, rest = doc_id.partition("/")
    if corpus not in CORPORA or not rest:
        raise ValueError(f"not a wire story id: {doc_id!r}")
    return f"{rest}.txt"


def doc_id(corpus: str, path: str) -> str:
    """The id of a scan's relative ``path`` in ``corpus`` (``bbc``, ``tech/001.txt`` ->
    ``bbc/tech/001``); the inverse of `relpath`."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {CORPORA}")
    stem = path.removesuffix(".txt")
    if stem == path:
        raise ValueError(f"not a materialised story file: {path!r}")
    return f"{corpus}/{stem}"


def pair_key(a: str, b: str) -> tuple[str, str]:
    """A pair as its two ids in sorted order: the identity of a pair everywhere in the set."""
    if a == b:
        raise ValueError(f"a pair needs two different documents: {a!r}")
    return (a, b) if a < b else (b, a)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSONL file; blank lines are allowed, anything else must parse."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{number}: not JSON: {err}") from err
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{number}: expected an object")
        rows.append(row)
    return rows


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    """Write ``rows`` one JSON object per line (UTF-8, keys in the given order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")


_SCAN_SCHEMAS = frozenset(
    {"dupcheck.scan/1", "dupcheck.scan/2", "dupcheck.scan/3", "dupcheck.scan/4"}
)


def scan_pairs(scan: Mapping[str, Any], corpus: str) -> dict[tuple[str, str], str]:
    """The verdict of every pair in a ``dupcheck.scan/1`` to ``/4`` result (version 2 keeps every
    key of version 1 and adds the verdict ``template``; versions 3 and 4 keep a pair's ``a``,
    ``b`` and ``verdict``), keyed by sorted story ids.

    The scan must be of one materialised corpus root, so its relative paths map to ids of
    ``corpus``; a verdict the contract does not know yet (say ``template``) is kept as given.
    """
    if scan.get("schema") not in _SCAN_SCHEMAS:
        raise ValueError(f"not a dupcheck.scan/1 to /4 result (schema {scan.get('schema')!r})")
    verdicts: dict[tuple[str, str], str] = {}
    for pair in scan["pairs"]:
        key = pair_key(doc_id(corpus, pair["a"]), doc_id(corpus, pair["b"]))
        verdicts[key] = str(pair["verdict"])
    return verdicts


def load_scan(path: Path, corpus: str) -> dict[tuple[str, str], str]:
    """`scan_pairs` of the scan JSON file at ``path``."""
    return scan_pairs(json.loads(path.read_text(encoding="utf-8")), corpus)


_STORY = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_DATE = re.compile(r"<DATE>(.*?)</DATE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)


def reuters_stamps(data: Path) -> dict[str, str]:
    """``reuters/NEWID`` -> its wire date and dateline (``26-FEB-1987 15:01:01.79, SALVADOR, Feb
    26``), from the SGML.

    The cleaned body has neither, yet the protocol tells a re-send (COPY) from the same one-liner
    of another day (TEMPLATE) by them, so the reading packets show them beside each id.
    """
    stamps: dict[str, str] = {}
    for path in sorted((data / REUTERS_DIR).glob("reut2-*.sgm")):
        for story in _STORY.finditer(path.read_text(encoding="latin-1")):
            date = _DATE.search(story.group(2))
            dateline = _DATELINE.search(story.group(2))
            parts = [
                " ".join(html.unescape(m.group(1)).split()).rstrip(" -")
                for m in (date, dateline)
                if m is not None
            ]
            stamps[f"reuters/{story.group(1)}"] = ", ".join(p for p in parts if p)
    return stamps
