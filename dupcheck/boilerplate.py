"""Boilerplate recognition: datelines, bylines, credits, copyright notices and site chrome.

``detect_boilerplate`` walks the text line by line (the patterns live in ``boilerplate_rules``)
and returns spans into the original text. Most rules claim a whole line, and only when the whole
line has the shape of furniture; three claim part of a line:

- a wire dateline opening a paragraph (``SEOUL (Reuters) –``): the prefix up to and including its
  dash, so the sentence after it stays content;
- a parenthesised credit closing a paragraph (``… said. (Reporting by X; Editing by Y)``);
- a closing credit or legal sentence (``The Associated Press contributed to this report.``,
  ``All rights reserved.``).

Precision comes first: boilerplate is excluded from coverage, so a false hit silently deletes
story content, while a miss leaves a few words of furniture in it.

**Headlines repeated as page chrome.** Pages often print the headline twice: once as the title
and once inside a breadcrumb or menu bar (``Home › World › Japan approves …``). The line that
*contains* another short line's text plus more is chrome. The standalone headline itself is
kept as content: a headline is part of the story as published, copies usually keep it, and
discarding it would make a page that prints it once look different from a page that prints it
twice. An exact second copy of the headline line is chrome only when it follows the first with
nothing but boilerplate between them (a page's title and its ``h1``): identical short lines further
apart are as often entries of a list (fixtures, results) as repeated headlines.

Speed: every document of a scan passes through here, so regexes are compiled once, long lines
(paragraphs) only meet the cheap prefix/suffix rules, and the whole-line rules are gated on a
line's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dupcheck import boilerplate_rules as rules
from dupcheck.models import Boilerplate, BoilerplateKind, Span

_Kind = BoilerplateKind

_SHORT = 160
"""Longest line that can be a byline, stamp, photo credit or prompt."""
_CREDIT_MAX = 400
"""Longest credit line (long Reuters credit strings name many people)."""
_CHROME_MAX = 300
"""Longest breadcrumb/menu line (its last part may be a long headline)."""
_HEADLINE_MAX = 200
_HEADLINE_LINES = 5
"""A headline is one of the first lines of a page (after any chrome lines flagged before it)."""
_TERMINAL = '.!?"”’)]:;'
"""A line ending in one of these closes a paragraph; the next line opens one."""
_WORD = re.compile(r"[^\W\d_]{2,}")
_NON_ALNUM = re.compile(r"[\W_]+")
_CASE_JOIN = re.compile(r"[a-z][A-Z]")
"""Where every ``GLUED_MENU`` hit ends (menu words end in a lower-case letter): a cheap gate."""


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    """Offset of the first non-space character."""
    text: str
    """The line stripped of surrounding whitespace."""
    after_break: bool
    """Follows a blank line, a line ending a sentence, or is indented: a paragraph may open here.
    Hard-wrapped wire copy breaks lines mid-sentence; those continuation lines are not breaks."""
    blank_after: bool
    """A blank line (or the end of the text) follows."""


def detect_boilerplate(text: str) -> tuple[Boilerplate, ...]:
    """Boilerplate stretches of ``text`` in order, never overlapping."""
    found: list[Boilerplate] = []
    lines = _lines(text)
    whole: set[int] = set()
    edge = (2, len(lines) - 2)
    for i, line in enumerate(lines):
        # A title or a byline line directly above a dateline counts as a paragraph of its own.
        para_start = line.after_break or i == 1 or (i - 1) in whole
        head_or_foot = i <= edge[0] or i >= edge[1]
        hits = _classify(line, para_start=para_start, head_or_foot=head_or_foot)
        for start, end, kind in hits:
            found.append(Boilerplate(Span(line.start + start, line.start + end), kind))
        if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(line.text):
            whole.add(i)
    for i in _repeated_headlines(lines, whole):
        line = lines[i]
        found.append(Boilerplate(Span(line.start, line.start + len(line.text)), _Kind.CHROME))
    found.sort(key=lambda b: b.span.start)
    return tuple(found)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    prev_text = ""
    prev_blank = True
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = body.strip()
        if not stripped:
            if out and not prev_blank:
                out[-1] = _Line(out[-1].start, out[-1].text, out[-1].after_break, True)
            prev_blank = True
            pos += len(raw)
            continue
        lead = len(body) - len(body.lstrip())
        after_break = prev_blank or lead > 0 or prev_text[-1] in _TERMINAL
        out.append(_Line(pos + lead, stripped, after_break, False))
        prev_text, prev_blank = stripped, False
        pos += len(raw)
    if out:
        out[-1] = _Line(out[-1].start, out[-1].text, out[-1].after_break, True)
    return out


def _classify(
    line: _Line, *, para_start: bool, head_or_foot: bool
) -> list[tuple[int, int, BoilerplateKind]]:
    """Hits in one line as ``(start, end, kind)`` offsets into ``line.text``."""
    s = line.text
    kind = _whole_line_kind(s, para_start=para_start, head_or_foot=head_or_foot)
    if kind is not None:
        return [(0, len(s), kind)]
    hits: list[tuple[int, int, BoilerplateKind]] = []
    prefix = _dateline_prefix(s, para_start)
    if prefix:
        hits.append((0, prefix, _Kind.DATELINE))
    for start, end, tail_kind in _tails(s):
        if start >= prefix:
            hits.append((start, end, tail_kind))
    hits.sort()
    kept: list[tuple[int, int, BoilerplateKind]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def _whole_line_kind(s: str, *, para_start: bool, head_or_foot: bool) -> BoilerplateKind | None:
    n = len(s)
    first = s[0]
    low2 = s[:2].lower()
    if n <= _SHORT and (first == "©" or low2 in ("co", "(c")) and _is_copyright(s):
        return _Kind.COPYRIGHT
    # Furniture starts with a capital: a lower-case "produced by …" line is a wrapped sentence.
    if n <= _CREDIT_MAX and (first.isupper() or first in "([") and rules.CREDIT_LINE.fullmatch(s):
        return _Kind.CREDIT
    if n <= _SHORT and first == "T" and rules.SYNDICATION_NOTE.fullmatch(s):
        return _Kind.CREDIT
    if n > _CHROME_MAX:
        return None
    if n <= _SHORT:
        if n <= 40 and rules.SIGNATURE.fullmatch(s):
            return _Kind.CREDIT
        if rules.PHOTO_CREDIT.fullmatch(s):
            return _Kind.CREDIT
        if rules.BYLINE.fullmatch(s):
            return _Kind.BYLINE
        if (
            n <= 100 and first.isalnum() and rules.is_date_header(s, labelled_only=not head_or_foot)
        ) or (n <= 80 and rules.DATELINE_LINE.fullmatch(s)):
            return _Kind.DATELINE
        # Menus and prompts are capitalised; a lower-case "share" line ends a wrapped sentence.
        if (first.isupper() or para_start) and (
            rules.PROMPT_WHOLE.fullmatch(s) or rules.PROMPT_START.match(s)
        ):
            return _Kind.CHROME
    elif rules.PROMPT_START.match(s) and "cookie" in s.lower():
        return _Kind.CHROME
    if s[-1] not in ".!" and (
        rules.GLUED_HOME.match(s)
        # A glued menu label is a lower-case letter met by a capital: most lines have none.
        or (_CASE_JOIN.search(s) and len(set(rules.GLUED_MENU.findall(s))) >= 2)
        or rules.is_breadcrumb(s)
    ):
        return _Kind.CHROME
    return None


def _is_copyright(s: str) -> bool:
    rest = rules.LEGAL.sub(" ", s).strip()
    if not rest or rules.COPYRIGHT_NOTICE.fullmatch(rest) is not None:
        return True
    # "© 2024 Daily Example. Terms of use | Privacy | Contact us": the notice, then footer links.
    head, dot, links = rest.partition(". ")
    return (
        bool(dot)
        and "|" in links
        and rules.COPYRIGHT_NOTICE.fullmatch(head) is not None
        and all(0 < len(part.split()) <= 4 for part in links.split("|"))
    )


def _dateline_prefix(s: str, para_start: bool) -> int:
    """Length of the dateline prefix opening ``s`` up to its dash, or 0."""
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
        # "DAY TWO- …", "COCA-Cola …": a weak form needs its dash set apart by spaces.
        return 0
    # A bare capitalised word and a dash: only where a paragraph opens, not a label, and followed
    # by a sentence (an all-capitals remainder is a headline such as "JAPAN - U.S. TALKS").
    label = prefix.rstrip("-–— ").strip()
    if not para_start or label.split()[0].rstrip(".:") in rules.NOT_PLACES or len(label) < 3:
        return 0
    # …and a sentence must follow on the line: "NICKEL -" over a table, or an all-capitals
    # remainder ("JAPAN - U.S. TALKS", a headline), is a label.
    if not any(ch.islower() for ch in s[m.end() :]):
        return 0
    return m.end()


def _tails(s: str) -> list[tuple[int, int, BoilerplateKind]]:
    out: list[tuple[int, int, BoilerplateKind]] = []
    if s[-1] == ")" and "(" in s:
        open_at = s.rfind("(")
        # Credits name several people inside one parenthesis: try from the last "(" back.
        while open_at >= 0:
            if rules.CREDIT_TAIL.fullmatch(s, open_at):
                out.append((open_at, len(s), _Kind.CREDIT))
                break
            open_at = s.rfind("(", 0, open_at)
    if "contributed" in s:
        m = rules.CONTRIBUTED.search(s)
        if m:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            out.append((start, len(s.rstrip()), _Kind.CREDIT))
    low = s.lower()
    if "reserved" in low or "material may not" in low or "no part of this" in low:
        for m in rules.LEGAL.finditer(s):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            out.append((start, m.end(), _Kind.COPYRIGHT))
    return out


def _repeated_headlines(lines: list[_Line], whole: set[int]) -> list[int]:
    """Lines that repeat the headline as page chrome (see the module docstring).

    Both the headline and its repeat must stand alone (blank lines or boilerplate around them):
    hard-wrapped wire copy, whose titles are often the first words of the lead, then never
    counts. The headline is looked for among the first lines only, where pages print it.
    """
    keys: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        s = line.text
        if len(s) > _CHROME_MAX or s[-1] in '.!"”’;,' or i in whole:
            continue
        alone = (i == 0 or lines[i - 1].blank_after or (i - 1) in whole) and (
            line.blank_after or (i + 1) in whole
        )
        words = _WORD.findall(s)
        if not alone or len(words) < 4 or sum(map(len, words)) < 0.6 * len(s):
            continue
        keys.append((i, " " + _NON_ALNUM.sub(" ", s).casefold().strip() + " "))
        if len(keys) >= 40:
            break
    chrome: set[int] = set()
    for j, headline in keys:
        if j >= _HEADLINE_LINES or len(lines[j].text) > _HEADLINE_MAX:
            continue
        for i, key in keys:
            if i == j:
                continue
            if key == headline:
                # A second copy right after the first (only boilerplate between): title + h1.
                if i > j and all(k in whole for k in range(j + 1, i)):
                    chrome.add(i)
            elif _contains_headline(key, headline):
                chrome.add(i)
    return sorted(chrome - whole)


def _contains_headline(key: str, headline_key: str) -> bool:
    """``key`` holds the headline, or ends with its opening words (menus truncate the end)."""
    if headline_key in key:
        return True
    folded = headline_key.split()
    need = max(4, -(-len(folded) * 3 // 4))
    if len(folded) < need + 1:
        return False
    return key.endswith(" " + " ".join(folded[:need]) + " ")
