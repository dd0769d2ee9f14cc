"""The facts of a sentence: figures, dates, names and tickers, with where each is written.

A copy of a story keeps its facts; the same formula about another company, day or market
("Qtly div 24 cts vs 24 cts prior / Pay April 1 / Record March 15") keeps the wording and
changes them. The align stage compares the facts of each matched sentence pair
(``dupcheck.align.fact_changes``); this module only reads them, one sentence at a time, from the
original text (so the spans index it).

What counts, and why:

- *Figures*: a number (digits, or a written number such as "seven"; "nil", a wire table's
  zero: "FRANCA NIL, CATANDUVA 0.1 MM", "rape nil (738)") with the scale word after it
  (``mln``, ``billion``…), which is part of its value, and a unit (``cts``, ``pct``, ``%``,
  ``dlrs``, ``tonnes``…), which is not: a copy that writes "10 percent" as "10%" keeps the figure.
- *Dates*: a month with its day ("March 9", "9 March", "Pay May Seven"), a month alone, a year,
  a numeric date ("04/09/87"), and weekdays and "yesterday"/"today", which are marked relative:
  syndication rewrites "on Tuesday" as "yesterday", so they never disagree.
- *Names*: runs of capitalised words inside a sentence, or opening it before another one
  ("Guilford Mills Inc said…"); a capitalised first word alone ("Shares fell") is no name, nor
  is an article, a month or a weekday. A sentence without any lower-case letter (a wire
  headline) has no names: every word of it is capitalised.
- *Tickers*: ``<WFC>``, ``<CSRA.S>``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dupcheck.text.types import Fact, FactKind, Span

_TOKEN = re.compile(
    r"(?P<ticker><[A-Z][A-Z0-9.]{0,9}>)"
    r"|(?P<numdate>\d{1,2}/\d{1,2}/\d{2,4}\b)"
    r"|(?P<num>\d+(?:[.,]\d+)*(?:-\d+/\d+|/\d+)?)"
    r"|(?P<word>[^\W\d_][\w&'’.-]*)"
    r"|(?P<sym>[%$])"
)

_MONTHS = {
    "january": "january", "jan": "january", "february": "february", "feb": "february",
    "march": "march", "mar": "march", "april": "april", "apr": "april", "may": "may",
    "june": "june", "jun": "june", "july": "july", "jul": "july", "august": "august",
    "aug": "august", "september": "september", "sept": "september", "sep": "september",
    "october": "october", "oct": "october", "november": "november", "nov": "november",
    "december": "december", "dec": "december",
}  # fmt: skip
_WEEKDAYS = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"))  # fmt: skip
_RELATIVE_DAYS = frozenset(("yesterday", "today", "tonight", "tomorrow"))
_WRITTEN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "nil": 0,
}  # fmt: skip
_LONE_WRITTEN = frozenset(("zero", "one"))
"""Written numbers that are a figure only with a scale or unit: "one of the", "one analyst"."""
_SCALES = {
    "thousand": "thousand", "mln": "mln", "million": "mln", "millions": "mln", "bln": "bln",
    "billion": "bln", "billions": "bln", "trillion": "trillion",
}  # fmt: skip
_UNITS = frozenset((
    "ct", "cts", "cent", "cents", "pct", "percent", "%", "dlr", "dlrs", "dollar", "dollars",
    "stg", "yen", "marks", "francs", "lire", "guilders", "pesos", "tonnes", "tonne", "tons",
    "ton", "barrels", "barrel", "bpd", "bushels", "bales", "head", "ounces", "ozs", "lbs",
    "pounds", "shares", "points", "pts", "pence", "p", "kg", "kilos", "km", "miles", "mm",
    "millimetres", "millimeters", "inches",
))  # fmt: skip
_CONNECTORS = frozenset(("of", "and", "&", "de", "du", "von", "van"))
_NOT_NAMES = frozenset(("the", "a", "an", "i", "in", "on", "at", "but", "and", "it", "he",
                        "she", "we", "they", "this", "that", "for", "of"))  # fmt: skip


_COMPOUND = re.compile(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(\w+)")


_PERIOD = re.compile(r"([a-z]+(?:-[a-z]+)?)-(?:day|week|month|year)s?")
"""A written number joined to a period ("two-day repurchases", "three-month bills"): the
figure of a term, which a formula of another day or issue changes."""


@lru_cache(maxsize=4096)
def _written(low: str) -> int | None:
    """The value of a written number ("seven", "eighty-one", the "two" of "two-day"), or
    None."""
    n = _WRITTEN.get(low)
    if n is not None:
        return n
    period = _PERIOD.fullmatch(low)
    if period is not None:
        return _written(period.group(1))
    m = _COMPOUND.fullmatch(low)
    if m is not None:
        unit = _WRITTEN.get(m.group(2))
        if unit is not None and 1 <= unit <= 9:
            return _WRITTEN[m.group(1)] + unit
    return None


def _is_capital(word: str) -> bool:
    return word[0].isupper()


class _Reader:
    """One sentence's tokens read left to right into facts."""

    def __init__(self, text: str, span: Span) -> None:
        self.piece = span.slice(text)
        self.base = span.start
        self.tokens = list(_TOKEN.finditer(self.piece))
        self.kinds = [t.lastgroup or "" for t in self.tokens]
        # Each token's text and lower-cased form, read once: the readers below ask for them
        # several times per token.
        self.texts = [t.group() for t in self.tokens]
        self.lows = [w.lower().rstrip(".") for w in self.texts]
        # A wire headline is capitalised throughout: its capitals say nothing of names.
        self.shouting = not any(c.islower() for c in self.piece)
        self.out: list[Fact] = []
        self.run: list[int] = []

    def read(self) -> tuple[Fact, ...]:
        i, n = 0, len(self.tokens)
        kinds, texts, lows = self.kinds, self.texts, self.lows
        while i < n:
            if kinds[i] == "word":
                # Most words open no date or figure: only a capital (or a connector inside a
                # run) can make them part of a name, and anything else ends the run.
                if texts[i][0].isupper():
                    if _plain_capital(lows[i]):
                        if not self._name_word(i):
                            self._close_run()
                        i += 1
                        continue
                elif _plain_lower(lows[i]):
                    if self.run and not (lows[i] in _CONNECTORS and self._name_word(i)):
                        self._close_run()
                    i += 1
                    continue
            i = self._step(i)
        self._close_run()
        return tuple(self.out)

    def _step(self, i: int) -> int:
        """Offer token ``i`` to the date, ticker and figure readers, then to the name rule;
        return the index after what was read."""
        found = self._date(i) or self._ticker(i) or self._number(i)
        if found:
            return found
        if not self._name_word(i):
            self._close_run()
        return i + 1

    # --- helpers ---------------------------------------------------------------------------

    def _adjacent(self, i: int) -> bool:
        """Token ``i`` follows token ``i - 1`` with at most two spaces between."""
        if not 0 < i < len(self.tokens):
            return False
        gap = self.piece[self.tokens[i - 1].end() : self.tokens[i].start()]
        return len(gap) <= 2 and not gap.strip()

    def _word_at(self, i: int) -> str | None:
        """Token ``i`` lower-cased when it is a word or ``%`` right after token ``i - 1``."""
        if not self._adjacent(i) or self.kinds[i] not in ("word", "sym"):
            return None
        return self.lows[i]

    def _month_at(self, i: int) -> str | None:
        if i < len(self.tokens) and self.kinds[i] == "word" and _is_capital(self.texts[i]):
            return _MONTHS.get(self.lows[i])
        return None

    def _day_at(self, i: int) -> int | None:
        """The day of the month token ``i`` names (``9``, ``Seven``), or None."""
        if i >= len(self.tokens):
            return None
        word = self.texts[i]
        if self.kinds[i] == "num":
            n = int(word) if word.isdigit() else None
        elif self.kinds[i] == "word":
            n = _written(self.lows[i])
        else:
            return None
        return n if n is not None and 1 <= n <= 31 else None

    def _add(self, kind: FactKind, first: int, last: int, end: int, key: str) -> None:
        """A fact written from token ``first`` to ``end`` (offset in the sentence), its last
        token ``last``; its context is the word on each side of it in the sentence, past the
        ticker that follows a company's name ("Lloyds Bank Plc <LLOY.L> said" stands where
        "Citibank NA said" does)."""
        if kind is not FactKind.NAME:
            self._close_run()
        before = self.lows[first - 1] if first > 0 else ""
        nxt = last + 1
        if kind is FactKind.NAME and nxt < len(self.tokens) and self.kinds[nxt] == "ticker":
            nxt += 1
        after = self.lows[nxt] if nxt < len(self.tokens) else ""
        start = self.tokens[first].start()
        relative = kind is FactKind.DATE and key in _WEEKDAYS | _RELATIVE_DAYS
        span = Span(self.base + start, self.base + end)
        self.out.append(Fact(kind, span, key, relative, (before, after)))

    # --- the kinds of fact -----------------------------------------------------------------

    def _date(self, i: int) -> int:
        """Read a date at token ``i``; return the index after it, or 0."""
        t = self.tokens[i]
        low = self.lows[i]
        month = self._month_at(i)
        if month is not None:
            day = self._day_at(i + 1) if self._adjacent(i + 1) else None
            if day is not None:
                self._add(FactKind.DATE, i, i + 1, self.tokens[i + 1].end(), f"{month} {day}")
                return i + 2
            self._add(FactKind.DATE, i, i, t.start() + len(t.group().rstrip(".")), month)
            return i + 1
        if self.kinds[i] == "word" and (
            (low in _WEEKDAYS and _is_capital(t.group())) or low in _RELATIVE_DAYS
        ):
            self._add(FactKind.DATE, i, i, t.start() + len(low), low)
            return i + 1
        if self.kinds[i] == "numdate":
            self._add(FactKind.DATE, i, i, t.end(), t.group())
            return i + 1
        day = self._day_at(i)
        month = self._month_at(i + 1)
        if day is not None and month is not None and self._adjacent(i + 1):
            # "17 January": the day before the month.
            self._add(FactKind.DATE, i, i + 1, self._end(i + 1), f"{month} {day}")
            return i + 2
        return 0

    def _end(self, i: int) -> int:
        t = self.tokens[i]
        return t.start() + len(t.group().rstrip("."))

    def _ticker(self, i: int) -> int:
        if self.kinds[i] != "ticker":
            return 0
        t = self.tokens[i]
        # A ticker's exchange suffix is how one service writes it: <CCLR.O> is <CCLR>.
        key = t.group()[1:-1].upper().split(".", maxsplit=1)[0]
        self._add(FactKind.TICKER, i, i, t.end(), key)
        return i + 1

    def _number(self, i: int) -> int:
        """Read a figure (with a ``$`` before it, its scale and unit after it) or a year at
        token ``i``; return the index after it, or 0."""
        t = self.tokens[i]
        written = None
        if self.kinds[i] == "word":
            written = _written(self.lows[i])
            if written is None:
                return 0
        elif self.kinds[i] != "num":
            return 0
        first, end = i, self._end(i) if written is not None else t.end()
        if i > 0 and self.tokens[i - 1].group() == "$" and self.tokens[i - 1].end() == t.start():
            first = i - 1
        j = i + 1
        nxt = self._word_at(j) if j < len(self.tokens) else None
        scale = _SCALES.get(nxt) if nxt is not None else None
        if scale is not None:
            end = self._end(j)
            j += 1
            nxt = self._word_at(j) if j < len(self.tokens) else None
        unit = nxt is not None and nxt in _UNITS
        if unit:
            end = self._end(j)
            j += 1
        if written is not None and self.lows[i] in _LONE_WRITTEN and scale is None and not unit:
            return 0
        year = written is None and scale is None and not unit and _is_year(t.group())
        key = _key(str(written) if written is not None else t.group(), scale)
        self._add(FactKind.DATE if year else FactKind.FIGURE, first, j - 1, end, key)
        return j

    def _name_word(self, i: int) -> bool:
        """Add token ``i`` to the current run of capitalised words when it belongs there."""
        if self.kinds[i] != "word" or self.shouting:
            return False
        if _is_capital(self.texts[i]):
            if self.run and not self._adjacent(i):
                self._close_run()
            self.run.append(i)
            return True
        # "Bank of Canada", "Wells Fargo and Co": one name.
        nxt = i + 1
        if (
            self.run
            and self.lows[i] in _CONNECTORS
            and self._adjacent(i)
            and self._adjacent(nxt)
            and self.kinds[nxt] == "word"
            and _is_capital(self.texts[nxt])
            and self._month_at(nxt) is None
        ):
            self.run.append(i)
            return True
        return False

    def _close_run(self) -> None:
        run = self.run
        # Articles and pronouns open many capitalised runs ("The Federal Reserve").
        while run and self.lows[run[0]] in _NOT_NAMES:
            run.pop(0)
        # A capitalised first word alone is no name: "Shares fell".
        if run and not (len(run) == 1 and run[0] == 0):
            words = [self.texts[k] for k in run]
            last = words[-1]
            # A sentence's final full stop is not part of the name; an abbreviation's is kept.
            trimmed = last.rstrip(".'’") if last.count(".") <= 1 else last
            end = self.tokens[run[-1]].start() + len(trimmed)
            key = " ".join(
                w.lower().replace(".", "").replace("’", "'").removesuffix("'s") for w in words
            )
            self._add(FactKind.NAME, run[0], run[-1], end, key)
        run.clear()


@lru_cache(maxsize=1 << 14)
def _plain_capital(low: str) -> bool:
    """A capitalised word (lower-cased, as ``_Reader.lows`` holds it) that opens no date or
    figure: no month, weekday, relative day or written number."""
    return (
        low not in _MONTHS
        and low not in _WEEKDAYS
        and low not in _RELATIVE_DAYS
        and _written(low) is None
    )


@lru_cache(maxsize=1 << 14)
def _plain_lower(low: str) -> bool:
    """A word in lower case that opens no date or figure (a month or weekday needs its
    capital): no relative day or written number."""
    return low not in _RELATIVE_DAYS and _written(low) is None


_TICKER = re.compile(r"<([A-Z][A-Z0-9.]{0,9})>")


def tickers(text: str, span: Span) -> frozenset[str]:
    """The tickers of ``text[span]`` as :func:`facts` keys them (``<CCLR.O>`` is ``CCLR``),
    without reading its other facts."""
    found = _TICKER.findall(text, span.start, span.end)
    return frozenset(t.split(".", maxsplit=1)[0] for t in found) if found else frozenset()


def facts(text: str, span: Span) -> tuple[Fact, ...]:
    """The facts of the sentence ``text[span]``, in text order, each with its span in ``text``."""
    return _Reader(text, span).read()


def _is_year(word: str) -> bool:
    """``1987``, ``1986/87``: a year (or a season) rather than a quantity."""
    head = word.split("/", maxsplit=1)[0]
    return len(head) == 4 and head.isdigit() and 1900 <= int(head) <= 2099


_SCALE_ZEROS = {"thousand": 3, "mln": 6, "bln": 9, "trillion": 12}


def _key(digits: str, scale: str | None) -> str:
    """A figure's value as one spelling, whatever the separators and scale words: "27,000"
    and "27000"; "9.1 mln" and "9,100,000"; fractions ("6-1/8") as written."""
    plain = digits.replace(",", "") if re.fullmatch(r"\d+(?:,\d+)+(?:\.\d+)?", digits) else digits
    if not re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return plain if scale is None else f"{plain} {scale}"
    whole, _, fraction = plain.partition(".")
    zeros = _SCALE_ZEROS[scale] if scale is not None else 0
    # Shift the decimal point by the scale's zeros, in digits: no float rounding.
    fraction = fraction + "0" * max(0, zeros - len(fraction))
    whole, fraction = whole + fraction[:zeros], fraction[zeros:]
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole
