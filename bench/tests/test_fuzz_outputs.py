"""The command-line target's rule for what may change: a file named by ``--output`` that the
command does not read is an output (replacing it is the option's job); every other file of the
case, an output that is also an input among them, must come out as it went in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bench.fuzz.grammar import BAD_FILES
from bench.fuzz.outputs import outputs, split_paths
from bench.fuzz.targets import Case, Context, check_cli

STORY = (
    b"The harbour authority said on Tuesday it would close the old north quay to cargo ships.\n\n"
    b"Harbour master Ingrid Solberg said the quay was built for sailing barges.\n"
)
FILES = {
    "a.txt": STORY,
    "b.txt": STORY[: len(STORY) // 2] + b"\nAn added line.\n",
    **BAD_FILES,
    "dupcheck.toml": b"",
}

CARELESS = """
import sys
args = sys.argv[1:]
with open(args[args.index("--output") + 1], "w", encoding="utf-8") as handle:
    handle.write("a report\\n")
"""
"""A program in dupcheck's place that writes its ``--output`` without asking whether it is one
of its inputs: what a regression of the refusal would do."""


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    return Context([], tmp_path / "case")


def run(ctx: Context, *argv: str) -> tuple[str | None, dict[str, bytes]]:
    """What ``check_cli`` says of ``compare ARGV`` over ``FILES``, and the files after it."""
    found = check_cli(Case(FILES, ("compare", *argv)), ctx)
    after = {p.name: p.read_bytes() for p in ctx.work.iterdir() if p.is_file()}
    return found, after


def test_the_fuzz_signature_is_an_output_replaced_as_asked(ctx: Context) -> None:
    # /work/fuzzm-campaign/crashes/seed16-cli-74: the report replaces utf16.txt, which the
    # command was told to write and does not read.
    found, after = run(
        ctx, "{dir}/b.txt", "{dir}/a.txt", "--exit-zero", "--output", "{dir}/utf16.txt"
    )
    assert found is None
    assert after["utf16.txt"] != FILES["utf16.txt"]  # really replaced, and allowed to be
    assert {name: after[name] for name in FILES if name != "utf16.txt"} == {
        name: data for name, data in FILES.items() if name != "utf16.txt"
    }


def test_dupcheck_refuses_an_output_that_is_an_input(ctx: Context) -> None:
    found, after = run(ctx, "{dir}/b.txt", "{dir}/a.txt", "--output", "{dir}/a.txt")
    assert found is None  # refused: status 2, one line, nothing written
    assert after == FILES


@pytest.mark.parametrize("output", ["{dir}/a.txt", "{dir}/dupcheck.toml"])
def test_an_input_replaced_through_output_is_flagged(ctx: Context, output: str) -> None:
    careless = Context(ctx.seeds, ctx.work, program=(sys.executable, "-c", CARELESS))
    found, after = run(careless, "{dir}/b.txt", "{dir}/a.txt", "--output", output)
    assert found == "an input was modified"
    assert after[output.rpartition("/")[2]] == b"a report\n"  # the program really wrote it


def test_an_output_that_is_not_an_input_is_not_flagged_for_another_program(ctx: Context) -> None:
    careless = Context(ctx.seeds, ctx.work, program=(sys.executable, "-c", CARELESS))
    found, after = run(careless, "{dir}/b.txt", "{dir}/a.txt", "--output", "{dir}/latin.txt")
    assert found is None
    assert after["latin.txt"] == b"a report\n"


def test_outputs_resolve_links_and_protect_what_is_read(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "out.txt", "dupcheck.toml"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "c.txt").write_text("c", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    os.link(tmp_path / "b.txt", tmp_path / "hard.txt")
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    a, b, out, link = (str(tmp_path / n) for n in ("a.txt", "b.txt", "out.txt", "link.txt"))
    c = tmp_path / "corpus" / "c.txt"

    assert outputs(["compare", a, b, "-o", out], files) == {Path(out)}
    assert outputs(["compare", a, b, f"--output={out}"], files) == {Path(out)}
    assert outputs(["compare", a, b, f"-o{out}"], files) == {Path(out)}
    assert outputs(["scan", str(tmp_path / "corpus"), "--write-baseline", out], files) == {
        Path(out)
    }
    assert outputs(["scan", "d", "--output-format", f"json:{out}"], files) == {Path(out)}
    # An input named as the output, directly, through a symbolic or a hard link: protected.
    assert outputs(["compare", a, b, "-o", a], files) == set()
    assert outputs(["compare", out, b, "-o", link], files) == {Path(link), Path(a)}
    assert outputs(["compare", a, b, "-o", link], files) == set()
    assert outputs(["compare", a, b, "-o", str(tmp_path / "hard.txt")], files) == set()
    # A file under a folder the command reads, and the configuration it finds: protected.
    assert outputs(["compare", a, b, "--corpus", str(c.parent), "-o", str(c)], files) == set()
    assert outputs(["compare", a, b, "-o", str(tmp_path / "dupcheck.toml")], files) == set()


def test_split_paths_takes_only_output_values_as_written() -> None:
    argv = ["compare", "a", "b", "--output", "x", "--corpus", "d", "-v", "--write-baseline", "y"]
    assert split_paths(argv) == (["compare", "a", "b", "--corpus", "d", "-v"], ["x", "y"])
