"""``python -m bench wire``: precision of dupcheck's verdicts on real wire text, read by people.

Both corpora are materialised (one file per story, as ``bench.wire.materialize`` writes them),
scanned whole with the dupcheck under test, and scored on every labelled draw: the release the
draws were made from (its verdicts are kept in ``draws/<draw>.jsonl``) beside this build. The
``tune`` draw is the one rules were designed on; each later draw reported on one build and was
then read for tuning (``PROTOCOL.md`` §4), so only the newest draw's figures for the build it was
drawn from are blind.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.wire import agreement
from bench.wire.common import CORPORA, DRAWS_DIR, LABELS_DIR, doc_id, pair_key, read_jsonl
from bench.wire.materialize import dated_feed, materialize
from bench.wire.precision import Rate, Weighted, cell, score, stratum_weights, weighted_precision
from dupcheck import ScanOptions, ScanResult, scan

Pair = tuple[str, str]
CACHE = Path(__file__).resolve().parents[1] / ".cache"
NAMES = {"reuters": "Reuters-21578", "bbc": "BBC News"}


def censuses() -> list[str]:
    """Every census draw (``census-*``: every pair a build reports in one corpus)."""
    return sorted(p.name.removesuffix(".meta.json") for p in DRAWS_DIR.glob("census-*.meta.json"))


def noted(result: ScanResult, corpus: str) -> dict[Pair, frozenset[str]]:
    """The notes of each pair the scan reports."""
    return {
        pair_key(doc_id(corpus, p.a), doc_id(corpus, p.b)): frozenset(str(n) for n in p.notes)
        for p in result.pairs
    }


def note_lines(
    notes: dict[str, dict[Pair, frozenset[str]]], mine: dict[str, dict[Pair, str]]
) -> list[str]:
    """Each census's duplicates split by the note ``one-liner``: how often each side is right."""
    rows = []
    for draw in censuses():
        for corpus in CORPORA:
            labels = labels_of(draw, corpus)
            dups = [p for p, v in mine.get(corpus, {}).items() if v == "duplicate" and p in labels]
            if not dups:
                continue
            for name, keep in (("`one-liner`", True), ("no `one-liner`", False)):
                chosen = {p: labels[p] for p in dups if ("one-liner" in notes[corpus][p]) is keep}
                rate = _rates(chosen, {p: "duplicate" for p in chosen}).get("precision duplicate")
                rows.append(f"| {draw} | {NAMES[corpus]} | {name} | {cell(rate)} |")
    if not rows:
        return []
    return [
        "This build's duplicates that a census holds, by the note `one-liner` (two wire "
        "one-liners: the text alone cannot tell a re-send from another day's item):",
        "",
        "| census | corpus | duplicates | precision |",
        "|---|---|---|---|",
        *rows,
        "",
    ]


def census_labels(corpus: str) -> dict[Pair, str]:
    """The labels of every census of ``corpus`` together."""
    labels: dict[Pair, str] = {}
    for draw in censuses():
        labels.update(labels_of(draw, corpus))
    return labels


def census_lines(
    mine: dict[str, dict[Pair, str]], feeds: dict[str, dict[Pair, str]] | None = None
) -> list[str]:
    """A table of each labelled census: per verdict, how many of all the pairs the build
    reports are right, for the build it was drawn from and for this one; ``feeds``: this
    build's verdicts when a corpus is scanned as a feed that gives each story's time."""
    rows = []
    hidden: list[str] = []
    for draw in censuses():
        meta = json.loads((DRAWS_DIR / f"{draw}.meta.json").read_text(encoding="utf-8"))
        for corpus in meta["scans"]:
            labels = labels_of(draw, corpus)
            if not labels or corpus not in mine:
                continue
            held = {k.split(":", 1)[1] for k in meta["strata"][corpus] if k.startswith("reported:")}
            drawn_from = release_verdicts(draw, corpus)
            blind = labels_of(draw, corpus, blind_only=True)
            for build, verdicts, read in (
                (f"{meta['release']} (drawn from)", drawn_from, labels),
                (f"{meta['release']}, first read here", drawn_from, blind),
                ("this", mine[corpus], labels),
                *(
                    [("this, as a dated feed", (feeds or {})[corpus], labels)]
                    if corpus in (feeds or {})
                    else []
                ),
            ):
                rates = _rates(read, verdicts)
                unread = sum(1 for p, v in verdicts.items() if v in held and p not in read)
                rows.append(
                    f"| {draw} | {build} | {NAMES[corpus]} | "
                    + " | ".join(
                        cell(rates.get(f"precision {v}")) if v in held else "–"
                        for v in ("duplicate", "partial", "template")
                    )
                    + f" | {unread} |"
                )
            if "template" in held:
                hidden.append(_hidden(draw, NAMES[corpus], labels, mine[corpus]))
    rows += _all_censuses(mine, feeds or {})
    if not rows:
        return []
    hidden += _copies_reported(mine)
    return [
        "### Census: every reported pair read",
        "",
        "A census draw holds every pair one build reports in a corpus with the verdicts it "
        "covers; pairs an earlier draw had read keep their labels, the rest were read blind for "
        "it (`PROTOCOL.md` §6). Its shares are the precision over everything the build reports, "
        "not a sample's estimate; the interval is shown as if the pairs were drawn. Most of these "
        "labels were read for earlier draws, and rules were tuned on many of them; the row *first "
        "read here* keeps only the pairs no draw had read before the census, read blind, on "
        "which no rule was tuned before that build. *Unread*: pairs the build gives a verdict "
        "the census covers that the row does not hold; a verdict it does not cover shows –.",
        "",
        "| census | build | corpus | duplicate precision | partial precision | template precision "
        "| unread |",
        "|---|---|---|---|---|---|--:|",
        *rows,
        "",
        *hidden,
    ]


def _all_censuses(mine: dict[str, dict[Pair, str]], feeds: dict[str, dict[Pair, str]]) -> list[str]:
    """Per corpus, this build scored on the labels of all its censuses together: a pair one
    census drew under one verdict may have moved to another that a second census holds."""
    rows = []
    for corpus in CORPORA:
        labels = census_labels(corpus)
        if not labels or corpus not in mine:
            continue
        builds = [("this", mine[corpus])]
        if corpus in feeds:
            builds.append(("this, as a dated feed", feeds[corpus]))
        for build, verdicts in builds:
            rates = _rates(labels, verdicts)
            unread = sum(1 for p in verdicts if p not in labels)
            rows.append(
                f"| all censuses | {build} | {NAMES[corpus]} | "
                + " | ".join(
                    cell(rates.get(f"precision {v}")) for v in ("duplicate", "partial", "template")
                )
                + f" | {unread} |"
            )
    return rows


def _copies_reported(mine: dict[str, dict[Pair, str]]) -> list[str]:
    """Per corpus whose censuses hold every pair this build gives a verdict: of the pairs read
    COPY or UPDATE, how many it reports as a finding (``duplicate`` or ``partial``)."""
    out = []
    for corpus in CORPORA:
        labels = census_labels(corpus)
        verdicts = mine.get(corpus, {})
        if not labels or any(p not in labels for p in verdicts):
            continue
        same = [p for p, v in verdicts.items() if labels[p] in ("COPY", "UPDATE")]
        found = sum(1 for p in same if verdicts[p] in ("duplicate", "partial"))
        out.append(
            f"{NAMES[corpus]}, all censuses: of the {len(same):,} pairs this build gives a verdict "
            f"that readers labelled COPY or UPDATE, it reports {found:,} as a finding "
            f"({found / len(same):.3f}); the rest it calls `template`.\n"
        )
    return out


def _hidden(draw: str, corpus: str, labels: dict[Pair, str], verdicts: dict[Pair, str]) -> str:
    """What a template census says of recall: the read pairs this build calls ``template``
    that readers found to be copies or updates (so not reported), or a quote."""
    read = [labels[p] for p, v in verdicts.items() if v == "template" and p in labels]
    counts = Counter(read)
    same = counts["COPY"] + counts["UPDATE"]
    return (
        f"{draw}: of the {len(read):,} {corpus} pairs this build calls `template` that the census "
        f"read, readers labelled COPY or UPDATE: {same} ({counts['COPY']} COPY), copies the scan "
        f"does not report as findings; QUOTE: {counts['QUOTE']}.\n"
    )


def draws() -> list[str]:
    """Every draw, oldest first: ``tune``, ``test``, then ``fresh``, ``fresh2``, …"""
    fresh = [p.name.removesuffix(".meta.json") for p in DRAWS_DIR.glob("fresh*.meta.json")]
    return ["tune", "test", *sorted(fresh, key=lambda name: (len(name), name))]


def corpus_root(data: Path, corpus: str, cache: Path = CACHE / "wire") -> Path:
    """The materialised corpus, written once into the bench cache."""
    root = cache / corpus
    if not root.is_dir():
        materialize(corpus, data, cache)
    return root


def verdicts_of(result: ScanResult, corpus: str) -> dict[Pair, str]:
    return {
        pair_key(doc_id(corpus, p.a), doc_id(corpus, p.b)): str(p.verdict) for p in result.pairs
    }


def release_verdicts(draw: str, corpus: str) -> dict[Pair, str]:
    """The release's verdict of each pair of a draw, as recorded when it was drawn."""
    path = DRAWS_DIR / f"{draw}.jsonl"
    if not path.exists():
        return {}
    return {
        pair_key(r["a"], r["b"]): str(r["release_verdict"])
        for r in read_jsonl(path)
        if r["corpus"] == corpus and r["release_verdict"]
    }


def labels_of(draw: str, corpus: str, *, blind_only: bool = False) -> dict[Pair, str]:
    """A draw's labels; ``blind_only``: only the pairs first read for this draw (the others keep
    labels read for an earlier draw, which rules may have been tuned on)."""
    path = LABELS_DIR / f"{draw}.jsonl"
    if not path.exists():
        return {}
    return {
        pair_key(r["a"], r["b"]): str(r["label"])
        for r in read_jsonl(path)
        if r["corpus"] == corpus and (not blind_only or r.get("read_in", draw) == draw)
    }


def _weighted_cell(est: Weighted | None) -> str:
    if est is None or not est.n:
        return "–"
    low, high = est.interval
    return f"{est.value:.3f} [{low:.2f}, {high:.2f}] (n={est.n})"


def release_of(draw: str) -> str:
    """The commit of the build a draw was made from, as its meta file records it."""
    meta = json.loads((DRAWS_DIR / f"{draw}.meta.json").read_text(encoding="utf-8"))
    return str(meta["release"])


def _rates(labels: dict[Pair, str], verdicts: dict[Pair, str]) -> dict[str, Rate]:
    return {rate.name: rate for rate in score(labels, verdicts)}


def _dated_feed_scan(data: Path) -> tuple[dict[Pair, str], str]:
    """Reuters scanned as a feed whose records give each story's wire time: its verdicts, and
    its line of the whole-corpus table."""
    start = time.perf_counter()
    fed = scan([dated_feed(data, CACHE / "wire")], options=ScanOptions(date_field="date"))
    seconds = time.perf_counter() - start

    def story(name: str) -> str:
        return "reuters/" + name.partition("#")[2]

    verdicts = {pair_key(story(p.a), story(p.b)): str(p.verdict) for p in fed.pairs}
    counts = Counter(verdicts.values())
    sizes = sorted((len(c.members) for c in fed.clusters), reverse=True)
    row = (
        f"| {NAMES['reuters']}, as a feed giving each story's wire time (`--date-field`) | "
        f"{fed.documents:,} | {len(verdicts):,} | "
        + " | ".join(f"{counts.get(v, 0):,}" for v in ("duplicate", "partial", "template"))
        + f" | {len(sizes):,} | {sizes[0] if sizes else 0} | {seconds:.1f} s |"
    )
    return verdicts, row


def run(data: Path, *, quick: bool) -> str:
    """The study's markdown section (``quick`` scans BBC only)."""
    lines = [
        "## Real wire text: are the reported pairs real copies?",
        "",
        "Pairs read in full by people and labelled COPY / UPDATE / QUOTE / TEMPLATE / UNRELATED "
        "(`bench/wire/PROTOCOL.md`; labels in `bench/wire/labels/`). A `duplicate` is right on "
        "COPY or UPDATE, a `partial` also on QUOTE, a `template` on TEMPLATE. Precision with its "
        "95% Wilson interval. Each draw was made from one build's reports (named in the table); "
        "for that build a verdict's pairs are a uniform sample, shown as (right/n). For this "
        "build, whose verdicts cut across the draw's strata, each labelled pair is weighted by its "
        "stratum's population over its sample size (interval on the effective sample size; n is "
        "the labelled pairs with that verdict). Rules were designed on `tune`; every later draw "
        "was drawn from one build's reports, read blind, reported on, and then read for tuning "
        "(`PROTOCOL.md` §4). So the only blind figures are the newest draw's for the build it "
        "was drawn from; its last row keeps only the pairs first read for it, leaving out pairs "
        "whose labels an earlier draw carried (rules may have been tuned on those).",
        "",
    ]
    totals = []
    mine_of: dict[str, dict[Pair, str]] = {}
    notes_of: dict[str, dict[Pair, frozenset[str]]] = {}
    feeds: dict[str, dict[Pair, str]] = {}
    fed_total = ""
    for corpus in CORPORA if not quick else ("bbc",):
        root = corpus_root(data, corpus)
        start = time.perf_counter()
        result = scan(root)
        seconds = time.perf_counter() - start
        mine = verdicts_of(result, corpus)
        mine_of[corpus] = mine
        notes_of[corpus] = noted(result, corpus)
        if corpus == "reuters" and not quick:
            feeds[corpus], fed_total = _dated_feed_scan(data)
        counts = Counter(mine.values())
        sizes = sorted((len(c.members) for c in result.clusters), reverse=True)
        totals.append(
            f"| {NAMES[corpus]} | {result.documents:,} | {len(mine):,} | "
            + " | ".join(f"{counts.get(v, 0):,}" for v in ("duplicate", "partial", "template"))
            + f" | {len(sizes):,} | {sizes[0] if sizes else 0} | {seconds:.1f} s |"
        )
        lines += [
            f"### {NAMES[corpus]}",
            "",
            "| draw | build | pairs read | duplicate precision | partial precision | "
            "template precision | COPY/UPDATE reported |",
            "|---|---|--:|---|---|---|---|",
        ]
        every = draws()
        for draw in every:
            labels = labels_of(draw, corpus)
            if not labels:
                continue
            release = _rates(labels, release_verdicts(draw, corpus))
            lines.append(
                f"| {draw} | {release_of(draw)} (drawn from) | {len(labels)} | "
                f"{cell(release.get('precision duplicate'))} | "
                f"{cell(release.get('precision partial'))} | "
                f"{cell(release.get('precision template'))} | "
                f"{cell(release.get('recall reported'))} |"
            )
            rates = _rates(labels, mine)
            weighted = weighted_precision(labels, mine, stratum_weights(draw, corpus))
            lines.append(
                f"| {draw} | this | {len(labels)} | "
                f"{_weighted_cell(weighted.get('duplicate'))} | "
                f"{_weighted_cell(weighted.get('partial'))} | "
                f"{_weighted_cell(weighted.get('template'))} | "
                f"{cell(rates.get('recall reported'))} |"
            )
        newest = every[-1]
        blind = labels_of(newest, corpus, blind_only=True)
        if blind:
            first = _rates(blind, release_verdicts(newest, corpus))
            lines.append(
                f"| {newest}, first read here | {release_of(newest)} (drawn from) | {len(blind)} | "
                f"{cell(first.get('precision duplicate'))} | "
                f"{cell(first.get('precision partial'))} | "
                f"{cell(first.get('precision template'))} | "
                f"{cell(first.get('recall reported'))} |"
            )
        lines.append("")
    lines += census_lines(mine_of, feeds)
    lines += note_lines(notes_of, mine_of)
    lines += agreement.section()
    lines += [
        "Whole corpora, this build (`dupcheck.scan` with default options, one file per story):",
        "",
        "| corpus | documents | pairs | duplicate | partial | template | clusters | largest "
        "cluster | scan time |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        *totals,
        *([fed_total] if fed_total else []),
        "",
        *(
            f"{release_of(draw)}, as `draws/{draw}.meta.json` records its scans: "
            + "; ".join(
                f"{NAMES[c]} {s['pairs']:,} pairs ("
                + ", ".join(f"{k:,} {v}" for v, k in sorted(s["verdicts"].items()))
                + ")"
                for c, s in release_scans(draw).items()
            )
            + "."
            for draw in draws()
            if draw != "test"  # drawn with tune, from the same scans
        ),
    ]
    return "\n".join(lines)


def release_scans(draw: str) -> dict[str, dict[str, Any]]:
    meta = json.loads((DRAWS_DIR / f"{draw}.meta.json").read_text(encoding="utf-8"))
    return {c: meta["scans"][c] for c in CORPORA if c in meta["scans"]}
