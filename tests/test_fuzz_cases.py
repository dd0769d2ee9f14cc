"""Inputs the fuzz campaign (``python -m bench fuzz``) and issue 16 found hostile, kept as files.

Each file under ``tests/data/fuzz/<target>/`` goes through the entry point its target names, as
the campaign ran it. ``*.refused.*`` must end in the documented error (and nothing else);
``*.accepted.*`` must give a result whose spans lie inside its text; JSONL files must give one
document or one skipped entry, named by line, for every line with content. A new crash the
campaign finds is minimised, added here, then fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dupcheck import (
    CompareOptions,
    ConfigError,
    InputError,
    ScanOptions,
    compare,
    compare_texts,
    scan,
)
from dupcheck.corpus.baseline import load_baseline
from dupcheck.corpus.config import read_config
from dupcheck.corpus.walk import read_file
from dupcheck.errors import DupcheckError
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import read_document
from dupcheck.text.types import Analysis, Document

CASES = Path(__file__).parent / "data" / "fuzz"


def cases(target: str) -> list[Path]:
    found = sorted((CASES / target).iterdir())
    assert found, f"no {target} cases"
    return found


def expect_refused(path: Path) -> bool:
    assert ".refused." in path.name or ".accepted." in path.name, path.name
    return ".refused." in path.name


def spans_inside(analysis: Analysis) -> None:
    size = len(analysis.document.text)
    spans = [s.span for s in analysis.sentences] + [b.span for b in analysis.boilerplate]
    assert all(0 <= span.start < span.end <= size for span in spans)


@pytest.mark.parametrize("path", cases("text") + cases("html"), ids=lambda p: p.name)
def test_documents(path: Path) -> None:
    if expect_refused(path):
        with pytest.raises(InputError):
            read_document(path)
    else:
        analysis = analyse(read_document(path))
        assert analysis.sentences
        spans_inside(analysis)


@pytest.mark.parametrize("path", cases("compare"), ids=lambda p: p.name)
def test_pairs(path: Path) -> None:
    a, b = sorted(path.iterdir())
    try:
        result = compare(a, b)
    except DupcheckError as exc:
        pytest.fail(f"{path.name} was refused: {exc}")
    assert 0.0 <= result.scores.coverage_a <= 1.0 and 0.0 <= result.scores.coverage_b <= 1.0
    spans_inside(result.a)
    spans_inside(result.b)


@pytest.mark.parametrize("path", cases("jsonl"), ids=lambda p: p.name)
def test_jsonl_files(path: Path) -> None:
    items = list(read_file(str(path), path.name, ScanOptions()))
    lines = path.read_bytes().split(b"\n")  # JSON Lines end in "\n" alone ("\r\n" too)
    numbers = {f"{path.name}:{n}" for n, line in enumerate(lines, 1) if line.strip()}
    named = set()
    for item in items:
        named.add(item.name if isinstance(item, Document) else item.path)
        if not isinstance(item, Document):
            assert item.reason
    # Every line with content is a document (named by its id) or a skipped entry (by its line).
    skipped = {n for n in named if n in numbers}
    documents = [i for i in items if isinstance(i, Document)]
    assert len(skipped) + len(documents) == len(numbers), (named, numbers)


@pytest.mark.parametrize("path", cases("config"), ids=lambda p: p.name)
def test_configurations(path: Path) -> None:
    if expect_refused(path):
        with pytest.raises(ConfigError) as caught:
            read_config(path)
        assert "\n" not in str(caught.value)
    else:
        read_config(path)


@pytest.mark.parametrize("path", cases("baseline"), ids=lambda p: p.name)
def test_baselines(path: Path) -> None:
    assert expect_refused(path)
    with pytest.raises(InputError) as caught:
        load_baseline(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("path", cases("options"), ids=lambda p: p.name)
def test_option_values(path: Path, tmp_path: Path) -> None:
    """Options built as a Python caller builds them: refused where they enter with one
    ``ConfigError`` line, or accepted and then working (a scan, a comparison)."""
    case = json.loads(path.read_text(encoding="utf-8"))
    kind = ScanOptions if case["kind"] == "scan" else CompareOptions
    if expect_refused(path):
        with pytest.raises(ConfigError) as caught:
            kind(**case["values"])
        assert "\n" not in str(caught.value)
        return
    options = kind(**case["values"])
    story = "The harbour authority said on Tuesday it would close the old quay to ships. " * 3
    if isinstance(options, ScanOptions):
        for name in ("a.txt", "b.txt"):
            (tmp_path / name).write_text(story, encoding="utf-8")
        result = scan(tmp_path, options=options)
        assert result.documents == 2 and len(result.pairs) == 1
    else:
        assert compare_texts(story, story, options=options).scores.coverage_a == 1.0


def test_the_largest_shingle_a_scan_accepts_is_one_it_can_hash() -> None:
    from dupcheck.corpus import hashing, types

    assert len(hashing._MULTIPLIERS) == types.MAX_SHINGLE


def test_identical_sentences_repeated_on_both_sides_take_bounded_memory(tmp_path: Path) -> None:
    # Found by the campaign: 2,730 and 1,400 copies of one sentence took 10 s of CPU, and at
    # the limit of sentence pairs (2,000 each side) most of a gigabyte, as every equal pair was
    # listed and sorted. A real process in a 512 MiB address space must compare them.
    import subprocess
    import sys

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A.\n" * 2000, encoding="utf-8")
    b.write_text("A.\n" * 2000, encoding="utf-8")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2**29, resource.RLIM_INFINITY))\n"
        "from dupcheck import compare\n"
        "result = compare(sys.argv[1], sys.argv[2])\n"
        "print(len(result.matches), result.scores.coverage_a)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(a), str(b)], capture_output=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-500:]
    assert done.stdout.split()[1] == b"1.0"


def test_a_key_of_thousands_of_dotted_parts_is_refused_before_it_is_parsed() -> None:
    # Found by the campaign: Python's TOML parser takes time quadratic in a key's dotted parts
    # (a 48 KB pyproject.toml of one such key took seconds, 84 KB most of a minute), and a
    # scanned tree's configuration is untrusted input. Refused for what it is, before parsing.
    with pytest.raises(ConfigError, match="dotted parts"):
        read_config(CASES / "config" / "dotted-key.refused.toml")
