"""Re-probe issue 16 ("nothing lost, nothing overwritten, nothing hangs") from outside.

``python -m bench.probe16 [--repo CHECKOUT]`` runs every numbered item of the issue against
``python -m dupcheck`` (of ``CHECKOUT`` when given, through ``PYTHONPATH``) as real processes, on
real files, FIFOs, devices and symlinks, each with a time limit, and prints one line per probe:
``ok`` or what went wrong. Exit status 1 when any probe fails. It measures nothing for
RESULTS.md: the tests hold each item; this is the outside check that they still add up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STORY = (
    "The harbour authority of Port Ellerby said on Tuesday it would close the old north quay to "
    "cargo ships from next spring, ending more than a century of freight traffic.\n\n"
    "The board voted six to two to move container handling to the deep-water terminal at "
    "Saltmarsh Point, which opened in 2019 and has run at half its capacity since.\n\n"
    "Harbour master Ingrid Solberg said the quay was built for sailing barges, not for ships "
    "that draw twelve metres of water.\n"
)
COPY = STORY.replace("on Tuesday", "yesterday") + "\nCopyright 2024 Example Wire.\n"
ENV: dict[str, str] = {}
PROBES: list[tuple[str, Callable[[Path], str | None]]] = []
MIB = 1024 * 1024


def probe(item: str) -> Callable[[Callable[[Path], str | None]], Callable[[Path], str | None]]:
    def add(fn: Callable[[Path], str | None]) -> Callable[[Path], str | None]:
        PROBES.append((f"{item} {fn.__name__.replace('_', ' ')}", fn))
        return fn

    return add


def dupcheck(
    *args: object, timeout: float = 120, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dupcheck", *map(str, args)],
        input=stdin.decode(),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
        cwd=cwd,
        check=False,
    )


def one_line(done: subprocess.CompletedProcess[str], *words: str) -> str | None:
    """``None`` when ``done`` is exit 2 with one ``dupcheck: error:`` line holding ``words``."""
    lines = done.stderr.splitlines()
    if done.returncode != 2 or len(lines) != 1 or not lines[0].startswith("dupcheck: error: "):
        return f"status {done.returncode}, stderr {done.stderr.strip()[:160]!r}"
    if lines[0].rstrip().endswith(":"):
        return f"no reason given: {lines[0]!r}"
    missing = [w for w in words if w not in lines[0]]
    return f"{lines[0]!r} lacks {missing}" if missing else None


def tree(root: Path, files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in (files or {"original.txt": STORY, "copy.txt": COPY}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def peak_mib(args: list[str], timeout: float = 300) -> tuple[int, float, str]:
    """Status, peak resident MiB and stderr of one ``dupcheck`` process (``wait4``)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dupcheck", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=ENV,
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return proc.returncode, usage.ru_maxrss / 1024, err.read().decode(errors="replace")


# --- 1. overwrites ----------------------------------------------------------------------------


@probe("1")
def outputs_that_are_inputs_are_refused(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    a, b = d / "original.txt", d / "copy.txt"
    (tmp / "link.txt").symlink_to(a)
    base = tmp / "base.json"
    dupcheck("scan", d, "--write-baseline", base, "--exit-zero")
    before = {p: p.read_bytes() for p in (a, b, base)}
    runs = [
        ("compare", a, b, "-o", a),
        ("compare", a, b, "-o", tmp / "link.txt"),
        ("scan", d, "-o", b),
        ("scan", d, "--write-baseline", b),
        ("scan", d, "--baseline", base, "-o", base),
    ]
    for args in runs:
        problem = one_line(dupcheck(*args))
        if problem:
            return f"{args}: {problem}"
    changed = [str(p) for p, data in before.items() if p.read_bytes() != data]
    return f"modified: {changed}" if changed else None


# --- 2. memory --------------------------------------------------------------------------------


def _dense(path: Path, sentences: int, seed: int) -> None:
    rng = random.Random(seed)
    words = [f"wor{k}d" for k in range(30)]
    path.write_text(
        " ".join(" ".join(rng.choices(words, k=80)).capitalize() + "." for _ in range(sentences)),
        encoding="utf-8",
    )


@probe("2")
def one_megabyte_pair_is_bounded(tmp: Path) -> str | None:
    _dense(tmp / "a.txt", 2000, 1)
    _dense(tmp / "b.txt", 2000, 2)
    status, mib, err = peak_mib(["compare", str(tmp / "a.txt"), str(tmp / "b.txt"), "-f", "json"])
    if status not in (0, 1) or mib > 1024:
        return f"status {status}, {mib:.0f} MiB, {err.strip()[:120]!r}"
    return None


@probe("2")
def ten_megabyte_pair_is_refused_cheaply(tmp: Path) -> str | None:
    _dense(tmp / "a.txt", 18_000, 1)
    _dense(tmp / "b.txt", 18_000, 2)
    status, mib, err = peak_mib(["compare", str(tmp / "a.txt"), str(tmp / "b.txt")])
    if status != 2 or mib > 1024 or "max_sentence_pairs" not in err:
        return f"status {status}, {mib:.0f} MiB, {err.strip()[:120]!r}"
    return None


@probe("2")
def html_of_open_tags_is_bounded(tmp: Path) -> str | None:
    (tmp / "p.html").write_bytes(b"<div>" * (9 * MIB // 5))
    status, mib, err = peak_mib(["compare", str(tmp / "p.html"), str(tmp / "p.html")])
    return None if status == 2 and mib < 1024 else f"status {status}, {mib:.0f} MiB, {err!r}"


@probe("2")
def a_scan_survives_a_pair_too_large_to_align(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    _dense(d / "big1.txt", 2100, 1)
    (d / "big2.txt").write_text((d / "big1.txt").read_text("utf-8"), encoding="utf-8")
    done = dupcheck("scan", d, "-f", "json", "-j", "1", timeout=600)
    if done.returncode != 1:
        return f"status {done.returncode}: {done.stderr.strip()[:160]!r}"
    report = json.loads(done.stdout)
    reasons = " ".join(s["reason"] for s in report["skipped"])
    if "not verified against" not in reasons or not report["pairs"]:
        return f"pairs {len(report['pairs'])}, skipped {reasons[:120]!r}"
    return None


# --- 3. JSONL ---------------------------------------------------------------------------------


@probe("3")
def bad_jsonl_lines_are_skipped_one_by_one(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    good = json.dumps({"id": 1, "text": STORY})
    lines = [good, '{"id": 2, "text": "\\udc00 x"}', "[" * 100_000, '{"n": ' + "9" * 5000 + "}"]
    (d / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = dupcheck("scan", d, "-f", "json", "-j", "1")
    if done.returncode not in (0, 1):
        return f"status {done.returncode}: {done.stderr.strip()[:160]!r}"
    skipped = {s["path"] for s in json.loads(done.stdout)["skipped"]}
    wanted = {"feed.jsonl:2", "feed.jsonl:3", "feed.jsonl:4"}
    return None if wanted <= skipped else f"skipped {sorted(skipped)}"


@probe("3")
def fifo_and_device_jsonl_never_hang(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    os.mkfifo(d / "feed.jsonl")
    (d / "zero.jsonl").symlink_to("/dev/zero")
    done = dupcheck("scan", d, "-f", "json", "-j", "1", timeout=60)
    reasons = {s["path"]: s["reason"] for s in json.loads(done.stdout)["skipped"]}
    want = {"feed.jsonl": "not a regular file", "zero.jsonl": "not a regular file"}
    return None if reasons == want else f"skipped {reasons}"


@probe("3")
def a_300_mb_line_is_never_held(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    with open(d / "huge.jsonl", "wb") as handle:
        handle.truncate(300 * MIB)  # one line of NULs, on disk as a hole
    status, mib, err = peak_mib(["scan", str(d), "-j", "1"])
    return None if status in (0, 1) and mib < 200 else f"status {status}, {mib:.0f} MiB {err!r}"


# --- 4. configuration in the tree ---------------------------------------------------------------


@probe("4")
def endless_baselines_are_refused(tmp: Path) -> str | None:
    for n, kind in enumerate(["/dev/zero", "/dev/urandom", "fifo"]):
        d = tree(tmp / f"d{n}")
        where = kind
        if kind == "fifo":
            os.mkfifo(d / "fifo")
            where = str(d / "fifo")
        (d / "dupcheck.toml").write_text(f'baseline = "{where}"\n', encoding="utf-8")
        problem = one_line(dupcheck("scan", d, "-j", "1", timeout=60))
        if problem:
            return f"{where}: {problem}"
    return one_line(dupcheck("scan", tree(tmp / "e"), "--baseline", "/dev/urandom", timeout=60))


# --- 5. escapes ---------------------------------------------------------------------------------


@probe("5")
def escapes_never_reach_the_terminal(tmp: Path) -> str | None:
    hostile = STORY.replace("Tuesday", "Tuesday \x1b]0;pwned\x07\x1b[2J")
    d = tree(tmp / "d", {"\x1b[31mred\x1b[0m.txt": hostile, "copy.txt": COPY})
    for args in (("scan", d, "-j", "1"), ("compare", d / "\x1b[31mred\x1b[0m.txt", d / "copy.txt")):
        out = dupcheck(*args, "--width", "100").stdout
        if "\x1b" in out or "\x07" in out:
            return f"{args[0]}: a raw escape in the report"
    rows = dupcheck("scan", tree(tmp / "f", {"=1+1.txt": STORY, "@x.txt": COPY}), "-f", "csv")
    cells = [line.split(",")[0] for line in rows.stdout.splitlines()[1:]]
    return None if all(c.startswith("'") for c in cells) else f"CSV cells {cells}"


# --- 6. interrupts ------------------------------------------------------------------------------


def _corpus(root: Path, n: int) -> Path:
    rng = random.Random(6)
    words = STORY.split()
    for k in range(n):
        (root / f"{k:04}.txt").parent.mkdir(parents=True, exist_ok=True)
        (root / f"{k:04}.txt").write_text(" ".join(rng.choices(words, k=400)), encoding="utf-8")
    return root


def _descendants(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@probe("6")
def ctrl_c_gives_130_and_one_line(tmp: Path) -> str | None:
    # The sweep of ``python -m bench interrupts``, smaller: SIGINTs to the process group over
    # the whole life of compare, scan, index build and query (with workers).
    del tmp
    from bench.interrupts import sweep

    if "PYTHONPATH" in ENV:  # --repo: the sweep's processes run that checkout's dupcheck
        os.environ["PYTHONPATH"] = ENV["PYTHONPATH"]
    tallies = sweep(12, 0)
    failures = [line for tally in tallies.values() for line in tally.failures]
    return "; ".join(failures[:3]) if failures else None


@probe("6")
def kill_9_leaves_no_orphan_worker(tmp: Path) -> str | None:
    d = _corpus(tmp / "d", 600)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dupcheck", "scan", str(d), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        workers = _descendants(proc.pid)
    if not workers:
        return "no worker process seen"
    proc.kill()
    proc.wait()
    time.sleep(3)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    return f"workers {alive} outlived their parent" if alive else None


# --- 7-9. atomic writes, vanishing files, one-line errors ---------------------------------------


@probe("7")
def a_failed_write_keeps_the_earlier_baseline(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    base = tmp / "base.json"
    dupcheck("scan", d, "--write-baseline", base, "--exit-zero")
    before = base.read_bytes()
    # A write that fails half way: the file-size limit is hit after 100 bytes.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100));"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            limit + "import runpy; runpy.run_module('dupcheck', run_name='__main__')",
            "scan",
            str(d),
            "--write-baseline",
            str(base),
        ],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )
    if done.returncode != 2 or base.read_bytes() != before:
        return f"status {done.returncode}, baseline kept: {base.read_bytes() == before}"
    leftovers = [p.name for p in tmp.iterdir() if p.name not in ("d", "base.json")]
    return f"left behind {leftovers}" if leftovers else None


@probe("8")
def unreadable_parts_are_skipped_entries(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    fd = os.open(d, os.O_RDONLY)
    try:
        for _ in range(20):
            os.mkdir("x" * 250, dir_fd=fd)
            inner = os.open("x" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(os.open("y.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd))
    finally:
        os.close(fd)
    done = dupcheck("scan", d, "-f", "json", "-j", "1")
    reasons = [s["reason"] for s in json.loads(done.stdout or "{}").get("skipped", [])]
    return None if any("too long" in r for r in reasons) else f"skipped {reasons}"


@probe("9")
def errors_are_one_line(tmp: Path) -> str | None:
    d = tree(tmp / "d")
    a = d / "original.txt"
    (tmp / "bad.toml").write_text("num_perm = [\n", encoding="utf-8")
    (tmp / "latin.toml").write_bytes(b"text_field = '\xe9'\n")
    (tmp / "base.json").write_text("{not json", encoding="utf-8")
    cases: list[tuple[object, ...]] = [
        ("compare", a, a, "-o", tmp),
        ("scan", d, "--baseline", tmp),
        ("scan", d, "--config", tmp / "bad.toml"),
        ("scan", d, "--config", tmp / "latin.toml"),
        ("scan", d, "--baseline", tmp / "base.json"),
        ("compare", a, a, "--max-bytes", "100000000000"),
        ("compare", a),
        ("compare", a, a, "--no-such-option"),
    ]
    for key, value in [
        ("lsh_threshold", "1.0"),
        ("num_perm", "100000000"),
        ("shingle_size", "1000000"),
        ("seed", str(2**32)),
        ("max_bytes", "100000000000"),
        ("jobs", "100000000"),
    ]:
        config = tmp / f"{key}.toml"
        config.write_text(f"{key} = {value}\n", encoding="utf-8")
        cases.append(("scan", d, "--config", config))
    for args in cases:
        problem = one_line(dupcheck(*args))
        if problem:
            return f"{[str(x).replace(str(tmp), '') for x in args]}: {problem}"
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "dupcheck", "compare", str(a), str(d / "copy.txt")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            check=False,
        )
    return one_line(done, "stdout")


@probe("10")
def html5_with_omitted_end_tags_keeps_its_text(tmp: Path) -> str | None:
    page = tmp / "p.html"
    page.write_text("<html><head><title>t</title><p>" + STORY.replace("\n\n", "<p>"), "utf-8")
    done = dupcheck("compare", page, page, "-f", "json")
    if done.returncode not in (0, 1):
        return f"status {done.returncode}: {done.stderr.strip()!r}"
    text_chars = json.loads(done.stdout)["a"]["chars"]
    return None if text_chars > len(STORY) // 2 else f"{text_chars} chars of text kept"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.probe16", description=__doc__)
    parser.add_argument("--repo", type=Path, help="probe this checkout's dupcheck")
    parser.add_argument("-k", default="", help="only probes whose name holds this")
    args = parser.parse_args(argv)
    ENV.update(os.environ, NO_COLOR="1", TERM="dumb", DUPCHECK_DEBUG="")
    if args.repo:
        ENV["PYTHONPATH"] = str(args.repo.resolve())
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    failed = 0
    for name, fn in PROBES:
        if args.k not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="probe16-") as tmp:
            start = time.perf_counter()
            try:
                problem = fn(Path(tmp))
            except Exception as exc:  # a probe that cannot run is a failed probe
                problem = f"probe raised {type(exc).__name__}: {exc}"
            took = time.perf_counter() - start
        failed += problem is not None
        print(
            f"{'ok  ' if problem is None else 'FAIL'} {name} ({took:.1f} s)"
            + ("" if problem is None else f"\n     {problem}"),
            flush=True,
        )
    print(f"{failed} of {len([n for n, _ in PROBES if args.k in n])} probes failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
