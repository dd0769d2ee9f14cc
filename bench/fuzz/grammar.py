"""Structured hostile inputs: JSONL records, configuration files, baselines, file names and
``dupcheck compare`` command lines, each drawn from valid forms and the edges of their ranges."""

from __future__ import annotations

import json
import math
import random

NUMBERS: list[object] = [
    0,
    1,
    2,
    -1,
    64,
    1024,
    1025,
    2**31,
    2**32 - 1,
    2**32,
    2**63,
    10**30,
    0.0,
    -0.0,
    0.5,
    1.0,
    1.5,
    1e-320,
    1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    True,
    "1",
    "",
    [],
    {},
]
"""Values for any option: valid ones, range edges, huge, non-finite and wrong types."""

SCAN_KEYS = [
    "num_perm",
    "lsh_threshold",
    "seed",
    "scheme",
    "shingle_size",
    "fine_shingle_size",
    "fine_modulus",
    "fine_min_shared",
    "fine_max_df",
    "include",
    "exclude",
    "max_bytes",
    "jobs",
    "text_field",
    "id_field",
    "respect_gitignore",
    "format",
    "fail_on",
    "baseline",
    "exit_zero",
    "unknown_key",
]
COMPARE_KEYS = [
    "match_threshold",
    "min_seed_terms",
    "context_threshold",
    "edited_threshold",
    "duplicate_coverage",
    "partial_coverage",
    "partial_min_chars",
    "partial_match_score",
    "formula_share",
    "template_names",
    "template_figures",
    "template_share",
    "shingle_size",
    "formula_df",
    "max_sentence_pairs",
    "max_gap",
    "min_passage_weight",
    "nonsense",
]
STRINGS = [
    "affine32",
    "legacy",
    "partial",
    "json",
    "*.txt",
    "**/*",
    "[",
    "/dev/zero",
    "../../etc/passwd",
    "\x1b[2J",
    "é" * 300,
    "",
]


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def _value(rng: random.Random) -> object:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(NUMBERS)
    if roll < 0.85:
        return rng.choice(STRINGS)
    return [rng.choice(STRINGS) for _ in range(rng.randint(0, 3))]


def config_file(rng: random.Random) -> tuple[str, bytes]:
    """A ``dupcheck.toml`` or a ``pyproject.toml`` with a ``[tool.dupcheck]`` table."""
    lines = [f"{key} = {_toml(_value(rng))}" for key in rng.sample(SCAN_KEYS, rng.randint(0, 4))]
    compare = [
        f"{key} = {_toml(_value(rng))}" for key in rng.sample(COMPARE_KEYS, rng.randint(0, 3))
    ]
    if rng.random() < 0.5:
        name, head, sub = "dupcheck.toml", "", "[compare]"
    else:
        name, head, sub = "pyproject.toml", "[tool.dupcheck]", "[tool.dupcheck.compare]"
    if rng.random() < 0.05:
        head = rng.choice(["[tool]\ndupcheck = 3", "[[tool.dupcheck]]", "tool = 1"])
    if rng.random() < 0.05:
        lines.append("a = " + "[" * rng.choice((100, 10_000)))
    text = "\n".join([head, *lines, sub if compare else "", *compare]) + "\n"
    return name, text.encode("utf-8", "surrogatepass")


def baseline_file(rng: random.Random) -> bytes:
    row: dict[str, object] = {
        "a": "a.txt",
        "b": "b.txt",
        "fingerprint_a": "00" * 16,
        "fingerprint_b": "11" * 16,
        "verdict": rng.choice(["duplicate", "partial", "template", "distinct", "x"]),
    }
    for key in rng.sample(list(row), rng.randint(0, 2)):
        row[key] = rng.choice(NUMBERS)
    pairs: object = [row] * rng.randint(0, 3)
    if rng.random() < 0.1:
        pairs = rng.choice(NUMBERS)
    schema = rng.choice(["dupcheck.baseline/1", "dupcheck.baseline/2", 1, None])
    body = json.dumps({"schema": schema, "pairs": pairs})
    if rng.random() < 0.05:
        body = "[" * rng.choice((1000, 100_000)) + body
    return body.encode()


def jsonl_line(rng: random.Random, text: bytes) -> bytes:
    """One JSON record around ``text`` (decoded loosely), often broken on purpose."""
    story = text.decode("utf-8", "replace")
    record: dict[str, object] = {"id": rng.choice([rng.randint(0, 99), "x", None]), "text": story}
    roll = rng.random()
    if roll < 0.1:
        record["text"] = rng.choice(NUMBERS)
    elif roll < 0.2:
        record["id"] = rng.choice(NUMBERS)
    elif roll < 0.25:
        del record["text"]
    line = json.dumps(record, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    roll = rng.random()
    if roll < 0.08:
        at = rng.randrange(len(line))
        line = (
            line[:at]
            + "\\u"
            + rng.choice(["d800", "dc00", "dfff", "DBFF", "zzzz", "0000"])
            + line[at:]
        )
    elif roll < 0.12:
        line = "[" * rng.choice((10, 1000, 100_000)) + line
    elif roll < 0.16:
        line = line[:-1] + ', "n": ' + "9" * rng.choice((4300, 5000, 50_000)) + "}"
    elif roll < 0.2:
        line = rng.choice(["[]", "null", "1", '"text"', "NaN", "{", "}"])
    elif roll < 0.23:
        line = line[:-1] + ', "pad": "' + "x" * rng.randint(60_000, 70_000) + '"}'
    return line.encode("utf-8", "surrogatepass")


NAME_PARTS = [
    "\x1b[31mred\x1b[0m",
    "\x1b]0;pwned\x07",
    "line\nbreak",
    "car\rriage",
    "tab\there",
    "bell\x07",
    "del\x7f",
    "\u202etxt.exe",
    "e\u0301",
    "\u00a0",
    " ",
    "-",
    "--help",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    ",",
    '"',
    "'",
    "\\",
    "#",
    "*",
    "?",
    "[",
    "\ufeff",
    "\U0001f600",
    "..",
]


def file_name(rng: random.Random) -> str:
    """A hostile file name ending in ``.txt`` (so the scan reads it): control characters,
    terminal escapes, CSV formula prefixes, non-UTF-8 bytes, up to the 255-byte limit."""
    parts = [rng.choice(NAME_PARTS) for _ in range(rng.randint(1, 4))]
    raw = "".join(parts).encode("utf-8")
    if rng.random() < 0.3:
        raw += bytes(rng.choice([0xFF, 0xFE, 0xE9, 0x80, 0xC3]) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.15:
        raw += b"n" * 300
    raw = raw.replace(b"/", b"_").replace(b"\0", b"_")[:251] + b".txt"
    return raw.decode("utf-8", "surrogateescape")


BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b" \n\t\n",
    "image.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "nul.txt": b"\0" * 100,
    "latin.txt": "Caf\u00e9 cr\u00e8me, na\u00efve fa\u00e7ade.".encode("latin-1"),
    "utf16.txt": "A short story about a harbour.".encode("utf-16"),
    "soup.html": b"<div>" * 60_000,
    "page.html": b"<html><head><title>t</title><p>Text of the page.",
}
OPTION_VALUES = ["0", "1", "-1", "0.5", "2", "1e309", "nan", "inf", "abc", "", "99999999999999"]
OPTIONS = [
    "--threshold",
    "--duplicate-coverage",
    "--partial-coverage",
    "--max-bytes",
    "--max-sentence-pairs",
    "--width",
    "--format",
    "--fail-on",
    "--output",
    "--corpus",
    "--config",
]


def compare_command(
    rng: random.Random, story: bytes
) -> tuple[dict[str, bytes], tuple[str, ...], bytes]:
    """Files, arguments and standard input for one ``dupcheck compare`` run."""
    files = {"a.txt": story, "b.txt": story[: len(story) // 2] + b"\nAn added line.\n"}
    files.update(BAD_FILES)
    files["dupcheck.toml"] = config_file(rng)[1] if rng.random() < 0.3 else b""
    names = [
        *files,
        "missing.txt",
        "",
        ".",
        "-",
        "/dev/null",
        "/dev/zero",
        "/proc/self/mem",
        file_name(rng),
    ]
    sides = [rng.choice(names) if rng.random() < 0.5 else "a.txt", "b.txt"]
    rng.shuffle(sides)
    argv = ["compare", *(s if s.startswith(("/", "-")) or not s else "{dir}/" + s for s in sides)]
    for _ in range(rng.randint(0, 3)):
        option = rng.choice([*OPTIONS, "--bogus", "-v", "--exit-zero"])
        argv.append(option)
        if option in ("-v", "--exit-zero", "--bogus"):
            continue
        if option in ("--output", "--corpus", "--config"):
            argv.append("{dir}/" + rng.choice([*files, "out.txt", "nowhere/out.txt", ""]))
        elif option == "--format":
            argv.append(rng.choice(["text", "json", "html", "xml", ""]))
        elif option == "--fail-on":
            argv.append(rng.choice(["duplicate", "partial", "template", "distinct", ""]))
        else:
            argv.append(rng.choice(OPTION_VALUES))
    if rng.random() < 0.05:
        argv.append("extra-argument")
    stdin = story if rng.random() < 0.7 else b""
    return files, tuple(argv), stdin
