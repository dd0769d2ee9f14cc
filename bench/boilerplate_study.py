"""Study: how much of real news text does boilerplate recognition flag, of which kind, how fast?

Runs ``dupcheck.text.boilerplate.detect_boilerplate`` over

- BBC News (2,225 articles, the files as they are: title line, blank line, paragraphs). The BBC
  text carries almost no furniture, so nearly everything flagged there is a false positive;
- Reuters-21578 stories rebuilt as the wire sent them: ``TITLE``, newline, ``DATELINE`` +
  ``BODY`` with its hard wraps and the closing ``Reuter`` signature (control codes dropped,
  entities decoded, the ``&\\t`` indent artefact turned back into a tab). Every story opens with
  a dateline (``SAN FRANCISCO, March 3 -``) and most close with the signature: recall of both is
  measured against the SGML tags.

    python bench/boilerplate_study.py --data ../shared/corpora [--quick] [--samples 20]

``--samples`` prints flagged lines to stdout for reading (never into RESULTS.md: corpus text
stays out of the repository).
"""

from __future__ import annotations

import argparse
import html
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dupcheck.text.boilerplate import detect_boilerplate
from dupcheck.text.types import Boilerplate, BoilerplateKind

_STORY = re.compile(r"<REUTERS\b[^>]*>(.*?)</REUTERS>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_CONTROL = re.compile(r"&#\d+;")
_SIGNATURE = re.compile(r"^\s*reuter\s*$", re.I | re.M)
QUICK_BBC = 600
QUICK_REUTERS_FILES = 3


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    dateline: str = ""
    """Reuters: the SGML ``DATELINE`` as it opens the body (empty for BBC)."""
    dateline_at: int = -1
    """Offset of the dateline in ``text`` (-1 when there is none)."""
    signed: bool = False
    """Reuters: the body closes with a ``Reuter`` signature line."""


@dataclass(slots=True)
class Tally:
    docs: int = 0
    chars: int = 0
    lines: Counter[BoilerplateKind] = field(default_factory=Counter)
    flagged: Counter[BoilerplateKind] = field(default_factory=Counter)
    docs_with: Counter[BoilerplateKind] = field(default_factory=Counter)
    docs_any: int = 0
    datelines: int = 0
    datelines_found: int = 0
    signatures: int = 0
    signatures_found: int = 0
    samples: list[tuple[str, BoilerplateKind, str]] = field(default_factory=list)


def load_bbc(data: Path, *, quick: bool) -> list[Doc]:
    files = sorted((data / "bbc-news").glob("*/*.txt"))
    if quick:
        files = files[:: max(1, len(files) // QUICK_BBC)]
    docs = []
    for path in files:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        docs.append(Doc(f"bbc/{path.parent.name}/{path.stem}", text))
    return docs


def load_reuters(data: Path, *, quick: bool) -> Iterator[Doc]:
    files = sorted((data / "reuters-21578").glob("reut2-*.sgm"))
    if quick:
        files = files[:QUICK_REUTERS_FILES]
    for path in files:
        sgml = path.read_text(encoding="latin-1")
        for n, story in enumerate(_STORY.finditer(sgml)):
            body = _BODY.search(story.group(1))
            if body is None:
                continue
            title = _TITLE.search(story.group(1))
            dateline = _DATELINE.search(story.group(1))
            head = _clean(title.group(1)).strip() + "\n" if title else ""
            place = _clean(dateline.group(1)) if dateline else ""
            text = head + place + _clean(body.group(1)).replace("&\\t", "\t")
            yield Doc(
                f"reuters/{path.stem}/{n}",
                text,
                dateline=place.strip(),
                dateline_at=len(head) + len(place) - len(place.lstrip()) if place.strip() else -1,
                signed=_SIGNATURE.search(text) is not None,
            )


def _clean(raw: str) -> str:
    return html.unescape(_CONTROL.sub("", raw))


def measure(docs: list[Doc], rng: random.Random) -> Tally:
    tally = Tally()
    pool: list[tuple[str, BoilerplateKind, str]] = []
    for doc in docs:
        found = detect_boilerplate(doc.text)
        tally.docs += 1
        tally.chars += len(doc.text)
        tally.docs_any += bool(found)
        for kind in {b.kind for b in found}:
            tally.docs_with[kind] += 1
        for b in found:
            tally.lines[b.kind] += 1
            tally.flagged[b.kind] += len(b.span)
            pool.append((doc.id, b.kind, b.span.slice(doc.text)))
        if doc.dateline_at >= 0:
            tally.datelines += 1
            tally.datelines_found += _has(found, BoilerplateKind.DATELINE, doc.dateline_at)
        if doc.signed:
            tally.signatures += 1
            tally.signatures_found += any(
                b.kind is BoilerplateKind.CREDIT and b.span.slice(doc.text).lower() == "reuter"
                for b in found
            )
    # Round-robin over kinds, so thousands of Reuters datelines and "Reuter" signatures do not
    # crowd out the rarer flags, which are the ones that need reading.
    by_kind = {
        k: [p for p in pool if p[1] is k and p[2].lower() != "reuter"] for k in BoilerplateKind
    }
    for picks in by_kind.values():
        rng.shuffle(picks)
    longest = max((len(v) for v in by_kind.values()), default=0)
    tally.samples = [v[i] for i in range(min(longest, 100)) for v in by_kind.values() if i < len(v)]
    return tally


def _has(found: tuple[Boilerplate, ...], kind: BoilerplateKind, at: int) -> bool:
    return any(b.kind is kind and b.span.start == at for b in found)


def docs_per_second(docs: list[Doc], *, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for doc in docs:
            detect_boilerplate(doc.text)
        best = min(best, time.perf_counter() - start)
    return len(docs) / best


def _table(name: str, tally: Tally) -> list[str]:
    rows = []
    for kind in BoilerplateKind:
        rows.append(
            f"| {name} | {kind.value} | {tally.lines[kind]:,} | {tally.docs_with[kind]:,} "
            f"| {tally.flagged[kind]:,} | {100 * tally.flagged[kind] / max(1, tally.chars):.2f}% |"
        )
    total = sum(tally.flagged.values())
    rows.append(
        f"| {name} | **all** | {sum(tally.lines.values()):,} | "
        f"{tally.docs_any:,} | {total:,} | {100 * total / max(1, tally.chars):.2f}% |"
    )
    return rows


def run(data: Path, *, quick: bool, samples: int = 0) -> str:
    """Flag counts and shares per kind on BBC and Reuters, recall of Reuters datelines and
    signatures, and speed on BBC. Returns a markdown section; prints it too."""
    rng = random.Random(7)
    bbc = load_bbc(data, quick=quick)
    reuters = list(load_reuters(data, quick=quick))
    tallies = {"BBC News": measure(bbc, rng), "Reuters-21578": measure(reuters, rng)}
    speed = docs_per_second(bbc)
    head = [
        "| corpus | kind | spans | docs with | flagged chars | share of chars |",
        "|---|---|--:|--:|--:|--:|",
    ]
    rows: list[str] = []
    for name, tally in tallies.items():
        rows += _table(name, tally)
    r = tallies["Reuters-21578"]
    lines = [
        "## Boilerplate on real news",
        "",
        f"{len(bbc):,} BBC articles, {len(reuters):,} Reuters-21578 stories (as wired: title, "
        "dateline + body with hard wraps, `Reuter` signature)"
        + (" — quick subset" if quick else "")
        + ".",
        "",
        *head,
        *rows,
        "",
        f"- Reuters datelines found (span starts where the SGML `DATELINE` does): "
        f"{r.datelines_found:,} / {r.datelines:,} "
        f"({100 * r.datelines_found / max(1, r.datelines):.1f}%).",
        f"- Reuters `Reuter` signatures found: {r.signatures_found:,} / {r.signatures:,} "
        f"({100 * r.signatures_found / max(1, r.signatures):.1f}%).",
        f"- Speed on BBC, one process: {speed:,.0f} docs/s (best of 3 passes).",
        "",
    ]
    section = "\n".join(lines)
    print(section)
    if samples:
        for name, tally in tallies.items():
            print(f"\n### samples: {name}")
            for doc_id, kind, text in tally.samples[:samples]:
                print(f"{doc_id:28} {kind.value:9} {text[:150]!r}")
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--samples", type=int, default=0, help="print N flagged lines per corpus")
    args = parser.parse_args()
    run(args.data, quick=args.quick, samples=args.samples)


if __name__ == "__main__":
    main()
