"""The patterns behind boilerplate recognition: one regex (compiled on first use) or small
predicate per rule.

Every rule looks at one stripped line (``boilerplate.py`` walks the lines and turns hits into
spans). Patterns describe how wire services and news sites format their furniture in general;
none is tied to one outlet's page. They lean strict: a line is boilerplate only when all of it has
the shape of a dateline, byline, credit, notice or menu, because a false hit deletes story
content from coverage while a miss only leaves a little furniture in it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any


class LazyPattern:
    """A regex compiled on its first use. These patterns are long, and Python compiles a regex
    in Python code: compiling all of them is a noticeable part of a short run's start-up (one
    ``dupcheck query`` from the shell), while a document reaches only the rules its lines get
    past the cheap checks before them (``boilerplate.py``). A rule no line reaches is never
    compiled. The methods are `re.Pattern`'s, with its arguments."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        """The regex's source, as `re.Pattern.pattern`."""
        self.flags = flags
        """The flags it is compiled with."""
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled regex (compiled now on the first call)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


# --- shared vocabulary ----------------------------------------------------------------------

AGENCY = (
    r"(?:Reuters?|REUTERS?|AP|AFP|UPI|dpa|DPA|EFE|ANSA|TASS|Xinhua|Kyodo|Yonhap|PTI|IANS|ANI|AAP"
    r"|Bloomberg|Interfax|CNN|BBC|PA|CP|The\s+Associated\s+Press|Associated\s+Press"
    r"|Agence\s+France-Presse|The\s+Canadian\s+Press|Press\s+Association|Reuters\s+Staff)"
)
_MONTH = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
"""Case-insensitive: wires also send ``APRIL 24`` and ``APril 7``."""
_WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
)
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[aApP]\.?[mM]\.?)?"
_TZ = (
    r"(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|JST|KST|IST|HKT|SGT|AEST|AEDT)"
)
_RELATIVE = r"(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago"
_DASH = r"[-–—]+"

# --- DATELINE -------------------------------------------------------------------------------

_CAPS_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]*){0,4}"
"""``SEOUL``, ``SAN FRANCISCO``, ``RIO DE JANEIRO``, ``ST. LOUIS``: wire datelines are capitals."""
_ANY_PLACE = r"[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]*){0,3}"
_REGION = r"(?:\s*,\s+(?:(?:[A-Z][A-Za-z]{0,5}\.\s?){1,2}|[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?))"
"""``, Calif.``, ``, N.Y.``, ``, Texas``, ``, British Columbia``: a state or country."""
_AGENCY_TAG = r"\((?:" + AGENCY + r"|[A-Z][A-Za-z&.]+(?:\s+[A-Z][A-Za-z&.]*){0,2})\)"
"""``(Reuters)``, ``(AP)``, ``(CNN Business)``: a short capitalised name in parentheses."""

_DATE_PART = rf"(?:(?:\s*,\s*|(?<=\.)\s+){DATE}(?:,\s+{AGENCY})?)"
"""``, March 3`` (or ``Va. Feb 26``, where the abbreviation's full stop stands in for the comma)."""
DATELINE_PREFIX = LazyPattern(
    rf"(?:{_CAPS_PLACE}{_REGION}?{_DATE_PART}?\s*(?:{_AGENCY_TAG})?"
    rf"|{_ANY_PLACE}{_REGION}?{_DATE_PART}?\s*{_AGENCY_TAG}"
    rf"|{_ANY_PLACE}{_REGION}?{_DATE_PART}"
    rf"|\((?:{AGENCY})\))"
    rf"\s*{_DASH}"
)
"""A wire dateline opening a paragraph, up to and including its dash (the wire sometimes glues the
dash to the first word: ``DETROIT, March 4 -General Motors``)."""

DATELINE_LINE = LazyPattern(
    rf"(?:[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]*){{0,2}}{_REGION}?{_DATE_PART}\s*(?:{_AGENCY_TAG})?"
    rf"|{_ANY_PLACE}{_REGION}?{_DATE_PART}?\s*\((?:{AGENCY})\))\s*(?:{_DASH})?"
)
"""A dateline set as a line of its own: ``PORT ELLERBY, March 13 (Wire)``, ``SEOUL (Reuters)``.
Stricter than the prefix (a date, or a known agency; places of at most three words), since a
whole line of "Name (Thing)" is more often a list entry: ``Howard Webb (South Yorkshire)``."""

DATELINE_STRONG = LazyPattern(rf"{DATE}|\(")
"""A dateline prefix holding a date or an agency tag is unmistakable anywhere a paragraph opens."""

NOT_PLACES = frozenset(
    [
        "BREAKING",
        "UPDATE",
        "UPDATED",
        "EXCLUSIVE",
        "NOTE",
        "WARNING",
        "WATCH",
        "VIDEO",
        "PHOTOS",
        "PHOTO",
        "ANALYSIS",
        "OPINION",
        "FILE",
        "CORRECTED",
        "CORRECTION",
        "REFILE",
        "REPEAT",
        "URGENT",
        "FLASH",
        "ALERT",
        "LIVE",
        "SPONSORED",
    ]
)
"""Capitalised labels that open lines with a dash but are not places."""

_HEADER_WORD = (
    r"(?i:date[d]?|published|updated|posted|last\s+updated|last\s+modified|first\s+published"
    r"|modified|released)(?:\s+on)?\s*:?"
)
_HEADER_TOKEN = LazyPattern(
    rf"\s*(?:(?P<date>{DATE})|(?P<rel>{_RELATIVE}|yesterday|today)|(?P<time>{_TIME})"
    rf"|{_WEEKDAY}|{_TZ}|{AGENCY}|(?P<caps>[A-Z][A-Z'’\-]+)|(?P<name>[A-Z][a-z'’\-]+)"
    r"|(?i:at|on|by)\b|[,|/•·()\-–—:]+)"
)
DATE_HEADER_KEYWORD = LazyPattern(_HEADER_WORD)
_DIGIT = LazyPattern(r"\d")


def is_date_header(line: str, *, labelled_only: bool = False) -> bool:
    """A line that is only a date stamp, optionally labelled and with an agency/place.

    ``labelled_only``: accept only stamps opening with a label (``Published``, ``date``…); a
    bare date counts as a stamp only in a document's head or foot, not amid a fixture list.
    """
    pos = 0
    keyword = DATE_HEADER_KEYWORD.match(line)
    if keyword:
        pos = keyword.end()
    elif labelled_only or _DIGIT.search(line) is None:
        # Unlabelled, a stamp needs exactly one date, and every date form holds a digit.
        return False
    dates = names = caps = 0
    timed = False
    while pos < len(line):
        m = _HEADER_TOKEN.match(line, pos)
        if m is None or m.end() == pos:
            return False
        if m.group("date"):
            dates += 1
        elif m.group("rel") or m.group("time"):
            timed = True
        elif m.group("name"):
            names += 1
        elif m.group("caps"):
            caps += 1
        pos = m.end()
    # A bare title-case word or two (a place) is allowed only on a labelled stamp: "March 3,
    # 2021" is a stamp, "Election March 3, 2021" a headline. Several dates make a table header.
    # Capitalised words with no label read as a headline ("TREASURY BALANCES ROSE ON FEB 27").
    if keyword:
        return (0 < dates <= 2 or (timed and dates == 0)) and names <= 2 and caps <= 3
    return dates == 1 and names == caps == 0 and not labelled_only


# --- BYLINE ---------------------------------------------------------------------------------

_PARTICLE = r"(?:de|da|del|della|di|du|van|von|der|den|al|el|bin|ibn|la|le|ter|dos|das)"
_NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’\-]*(?:[A-Z][a-zà-ÿ'’\-]+)?|[A-Z]\.|[A-Z][A-Z'’\-]+)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_NAME_WORD}){{1,3}}"
_NAMES = rf"(?:{_NAME}|{AGENCY})(?:\s*(?:,|&|(?i:and))\s*{_NAME})*"
_AFFIL = r"[A-Z][\w.'’&\-]*(?:[\s,]+(?:[A-Z][\w.'’&\-]*|in|of|at|the|and|for|\d+)){0,7}"
_ROLE = (
    r"(?:[A-Z][\w'’\-]*\s+){0,3}(?i:writer|reporter|correspondent|editor|journalist|columnist"
    r"|contributor|staff|bureau\s+chief|producer|analyst)s?"
)
BYLINE = LazyPattern(
    rf"(?:B[yY]:?\s+{_NAMES}(?:\s*(?:,|\||/|{_DASH}|\bfor\b)\s*{_AFFIL})?"
    rf"|{_NAME}\s*(?:,|\||{_DASH})\s*(?:{_ROLE}|{AGENCY}))"
)
"""``By Jane Doe``, ``By JANE DOE and JOHN ROE``, ``Jane Doe, Staff Writer``, ``By X | Reuters``."""

# --- CREDIT ---------------------------------------------------------------------------------

_CREDIT_WORD = (
    r"(?:(?i:additional\s+)?(?i:reporting|writing|editing|compiled|edited|written|produced"
    r"|research|graphics|translated|translation|photographs?|photos?|video|illustrations?"
    r"|fact[- ]?checking|sub[- ]?editing)\s+(?i:by)\s*:?)"
)
_CREDIT_NAMES = rf"(?:{_NAME}|{AGENCY})(?:\s+in\s+{_ANY_PLACE})?"
_CREDIT_SEG = rf"{_CREDIT_WORD}\s+{_CREDIT_NAMES}(?:\s*(?:,|&|(?i:and))\s*{_CREDIT_NAMES})*"
CREDIT_LINE = LazyPattern(rf"[(\[]?\s*{_CREDIT_SEG}(?:\s*[;,.]\s*{_CREDIT_SEG})*\s*[.;]?\s*[)\]]?")
"""``Reporting by X in TOKYO; Additional reporting by Y; Editing by Z and W``: names only."""
CREDIT_TAIL = LazyPattern(rf"\(\s*{_CREDIT_SEG}(?:\s*[;,.]\s*{_CREDIT_SEG})*\s*[.;]?\s*\)")
"""The same credit in parentheses closing a paragraph: ``… said. (Reporting by X)``."""

_PHOTO_SOURCE = (
    r"(?:Getty\s+Images|AFP|Reuters|REUTERS|AP|AP\s+Photo|EPA|EPA-EFE|Shutterstock|PA|Alamy)"
)
PHOTO_CREDIT = LazyPattern(
    r"(?:(?i:photo(?:graph)?s?|image|picture|pic|illustration|credit|photo\s+credit"
    r"|image\s+(?:copyright|source|credit))\s*[:|]?\s*.{0,100}"
    rf"/\s*{_PHOTO_SOURCE}(?:\s+via\s+Getty\s+Images)?"
    r"|(?i:photo(?:graph)?|image|picture|photo\s+credit|image\s+(?:copyright|source|credit))"
    r"\s*[:|]\s*[^.!?]{1,100}"
    rf"|[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){{0,3}}\s*/\s*{_PHOTO_SOURCE}"
    r"(?:\s+via\s+Getty\s+Images)?)"
)
"""``Photo: Jane Doe/Getty Images``, ``Photograph: …``, ``Image copyright Getty Images``."""

CONTRIBUTED = LazyPattern(
    r"(?:^|(?<=[.!?\"”’]\s))\s*(?:[-–—]+\s*)?[A-Z][^.!?]{0,160}?\bcontributed\s+"
    r"(?:(?:to\s+)?(?:this\s+)?(?:report|reporting|story|article))"
    r"(?:\s+(?:from|in)\s+[A-Z][^.!?]{0,40})?\.?\s*$"
)
"""``— The Associated Press contributed to this report.``: the sentence closing a line."""

SYNDICATION_NOTE = LazyPattern(
    r"This\s+(?:article|story|report|content)\s+(?:"
    r"(?:contains|includes|uses)\s+(?:material|reporting|content)\s+from\s+"
    r"(?:[A-Z][\w&.'’\-]*\s*){1,6}"
    r"|(?:was|has\s+been|is)\s+(?:provided|supplied|distributed)\s+by\s+(?:[A-Z][\w&.'’\-]*\s*){1,6}"
    r"(?:(?:and|,)\s+has\s+not\s+been\s+edited[^.!?]{0,120})?"
    r"|has\s+not\s+been\s+edited\s+by\s+[^.!?]{1,120}"
    r")\.?"
)
"""A syndicated feed's own note on a line: ``This article contains material from Reuters.``,
``This story has not been edited by Example staff and is published from a syndicated feed.``"""

SIGNATURE = LazyPattern(rf"[\s(\[\-–—]*{AGENCY}[\s)\]]*(?:&#3;|\x03)?", re.IGNORECASE)
"""An agency's sign-off or tag on its own line: ``Reuter``, ``(AP)``, ``— AFP``."""

# --- COPYRIGHT ------------------------------------------------------------------------------

LEGAL = LazyPattern(
    r"(?:^|(?<=[.!?]\s)|(?<=[.!?]))\s*(?:"
    r"(?i:all\s+rights\s+reserved)\.?"
    r"|(?i:(?:this|the)\s+material\s+may\s+not\s+be\s+published,?\s+broadcast,?\s+rewritten,?"
    r"\s+or\s+redistributed)[^.!?\n]{0,80}\.?"
    r"|(?i:no\s+part\s+of\s+this\s+(?:publication|article|material|website)\s+may\s+be"
    r"\s+reproduced)[^.!?\n]{0,160}\.?"
    r")(?=\s*$|\s+[A-Z©])"
)
"""Legal sentences that are furniture wherever they sit, as long as they are whole sentences."""

COPYRIGHT_NOTICE = LazyPattern(
    r"(?:(?i:copyright)\s*(?:©|\(c\))?|©|\((?i:c)\))\s*"
    r"(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2})?[\s,.]*)?"
    r"(?:[A-Z©\d][\w.'’&\-]*(?:[\s,]+(?:[A-Z©][\w.'’&\-]*|(?:19|20)\d{2}|of|and|the|&|Inc\.?|Ltd\.?|"
    r"LLC|plc)){0,7})?[\s.,]*"
)
"""``Copyright EngageNewswire 2019``, ``© 2021 Reuters``, ``Copyright (c) 2020 X Ltd``."""

# --- CHROME ---------------------------------------------------------------------------------

PROMPT_WHOLE = LazyPattern(
    r"(?i:advertisement|advertising|sponsored(?:\s+content)?|ad|share|share\s+this(?:\s+article"
    r"|\s+story|\s+page)?|share\s+(?:on|via)\s+\w+|tweet|e-?mail|print|comments?|\d+\s+comments?"
    r"|menu|search|home|close|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|top\s+stories"
    r"|most\s+(?:read|popular|viewed|shared)|trending(?:\s+now)?|related(?:\s+(?:articles|stories"
    r"|coverage|content|topics|news|links))?|more\s+on\s+this\s+story|recommended(?:\s+for\s+you)?"
    r"|you\s+may\s+also\s+like|next\s+article|previous\s+article|continue\s+reading|read\s+more"
    r"|see\s+more|show\s+more|load\s+more|log\s?in|sign\s?in|register|subscribe(?:\s+now)?"
    r"|watch(?:\s+now|\s+live)?|listen|image\s+caption|media\s+caption"
    r"|media\s+playback\s+is\s+unsupported\s+on\s+your\s+device)\s*[!:…»›>]*"
)
"""A menu or widget label alone on a line (no full stop: ``share.`` ends a wrapped sentence)."""

PROMPT_START = LazyPattern(
    r"(?i:share\s+this\s+(?:article|story|page)|follow\s+(?:us|\w+)\s+on\s+(?:twitter|facebook"
    r"|instagram|linkedin|x|threads|tiktok|youtube)|follow\s+@|click\s+here|tap\s+here"
    r"|sign\s+up\s+(?:for|to)\s+(?:our|the|free|daily|weekly|breaking)|subscribe\s+(?:to|for)\s+"
    r"(?:our|the|free|daily|weekly)|subscribe\s+now|read\s+more\s*[:»›>]|read\s+more\s+about"
    r"|also\s+read\s*:|read\s+also\s*:|see\s+also\s*:|related\s*:|more\s*:|watch\s*:|listen\s*:"
    r"|recommended\s*:|more\s+from\s+|get\s+the\s+latest\s+|download\s+(?:the|our)\s+app"
    r"|we\s+use\s+cookies|this\s+(?:site|website)\s+uses\s+cookies|cookies?\s+(?:policy|settings"
    r"|preferences|consent|notice)|by\s+(?:continuing\s+to\s+use|using)\s+(?:this|our)\s+"
    r"(?:site|website)|accept\s+(?:all\s+)?cookies|join\s+our\s+(?:newsletter|mailing\s+list)"
    r"|like\s+us\s+on\s+facebook|(?:read|view)\s+(?:the\s+)?(?:full|original)\s+(?:article|story)"
    r"|this\s+(?:article|story)\s+(?:was|is|has\s+been)\s+(?:originally\s+)?(?:published|republished)"
    r"|our\s+standards\s*:|image\s+copyright\s|image\s+caption\s|media\s+caption\s)"
)
"""A share/follow/subscribe/cookie prompt opening a short line."""

MENU_WORD = (
    r"(?:Home|News|World|Business|Technology|Tech|Sports?|Politics|Opinion|Entertainment|Health"
    r"|Science|Markets|Videos?|Lifestyle|Local|Nation(?:al)?|Economy|Finance|Money|Travel|Culture"
    r"|Arts|Life|Style|Latest|Asia|Europe|Africa|Americas|Environment|Education|Weather|Property"
    r"|Companies|Industry|Media|Royals|Motoring|Autos)"
)
GLUED_MENU = LazyPattern(rf"\b{MENU_WORD}(?=[A-Z][a-z])")
"""A menu label glued to the next one (``HomeTechnology NewsJapan …``): a scraped menu bar."""
GLUED_HOME = LazyPattern(r"Home(?=[A-Z][a-z])")

CRUMB_SEP = re.compile(r"\s*[›»→]\s*|\s+[>|/]\s+")
"""Breadcrumb separators; ``>``, ``|`` and ``/`` only between spaces, so ``24/7``, ``AC/DC`` and
the wires' ``<TICKER>`` tags stay whole."""


def is_breadcrumb(line: str) -> bool:
    """``Home › World › Asia``: three or more capitalised parts, the first ones short."""
    # Every separator holds one of these: most lines are spared the split. (A chain of ``in``
    # tests, each a C search, costs a fifth of ``any()`` over a generator.)
    if not ("/" in line or "|" in line or ">" in line or "›" in line or "»" in line or "→" in line):
        return False
    parts = CRUMB_SEP.split(line)
    if len(parts) < 3:
        return False
    for i, part in enumerate(parts):
        if not part or not (part[0].isupper() or part[0].isdigit()):
            return False
        if i < len(parts) - 1 and (len(part.split()) > 4 or part[-1] in ".!?,;"):
            return False
    return True
