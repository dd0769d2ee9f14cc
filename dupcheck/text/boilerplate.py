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

Speed: every document of a scan passes through here, and most of its lines are prose that no rule
claims. Regexes are compiled once, long lines (paragraphs) only meet the cheap prefix/suffix
rules, the whole-line rules are gated on a line's length, and each costly regex is tried only
when a cheap test that every match must pass (a character it needs, its first letters) holds:
failing a regex still costs a scan of the line.
``tests/text/test_analyse.py`` checks the gated rules against the ungated ones.
"""

from __future__ import annotations

import re

from dupcheck.text import boilerplate_rules as rules
from dupcheck.text.builders import make_boilerplate
from dupcheck.text.segment import Line, blocks
from dupcheck.text.types import Boilerplate, BoilerplateKind

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
_CASE_SHAPE = bytes(
    0x61 if 0x61 <= b <= 0x7A else 0x41 if 0x41 <= b <= 0x5A else 0x20 for b in range(256)
)
"""ASCII lower case to ``a``, upper case to ``A``, every other byte (all of UTF-8's multi-byte
sequences included) to a space: ``aA`` then appears exactly where ``_CASE_JOIN`` would match."""
_CAPS_PLACE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ.'’-")
"""A capitals dateline's second character (``rules._CAPS_PLACE`` and ``DATELINE_LINE``)."""
_PHOTO_LEAD = re.compile(r"(?i:photo|image|pic|illustration|credit)")
"""How ``rules.PHOTO_CREDIT`` opens unless the line holds a ``/`` (its third form)."""
_PHOTO_FIRST = frozenset("pPiIcC\u0130\u0131")
"""The characters that open ``_PHOTO_LEAD`` case-blind: the regex engine also takes the dotted
capital İ and the dotless ı for "i" (``tests/text/test_analyse.py`` checks every code point)."""
_PROMPT_OPENINGS = frozenset(
    [
        *("ad", "sp", "sh", "tw", "e-", "em", "pr", "co", "me", "se", "ho", "cl", "sk", "ba"),
        *("to", "mo", "tr", "re", "yo", "ne", "lo", "si", "su", "wa", "li", "im"),
        *("fo", "ta", "al", "ge", "do", "we", "th", "by", "ac", "jo", "vi", "ou"),  # PROMPT_START's
    ]
)
"""The first two letters, lower-cased, of every alternative of ``rules.PROMPT_WHOLE`` and
``rules.PROMPT_START`` (beside ``PROMPT_WHOLE``'s "12 comments"); "th" is only ever "this"."""
_LABEL_FIRST = frozenset("dDpPuUlLfFmMrR")
"""The characters that open ``rules.DATE_HEADER_KEYWORD`` (date, published, updated, posted,
last …, first …, modified, released) case-blind."""


def detect_boilerplate(
    text: str, *, line_blocks: list[list[Line]] | None = None
) -> tuple[Boilerplate, ...]:
    """Boilerplate stretches of ``text`` in order, never overlapping.

    ``line_blocks``: ``segment.blocks(text)``, when the caller has it already.
    """
    if line_blocks is None:
        line_blocks = blocks(text)
    found: list[Boilerplate] = []
    # The non-blank lines, stripped, and where each starts; whether a blank line follows each.
    lines: list[str] = []
    starts: list[int] = []
    blank_after: list[bool] = []
    # Most documents have no lower-case letter met by a capital anywhere: one test of the whole
    # text then lets every line skip the glued-menu search.
    glued = b"aA" in text.encode("utf-8", "surrogatepass").translate(_CASE_SHAPE)
    whole: set[int] = set()
    last = sum(map(len, line_blocks)) - 2  # lines from here on are the foot
    i = 0
    for block in line_blocks:
        final = len(block) - 1
        for k, (line_start, start, end) in enumerate(block):
            s = text[start:end]
            # A paragraph may open after a blank line, a line ending a sentence, or indented:
            # hard-wrapped wire copy breaks lines mid-sentence, and those are not breaks. A title
            # or a byline line directly above a dateline counts as a paragraph of its own.
            para_start = (
                k == 0
                or start > line_start
                or lines[-1][-1] in _TERMINAL
                or i == 1
                or (i - 1) in whole
            )
            hits = _classify(s, para_start, i <= 2 or i >= last, glued)
            if hits:
                for hit_start, hit_end, kind in hits:
                    found.append(make_boilerplate(start + hit_start, start + hit_end, kind))
                if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] == len(s):
                    whole.add(i)
            lines.append(s)
            starts.append(start)
            blank_after.append(k == final)
            i += 1
    for i in _repeated_headlines(lines, blank_after, whole):
        line_start, line_end = starts[i], starts[i] + len(lines[i])
        # The whole line is chrome: a dateline found inside it would overlap it.
        found = [b for b in found if not line_start <= b.span.start < line_end]
        found.append(make_boilerplate(line_start, line_end, _Kind.CHROME))
    found.sort(key=lambda b: b.span.start)
    return tuple(found)


def _classify(
    s: str, para_start: bool, head_or_foot: bool, glued: bool = True
) -> tuple[tuple[int, int, BoilerplateKind], ...]:
    """Hits in the stripped line ``s`` as ``(start, end, kind)`` offsets into it.

    ``glued``: whether the document has a lower-case letter met by a capital anywhere (False
    lets every line skip the glued-menu search).
    """
    low = s.lower()
    kind = _whole_line_kind(s, low, para_start, head_or_foot, glued)
    if kind is not None:
        return ((0, len(s), kind),)
    # The partial rules are rare: the tests here, each what a rule needs first, spare most lines
    # the calls. Every dateline prefix opens with a capital or "(" and ends in a dash.
    first = s[0]
    prefix = 0
    if (first.isupper() or first == "(") and ("-" in s or "–" in s or "—" in s):
        prefix = _dateline_prefix(s, para_start)
    if not (
        s[-1] == ")"
        or "contributed" in s
        or "reserved" in low
        or "material may not" in low
        or "no part of this" in low
    ):
        return ((0, prefix, _Kind.DATELINE),) if prefix else ()
    tails = _tails(s, low)
    hits: list[tuple[int, int, BoilerplateKind]] = []
    if prefix:
        hits.append((0, prefix, _Kind.DATELINE))
    for start, end, tail_kind in tails:
        if start >= prefix:
            hits.append((start, end, tail_kind))
    hits.sort()
    kept: list[tuple[int, int, BoilerplateKind]] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return tuple(kept)


def _whole_line_kind(
    s: str, low: str, para_start: bool, head_or_foot: bool, glued: bool = True
) -> BoilerplateKind | None:
    """The kind of boilerplate all of ``s`` is, if any; ``low`` is ``s.lower()``.

    The tests before each costly regex are what every match of it must have (see the module
    docstring): they change no answer, only skip regexes bound to fail.
    """
    n = len(s)
    first = s[0]
    upper = first.isupper()
    if (
        n <= _SHORT
        and (first == "©" or (first in "cC(" and s[:2].lower() in ("co", "(c")))
        and _is_copyright(s)
    ):
        return _Kind.COPYRIGHT
    # Furniture starts with a capital: a lower-case "produced by …" line is a wrapped sentence.
    # Every credit word is followed by "by" (which no other character matches case-blind).
    if (
        n <= _CREDIT_MAX
        and (upper or first in "([")
        and "by" in low
        and rules.CREDIT_LINE.fullmatch(s)
    ):
        return _Kind.CREDIT
    if n <= _SHORT and s.startswith("This") and rules.SYNDICATION_NOTE.fullmatch(s):
        return _Kind.CREDIT
    if n > _CHROME_MAX:
        return None
    capital = "A" <= first <= "Z"
    if n <= _SHORT:
        if n <= 40 and rules.SIGNATURE.fullmatch(s):
            return _Kind.CREDIT
        if ("/" in s or (first in _PHOTO_FIRST and _PHOTO_LEAD.match(s))) and (
            rules.PHOTO_CREDIT.fullmatch(s)
        ):
            return _Kind.CREDIT
        # "By …", or a name then a comma, bar or dash before the role or agency.
        if (
            capital
            and (
                s.startswith(("By", "BY"))
                or "," in s
                or "|" in s
                or "-" in s
                or "–" in s
                or "—" in s
            )
            and rules.BYLINE.fullmatch(s)
        ):
            return _Kind.BYLINE
        # Away from the head and foot, a date stamp opens with its label. A dateline line opens
        # with two capitals ("SEOUL") or holds an agency tag's "(".
        if (
            n <= 100
            and first.isalnum()
            and (head_or_foot or first in _LABEL_FIRST)
            and rules.is_date_header(s, labelled_only=not head_or_foot)
        ) or (
            n <= 80
            and ("(" in s or (capital and n > 1 and s[1] in _CAPS_PLACE_CHARS))
            and rules.DATELINE_LINE.fullmatch(s)
        ):
            return _Kind.DATELINE
        # Menus and prompts are capitalised; a lower-case "share" line ends a wrapped sentence.
        if (
            (upper or para_start)
            and _may_prompt(s)
            and (rules.PROMPT_WHOLE.fullmatch(s) or rules.PROMPT_START.match(s))
        ):
            return _Kind.CHROME
    elif "cookie" in low and rules.PROMPT_START.match(s):
        return _Kind.CHROME
    if s[-1] not in ".!" and (
        (s.startswith("Home") and rules.GLUED_HOME.match(s))
        # A glued menu label is a lower-case letter met by a capital: most lines have none.
        or (glued and _CASE_JOIN.search(s) and len(set(rules.GLUED_MENU.findall(s))) >= 2)
        # Every part of a breadcrumb, the one opening the line too, starts with one of these.
        or ((upper or first.isdigit()) and rules.is_breadcrumb(s))
    ):
        return _Kind.CHROME
    return None


def _may_prompt(s: str) -> bool:
    """Whether ``s`` opens the way a prompt does (``_PROMPT_OPENINGS``): most sentences do not,
    and the two prompt regexes (forty case-blind words each) are slow to fail."""
    head = s[:4]
    if not head.isascii():
        return True  # the regex engine matches a few other letters case-blind (İ, ı, ſ, K)
    two = head[:2].lower()
    if two == "th":
        return head.lower() == "this"
    return two in _PROMPT_OPENINGS or "0" <= head[0] <= "9"


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
    """Length of the dateline prefix opening ``s`` up to its dash, or 0.

    Only called on lines that open with a capital or "(" and hold a dash (``_classify``).
    """
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


def _tails(s: str, low: str) -> list[tuple[int, int, BoilerplateKind]]:
    """Credits and legal sentences closing ``s``; ``low`` is ``s.lower()``."""
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
    if "reserved" in low or "material may not" in low or "no part of this" in low:
        for m in rules.LEGAL.finditer(s):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            out.append((start, m.end(), _Kind.COPYRIGHT))
    return out


def _repeated_headlines(lines: list[str], blank_after: list[bool], whole: set[int]) -> list[int]:
    """Lines that repeat the headline as page chrome (see the module docstring).

    Both the headline and its repeat must stand alone (blank lines or boilerplate around them):
    hard-wrapped wire copy, whose titles are often the first words of the lead, then never
    counts. The headline is looked for among the first lines only, where pages print it.
    """
    keys: list[tuple[int, str]] = []
    headline_seen = False
    for i, s in enumerate(lines):
        if i >= _HEADLINE_LINES and not headline_seen:
            return []  # no headline up top: no line can repeat one (most of the cost saved)
        if len(s) > _CHROME_MAX or s[-1] in '.!"”’;,' or i in whole:
            continue
        alone = (i == 0 or blank_after[i - 1] or (i - 1) in whole) and (
            blank_after[i] or (i + 1) in whole
        )
        if not alone:
            continue
        words = _WORD.findall(s)
        if len(words) < 4 or sum(map(len, words)) < 0.6 * len(s):
            continue
        keys.append((i, " " + _NON_ALNUM.sub(" ", s).casefold().strip() + " "))
        headline_seen = headline_seen or (i < _HEADLINE_LINES and len(s) <= _HEADLINE_MAX)
        if len(keys) >= 40:
            break
    chrome: set[int] = set()
    for j, headline in keys:
        if j >= _HEADLINE_LINES or len(lines[j]) > _HEADLINE_MAX:
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
