"""Compare / passage alignment: dupcheck against difflib and copydetect on the same pairs.

Every pair is run through all tools in alternation inside one worker (dupcheck, difflib,
copydetect, then again), so machine drift falls on all alike; a tool's time per pair is the
median over the repeats of reading nothing and doing everything else (dupcheck: analysing both
texts and comparing; the peers: their whole computation on the two strings).

- PAN 2013 corpus A: every tool's passages are detections (A = suspicious, B = source), scored
  per class with plagdet (``bench.plagdet``) and summarised by ``bench.pan.summarise``.
- Syndicated corpora: ``truth.json`` labels pairs of documents, not sentences, so there is no
  sentence-alignment truth to score; the tools are scored on document-level judgement instead:
  every tool's verdict on labelled pairs (duplicate, partial) and on as many unrelated pairs
  (each labelled page against the page closest to it in vocabulary, among 20 random pages it
  has no label with). The peers have no verdicts;
  they get dupcheck's own rule applied to their own similarity: duplicate when the larger side
  reaches 0.5, partial when it reaches 0.1 with ≥ 120 characters of the first text in passages.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import pan
from bench.common import pool_map, require, table
from bench.peers import copydetect_align, difflib_align
from bench.peers.spans import Alignment, Detection
from bench.plagdet import Annotation
from bench.scan_study import FULL, QUICK, corpus
from bench.truth import Found, Label, LabelledPair, Truth, evaluate
from dupcheck.align.compare import compare_analyses
from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

SEED = 2013
NEGATIVE_DRAWS = 20
TOOLS = ("dupcheck", "difflib", "copydetect")
SETTINGS = {
    "dupcheck": "`compare` default CompareOptions, passages as detections",
    "difflib": difflib_align.SETTINGS,
    "copydetect": copydetect_align.settings(),
}


@dataclass(frozen=True, slots=True)
class Plan:
    pan_per_class: int
    synth_pairs: int
    """Labelled pairs per level (and as many unrelated ones)."""
    repeats: int


QUICK_PLAN = Plan(pan_per_class=30, synth_pairs=100, repeats=1)
FULL_PLAN = Plan(pan_per_class=200, synth_pairs=300, repeats=3)
OPTIONS = CompareOptions()


def _dupcheck(a: str, b: str) -> tuple[Alignment, Verdict]:
    comparison = compare_analyses(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    detections = tuple(Detection(p.a, p.b) for p in comparison.passages if len(p.a) and len(p.b))
    scores = comparison.scores
    return Alignment(detections, scores.coverage_a, scores.coverage_b), comparison.verdict


def peer_verdict(alignment: Alignment) -> Verdict:
    """dupcheck's verdict rule (default thresholds) on a peer's own similarity."""
    best = max(alignment.similarity_a, alignment.similarity_b)
    if best >= OPTIONS.duplicate_coverage:
        return Verdict.DUPLICATE
    chars = sum(len(d.a) for d in alignment.detections)
    if best >= OPTIONS.partial_coverage and chars >= OPTIONS.partial_min_chars:
        return Verdict.PARTIAL
    return Verdict.DISTINCT


def _peer(fn: Callable[[str, str], Alignment]) -> Callable[[str, str], tuple[Alignment, Verdict]]:
    def run(a: str, b: str) -> tuple[Alignment, Verdict]:
        alignment = fn(a, b)
        return alignment, peer_verdict(alignment)

    return run


ALIGNERS: dict[str, Callable[[str, str], tuple[Alignment, Verdict]]] = {
    "dupcheck": _dupcheck,
    "difflib": _peer(difflib_align.align),
    "copydetect": _peer(copydetect_align.align),
}


@dataclass(frozen=True, slots=True)
class Task:
    group: str
    """PAN class, or the syndicated level."""
    a_name: str
    a_path: Path
    b_name: str
    b_path: Path
    repeats: int


@dataclass(frozen=True, slots=True)
class ToolResult:
    alignment: Alignment
    verdict: Verdict
    seconds: float
    """Median over the repeats."""


@dataclass(frozen=True, slots=True)
class TaskResult:
    task: Task
    tools: dict[str, ToolResult]


def run_task(task: Task) -> TaskResult:
    """All tools on one pair, in alternation (runs in a worker)."""
    a, b = pan.read_text(task.a_path), pan.read_text(task.b_path)
    times: dict[str, list[float]] = {t: [] for t in TOOLS}
    first: dict[str, tuple[Alignment, Verdict]] = {}
    for _ in range(task.repeats):
        for tool in TOOLS:
            start = time.perf_counter()
            out = ALIGNERS[tool](a, b)
            times[tool].append(time.perf_counter() - start)
            first.setdefault(tool, out)
    return TaskResult(
        task,
        {t: ToolResult(*first[t], statistics.median(times[t])) for t in TOOLS},
    )


# --- PAN ------------------------------------------------------------------------------------


def pan_tasks(root: Path, plan: Plan) -> list[Task]:
    every = pan.tasks(root, OPTIONS, quick=False)
    out: list[Task] = []
    for cls in pan.CLASSES:
        pairs = [t for t in every if t.cls == cls]
        rng = random.Random(f"{SEED}:{cls}")
        chosen = sorted(rng.sample(pairs, min(plan.pan_per_class, len(pairs))),
                        key=lambda t: (t.susp, t.src))  # fmt: skip
        out.extend(
            Task(cls, t.susp, root / "susp" / t.susp, t.src, root / "src" / t.src, plan.repeats)
            for t in chosen
        )
    return out


def _beats(theirs: float | None, ours: float | None, *, lower: bool = False) -> bool:
    if theirs is None or ours is None:
        return False
    return theirs < ours if lower else theirs > ours


def pan_section(root: Path, results: Sequence[TaskResult]) -> tuple[str, list[str]]:
    """The plagdet table, and every line where a peer beats dupcheck."""
    rows: list[list[object]] = []
    lost: list[str] = []
    for cls in pan.CLASSES:
        mine = [r for r in results if r.task.group == cls]
        cases = {
            id(r): pan.read_cases(
                root / cls / f"{Path(r.task.a_name).stem}-{Path(r.task.b_name).stem}.xml",
                r.task.a_name, r.task.b_name,
            )
            for r in mine
        }  # fmt: skip
        summaries = {}
        for tool in TOOLS:
            per_pair = [
                pan.PairResult(
                    cls, cases[id(r)],
                    tuple(Annotation(r.task.a_name, r.task.b_name, d.a, d.b)
                          for d in r.tools[tool].alignment.detections),
                    r.tools[tool].seconds, 0, (),
                )
                for r in mine
            ]  # fmt: skip
            summaries[tool] = s = pan.summarise(cls, per_pair)
            m = s.measures
            base = summaries["dupcheck"]
            rows.append([
                cls, tool, m.precision, m.recall, m.granularity, m.plagdet,
                "—" if s.false_alarms is None else f"{s.false_alarms:.1%} of {s.negative_pairs}",
                f"{1000 * s.median_seconds:.1f}",
                f"{s.median_seconds / base.median_seconds:.2f}×" if base.median_seconds else None,
                s.pairs,
            ])  # fmt: skip
            if tool == "dupcheck":
                continue
            bm = base.measures
            checks = [
                ("plagdet", m.plagdet, bm.plagdet, False, "{:.3f}"),
                ("false alarms", s.false_alarms, base.false_alarms, True, "{:.1%}"),
                ("ms/pair", 1000 * s.median_seconds, 1000 * base.median_seconds, True, "{:.1f}"),
            ]
            for what, theirs, ours, lower, form in checks:
                if _beats(theirs, ours, lower=lower):
                    assert theirs is not None and ours is not None
                    lost.append(f"PAN {cls}, {tool}: {what} {form.format(theirs)}"
                                f" vs dupcheck {form.format(ours)}")  # fmt: skip
    headers = ["class", "tool", "precision", "recall", "granularity", "plagdet", "false alarms",
               "ms/pair", "dupcheck speed ÷ this", "pairs"]  # fmt: skip
    return table(headers, rows), lost


# --- syndicated corpora ---------------------------------------------------------------------


def synth_tasks(root: Path, level: str, plan: Plan) -> tuple[list[Task], Truth]:
    """Labelled pairs (duplicate, partial) and as many unrelated ones, and their truth."""
    truth = Truth.read(root / "truth.json")
    labels = truth.labels()
    rng = random.Random(f"{SEED}:{level}")
    labelled = [p for p in truth.pairs if p.label is not Label.ANY]
    chosen = sorted(rng.sample(labelled, min(plan.synth_pairs, len(labelled))),
                    key=lambda p: (p.a, p.b))  # fmt: skip
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.txt"))
    vocab: dict[str, set[str]] = {}

    def words(name: str) -> set[str]:
        if name not in vocab:
            vocab[name] = set((root / name).read_text(encoding="utf-8").lower().split())
        return vocab[name]

    def jaccard(x: str, y: str) -> float:
        wx, wy = words(x), words(y)
        return len(wx & wy) / len(wx | wy) if wx or wy else 0.0

    negatives: set[tuple[str, str]] = set()
    for p in chosen:
        # A hard negative: the unlabelled page closest in vocabulary among NEGATIVE_DRAWS
        # random ones, so precision is not measured on trivially different pages.
        keys = {
            (p.a, o) if p.a < o else (o, p.a)
            for o in rng.sample(pages, min(NEGATIVE_DRAWS, len(pages)))
            if o != p.a
        }
        keys -= labels.keys() | negatives
        if keys:
            negatives.add(max(sorted(keys), key=lambda k: jaccard(*k)))
    pairs = [(p.a, p.b) for p in chosen] + sorted(negatives)
    tasks = [Task(level, a, root / a, b, root / b, plan.repeats) for a, b in pairs]
    subset = Truth(truth.seed, truth.level, truth.files,
                   tuple(LabelledPair(p.a, p.b, p.label) for p in chosen), (), ())  # fmt: skip
    return tasks, subset


def synth_rows(
    level: str, results: Sequence[TaskResult], truth: Truth, lost: list[str]
) -> list[list[object]]:
    """One row per tool; lines where a peer beats dupcheck are appended to ``lost``."""
    rows: list[list[object]] = []
    base: tuple[float, ...] = ()
    for tool in TOOLS:
        found = [
            Found(r.task.a_name, r.task.b_name, Label(r.tools[tool].verdict.value))
            for r in results
            # A template pair is not a copy: the truth scores copies and reuse only.
            if r.tools[tool].verdict in (Verdict.DUPLICATE, Verdict.PARTIAL)
        ]
        pr = evaluate(found, truth)
        ms = 1000 * statistics.median(r.tools[tool].seconds for r in results)
        figures = (pr.duplicate_recall, pr.duplicate_precision, pr.partial_recall, pr.precision)
        if tool == "dupcheck":
            base = (*figures, ms)
        else:
            names = ("duplicate recall", "duplicate precision", "partial recall", "precision")
            for what, theirs, ours in zip(names, figures, base, strict=False):
                if theirs > ours:
                    lost.append(f"syndicated {level}, {tool}: {what} {theirs:.3f}"
                                f" vs dupcheck {ours:.3f}")  # fmt: skip
            if ms < base[-1]:
                lost.append(f"syndicated {level}, {tool}: ms/pair {ms:.1f} vs dupcheck"
                            f" {base[-1]:.1f}")  # fmt: skip
        rows.append([
            level, tool, *figures, f"{ms:.1f}", f"{ms / base[-1]:.2f}×" if base[-1] else None,
            f"{pr.true_duplicates} + {pr.true_partials} + {len(results) - len(truth.pairs)}",
        ])  # fmt: skip
    return rows


def run(data: Path, *, quick: bool) -> str:
    """PAN plagdet per class and syndicated document judgement, per tool."""
    plan = QUICK_PLAN if quick else FULL_PLAN
    scan_plan = QUICK if quick else FULL
    root = data / "pan13-a"
    require(root / "src", root / "susp", *(root / cls / "pairs" for cls in pan.CLASSES))
    work = pan_tasks(root, plan)
    synth: dict[str, Truth] = {}
    for level in scan_plan.levels:
        tasks, truth = synth_tasks(corpus(data, level, scan_plan), level, plan)
        work.extend(tasks)
        synth[level] = truth
    start = time.perf_counter()
    results = pool_map(run_task, work, chunksize=2)
    wall = time.perf_counter() - start

    pan_table, lost = pan_section(root, [r for r in results if r.task.group in pan.CLASSES])
    synth_table = table(
        ["level", "tool", "dup recall", "dup precision", "partial recall", "precision",
         "ms/pair", "dupcheck speed ÷ this", "pairs (dup + partial + unrelated)"],
        [row for level, truth in synth.items()
         for row in synth_rows(level, [r for r in results if r.task.group == level], truth,
                               lost)],
    )  # fmt: skip
    losses = ("Where dupcheck loses:\n\n" + "\n".join(f"- {line}" for line in lost)
              if lost else "dupcheck loses on no line of these tables.")  # fmt: skip
    print(pan_table, synth_table, losses, sep="\n\n")
    settings = "\n".join(f"- {tool}: {SETTINGS[tool]}" for tool in TOOLS)
    return "\n\n".join(
        [
            "## Passage alignment: dupcheck, difflib and copydetect",
            f"Settings:\n\n{settings}\n\nPeers' matching stretches are merged into passages by one"
            " shared rule (`bench/peers/spans.py`: stretches within 250 characters on both"
            " sides merged, passages under 100 characters dropped). Each pair runs all tools in"
            f" alternation, {plan.repeats}× (median time per pair), 2 worker processes.",
            f"### PAN 2013 corpus A ({plan.pan_per_class} seeded pairs per class)",
            pan_table,
            "### Syndicated corpora: document-level judgement",
            "`truth.json` has no sentence-level truth, so sentence-alignment F1 cannot be"
            " measured; instead each tool judges labelled pairs and as many unrelated pairs"
            f" ({plan.synth_pairs} labelled pairs per level, seeded; each unrelated pair is the"
            f" closest in vocabulary of {NEGATIVE_DRAWS} random unlabelled pairs of a labelled"
            " page). Peers' verdicts: dupcheck's"
            " thresholds on the peer's own similarity (difflib: matched words per side;"
            " copydetect: its overlap per side).",
            synth_table,
            losses,
            f"{len(results)} pairs in {wall:.0f} s wall.",
        ]
    )
