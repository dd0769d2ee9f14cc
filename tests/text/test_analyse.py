"""``analyse``: content sentences are segments minus boilerplate; and a differential test.

The segmenter, the boilerplate rules and ``analyse`` were made cheaper (gates before costly
regexes, plain spans instead of objects, one cursor over the cuts). The reference below is the
straightforward version they replaced, kept here only to check that the fast one gives exactly
the same results on the sample stories, the seeds and generated texts.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dupcheck.text import boilerplate, segment
from dupcheck.text import boilerplate_rules as rules
from dupcheck.text.analyse import _ALNUM, analyse
from dupcheck.text.boilerplate import detect_boilerplate
from dupcheck.text.intake import read_document
from dupcheck.text.normalize import fold
from dupcheck.text.types import Analysis, Boilerplate, BoilerplateKind, Document, Sentence, Span

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
K = BoilerplateKind

# --- the reference: segmentation -------------------------------------------------------------

_REF_CANDIDATE = re.compile(r"((?>[.!?…]+(?:\s[.…]+)*))([\"'’”»)\]]*)\s+")


def ref_segments(text: str) -> list[tuple[int, int, int]]:
    out = []
    for index, (para_start, end) in enumerate(_ref_paragraphs(text)):
        start = para_start
        for m in _REF_CANDIDATE.finditer(text, para_start, end):
            if segment._ends_sentence(text, m, start):
                out.append((start, m.end(2), index))
                start = m.end()
        out.append((start, end, index))
    return out


def _ref_paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    block: list[tuple[int, int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            block.append((pos, pos + lead, pos + lead + len(stripped)))
        elif block:
            out += _ref_split_block(text, block)
            block = []
        pos += len(line)
    if block:
        out += _ref_split_block(text, block)
    return out


def _ref_split_block(text: str, block: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    if len(block) == 1:
        return [(block[0][1], block[0][2])]
    out = []
    width = max(end - line_start for line_start, _, end in block)
    wrapped = width <= segment.MAX_WRAP_WIDTH
    min_indent = min(start - line_start for line_start, start, _ in block)
    para_start = block[0][1]
    for (line_start, _, end), (next_line_start, next_start, next_end) in pairwise(block):
        if wrapped and next_start - next_line_start <= min_indent:
            first = segment._FIRST_TOKEN.match(text, next_start, next_end)
            first_len = first.end() - next_start if first else 1
            room = width - (end - line_start) - 1
            if first_len > room:
                continue
            if not segment._ends_terminal(text, end) and (
                segment._starts_lower(text, next_start) or first_len > room - width // 10
            ):
                continue
        out.append((para_start, end))
        para_start = next_start
    out.append((para_start, block[-1][2]))
    return out


# --- the reference: boilerplate, every rule tried on every line --------------------------------

Hit = tuple[int, int, BoilerplateKind]


def ref_boilerplate(text: str) -> tuple[Boilerplate, ...]:
    found = []
    lines = _ref_lines(text)
    whole: set[int] = set()
    for i, (start, s, after_break, _) in enumerate(lines):
        para_start = after_break or i == 1 or (i - 1) in whole
        hits = ref_classify(s, para_start, i <= 2 or i >= len(lines) - 2)
        found += [Boilerplate(Span(start + a, start + b), kind) for a, b, kind in hits]
        if len(hits) == 1 and hits[0][:2] == (0, len(s)):
            whole.add(i)
    for i in _ref_repeated_headlines(lines, whole):
        start, s = lines[i][:2]
        found.append(Boilerplate(Span(start, start + len(s)), K.CHROME))
    found.sort(key=lambda b: b.span.start)
    return tuple(found)


def _ref_lines(text: str) -> list[tuple[int, str, bool, bool]]:
    out: list[tuple[int, str, bool, bool]] = []
    pos, prev_text, prev_blank = 0, "", True
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if not stripped:
            if out and not prev_blank:
                out[-1] = (*out[-1][:3], True)
            prev_blank = True
        else:
            lead = len(body) - len(body.lstrip())
            after_break = prev_blank or lead > 0 or prev_text[-1] in boilerplate._TERMINAL
            out.append((pos + lead, stripped, after_break, False))
            prev_text, prev_blank = stripped, False
        pos += len(raw)
    if out:
        out[-1] = (*out[-1][:3], True)
    return out


def ref_classify(s: str, para_start: bool, head_or_foot: bool) -> list[Hit]:
    kind = ref_whole_line_kind(s, para_start, head_or_foot)
    if kind is not None:
        return [(0, len(s), kind)]
    hits: list[Hit] = []
    prefix = _ref_dateline_prefix(s, para_start)
    if prefix:
        hits.append((0, prefix, K.DATELINE))
    hits += [hit for hit in boilerplate._tails(s, s.lower()) if hit[0] >= prefix]
    kept: list[Hit] = []
    for hit in sorted(hits):
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _ref_dateline_prefix(s: str, para_start: bool) -> int:
    first = s[0]
    if not (first.isupper() or first == "("):
        return 0
    m = rules.DATELINE_PREFIX.match(s)
    if m is None:
        return 0
    prefix = m.group()
    glued = m.end() < len(s) and not s[m.end()].isspace()
    if rules.DATELINE_STRONG.search(prefix):
        return m.end()
    if glued or not prefix.rstrip("-–—")[-1:].isspace():
        return 0
    label = prefix.rstrip("-–— ").strip()
    if not para_start or label.split()[0].rstrip(".:") in rules.NOT_PLACES or len(label) < 3:
        return 0
    if not any(ch.islower() for ch in s[m.end() :]):
        return 0
    return m.end()


def _ref_repeated_headlines(lines: list[tuple[int, str, bool, bool]], whole: set[int]) -> list[int]:
    keys: list[tuple[int, str]] = []
    for i, (_, s, _, blank_after) in enumerate(lines):
        if len(s) > 300 or s[-1] in '.!"”’;,' or i in whole:
            continue
        alone = (i == 0 or lines[i - 1][3] or (i - 1) in whole) and (
            blank_after or (i + 1) in whole
        )
        words = re.findall(r"[^\W\d_]{2,}", s)
        if not alone or len(words) < 4 or sum(map(len, words)) < 0.6 * len(s):
            continue
        keys.append((i, " " + re.sub(r"[\W_]+", " ", s).casefold().strip() + " "))
        if len(keys) >= 40:
            break
    chrome: set[int] = set()
    for j, headline in keys:
        if j >= 5 or len(lines[j][1]) > 200:
            continue
        for i, key in keys:
            if i == j:
                continue
            if key == headline:
                if i > j and all(k in whole for k in range(j + 1, i)):
                    chrome.add(i)
            elif boilerplate._contains_headline(key, headline):
                chrome.add(i)
    return sorted(chrome - whole)


def ref_whole_line_kind(s: str, para_start: bool, head_or_foot: bool) -> BoilerplateKind | None:
    n, first, low2 = len(s), s[0], s[:2].lower()
    if n <= 160 and (first == "©" or low2 in ("co", "(c")) and boilerplate._is_copyright(s):
        return K.COPYRIGHT
    if n <= 400 and (first.isupper() or first in "([") and rules.CREDIT_LINE.fullmatch(s):
        return K.CREDIT
    if n <= 160 and first == "T" and rules.SYNDICATION_NOTE.fullmatch(s):
        return K.CREDIT
    if n > 300:
        return None
    if n <= 160:
        if n <= 40 and rules.SIGNATURE.fullmatch(s):
            return K.CREDIT
        if rules.PHOTO_CREDIT.fullmatch(s):
            return K.CREDIT
        if rules.BYLINE.fullmatch(s):
            return K.BYLINE
        if (
            n <= 100 and first.isalnum() and rules.is_date_header(s, labelled_only=not head_or_foot)
        ) or (n <= 80 and rules.DATELINE_LINE.fullmatch(s)):
            return K.DATELINE
        if (first.isupper() or para_start) and (
            rules.PROMPT_WHOLE.fullmatch(s) or rules.PROMPT_START.match(s)
        ):
            return K.CHROME
    elif rules.PROMPT_START.match(s) and "cookie" in s.lower():
        return K.CHROME
    if s[-1] not in ".!" and (
        rules.GLUED_HOME.match(s)
        or len(set(rules.GLUED_MENU.findall(s))) >= 2
        or _ref_is_breadcrumb(s)
    ):
        return K.CHROME
    return None


def _ref_is_breadcrumb(line: str) -> bool:
    parts = rules.CRUMB_SEP.split(line)
    if len(parts) < 3:
        return False
    for i, part in enumerate(parts):
        if not part or not (part[0].isupper() or part[0].isdigit()):
            return False
        if i < len(parts) - 1 and (len(part.split()) > 4 or part[-1] in ".!?,;"):
            return False
    return True


# --- the reference: analyse --------------------------------------------------------------------


def ref_analyse(document: Document) -> Analysis:
    text = document.text
    cuts = sorted(ref_boilerplate(text), key=lambda b: b.span.start)
    sentences: list[Sentence] = []
    for seg_start, seg_end, paragraph in ref_segments(text):
        for span in _ref_subtract(Span(seg_start, seg_end), cuts, text):
            sentences.append(Sentence(len(sentences), span, fold(span.slice(text)), paragraph))
    return Analysis(document, tuple(sentences), tuple(cuts))


def _ref_subtract(span: Span, cuts: list[Boilerplate], text: str) -> list[Span]:
    pieces: list[Span] = []
    start = span.start
    for cut in cuts:
        if cut.span.end <= start or cut.span.start >= span.end:
            continue
        if cut.span.start > start:
            pieces.append(Span(start, cut.span.start))
        start = max(start, cut.span.end)
    if start < span.end:
        pieces.append(Span(start, span.end))
    out: list[Span] = []
    for piece in pieces:
        chunk = piece.slice(text)
        stripped = chunk.strip()
        if not any(ch.isalnum() for ch in stripped):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Span(piece.start + lead, piece.start + lead + len(stripped)))
    return out


def assert_same(text: str) -> None:
    assert [(s.span.start, s.span.end, s.paragraph) for s in segment.segment(text)] == (
        ref_segments(text)
    )
    assert detect_boilerplate(text) == ref_boilerplate(text)
    document = Document("x", text)
    assert analyse(document) == ref_analyse(document)


# --- behaviour -------------------------------------------------------------------------------


def test_boilerplate_is_cut_out_of_sentences() -> None:
    text = "SEOUL (Reuters) - Exports fell. Imports rose.\n\nBy Jane Doe\n\n© 2021 Reuters\n"
    result = analyse(Document("x", text))
    assert [s.span.slice(text) for s in result.sentences] == ["Exports fell.", "Imports rose."]
    assert [b.kind for b in result.boilerplate] == [K.DATELINE, K.BYLINE, K.COPYRIGHT]
    assert [s.norm for s in result.sentences] == ["exports fell.", "imports rose."]


def test_a_cut_inside_a_sentence_leaves_two_pieces_and_drops_punctuation_only_ones() -> None:
    text = "It rose. (Reporting by Ann Lee; Editing by Bo Chan)\n\n* * *\n\nIt fell.\n"
    result = analyse(Document("x", text))
    assert [s.span.slice(text) for s in result.sentences] == ["It rose.", "It fell."]
    assert [s.index for s in result.sentences] == [0, 1]
    assert [s.paragraph for s in result.sentences] == [0, 2]


def test_first_character_gates_hold_every_case_blind_match() -> None:
    for gate, letters in [(boilerplate._PHOTO_FIRST, "pic"), (boilerplate._LABEL_FIRST, "dpulfmr")]:
        pattern = re.compile(f"(?i:[{letters}])")
        assert {chr(cp) for cp in range(0x110000) if pattern.fullmatch(chr(cp))} == gate


def test_alnum_search_agrees_with_isalnum_on_every_character() -> None:
    disagree = [
        cp for cp in range(0x110000) if (_ALNUM.match(chr(cp)) is None) == chr(cp).isalnum()
    ]
    assert disagree == []


# --- the differential test ---------------------------------------------------------------------


def _files() -> list[Path]:
    files = sorted((ROOT / "samples").glob("*.txt"))
    if SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.txt"))
    return files


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_same_as_reference_on_stories(path: Path) -> None:
    text = read_document(path).text
    assert_same(text)
    # Re-wrapped at 40 and 70 columns, as syndicated copies are.
    for width in (40, 70):
        words = text.split(" ")
        lines, line = [], ""
        for word in words:
            if line and len(line) + len(word) >= width:
                lines.append(line)
                line = ""
            line = f"{line} {word}" if line else word
        assert_same("\n".join([*lines, line]))


_LINE_FRAGMENTS = " ¦ ".join(
    [
        "SEOUL (Reuters) - ¦ PORT ELLERBY, March 13 (Wire) – ¦ WASHINGTON — ¦ Seoul (AP) -",
        "NICKEL - ¦ By Jane Doe ¦ BY JANE DOE and JOHN ROE ¦ Jane Doe, Staff Writer",
        "Reporting by Ann Lee; Editing by Bo Chan ¦ (Reporting by Ann Lee in TOKYO)",
        "The Associated Press contributed to this report.",
        "This article contains material from Reuters. ¦ © 2021 Reuters ¦ COPYRİGHT 2020",
        "Copyright 2020 Example Ltd. Terms | Privacy | Contact ¦ (c) 2019 X",
        "All rights reserved. ¦ No part of this article may be reproduced without consent.",
        "Home › World › Asia ¦ News / World / Asia ¦ HomeTechnology NewsJapan",
        "Latest NewsWorld BusinessMarkets ¦ Share this article ¦ Read more:",
        "We use cookies to improve your experience ¦ Photo: Jane Doe/Getty Images",
        "PİCTURE: John Roe ¦ Image copyright Getty Images ¦ Reuters ¦ — AFP",
        "Published: 12 March 2021 09:14 GMT ¦ Updated 3 hours ago ¦ March 3, 2021 ¦ 2019-08-21",
        "The council met on Monday. ¦ Rates rose 3% on Monday, the bank said.",
        "Mr. Park met Gov. Kim in the U.S. on Jan. 5. ¦ “Why now?” she asked . . . and left…",
        "Harbour council approves ferry budget ¦ the budget, which the council",
        "ſhare İmage Kelvin ¦ ١٢ March ¦ Acme Inc. The firm said.",
        # Lines that pass exactly one of the cheap gates before a costly rule.
        "Seoul (Reuters) ¦ ST. LOUIS, March 3 ¦ D’ARCY, March 3 (Wire) ¦ Jane Doe | Reuters",
        "Jane Doe - Reuters ¦ Jane Doe — Associated Press ¦ Jane Doe/Reuters ¦ Image: Jane Doe",
        "Credit: Jane Doe ¦ PİCTURE: Jane Doe ¦ ıllustration: Jane Doe",
        "Last updated 3 hours ago ¦ released: 3 March 2021 ¦ Fans at the ground / Getty Images",
        "HomeWorld ¦ News | World | Asia ¦ News > World > Asia ¦ News » World » Asia",
        "News → World → Asia ¦ LONDON – Shares fell. ¦ LONDON — Shares fell.",
        "Co. said it would ¦ The talks, which began",
        "We use cookies to improve your experience on this website, and by continuing to browse "
        "it you agree to the use of cookies as described in the policy of the site, which you read",
    ]
).split(" ¦ ")
_FRAGMENTS = [*_LINE_FRAGMENTS, "\n", "\n\n", "\r\n", "\u2028", "\x0c", " ", "    ", "\t", ". "]
_FRAGMENTS += ["- ", "(", ")", "/", "|"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=10)), max_size=30))
def test_same_as_reference_on_generated_texts(pieces: list[str]) -> None:
    assert_same("".join(pieces))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_LINE_FRAGMENTS), min_size=1, max_size=4),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_gated_line_rules_same_as_reference(
    pieces: list[str], para_start: bool, head_or_foot: bool, glued: bool
) -> None:
    s = " ".join(pieces).strip()
    # The document-wide flag is never False for a document holding a line with a case join.
    glued = glued or re.search(r"[a-z][A-Z]", s) is not None
    got = boilerplate._classify(s, para_start, head_or_foot, glued)
    assert list(got) == ref_classify(s, para_start, head_or_foot)


def test_each_line_fragment_same_as_reference_under_every_flag() -> None:
    for s in _LINE_FRAGMENTS:
        for para_start in (False, True):
            for head_or_foot in (False, True):
                got = boilerplate._classify(s, para_start, head_or_foot)
                assert list(got) == ref_classify(s, para_start, head_or_foot), s


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.from_regex(rules.PROMPT_WHOLE.compiled, fullmatch=True),
        st.from_regex(f"(?:{rules.PROMPT_START.pattern})(?s:.{{0,12}})", fullmatch=True),
    )
)
def test_prompt_gate_lets_every_prompt_through(line: str) -> None:
    assert boilerplate._may_prompt(line)


@given(st.text(max_size=40))
def test_case_join_flag_agrees_with_the_regex(text: str) -> None:
    flag = b"aA" in text.encode("utf-8", "surrogatepass").translate(boilerplate._CASE_SHAPE)
    assert flag == (boilerplate._CASE_JOIN.search(text) is not None)
