"""What the campaign feeds dupcheck, and what counts as a crash for each entry point.

A target makes input ``i`` (a :class:`Case`: named files, and for the command line its
arguments) from its own seeded generator, and runs it through a real entry point. ``check``
returns ``None`` when dupcheck behaved as documented (a result, or one of the documented error
types; for a process, status 0/1/2 with one ``dupcheck: error:`` line and no traceback), and a
short signature of the failure otherwise: the exception type and the dupcheck line it came from,
or what the process did wrong. The same signature is what minimisation keeps.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import random
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench.fuzz import api_options, grammar
from bench.fuzz.mutate import (
    HTML_MUTATORS,
    as_page,
    input_limit,
    mutate,
    snippet,
    syndicate,
)
from bench.fuzz.outputs import outputs
from dupcheck import DupcheckError, InputError, ScanOptions, compare, scan
from dupcheck.corpus.baseline import load_baseline
from dupcheck.corpus.config import read_config
from dupcheck.corpus.walk import read_file
from dupcheck.errors import ConfigError
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import read_document
from dupcheck.text.types import Analysis, Document


@dataclass(frozen=True)
class Case:
    """One input: files to write into an empty folder (names are ``os.fsdecode``d, so they may
    carry any byte but ``/`` and NUL), and the command line's arguments for a process target
    (``{dir}`` stands for that folder)."""

    files: dict[str, bytes]
    argv: tuple[str, ...] = ()
    stdin: bytes = b""
    options: api_options.OptionsCase | None = None
    """The keyword arguments of the options target (which has no files)."""


@dataclass
class Context:
    """What a worker process holds for its whole chunk."""

    seeds: list[Path]
    work: Path
    """An empty scratch folder of this worker's own; cases are written under it."""
    limit: float = 60.0
    """Seconds a process target's own child may take (the campaign's per-input limit)."""
    extra: dict[str, object] = field(default_factory=dict)
    program: tuple[str, ...] = (sys.executable, "-m", "dupcheck")
    """How a process target starts ``dupcheck`` (a test of the checks may start another)."""


def write_case(case: Case, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        raw = os.fsencode(folder) + b"/" + os.fsencode(name).lstrip(b"/").replace(b"\0", b"")
        path = Path(os.fsdecode(raw))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def signature(exc: BaseException) -> str:
    """``KeyError at dupcheck/text/segment.py:120``: the exception and the innermost dupcheck
    line it passed through (the campaign's own line when it never reached dupcheck)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/dupcheck/" in f.filename]
    if not ours:
        last = frames[-1] if frames else None
        where = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
        return f"{type(exc).__name__} outside dupcheck ({where}): {str(exc)[:80]}"
    frame = ours[-1]
    where = frame.filename.rpartition("/dupcheck/")[2]
    return f"{type(exc).__name__} at dupcheck/{where}:{frame.lineno}"


def _spans_ok(analysis: Analysis) -> str | None:
    size = len(analysis.document.text)
    spans = [s.span for s in analysis.sentences] + [b.span for b in analysis.boilerplate]
    for span in spans:
        if not 0 <= span.start <= span.end <= size:
            return f"span {span} outside the text of {size} chars"
    return None


# --- in-process targets ------------------------------------------------------------------------


def make_text(rng: random.Random, ctx: Context) -> Case:
    data = snippet(rng, ctx.seeds)
    return Case({"doc.txt": mutate(rng, data, limit=input_limit(rng))})


def make_html(rng: random.Random, ctx: Context) -> Case:
    page = as_page(rng, snippet(rng, ctx.seeds))
    name = rng.choice(["page.html", "page.htm"])
    return Case({name: mutate(rng, page, HTML_MUTATORS, limit=input_limit(rng))})


def check_document(case: Case, ctx: Context) -> str | None:
    (name,) = case.files
    path = write_case(case, ctx.work) / name
    try:
        document = read_document(path)
    except InputError:
        return None
    return _spans_ok(analyse(document))


def make_compare(rng: random.Random, ctx: Context) -> Case:
    a = b"\n\n".join(snippet(rng, ctx.seeds) for _ in range(rng.randint(1, 3)))
    b = syndicate(rng, a) if rng.random() < 0.7 else snippet(rng, ctx.seeds)
    name_b = "b.html" if rng.random() < 0.2 else "b.txt"
    if name_b == "b.html":
        b = as_page(rng, b)
    limit = input_limit(rng)
    return Case(
        {"a.txt": mutate(rng, a, limit=limit), name_b: mutate(rng, b, HTML_MUTATORS, limit=limit)}
    )


def check_compare(case: Case, ctx: Context) -> str | None:
    folder = write_case(case, ctx.work)
    a, b = (folder / name for name in case.files)
    try:
        result = compare(a, b)
    except DupcheckError:
        return None
    for score in dataclasses.fields(result.scores):
        value = getattr(result.scores, score.name)
        if isinstance(value, float) and not (0.0 <= value <= 1.0 and math.isfinite(value)):
            return f"score {score.name} = {value!r}"
    for match in result.matches:
        if match.a.end > len(result.a.document.text) or match.b.end > len(result.b.document.text):
            return "a match span outside its text"
    return _spans_ok(result.a) or _spans_ok(result.b)


JSONL_MAX_BYTES = 64 * 1024
"""A small line limit, so over-long lines are among the inputs without megabytes of them."""


def make_jsonl(rng: random.Random, ctx: Context) -> Case:
    lines = [grammar.jsonl_line(rng, snippet(rng, ctx.seeds)) for _ in range(rng.randint(1, 8))]
    sep = rng.choice([b"\n", b"\r\n", b"\n\n", b"\r"])
    body = sep.join(lines) + (sep if rng.random() < 0.7 else b"")
    if rng.random() < 0.3:
        body = mutate(rng, body, limit=input_limit(rng))
    return Case({"feed.jsonl": body})


def check_jsonl(case: Case, ctx: Context) -> str | None:
    path = write_case(case, ctx.work) / "feed.jsonl"
    for item in read_file(str(path), "feed.jsonl", ScanOptions(max_bytes=JSONL_MAX_BYTES)):
        if isinstance(item, Document):
            if not item.name.startswith("feed.jsonl"):
                return f"document named {item.name!r}"
        elif not item.path.startswith("feed.jsonl") or not item.reason:
            return f"skipped entry {item.path!r}: {item.reason!r}"
    return None


def make_config(rng: random.Random, ctx: Context) -> Case:
    del ctx
    name, body = grammar.config_file(rng)
    return Case({name: mutate(rng, body) if rng.random() < 0.2 else body})


def _tiny_tree(ctx: Context) -> Path:
    tree = ctx.work.parent / (ctx.work.name + "-tree")
    if not tree.exists():
        text = b"The harbour authority said on Tuesday it would close the old quay to ships.\n"
        write_case(Case({"a.txt": text, "b.txt": text, "c.txt": b"Something else. " * 20}), tree)
    return tree


def check_config(case: Case, ctx: Context) -> str | None:
    (name,) = case.files
    path = write_case(case, ctx.work) / name
    try:
        values = read_config(path)
    except ConfigError:
        return None
    # Accepted: the options must work, not fail later (a seed of 2**32, a huge num_perm).
    scan_works(values.options, ctx)
    return None


def scan_works(options: ScanOptions, ctx: Context) -> None:
    """A scan of a tiny tree with ``options`` (with one job) raises nothing undocumented. The
    same options give the same scan, so each distinct set is scanned once per worker."""
    seen = ctx.extra.setdefault("scanned", set())
    assert isinstance(seen, set)
    key = repr(replace(options, jobs=1))
    if key not in seen:
        scan(_tiny_tree(ctx), options=replace(options, jobs=1))
        seen.add(key)


def make_baseline(rng: random.Random, ctx: Context) -> Case:
    del ctx
    body = grammar.baseline_file(rng)
    return Case({"baseline.json": mutate(rng, body) if rng.random() < 0.2 else body})


def check_baseline(case: Case, ctx: Context) -> str | None:
    path = write_case(case, ctx.work) / "baseline.json"
    try:
        load_baseline(path)
    except InputError:
        return None
    return None


def make_options(rng: random.Random, ctx: Context) -> Case:
    del ctx
    made = api_options.make(rng)
    return Case({}, options=made)


def check_options(case: Case, ctx: Context) -> str | None:
    assert case.options is not None
    return api_options.check(case.options, lambda options: scan_works(options, ctx))


# --- process targets ---------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DUPCHECK_DEBUG"}
    return {**env, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}


def _process(argv: list[str], stdin: bytes, ctx: Context) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*ctx.program, *argv],
        input=stdin,
        capture_output=True,
        env=_environment(),
        timeout=ctx.limit,
        check=False,
    )


def _contract(done: subprocess.CompletedProcess[bytes], *, errors: bool) -> str | None:
    """What a finished ``dupcheck`` process did against its contract, or ``None``."""
    stderr = done.stderr.decode("utf-8", "replace")
    if "Traceback" in stderr:
        return "traceback: " + stderr.strip().splitlines()[-1][:120]
    if done.returncode not in (0, 1, 2):
        return f"exit status {done.returncode}"
    if "internal error" in stderr:
        return "internal error: " + stderr.strip().splitlines()[0][:120]
    if done.returncode == 2:
        lines = stderr.splitlines()
        if not errors:
            return "exit 2: " + (lines[0][:120] if lines else "(no message)")
        if len(lines) != 1 or not lines[0].startswith("dupcheck: error: "):
            return f"exit 2 with {len(lines)} stderr lines: {(lines or [''])[0][:80]}"
        if lines[0].rstrip().endswith(":"):
            return "exit 2 with no reason: " + lines[0][:80]
    return None


def make_names(rng: random.Random, ctx: Context) -> Case:
    story = snippet(rng, ctx.seeds)
    files = {}
    for k in range(rng.randint(2, 6)):
        name = grammar.file_name(rng)
        body = story if k < 2 else snippet(rng, ctx.seeds)
        files[f"tree/{name}"] = body
    fmt = rng.choice(["json", "text", "csv"])
    return Case(files, ("scan", "{dir}/tree", "-f", fmt, "-j", "1", "--exit-zero"))


def check_names(case: Case, ctx: Context) -> str | None:
    folder = write_case(case, ctx.work)
    argv = [a.replace("{dir}", str(folder)) for a in case.argv]
    done = _process(argv, b"", ctx)
    problem = _contract(done, errors=False)
    if problem is not None:
        return problem
    if done.returncode != 0:
        return f"exit status {done.returncode} with --exit-zero"
    files = [p for p in (folder / "tree").rglob("*") if p.is_file() and p.name[0] != "."]
    if argv[3] == "json":
        report = json.loads(done.stdout)
        if report["documents"] + len(report["skipped"]) != len(files):
            return "a file is neither a document nor skipped"
    elif argv[3] == "csv":
        rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
        if any(len(row) != len(rows[0]) for row in rows):
            return "a CSV row of the wrong length"
        if any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row[:2]):
            return "a CSV cell that a spreadsheet runs as a formula"
    elif any(b < 32 and b not in b"\n" for b in done.stdout):
        return "a raw control character in the text report"
    return None


def make_cli(rng: random.Random, ctx: Context) -> Case:
    files, argv, stdin = grammar.compare_command(rng, snippet(rng, ctx.seeds))
    return Case(files, argv, stdin)


def check_cli(case: Case, ctx: Context) -> str | None:
    folder = write_case(case, ctx.work)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    argv = [a.replace("{dir}", str(folder)) for a in case.argv]
    # A file the command is told to write and does not read is its to replace; every other
    # file of the folder is an input that must come out as it went in.
    written = outputs(argv, before)
    done = _process(argv, case.stdin, ctx)
    problem = _contract(done, errors=True)
    if problem is not None:
        return problem
    for path, data in before.items():
        if path not in written and (not path.is_file() or path.read_bytes() != data):
            return "an input was modified"
    return None


@dataclass(frozen=True)
class Target:
    name: str
    make: Callable[[random.Random, Context], Case]
    check: Callable[[Case, Context], str | None]
    share: float
    """Its part of the campaign's budget: cheap targets get many inputs, processes few."""
    chunk: int
    """Inputs per worker process (a resumable unit)."""
    what: str


TARGETS = {
    t.name: t
    for t in (
        Target("text", make_text, check_document, 0.30, 500, "bytes → read_document + analyse"),
        Target("html", make_html, check_document, 0.15, 500, "web page → read_document + analyse"),
        Target("jsonl", make_jsonl, check_jsonl, 0.10, 500, "JSONL file → the scan's reader"),
        Target("config", make_config, check_config, 0.10, 500, "TOML → read_config (+ a scan)"),
        Target("baseline", make_baseline, check_baseline, 0.15, 500, "JSON → load_baseline"),
        Target("compare", make_compare, check_compare, 0.0496, 200, "two files → compare"),
        Target("options", make_options, check_options, 0.15, 500, "values → Scan/CompareOptions"),
        Target("names", make_names, check_names, 0.0002, 20, "file names → `dupcheck scan`"),
        Target("cli", make_cli, check_cli, 0.0002, 20, "arguments → `dupcheck compare`"),
    )
}


def case(target: str, seed: int, index: int, ctx: Context) -> Case:
    """Input ``index`` of ``target``: the same in every run with this ``seed``."""
    return TARGETS[target].make(random.Random(f"{seed}/{target}/{index}"), ctx)


def run_case(target: str, made: Case, ctx: Context) -> str | None:
    """The failure signature of one input, or ``None``; the scratch folder is emptied first."""
    _empty(ctx.work)
    try:
        return TARGETS[target].check(made, ctx)
    except subprocess.TimeoutExpired:
        return "hang: the dupcheck process outlived the per-input limit"
    except Exception as exc:  # anything undocumented is what the campaign looks for
        return signature(exc)


def _empty(folder: Path) -> None:
    import shutil

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
