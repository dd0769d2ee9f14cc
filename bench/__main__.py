"""python -m bench: run the studies, print their tables, write bench/RESULTS.md.

python -m bench all --data ../shared/corpora [--quick]
python -m bench pan --data ../shared/corpora --quick --set match_threshold=0.6 --no-write
python -m bench index-1m --data ../shared/corpora
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import inspect
import os
import platform
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.common import MissingCorpus

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "RESULTS.md"

STUDIES: dict[str, tuple[str, tuple[str, ...]]] = {
    # name: ("module:function", corpora it needs under --data). The function is
    # ``run(data: Path, *, quick: bool) -> str`` returning the study's markdown section (it may
    # also take ``options`` for --set, ``write_figures``, false under --no-write, and ``pages``
    # for --pages). Adding a study is one line here.
    "segmenters": ("bench.segmenters:run", ()),
    "boilerplate": ("bench.boilerplate_study:run", ()),
    "msrp": ("bench.msrp:run", ("msrp",)),
    "pan": ("bench.pan:run", ("pan13-a",)),
    "clough": ("bench.clough:run", ("clough-stevenson",)),
    "compare": ("bench.compare_speed:run", ("reuters-21578", "bbc-news")),
    "scan": ("bench.scan_study:run", ("reuters-21578", "bbc-news")),
    "align": ("bench.align_study:run", ("pan13-a", "reuters-21578", "bbc-news")),
    "exact": ("bench.exact_study:run", ("reuters-21578", "bbc-news")),
    "scale": ("bench.scale:run", ()),
    "dask": ("bench.dask_study:run", ("reuters-21578", "bbc-news")),
    "wire": ("bench.wire.study:run", ("reuters-21578", "bbc-news")),
    "html": ("bench.html_pages:run", ("reuters-21578", "bbc-news")),
    "web": ("bench.web_extraction:run", ("bbc-news",)),
    "worst": ("bench.worst_case:run", ()),
    "originals": ("bench.originals_study:run", ("reuters-21578", "bbc-news")),
    "index": ("bench.index_study:run", ("reuters-21578", "bbc-news")),
    "index-1m": ("bench.index_study:run_million", ("reuters-21578", "bbc-news")),
    "fuzz": ("bench.fuzz.study:run", ("bbc-news", "pan13-a", "reuters-21578")),
    "interrupts": ("bench.interrupts:run", ()),
    "analysis": (
        "bench.analysis_speed:run",
        ("reuters-21578", "bbc-news", "pan13-a", "clough-stevenson", "msrp", "sts-benchmark"),
    ),
}

Study = Callable[..., str]


def load(name: str) -> Study | None:
    """The study's run function, or ``None`` when its module has not been written yet."""
    module_name, _, func = STUDIES[name][0].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the study's own module being absent means "not available"; a missing dependency
        # inside an existing module is a real error and propagates.
        if exc.name == module_name:
            return None
        raise
    run: Study = getattr(module, func)
    return run


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``key=value`` strings → CompareOptions overrides, each value cast to the field's type."""
    from dupcheck.align.types import CompareOptions

    defaults = CompareOptions()
    fields = {f.name for f in dataclasses.fields(CompareOptions)}
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or key not in fields:
            raise ValueError(f"--set {pair!r}: expected KEY=VALUE with KEY one of {sorted(fields)}")
        kind = type(getattr(defaults, key))
        if kind is bool:
            out[key] = raw.lower() in {"1", "true", "yes", "on"}
        else:
            out[key] = kind(raw)
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Measure dupcheck on real corpora."
    )
    parser.add_argument("study", choices=["all", *STUDIES], help="a study, or all of them")
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO.parent / "shared" / "corpora",
        help="the corpora directory (default: ../shared/corpora from the repo root)",
    )
    parser.add_argument("--quick", action="store_true", help="a small, seeded sample of each")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a CompareOptions field (studies that take options only); repeatable",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the tables, leave RESULTS.md alone"
    )
    parser.add_argument(
        "--pages",
        type=int,
        default=None,
        metavar="N",
        help="corpus size, for studies that take one (index: archived pages)",
    )
    parser.add_argument(
        "--inputs", type=int, default=None, metavar="N", help="the input budget (fuzz only)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (fuzz only)"
    )
    parser.add_argument(
        "--targets",
        default=None,
        metavar="A,B",
        help="only these targets, sharing the whole budget (fuzz only)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.data.is_dir():
        print(f"bench: corpora directory not found: {args.data}", file=sys.stderr)
        return 2
    try:
        overrides = parse_overrides(args.overrides)
    except ValueError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2

    names = list(STUDIES) if args.study == "all" else [args.study]
    runs: dict[str, Study] = {}
    for name in names:
        run = load(name)
        if run is None:
            print(f"bench: study {name!r} not available ({STUDIES[name][0]} not written yet)")
            continue
        if overrides and "options" not in inspect.signature(run).parameters:
            print(f"bench: study {name!r} takes no --set overrides", file=sys.stderr)
            return 2
        for flag in ("pages", "inputs", "jobs", "targets"):
            if getattr(args, flag) is not None and flag not in inspect.signature(run).parameters:
                print(f"bench: study {name!r} takes no --{flag}", file=sys.stderr)
                return 2
        runs[name] = run
    if not runs:
        print("bench: no study to run", file=sys.stderr)
        return 2
    for name in runs:
        for corpus in STUDIES[name][1]:
            if not (args.data / corpus).exists():
                print(f"bench: missing corpus for {name}: {args.data / corpus}", file=sys.stderr)
                return 2

    command = "python -m bench " + shlex.join(sys.argv[1:] if argv is None else argv)
    commit = _commit()
    sections: dict[str, str] = {}
    status = 0
    began = time.perf_counter()
    for name, run in runs.items():
        print(f"\n## {name}\n", flush=True)
        kwargs: dict[str, Any] = {"quick": args.quick}
        if overrides:
            kwargs["options"] = overrides
        for flag in ("pages", "inputs", "jobs", "targets"):
            if getattr(args, flag) is not None:
                kwargs[flag] = getattr(args, flag)
        if "write_figures" in inspect.signature(run).parameters:
            # --no-write leaves bench/figures/ alone too, like RESULTS.md.
            kwargs["write_figures"] = not args.no_write
        start = time.perf_counter()
        try:
            body = run(args.data, **kwargs)
        except MissingCorpus as exc:
            # Keep what the earlier studies measured; this one cannot run here.
            print(f"bench: {exc}", file=sys.stderr)
            status = 2
            break
        took = time.perf_counter() - start
        print(f"({name}: {took:.0f} s)", flush=True)
        sections[name] = body.rstrip() + (
            f"\n\n_`{command}` at `{commit}`, {dt.date.today().isoformat()}: {took:.0f} s._\n"
        )

    if args.no_write or not sections:
        for body in sections.values():
            print(f"\n{body}", flush=True)  # the tables, as --no-write promises
        return status
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    text = replace_section(
        text, "header", environment(command, time.perf_counter() - began, len(sections))
    )
    for name, body in sections.items():
        text = replace_section(text, name, body)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"\nwrote {RESULTS.relative_to(REPO)}")
    return status


# --- RESULTS.md ------------------------------------------------------------------------------

PACKAGES = (
    "dupcheck",
    "rapidfuzz",
    "datasketch",
    "numpy",
    "scipy",
    "blingfire",
    "pysbd",
    "rensa",
    "copydetect",
    "resiliparse",
    "trafilatura",
    "justext",
)
ORDER = ["header", *STUDIES]


def _marker(name: str) -> tuple[str, str]:
    return f"<!-- study:{name} -->", f"<!-- /study:{name} -->"


def replace_section(text: str, name: str, body: str) -> str:
    """``text`` with section ``name`` set to ``body``; other sections kept, in ``ORDER``."""
    sections: dict[str, str] = {}
    for other in ORDER:
        start, end = _marker(other)
        if start in text and end in text:
            sections[other] = text[text.index(start) + len(start) : text.index(end)].strip("\n")
    sections[name] = body.strip("\n")
    parts = []
    for key in ORDER:
        if key in sections:
            start, end = _marker(key)
            parts.append(f"{start}\n{sections[key]}\n{end}\n")
    return "\n".join(parts)


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def _commit() -> str:
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    # The bench's own outputs do not make the measured code dirty.
    changed = _git("status", "--porcelain", "--", ".", ":!bench/RESULTS.md", ":!bench/figures")
    return commit + "+dirty" if changed else commit


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def environment(command: str, took: float, studies: int) -> str:
    """The RESULTS.md header: machine, versions, date, commit, the command of the last run and
    how long its ``studies`` took in all (``all`` has a 20-minute budget)."""
    commit = _commit()
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return "\n".join(
        [
            "# dupcheck benchmark results",
            "",
            "Written by `python -m bench`; never edited by hand. Each section ends with the"
            " command that produced it; the last run was:",
            "",
            f"- command: `{command}`",
            f"- commit: `{commit}`",
            f"- wall time: {took / 60:.1f} min for {studies} "
            f"{'study' if studies == 1 else 'studies'}",
            f"- date: {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
            f"- machine: {_cpu_model()}, {os.cpu_count()} cores, {_ram_gib():.0f} GiB RAM,"
            f" {platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}; {versions}",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
