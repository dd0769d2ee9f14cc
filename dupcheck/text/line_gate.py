"""Which plain lines a boilerplate rule could claim: a test cheap enough to run on every line.

Most lines of a document are prose that no rule of ``boilerplate`` claims, and classifying one
(every rule's own gate, then the regexes whose gates pass) costs many times this test.
``may_claim`` is false only for a line that every rule is bound to turn down: each clause below
is a condition that every match of one rule must meet, read off the rule's pattern and its gate
in ``boilerplate._whole_line_kind`` and ``boilerplate._classify``, so skipping the lines it
turns down changes no answer (``tests/text/test_line_gate.py`` checks it on lines made to pass
or fail each clause, and the analysis study on every document of the real corpora).

It holds only for ASCII lines away from a document's head and foot: there ``str.isupper`` and
``str.lower`` are plain (no ``İ``, ``ſ`` or Kelvin sign that case-blind patterns also take),
the only dash is ``-``, and the head-or-foot-only date stamps do not apply. Every other line is
classified in full.
"""

from __future__ import annotations

import re
import string

from dupcheck.text import boilerplate_rules as rules

_UPPER = frozenset(string.ascii_uppercase)
_UPPER_OR_OPEN = _UPPER | frozenset("([")
_UPPER_OR_DIGIT = _UPPER | frozenset(string.digits)
_CAPS_SECOND = _UPPER | frozenset(".'-")
"""The ASCII characters that may follow a capitals dateline's first letter."""
_ROLE_ENDS = tuple(
    word + plural
    for word in (
        *("writer", "reporter", "correspondent", "editor", "journalist", "columnist"),
        *("contributor", "staff", "chief", "producer", "analyst"),
    )
    for plural in ("", "s")
)
"""How a byline's role ends, lower-cased (``Staff Writer``, ``Bureau Chief``)."""
_AGENCY_ENDS = (
    *("Reuter", "Reuters", "REUTER", "REUTERS", "AP", "AFP", "UPI", "dpa", "DPA", "EFE"),
    *("ANSA", "TASS", "Xinhua", "Kyodo", "Yonhap", "PTI", "IANS", "ANI", "AAP", "Bloomberg"),
    *("Interfax", "CNN", "BBC", "PA", "CP", "Press", "Presse", "Association", "Staff"),
)
"""The last word of every name in ``rules.AGENCY`` (``The Associated Press``: ``Press``)."""
_DIGIT = re.compile(r"[0-9]")
_CASE_JOIN = re.compile(r"[a-z][A-Z]")
_CRUMB_SEP = re.compile(r"\s[>|/]\s")
"""What every ASCII separator of ``rules.CRUMB_SEP`` holds."""
_PROSE_WORD = re.compile(r"(?<!\S)(?!jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|dpa)[a-z]")
"""A word opening in lower case, as no word of a dateline prefix does but a month's name (any
case: ``_MONTH`` is case-blind) and the agency ``dpa``."""


_PROMPT_OPENINGS = frozenset(
    [
        *("ad", "sp", "sh", "tw", "e-", "em", "pr", "co", "me", "se", "ho", "cl", "sk", "ba"),
        *("to", "mo", "tr", "re", "yo", "ne", "lo", "si", "su", "wa", "li", "im"),
        *("fo", "ta", "al", "ge", "do", "we", "th", "by", "ac", "jo", "vi", "ou"),  # PROMPT_START's
    ]
)
"""The first two letters, lower-cased, of every alternative of ``rules.PROMPT_WHOLE`` and
``rules.PROMPT_START`` (beside ``PROMPT_WHOLE``'s "12 comments"); "th" is only ever "this"."""


def may_prompt(s: str) -> bool:
    """Whether ``s`` opens the way a prompt does (``_PROMPT_OPENINGS``): most sentences do not,
    and the two prompt regexes (forty case-blind words each) are slow to fail."""
    head = s[:4]
    if not head.isascii():
        return True  # the regex engine matches a few other letters case-blind (İ, ı, ſ, K)
    two = head[:2].lower()
    if two == "th":
        return head.lower() == "this"
    return two in _PROMPT_OPENINGS or "0" <= head[0] <= "9"


def may_claim(s: str, glued: bool, head_or_foot: bool) -> bool:
    """Whether some rule could claim all or part of ``s``, a stripped, non-empty ASCII line.

    ``glued``: the document holds a lower-case letter met by a capital somewhere.
    ``head_or_foot``: the line is among the document's first three or last two.
    """
    first = s[0]
    # A dateline prefix opens with a capital or "(" and ends in a dash; before the dash, no word
    # opens in lower case but a month's name (which is case-blind) or "dpa", and there is an
    # agency tag's "(", or a date (every date holds a digit), or a capitals place.
    if (first in _UPPER or first == "(") and "-" in s:
        prose = _PROSE_WORD.search(s)
        head = s if prose is None else s[: prose.start()]
        if "-" in head and (
            "(" in head or (len(s) > 1 and s[1] in _CAPS_SECOND) or _DIGIT.search(head)
        ):
            return True
    # A closing credit names people in parentheses after a "by"; a closing note holds one of
    # these words.
    last = s[-1]
    low = s.lower()
    if (last == ")" and "(" in s and "by" in low) or "contributed" in s:
        return True
    if "reserved" in low or "material may not" in low or "no part of this" in low:
        return True
    n = len(s)
    if n > 400:
        return False
    # A credit line: every credit word is followed by "by".
    if first in _UPPER_OR_OPEN and "by" in low and rules.CREDIT_START.match(s) is not None:
        return True
    if n > 300:
        return False
    # A cookie prompt; a menu: a glued label, a line opening with "Home", or a breadcrumb,
    # whose separators all hold one of these characters.
    if "cookie" in low:
        return True
    if last not in ".!" and (
        s.startswith("Home")
        or (glued and _CASE_JOIN.search(s) is not None)
        or (first in _UPPER_OR_DIGIT and _CRUMB_SEP.search(s) is not None)
    ):
        return True
    if n > 160:
        return False
    # A copyright notice opens with its word or sign (legal sentences open with other words);
    # a photo credit holds a slash before its source, or opens with its label.
    if low.startswith(("copyright", "(c")) or (
        "/" in s and rules.PHOTO_SLASH.search(s) is not None
    ):
        return True
    if low.startswith(("photo", "image", "picture")) and rules.PHOTO_CREDIT.fullmatch(s):
        return True
    if s.startswith("This") and rules.SYNDICATION_NOTE.fullmatch(s) is not None:
        return True
    if n <= 40 and rules.SIGNATURE.fullmatch(s) is not None:
        return True
    # A byline: "By …", or a name, a separator, then a role or an agency that ends the line.
    if first in _UPPER and (
        s.startswith(("By", "BY"))
        or (
            ("," in s or "|" in s or "-" in s)
            and (low.endswith(_ROLE_ENDS) or s.endswith(_AGENCY_ENDS))
        )
    ):
        return True
    # A date stamp opens with its label, or in the head or foot holds a digit (every date does).
    if n <= 100 and (
        rules.DATE_HEADER_KEYWORD.match(s) is not None
        or (head_or_foot and first.isalnum() and _DIGIT.search(s) is not None)
    ):
        return True
    # A dateline line ends with an agency tag (and perhaps a dash after it), or holds a date;
    # like a prefix, it holds no word opening in lower case.
    if (
        n <= 80
        and (
            (last in ")-" and "(" in s)
            or (first in _UPPER and n > 1 and s[1] in _CAPS_SECOND and _DIGIT.search(s))
        )
        and _PROSE_WORD.search(s) is None
    ):
        return True
    return may_prompt(s) and (
        rules.PROMPT_WHOLE.fullmatch(s) is not None or rules.PROMPT_START.match(s) is not None
    )
