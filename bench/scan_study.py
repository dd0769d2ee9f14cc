"""Scan: dupcheck against its peers on the syndicated corpora (light, medium, heavy).

Every tool runs as a process of its own on the same corpus directory (``bench.peers.*``), in
alternation (all tools once, then all again: A B C A B C) so drift of a shared machine falls on
all of them alike; the tables give medians over the repeats. Pairs are scored against the
corpus truth with ``bench.truth.evaluate``; dedup tools that answer with clusters are scored on
every pair inside a cluster (that is what they claim), all as ``duplicate``.

docs/s is the corpus size over the runner's own wall time from listing the files to the last
pair (imports and interpreter start-up excluded; they are in *process s*). Peak RSS is
``ru_maxrss`` of the run (the largest single process, via ``/usr/bin/time``); *tree PSS* is the
largest proportional set size summed over the process tree, sampled every 50 ms, which counts
worker pools in full and pages they share once.

Recall-tuned settings were chosen on a development corpus made with another seed (seed 2,
medium, 100 stories, 600 distractors), never on the corpora measured here: over a small grid
(thresholds 0.1–0.5; shingles of 1, 3 and 5 words where the tool takes them), the setting with
the highest duplicate recall at duplicate precision ≥ 0.98, the precision dupcheck must reach.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import synthetic_corpus, table
from bench.peer_env import PeerEnv, PeerUnavailable
from bench.peers import Measured, ScanOutput, read_found, run_measured, textdedup_scan
from bench.truth import PR, Truth, evaluate

CACHE = Path(__file__).resolve().parent / ".cache" / "synth"
SEED = 1
RUN_TIMEOUT = 900.0


@dataclass(frozen=True, slots=True)
class Plan:
    levels: tuple[str, ...]
    originals: int
    distractors: int
    repeats: int


QUICK = Plan(levels=("medium",), originals=100, distractors=600, repeats=1)
FULL = Plan(levels=("light", "medium", "heavy"), originals=300, distractors=2000, repeats=3)


@dataclass(frozen=True, slots=True)
class Runner:
    key: str
    tool: str
    settings: str
    """Exactly how it is run, for the table."""
    module: str
    """``bench.peers`` runner module, or ``text-dedup`` for the driver in its own env."""
    args: tuple[str, ...] = ()


RUNNERS = (
    Runner("dupcheck", "dupcheck", "`scan()` default ScanOptions (jobs = all cores)",
           "dupcheck_scan"),
    Runner("datasketch", "datasketch pipeline",
           "word 5-shingles, MinHash 128, LSH 0.5, exact Jaccard ≥ 0.5", "datasketch_scan"),
    Runner("datasketch-recall", "datasketch pipeline",
           "recall-tuned: LSH and exact Jaccard at 0.2", "datasketch_scan",
           ("--threshold", "0.2")),
    Runner("text-dedup", f"text-dedup {textdedup_scan.VERSION} MinHash",
           "documented defaults (ngram 5, num_perm 250, threshold 0.7, num_proc all cores)",
           "text-dedup", textdedup_scan.DEFAULTS),
    Runner("text-dedup-recall", f"text-dedup {textdedup_scan.VERSION} MinHash",
           "recall-tuned: `--ngram 3 --threshold 0.3`", "text-dedup",
           ("--ngram", "3", "--threshold", "0.3")),
    Runner("rensa", "rensa RMinHashDeduplicator",
           "README: threshold 0.8, num_perm 128, use_lsh, `text.split()` tokens", "rensa_scan"),
    Runner("rensa-recall", "rensa RMinHashDeduplicator",
           "recall-tuned: threshold 0.3, lower-cased word 3-shingles", "rensa_scan",
           ("--threshold", "0.3", "--shingle", "3")),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Outcome:
    """All repeats of one runner on one corpus, or why it could not run."""

    runner: Runner
    level: str
    runs: tuple[Measured, ...] = ()
    outputs: tuple[ScanOutput, ...] = ()
    scores: PR | None = None
    error: str = ""

    @property
    def seconds(self) -> float:
        return statistics.median(o.seconds for o in self.outputs)

    @property
    def docs_per_s(self) -> float:
        return self.outputs[0].documents / self.seconds if self.seconds else 0.0


def corpus(data: Path, level: str, plan: Plan, *, cache: Path = CACHE) -> Path:
    """The synthetic corpus of ``level`` for ``plan``, made once and kept under ``cache``."""
    out = cache / f"{level}-o{plan.originals}-d{plan.distractors}-s{SEED}"
    return synthetic_corpus(
        data, out, level, originals=plan.originals, distractors=plan.distractors, seed=SEED
    )


def _argv(runner: Runner, env: PeerEnv | None, root: Path, out: Path, work: Path) -> list[str]:
    if runner.module == "text-dedup":
        assert env is not None
        return textdedup_scan.argv(env, root, work / "clusters.json", work, runner.args)
    return [sys.executable, "-m", f"bench.peers.{runner.module}", str(root), str(out), *runner.args]


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def measure_level(
    root: Path, level: str, runners: Sequence[Runner], *, repeats: int,
    env: PeerEnv | None, unavailable: dict[str, str],
) -> list[Outcome]:  # fmt: skip
    """Run every runner ``repeats`` times on ``root``, in alternation."""
    truth = Truth.read(root / "truth.json")
    runs: dict[str, list[Measured]] = {r.key: [] for r in runners}
    outputs: dict[str, list[ScanOutput]] = {r.key: [] for r in runners}
    errors = dict(unavailable)
    child_env = {**os.environ, "PYTHONHASHSEED": "0"}
    for _ in range(repeats):
        for runner in runners:
            if runner.key in errors:
                continue
            with tempfile.TemporaryDirectory(prefix=f"bench-{runner.key}-") as tmp:
                work = Path(tmp)
                out = work / "pairs.json"
                measured = run_measured(
                    _argv(runner, env, root, out, work), env=child_env, timeout=RUN_TIMEOUT
                )
                if measured.returncode == 0 and runner.module == "text-dedup":
                    textdedup_scan.collect(work / "clusters.json", out)
                if measured.returncode != 0 or not out.exists():
                    errors[runner.key] = (
                        f"exit {measured.returncode}: {_last_line(measured.stderr_tail)}"
                    )
                    continue
                runs[runner.key].append(measured)
                outputs[runner.key].append(read_found(out))
    results = []
    for runner in runners:
        if runner.key in errors:
            results.append(Outcome(runner, level, error=errors[runner.key]))
            continue
        found = outputs[runner.key]
        scores = evaluate(found[0].found, truth)
        results.append(Outcome(runner, level, tuple(runs[runner.key]), tuple(found), scores))
    return results


# --- tables --------------------------------------------------------------------------------


def _med(values: Sequence[float]) -> float:
    return statistics.median(values)


def level_table(outcomes: Sequence[Outcome]) -> str:
    base = next((o for o in outcomes if o.runner.key == "dupcheck" and not o.error), None)
    rows: list[list[object]] = []
    for o in outcomes:
        if o.error or o.scores is None:
            rows.append([o.runner.tool, o.runner.settings, f"could not run: {o.error}",
                         *[None] * 8])  # fmt: skip
            continue
        s = o.scores
        ratio = None if base is None else f"{base.docs_per_s / o.docs_per_s:.2f}×"
        rows.append(
            [
                o.runner.tool,
                o.runner.settings,
                f"{o.docs_per_s:,.0f}",
                f"{_med([m.seconds for m in o.runs]):.2f}",
                ratio,
                f"{_med([m.peak_rss_mib for m in o.runs]):.0f}",
                f"{_med([m.tree_pss_mib for m in o.runs]):.0f}",
                s.duplicate_recall,
                s.duplicate_precision,
                s.partial_recall,
                s.reported,
            ]
        )
    headers = [
        "tool", "settings", "docs/s", "process s", "dupcheck speed ÷ this", "peak RSS MiB",
        "tree PSS MiB", "dup recall", "dup precision", "partial recall", "pairs",
    ]  # fmt: skip
    return table(headers, rows)


def losses(outcomes: Sequence[Outcome]) -> list[str]:
    """Every line where a peer beats dupcheck, in words."""
    base = next((o for o in outcomes if o.runner.key == "dupcheck" and not o.error), None)
    if base is None or base.scores is None:
        return []
    out = []
    b = base.scores
    for o in outcomes:
        if o is base or o.error or o.scores is None:
            continue
        name = f"{o.runner.tool} ({o.runner.key}) on {o.level}"
        checks = [
            ("speed (docs/s)", o.docs_per_s, base.docs_per_s, "{:,.0f}"),
            ("duplicate recall", o.scores.duplicate_recall, b.duplicate_recall, "{:.3f}"),
            ("duplicate precision", o.scores.duplicate_precision, b.duplicate_precision, "{:.3f}"),
            ("partial recall", o.scores.partial_recall, b.partial_recall, "{:.3f}"),
        ]
        for what, theirs, ours, form in checks:
            if theirs > ours:
                out.append(f"{name}: {what} {form.format(theirs)} vs dupcheck {form.format(ours)}")
        peak = _med([m.peak_rss_mib for m in o.runs])
        ours_peak = _med([m.peak_rss_mib for m in base.runs])
        if peak < ours_peak:
            out.append(f"{name}: peak RSS {peak:.0f} MiB vs dupcheck {ours_peak:.0f} MiB")
    return out


def _env_line(env: PeerEnv | None, reason: str) -> str:
    if env is None:
        return f"text-dedup virtualenv: could not be made here: {reason}"
    when = "made by this run" if env.made_now else f"reused, made {env.made}"
    return (
        f"text-dedup virtualenv (`bench/.peers/text-dedup`, `python -m venv` + `pip install"
        f" {' '.join(env.requirements)}`): {when}; setup took {env.setup_seconds:.0f} s."
    )


def run(data: Path, *, quick: bool) -> str:
    """The scan comparison: one table per level, then where dupcheck loses."""
    plan = QUICK if quick else FULL
    roots = {level: corpus(data, level, plan) for level in plan.levels}
    env: PeerEnv | None = None
    reason = ""
    try:
        env = textdedup_scan.prepare()
    except PeerUnavailable as exc:
        reason = str(exc)
    unavailable = {r.key: reason for r in RUNNERS if r.module == "text-dedup" and env is None}
    sections = [
        "## Scan: dupcheck and its peers on the syndicated corpora",
        f"Corpora made by `bench.synth` (seed {SEED}, {plan.originals} stories,"
        f" {plan.distractors} distractors, a third as many partial quotes); each tool run"
        f" {plan.repeats}× in alternation in its own process; medians. 2 cores."
        " *dupcheck speed ÷ this* > 1 means dupcheck is faster. Cluster tools (text-dedup,"
        " rensa) are scored on all pairs inside their clusters.",
        _env_line(env, reason),
    ]
    every: list[Outcome] = []
    for level, root in roots.items():
        outcomes = measure_level(root, level, RUNNERS, repeats=plan.repeats, env=env,
                                 unavailable=unavailable)  # fmt: skip
        every.extend(outcomes)
        docs = next((o.outputs[0].documents for o in outcomes if o.outputs), 0)
        text = f"### {level} ({docs} pages)\n\n{level_table(outcomes)}"
        print(text, flush=True)
        sections.append(text)
    lost = [
        line for level in plan.levels for line in losses([o for o in every if o.level == level])
    ]
    closing = (
        "Where dupcheck loses:\n\n" + "\n".join(f"- {line}" for line in lost)
        if lost
        else "dupcheck loses on no line of these tables."
    )
    print(closing, flush=True)
    sections.append(closing)
    return "\n\n".join(sections)
