"""The fuzz campaign's own parts: seeded inputs, the contract check of a process, shrinking, the
budget, and the deadline on a worker's protocol lines (a real process that says nothing)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from bench.fuzz.campaign import Worker, _Lines, chunks, plan, run_chunk
from bench.fuzz.child import shrink
from bench.fuzz.mutate import mutate
from bench.fuzz.targets import TARGETS, Context, _contract, case, run_case

STORY = (
    "The harbour authority said on Tuesday it would close the old north quay to cargo ships.\n\n"
    "Harbour master Ingrid Solberg said the quay was built for sailing barges.\n"
)


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    seeds = []
    for k in range(3):
        seed = tmp_path / f"seed{k}.txt"
        seed.write_text(STORY * (k + 1), encoding="utf-8")
        seeds.append(seed)
    return Context(seeds, tmp_path / "work" / "case")


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_input_i_is_the_same_in_every_run(ctx: Context, target: str) -> None:
    assert case(target, 16, 7, ctx) == case(target, 16, 7, ctx)
    assert [case(target, 16, i, ctx) for i in range(5)] != [
        case(target, 17, i, ctx) for i in range(5)
    ]


@pytest.mark.parametrize("target", ["text", "html", "jsonl", "config", "baseline", "compare"])
def test_in_process_targets_pass_on_clean_and_mutated_input(ctx: Context, target: str) -> None:
    for index in range(20):
        assert run_case(target, case(target, 16, index, ctx), ctx) is None


def test_a_broken_check_is_a_failure_with_its_signature(ctx: Context) -> None:
    made = case("text", 16, 0, ctx)
    bad = type(made)({"doc.txt": made.files["doc.txt"], "extra.txt": b"x"})  # two files: unpack
    line = _unpack_line()
    assert run_case("text", bad, ctx) == (
        f"ValueError outside dupcheck (targets.py:{line}): too many values to unpack (expected 1)"
    )


def _unpack_line() -> int:
    source = Path(__file__).resolve().parents[1] / "fuzz" / "targets.py"
    lines = source.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("def check_document"))
    return next(n for n in range(start, len(lines)) if "(name,) = case.files" in lines[n]) + 1


@pytest.mark.parametrize(
    ("status", "stderr", "problem"),
    [
        (0, b"", None),
        (1, b"dupcheck: 3 documents\n", None),
        (2, b"dupcheck: error: a.txt: no such file\n", None),
        (2, b"Usage: dupcheck\n\nError: no\n", "exit 2 with 3 stderr lines: Usage: dupcheck"),
        (2, b"dupcheck: error: B: \n", "exit 2 with no reason: dupcheck: error: B: "),
        (2, b"dupcheck: error: internal error: boom\n", "internal error: dupcheck: error: in"),
        (1, b"Traceback (most recent call last):\nKeyError: 1\n", "traceback: KeyError: 1"),
        (-9, b"", "exit status -9"),
    ],
)
def test_the_process_contract(status: int, stderr: bytes, problem: str | None) -> None:
    done = subprocess.CompletedProcess(["dupcheck"], status, b"", stderr)
    found = _contract(done, errors=True)
    assert found == problem or (problem is not None and found and found.startswith(problem))


def test_shrink_finds_the_smallest_failing_input() -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(3000))
    data = data[:1700] + b"BOOM" + data[1700:]
    assert shrink(data, lambda d: b"BOOM" in d, budget=5000) == b"BOOM"


def test_mutations_stay_within_the_input_limit() -> None:
    rng = random.Random(3)
    for _ in range(200):
        assert len(mutate(rng, STORY.encode())) <= 1536 * 1024


def test_the_budget_covers_every_target_in_chunks() -> None:
    counts = plan(1_000_000)
    assert set(counts) == set(TARGETS) and 990_000 <= sum(counts.values()) <= 1_010_000
    small = plan(100)
    assert all(n >= 1 for n in small.values())
    assert small["names"] == small["cli"] == 20  # a process chunk's worth, even when small
    for name, start, stop in chunks(counts):
        assert 0 < stop - start <= TARGETS[name].chunk


def test_a_campaign_narrowed_to_targets_gives_them_the_whole_budget() -> None:
    assert plan(20_000, ["cli"]) == {"cli": 20_000}
    both = plan(20_000, ["names", "cli"])
    assert both == {"names": 10_000, "cli": 10_000}
    # The chunks of a narrowed campaign are those of the whole one: a later run reuses them.
    whole = chunks(plan(100_000_000))
    assert set(chunks(plan(20_000, ["cli"]))) <= {c for c in whole if c[0] == "cli"}


def test_a_silent_worker_is_noticed_by_its_deadline() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; print('B 0', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        lines = _Lines(proc.stdout.fileno())
        assert lines.next(30) == "B 0"
        assert lines.next(0.5) is None  # the input never ends: a hang
    finally:
        proc.kill()
        proc.wait()


FAKE_WORKER = """
import os, signal, sys, time
print("started", file=sys.stderr, flush=True)
for command in sys.stdin:
    _, target, start, stop = command.split()
    for i in range(int(start), int(stop)):
        print(f"B {i}", flush=True)
        if i == 3:
            time.sleep(600)  # a hang: only a kill from outside ends it
        if i == 5:
            os.kill(os.getpid(), signal.SIGSEGV)  # a crash that kills the process
        outcome = "ok" if i != 7 else '"KeyError at dupcheck/x.py:1"'
        print(f"E {i} {1000 + i} 0 {outcome}", flush=True)
    print("D", flush=True)
"""


def test_the_persistent_worker_is_killed_on_a_hang_and_restarted_after_a_death(
    tmp_path: Path,
) -> None:
    # A real process that speaks the worker's protocol: it hangs on input 3 and dies by SIGSEGV
    # on input 5. The campaign kills it on the hang, starts a new one that resumes at 4, records
    # the death at 5 and resumes at 6: every input is tried once.
    worker = Worker(tmp_path, tmp_path, seed=16, limit=1.0)
    worker.argv = [sys.executable, "-c", FAKE_WORKER]
    try:
        done = run_chunk(worker, "text", 0, 10, limit=1.0)
    finally:
        if worker.proc is not None:
            worker.end(kill=True)
    assert done.tried == 10
    assert done.hangs == [3]
    assert done.failures == [(5, "worker died by SIGSEGV"), (7, "KeyError at dupcheck/x.py:1")]
    assert done.restarts == 2
    # The killed and the dead worker's own peaks (``wait4``) count too: the real process's
    # size, over the peaks the fake reports.
    assert done.peak_kib > 1009 and done.peak_index in (3, 5)
    assert (tmp_path / "stderr").read_text().count("started") == 3


def test_the_worker_runs_real_inputs_and_measures_each(tmp_path: Path) -> None:
    data = tmp_path / "corpora"
    (data / "bbc-news" / "business").mkdir(parents=True)
    (data / "bbc-news" / "business" / "001.txt").write_text(STORY * 5, encoding="utf-8")
    (tmp_path / "work").mkdir()
    worker = Worker(data, tmp_path / "work", seed=16, limit=60.0)
    try:
        text = run_chunk(worker, "text", 0, 30, limit=60.0)
        options = run_chunk(worker, "options", 0, 30, limit=60.0)
    finally:
        if worker.proc is not None:
            worker.end(kill=True)
    assert (text.tried, text.failures, text.hangs, text.restarts) == (30, [], [], 0)
    assert (options.tried, options.failures, options.hangs) == (30, [], [])
    assert 0 <= text.peak_index < 30 and text.peak_kib > 10_000  # a Python process's size
