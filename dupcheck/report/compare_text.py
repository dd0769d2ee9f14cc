"""``dupcheck compare`` in a terminal: verdict and scores, shared passages with word-level edits,
the unique parts of each side, the boilerplate, and a one-line summary.

Shared passages are side by side from 120 columns, stacked below. Without colour (a pipe, a
file, ``NO_COLOR``) word edits are marked the way ``wdiff`` does: ``[-gone-]`` on A, ``{+new+}``
on B, so the plain text still says what changed.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from dupcheck.align.side import prepare, shingle_size
from dupcheck.align.types import Comparison, EditOp, Match, MatchKind, Passage, Verdict
from dupcheck.report.base import (
    NOTE_TEXT,
    VERDICT_NOTE,
    Formatter,
    View,
    visible_name,
    visible_text,
)
from dupcheck.report.console import buffer_console
from dupcheck.text.types import Analysis, BoilerplateKind, Span

SIDE_BY_SIDE_MIN_WIDTH = 120

_VERDICT_STYLE = {
    Verdict.DUPLICATE: "bold red",
    Verdict.PARTIAL: "bold yellow",
    Verdict.TEMPLATE: "bold cyan",
    Verdict.DISTINCT: "bold green",
}
_FACTS = "cyan"
_KIND_STYLE = {
    MatchKind.IDENTICAL: "green",
    MatchKind.EDITED: "yellow",
    MatchKind.REWRITTEN: "magenta",
}
_DELETED = "red strike"
_INSERTED = "green"
_REPLACED = "yellow"
_UNIQUE = "dim"
_WS = re.compile(r"\s+")
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$")


def _pct(x: float) -> str:
    """One decimal, never rounded up to 100.0% unless it is 1: an edited sentence at 0.9996
    must not look identical."""
    value = f"{100 * x:.1f}"
    return "99.9%" if value == "100.0" and x < 1 else f"{value}%"


def _flat(text: str) -> str:
    """Line breaks inside a span shown as spaces: spans are read as running text. Control
    characters are shown escaped: a document's escape sequences never reach the terminal."""
    return visible_text(_WS.sub(" ", text))


class TextCompareFormatter(Formatter[Comparison]):
    """The rich terminal view of one comparison."""

    def __init__(self, view: View | None = None) -> None:
        self.view = view or View()
        # Without colours, strike and yellow say nothing: fall back to wdiff brackets.
        self.marks = self.view.color_system is None or self.view.no_color

    def render(self, result: Comparison) -> str:
        buffer = io.StringIO()
        console = buffer_console(self.view, buffer)
        for part in self._parts(result):
            console.print(part)
        # rich pads table cells to the full width; trailing blanks only get in a reader's way.
        return "\n".join(_TRAILING.sub(r"\1", line) for line in buffer.getvalue().split("\n"))

    # --- sections ---------------------------------------------------------------------------

    def _parts(self, c: Comparison) -> Iterable[RenderableType]:
        yield self._header(c)
        yield Text("")
        if c.passages:
            yield Rule(Text(f"Shared passages ({len(c.passages)})", style="bold"), align="left")
            for number, passage in enumerate(c.passages, 1):
                yield self._passage(c, number, passage)
        for side, analysis, spans in (("A", c.a, c.unique_a), ("B", c.b, c.unique_b)):
            if spans:
                yield self._unique(side, analysis, spans)
        if c.a.boilerplate or c.b.boilerplate:
            yield self._boilerplate(c)
        if self.view.verbose and c.matches:
            yield self._sentence_scores(c)
        yield Rule(style="dim")
        yield self._summary(c)

    def _header(self, c: Comparison) -> RenderableType:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for side, an in (("A", c.a), ("B", c.b)):
            doc = an.document
            grid.add_row(
                side,
                Text.assemble(
                    (visible_name(doc.name), "bold"),
                    (f"  {len(doc.text):,} chars, {doc.encoding}", "dim"),
                ),
            )
        grid.add_row(
            "verdict",
            Text.assemble(
                (c.verdict.value.upper(), _VERDICT_STYLE[c.verdict]),
                ("  " + VERDICT_NOTE[c.verdict], "dim"),
            ),
        )
        for said in c.notes:
            grid.add_row(
                "note", Text.assemble((said.value, "bold"), ("  " + NOTE_TEXT[said], "dim"))
            )
        s = c.scores
        k = c.options.shingle_size
        rows = [
            (
                "coverage",
                f"A {_pct(s.coverage_a)}  B {_pct(s.coverage_b)}",
                "content inside matches, boilerplate excluded",
            ),
            (
                "containment",
                f"A {_pct(s.containment_a)}  B {_pct(s.containment_b)}",
                f"{k}-word shingles found in the other side",
            ),
            ("resemblance", _pct(s.resemblance), f"Jaccard of {k}-word shingles"),
            (
                ("formula", _pct(s.formula), "of matched text worded as many corpus stories are")
                if c.corpus_knowledge
                else ("formula", "–", "no corpus knowledge used (--corpus DIR)")
            ),
        ]
        if self.view.verbose:
            rows.append(("minhash", _pct(_minhash_resemblance(c)), "estimate of resemblance"))
        for label, value, note in rows:
            grid.add_row(label, Text.assemble((value, "bold"), ("  " + note, "dim")))
        return grid

    def _passage(self, c: Comparison, number: int, passage: Passage) -> RenderableType:
        matches = [c.matches[i] for i in passage.matches]
        n = len(matches)
        title = Text.assemble(
            (f"Passage {number}", "bold"),
            (
                f"  A {passage.a.start}-{passage.a.end}  B {passage.b.start}-{passage.b.end}"
                f"  {n} {'match' if n == 1 else 'matches'}",
                "dim",
            ),
        )
        if self.view.width >= SIDE_BY_SIDE_MIN_WIDTH:
            table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
            table.add_column("", no_wrap=True, width=10)
            table.add_column("A", ratio=1, overflow="fold")
            table.add_column("B", ratio=1, overflow="fold")
            for m in matches:
                table.add_row(
                    self._kind(m), self._side_text(c.a, m, "a"), self._side_text(c.b, m, "b")
                )
                if m.fact_changes:
                    table.add_row(Text("facts", style=_FACTS), _fact_changes(m), "")
            return Group(title, table, Text(""))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold", width=3)
        grid.add_column(overflow="fold")
        for m in matches:
            grid.add_row("", self._kind(m, inline=True))
            if m.kind is MatchKind.IDENTICAL:
                grid.add_row("A=B", self._side_text(c.a, m, "a"))
            else:
                grid.add_row("A", self._side_text(c.a, m, "a"))
                grid.add_row("B", self._side_text(c.b, m, "b"))
            if m.fact_changes:
                grid.add_row("≠", _fact_changes(m))
        return Group(title, grid, Text(""))

    def _kind(self, m: Match, *, inline: bool = False) -> Text:
        sep = " " if inline else "\n"
        label = Text(m.kind.value, style=_KIND_STYLE[m.kind])
        # The score is content-word similarity, the kind compares every word in order: an
        # "edited 100%" (only stop words or punctuation changed) read as a contradiction.
        shown = "same content" if m.score >= 1 and m.kind is not MatchKind.IDENTICAL else None
        label.append(f"{sep}{shown or _pct(m.score)}", style="dim")
        if inline and (len(m.a_sentences) > 1 or len(m.b_sentences) > 1):
            label.append(f"  {len(m.a_sentences)}:{len(m.b_sentences)} sentences", style="dim")
        return label

    def _side_text(self, analysis: Analysis, m: Match, side: str) -> Text:
        """The matched text of one side with its word edits styled (or bracketed)."""
        text = analysis.document.text
        span = m.a if side == "a" else m.b
        marked: list[tuple[Span, str]] = []
        for e in m.edits:
            if side == "a" and e.op in (EditOp.DELETE, EditOp.REPLACE):
                marked.append((e.a, _DELETED if e.op is EditOp.DELETE else _REPLACED))
            elif side == "b" and e.op in (EditOp.INSERT, EditOp.REPLACE):
                marked.append((e.b, _INSERTED if e.op is EditOp.INSERT else _REPLACED))
        out = Text()
        pos = span.start
        for edit_span, style in _joined(text, marked, any_style=self.marks):
            start, end = max(edit_span.start, pos), min(edit_span.end, span.end)
            if start >= end:
                continue
            out.append(_flat(text[pos:start]))
            word = _flat(text[start:end])
            if self.marks:
                out.append("[-" + word + "-]" if side == "a" else "{+" + word + "+}")
            else:
                out.append(word, style=style)
            pos = end
        out.append(_flat(text[pos : span.end]))
        return out

    def _unique(self, side: str, analysis: Analysis, spans: tuple[Span, ...]) -> RenderableType:
        runs = _runs(analysis.document.text, spans)
        chars = sum(len(s) for s in spans)
        title = Text.assemble(
            (f"Only in {side}", "bold"), (f"  {chars:,} chars in {len(runs)} parts", "dim")
        )
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, width=1)
        grid.add_column(overflow="fold", style=_UNIQUE)
        for run in runs:
            grid.add_row("·", _flat(run.slice(analysis.document.text)))
        return Group(Rule(title, align="left"), grid)

    def _boilerplate(self, c: Comparison) -> RenderableType:
        kind_width = max(len(k.value) for k in BoilerplateKind)
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True, style="bold", width=1)
        grid.add_column(no_wrap=True, style="cyan", width=kind_width)
        grid.add_column(no_wrap=True, overflow="ellipsis", style=_UNIQUE, ratio=1)
        for side, an in (("A", c.a), ("B", c.b)):
            for bp in an.boilerplate:
                grid.add_row(side, bp.kind.value, _flat(bp.span.slice(an.document.text)).strip())
        count = len(c.a.boilerplate) + len(c.b.boilerplate)
        return Group(Rule(Text(f"Boilerplate ({count})", style="bold"), align="left"), grid)

    def _sentence_scores(self, c: Comparison) -> RenderableType:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column("A sent.", no_wrap=True)
        table.add_column("B sent.", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("A begins", no_wrap=True, overflow="ellipsis", ratio=1, style=_UNIQUE)
        for m in c.matches:
            table.add_row(
                ",".join(str(i) for i in m.a_sentences),
                ",".join(str(i) for i in m.b_sentences),
                Text(m.kind.value, style=_KIND_STYLE[m.kind]),
                f"{m.score:.3f}",
                _flat(m.a.slice(c.a.document.text)),
            )
        return Group(Rule(Text("Sentence scores", style="bold"), align="left"), table)

    def _summary(self, c: Comparison) -> Text:
        """One line: the longest version that fits the width, dropping detail from the end."""
        kinds = Counter(m.kind for m in c.matches)
        n, p = len(c.matches), len(c.passages)
        cov = f"A {c.scores.coverage_a:.0%} / B {c.scores.coverage_b:.0%} covered"
        found = f"{n} {'match' if n == 1 else 'matches'}, {p} "
        found += "passage" if p == 1 else "passages"
        detail = ", ".join(f"{kinds[k]} {k.value}" for k in MatchKind if kinds[k])
        detailed = f"{found} ({detail})" if detail else found
        boilerplate = f"boilerplate A {len(c.a.boilerplate)}, B {len(c.b.boilerplate)}"
        head = c.verdict.value + ": "
        for pieces in ([cov, detailed, boilerplate], [cov, detailed], [cov, found], [cov]):
            line = "; ".join(pieces)
            if len(head) + len(line) <= self.view.width:
                break
        out = Text(c.verdict.value, style=_VERDICT_STYLE[c.verdict])
        out.append(": " + line)
        changed = sum(len(m.fact_changes) for m in c.matches)
        if changed and len(head) + len(line) + 24 <= self.view.width:
            out.append(f"; {changed} {'fact differs' if changed == 1 else 'facts differ'}")
        return out


def _fact_changes(m: Match) -> Text:
    """``figure 7.1 cts → 9 cts; name Franklin Insured → Franklin Puerto Rico``."""
    out = Text(style=_FACTS)
    for n, change in enumerate(m.fact_changes):
        if n:
            out.append("; ")
        out.append(f"{change.kind.value} ", style="dim")
        out.append(f"{_flat(change.a_text)} → {_flat(change.b_text)}")
    return out


def _joined(
    text: str, marked: list[tuple[Span, str]], *, any_style: bool
) -> list[tuple[Span, str]]:
    """Edits of one style with only spaces between them marked as one: ``[-on Tuesday-]``, not
    ``[-on-] [-Tuesday-]``. With ``any_style`` (brackets, where a replaced word and a deleted
    one look the same) neighbours join whatever their style."""
    out: list[tuple[Span, str]] = []
    for span, style in sorted(marked, key=lambda t: t[0]):
        same = bool(out) and (any_style or out[-1][1] == style)
        if same and span.start >= out[-1][0].end:
            gap = text[out[-1][0].end : span.start]
            if not gap.strip():
                out[-1] = (Span(out[-1][0].start, span.end), out[-1][1])
                continue
        out.append((span, style))
    return out


def _runs(text: str, spans: tuple[Span, ...]) -> list[Span]:
    """Neighbouring spans joined when only spaces lie between them: one line, one run."""
    runs: list[Span] = []
    for s in sorted(spans):
        gap = text[runs[-1].end : s.start] if runs else "x"
        if not gap.strip() and "\n" not in gap and "\r" not in gap:
            runs[-1] = Span(runs[-1].start, max(runs[-1].end, s.end))
        else:
            runs.append(s)
    return runs


def _minhash_resemblance(c: Comparison, num_perm: int = 128, seed: int = 1) -> float:
    """A MinHash estimate of ``resemblance``, from the very shingles it counts: the words and
    shingle size of the two sides of the comparison (``dupcheck.align.side``).

    datasketch pulls in scipy, slow to import, so it is imported only for ``--verbose``.
    """
    from datasketch import MinHash

    sides = prepare(c.a), prepare(c.b)
    k = shingle_size(*sides, c.options.shingle_size)
    signatures = []
    for side in sides:
        words = side.words
        sig = MinHash(num_perm=num_perm, seed=seed)
        # Shingles as text, not Side.shingles' hashes: those are salted per process, and the
        # estimate must be the same in every run.
        sig.update_batch(
            [" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)]
        )
        signatures.append(sig)
    return float(signatures[0].jaccard(signatures[1]))
