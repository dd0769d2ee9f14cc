"""``dupcheck scan`` for people: a summary line, clusters, pairs most severe first, skipped files.

Built with rich into a string, so the text format sits behind the same interface as the others.
It reads at 80 columns (paths fold rather than being cut); colour only marks what plain text
already says, so ``NO_COLOR`` and pipes lose nothing: a baselined pair says ``baselined`` under
its verdict, not just in a dim style. Each pair is two lines (a above b, each side's coverage
beside it), so a path gets the whole width instead of half.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from dupcheck.align.types import Note, Verdict
from dupcheck.corpus.types import Pair, ScanResult
from dupcheck.exitcode import ExitPolicy
from dupcheck.report.base import Formatter, View, visible_name, visible_text
from dupcheck.report.console import buffer_console
from dupcheck.report.scan_common import by_severity, percent, plural

VERDICT_STYLE = {
    Verdict.DUPLICATE: "bold red",
    Verdict.PARTIAL: "yellow",
    Verdict.TEMPLATE: "cyan",
    Verdict.DISTINCT: "",
}


def summary_line(result: ScanResult) -> str:
    """``12 documents, 4 pairs (2 duplicate, 1 partial, 1 template; 1 baselined), 1 cluster,
    2 skipped``."""
    pairs = plural(len(result.pairs), "pair")
    if result.pairs:
        kinds = [
            f"{sum(p.verdict is v for p in result.pairs)} {v.value}"
            for v in (Verdict.DUPLICATE, Verdict.PARTIAL, Verdict.TEMPLATE)
            if any(p.verdict is v for p in result.pairs)
        ]
        baselined = sum(p.baselined for p in result.pairs)
        detail = ", ".join(kinds) + (f"; {baselined} baselined" if baselined else "")
        pairs += f" ({detail})"
    parts = [plural(result.documents, "document"), pairs, plural(len(result.clusters), "cluster")]
    unverified = sum(s.unverified_pair for s in result.skipped)
    if len(result.skipped) > unverified:
        parts.append(f"{len(result.skipped) - unverified} skipped")
    if unverified:
        parts.append(f"{plural(unverified, 'pair')} not verified")
    return ", ".join(parts)


def _heading(title: str, count: int) -> Text:
    return Text(f"{title} ({count})", style="bold")


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _clusters(result: ScanResult) -> Table:
    table = _table("#", "members", "")
    table.columns[0].justify = "right"
    table.leading = 1
    for cluster in result.clusters:
        copies = [m for m in cluster.members if m != cluster.original]
        members = Text(visible_name(cluster.original), style="bold")
        for copy in copies:
            members.append("\n" + visible_name(copy))
        table.add_row(str(cluster.id), members, Text("original", style="dim"))
    return table


def _pairs(pairs: list[Pair], verbose: bool) -> Table:
    # Each pair takes two lines, a above b, with each side's numbers beside it: one path column
    # gets the width two would share, so paths stay whole at 80 columns.
    scores = ["coverage"] + (["contain"] if verbose else []) + ["resemb"]
    table = _table("documents (a, b)", "verdict", *scores)
    table.leading = 1
    for column in table.columns[-len(scores) :]:
        column.justify = "right"
        column.no_wrap = True
    for pair in pairs:
        table.add_row(*_pair_row(pair, verbose))
    return table


def _pair_row(pair: Pair, verbose: bool) -> list[Text]:
    s = pair.scores
    style = "dim" if pair.baselined else ""
    verdict = Text(pair.verdict.value, style=style or VERDICT_STYLE[pair.verdict])
    if pair.baselined:
        verdict.append("\nbaselined", style="dim italic")
    elif Note.CHANGED_FIGURES in pair.notes:
        # A figure differs where names and dates agree: a correction, or another day's text.
        verdict.append("\nfigures differ", style="dim italic")
    elif Note.OTHER_DAYS in pair.notes:
        # The same one-liner dated days apart: another day's item.
        verdict.append("\nother days", style="dim italic")
    elif Note.ONE_LINER in pair.notes:
        # Two one-liners recur in the same words on other days: only the dates can tell.
        verdict.append("\none-liner", style="dim italic")
    cells = [
        Text(f"{visible_name(pair.a)}\n{visible_name(pair.b)}", style=style),
        verdict,
        Text(f"{percent(s.coverage_a)}\n{percent(s.coverage_b)}", style=style),
    ]
    if verbose:
        cells.append(Text(f"{percent(s.containment_a)}\n{percent(s.containment_b)}", style=style))
    cells.append(Text(f"{s.resemblance:.2f}", style=style))
    return cells


def _skipped(result: ScanResult) -> Table:
    table = _table("path", "reason")
    for skipped in result.skipped:
        reason = Text(visible_text(skipped.reason).replace("\n", "\\n"), style="dim")
        table.add_row(visible_name(skipped.path), reason)
    return table


class TextScanFormatter(Formatter[ScanResult]):
    """The terminal report; plain text when the view has no colour system.

    The summary comes first, then the clusters, then the pairs most severe first (``policy``
    decides what fails the run: those lead), at most ``view.top`` of them; pairs accepted in the
    baseline are counted but listed only with ``view.show_accepted``. A report of thousands of
    articles so starts with what a reviewer must act on.
    """

    def __init__(self, view: View | None = None, policy: ExitPolicy | None = None) -> None:
        self.view = view or View()
        self.policy = policy or ExitPolicy()

    def _listed(self, pairs: list[Pair], title: str, accepted: list[Pair]) -> list[RenderableType]:
        top = self.view.top
        shown = pairs if top is None else pairs[:top]
        if self.view.show_accepted:
            shown = shown + accepted
        if not pairs and not accepted:
            return []
        heading = f"{title} ({len(pairs)} new, {len(accepted)} accepted)" if accepted else None
        parts: list[RenderableType] = [
            Text(heading, style="bold") if heading else _heading(title, len(pairs))
        ]
        if shown:
            parts.append(_pairs(shown, self.view.verbose))
        notes = []
        if top is not None and len(pairs) > top:
            notes.append(f"{plural(len(pairs) - top, 'more pair')} not listed (--top {top})")
        if accepted and not self.view.show_accepted:
            notes.append(
                f"{plural(len(accepted), 'accepted pair')} not listed (--show-accepted lists them)"
            )
        parts += [Text(note, style="dim") for note in notes]
        return [*parts, Text()]

    def renderables(self, result: ScanResult) -> list[RenderableType]:
        parts: list[RenderableType] = [Text(summary_line(result)), Text()]
        if result.clusters:
            parts += [_heading("Clusters", len(result.clusters)), _clusters(result), Text()]
        new = by_severity(result.pairs, self.policy)
        accepted = sorted(
            (p for p in result.pairs if p.baselined),
            key=lambda p: (-p.verdict.rank, -max(p.scores.coverage_a, p.scores.coverage_b), p.a),
        )

        def of(pairs: list[Pair], template: bool) -> list[Pair]:
            return [p for p in pairs if (p.verdict is Verdict.TEMPLATE) is template]

        parts += self._listed(of(new, False), "Pairs", of(accepted, False))
        # Same wording, different facts: not copies, so listed apart from the pairs.
        title = "Template pairs: same wording, different facts"
        parts += self._listed(of(new, True), title, of(accepted, True))
        if not result.pairs and any(s.unverified_pair for s in result.skipped):
            parts += [Text("No verified shared content: some pairs could not be verified."), Text()]
        elif not result.pairs:
            parts += [Text("No shared content found."), Text()]
        if result.skipped:
            parts += [_heading("Skipped", len(result.skipped)), _skipped(result), Text()]
        return parts[:-1]  # each section ends with a blank line: not the report

    def render(self, result: ScanResult) -> str:
        out = io.StringIO()
        console = buffer_console(self.view, out)
        console.print(Group(*self.renderables(result)))
        if self.view.color_system is None:
            # Table cells are padded to their column: trailing blanks only make diffs noisy.
            return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())
        return out.getvalue()
