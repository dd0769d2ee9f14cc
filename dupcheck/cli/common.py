"""What every dupcheck command shares: options, the two consoles, and the one error boundary.

Errors are turned into exit statuses in exactly one place, :class:`DupcheckGroup`, so no command
handles them itself and none can leak a traceback to a user.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.errors import DupcheckError, InputError
from dupcheck.exitcode import ExitCode, ExitPolicy
from dupcheck.outputs import os_reason, write_atomically
from dupcheck.report.base import MAX_WIDTH, View
from dupcheck.text.intake import decode_bytes
from dupcheck.text.types import Document

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])

PROG = "dupcheck"
DEBUG_ENV = "DUPCHECK_DEBUG"
"""Set to 1 to see the traceback behind an internal error."""


# --- consoles and messages ------------------------------------------------------------------
# The report's console is built per call rather than at import: rich is slow to import,
# which `--format json` runs must not pay, and a fresh Console reads the current environment
# (NO_COLOR, TERM, width). Messages go through click, so they never load rich at all.


def no_color() -> bool:
    """``NO_COLOR`` is set to something (https://no-color.org): no escape codes, anywhere."""
    return os.environ.get("NO_COLOR", "") != ""


def report_console() -> Console:
    """The report's console, on stdout. Rich decides colour from the TTY and ``NO_COLOR``."""
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False, markup=False, emoji=False)


def report_view(*, text: bool, output: Path | None, width: int | None, verbose: bool) -> View:
    """How the report should look: the terminal's width and colours for a text report drawn on
    stdout; plain and 80 columns (or ``width``) for a file, a pipe and ``NO_COLOR``."""
    if not text or output is not None:
        return View(width=width or 80, verbose=verbose)
    console = report_console()
    colour = console.is_terminal and console.color_system is not None and not no_color()
    return View(
        width=width or console.width,
        color_system=console.color_system if colour else None,
        no_color=no_color(),
        verbose=verbose,
    )


def printable(text: str) -> str:
    """``text`` safe to write as UTF-8: a file name's undecodable bytes (lone surrogates, as
    Python spells them) become U+FFFD instead of failing the write or leaking invalid UTF-8 into
    a JSON report."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes (a JSONL id's "\ud800")
        return text.encode("utf-8", "replace").decode("utf-8")


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(32), 127)}


def _line(text: str) -> str:
    """One line, whatever a path holds: control characters (a newline or an escape sequence in
    a file name) are shown escaped rather than breaking the line or styling the terminal."""
    return printable(text).translate(_CONTROL)


def _emit(text: str, *, fg: str | None = None, bold: bool = False) -> None:
    line = _line(f"{PROG}: {text}")
    if fg is not None and not no_color():
        line = click.style(line, fg=fg, bold=bold or None)
    # click drops the style when stderr is not a terminal (CI logs, pipes).
    click.echo(line, err=True)


def message(text: str) -> None:
    """One plain line for the user on stderr (progress, summaries, notes)."""
    _emit(text)


def warning(text: str) -> None:
    """Something the user should look at, though the run goes on: one yellow line on stderr."""
    _emit(f"warning: {text}", fg="yellow")


def error(text: str) -> None:
    """The one line a failed run leaves on stderr, red on a terminal."""
    _emit(text, fg="red", bold=True)


def _for_stdout(text: str, *, utf8: bool) -> str | bytes:
    """What stdout can take: the text when its encoding holds every character; otherwise UTF-8
    bytes for a format defined as UTF-8 (JSON, CSV, SARIF), and for a text view the characters
    a Latin-1 or ASCII terminal cannot show (box lines, curly quotes) as ``?``."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        if utf8:
            return text.encode("utf-8")
        return text.encode(encoding, "replace").decode(encoding)
    return text


def write_report(
    text: str, output: Path | None, *, color: bool, utf8: bool = False, announce: bool = True
) -> None:
    """The report to ``output`` (UTF-8, then a message saying where, unless not ``announce``) or
    to stdout. ``color`` keeps the report's escape codes (a text view drawn for a terminal);
    ``utf8`` says the format is defined as UTF-8 whatever the locale (machine formats)."""
    text = printable(text)
    if output is None:
        try:
            click.echo(_for_stdout(text, utf8=utf8), nl=False, color=color)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, less) left early: not an error, and the exit status must still
            # tell the verdict. Point stdout at devnull so the flush at exit does not fail again.
            _drop_stdout()
        except OSError as exc:
            # A full disk or a device that refuses the bytes: the report is lost, say so.
            _drop_stdout()
            raise InputError(STDOUT_NAME, os_reason(exc)) from None
        return
    write_atomically(output, text.encode("utf-8"))
    if announce:
        message(f"report written to {output}")


STDIN = "-"
STDIN_NAME = "<stdin>"
"""What reports and messages call a document read from standard input."""


def stdin_document(max_bytes: int) -> Document:
    """Standard input as a document: the same size limit, decoding and emptiness checks as a
    file (the bytes are read here because only the command line has a stdin to read)."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        limit = f"over the {max_bytes:,}-byte limit; raise it with --max-bytes"
        raise InputError(STDIN_NAME, limit)
    if not data:
        raise InputError(STDIN_NAME, "empty input")
    text, encoding = decode_bytes(data, STDIN_NAME)
    if not text.strip():
        raise InputError(STDIN_NAME, "empty input (only whitespace)")
    return Document(STDIN_NAME, text, encoding)


STDOUT_NAME = "<stdout>"


def _drop_stdout() -> None:
    """Send what is left in stdout's buffer to devnull: the flush at exit must not fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# --- the error boundary ---------------------------------------------------------------------


class InputFailure(click.ClickException):
    """A :class:`DupcheckError` on its way to the user as one line and exit status 2."""

    exit_code = ExitCode.ERROR

    def show(self, file: Any = None) -> None:
        error(f"error: {self.message}")


def _internal_error(exc: BaseException) -> click.exceptions.Exit:
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        traceback.print_exception(exc, file=sys.stderr)
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    error(f"internal error: {detail} (set {DEBUG_ENV}=1 for the traceback)")
    return click.exceptions.Exit(ExitCode.ERROR)


def _help_hint(exc: click.UsageError) -> str:
    return f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""


def _option_name(param: click.Parameter | None) -> str:
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return param.human_readable_name if param is not None else "value"


def _one_line(exc: click.UsageError) -> click.ClickException:
    """A usage error as one line with where to look, except a group called without a command,
    whose help screen is the answer (click prints it, status 2)."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return exc
    if isinstance(exc, click.MissingParameter):
        # Its message is empty: click builds the words when it prints a usage screen.
        return InputFailure(f"{_option_name(exc.param)}: missing{_help_hint(exc)}")
    if isinstance(exc, click.BadParameter):
        # A value out of range is one line like any other error, not a usage screen.
        return InputFailure(f"{_option_name(exc.param)}: {exc.message}")
    # An unknown option or command, a missing value: one line too.
    words = " ".join(exc.format_message().split())
    return InputFailure(f"{words}{_help_hint(exc)}")


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands, each module imported when the command is first looked up: running
    ``compare`` never loads the scanner (datasketch, the index store), and listing the names
    (``--help`` aside) loads nothing."""

    def __init__(self, homes: dict[str, str]) -> None:
        self._homes = dict(homes)
        """Name → ``module:attribute`` of each command not loaded yet."""
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._homes[name].partition(":")
            command = getattr(import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self._homes[name]} is not a click command")
            self._loaded[name] = command
            del self._homes[name]
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._homes.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name in self._loaded:
            del self._loaded[name]
        else:
            del self._homes[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._loaded, *self._homes])

    def __len__(self) -> int:
        return len(self._loaded) + len(self._homes)

    def __contains__(self, name: object) -> bool:
        return name in self._loaded or name in self._homes


class DupcheckGroup(click.Group):
    """The top-level group; its ``invoke`` is the single place errors become exit statuses."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # The group's own arguments are parsed here, before ``invoke``: ``dupcheck --bogus``.
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click already speaks to the user and picks the status (usage errors are 2)
        except DupcheckError as exc:
            raise InputFailure(str(exc)) from None
        except KeyboardInterrupt:
            message("interrupted")
            raise click.exceptions.Exit(ExitCode.INTERRUPTED) from None
        except Exception as exc:
            raise _internal_error(exc) from None


# --- shared options -------------------------------------------------------------------------

_UNIT = click.FloatRange(0.0, 1.0)


def exit_options(f: F) -> F:
    """``--fail-on`` and ``--exit-zero``: what counts as a finding (see :class:`ExitPolicy`)."""
    f = click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when something is found (errors still exit 2).",
    )(f)
    f = click.option(
        "--fail-on",
        type=click.Choice([Verdict.DUPLICATE.value, Verdict.PARTIAL.value, Verdict.TEMPLATE.value]),
        default=Verdict.DUPLICATE.value,
        show_default=True,
        help="Least severe verdict that makes the exit status 1 "
        "(duplicate > partial > template: same wording, different facts).",
    )(f)
    return f


def exit_policy(fail_on: str, exit_zero: bool) -> ExitPolicy:
    return ExitPolicy(fail_on=Verdict(fail_on), exit_zero=exit_zero)


def threshold_options(f: F) -> F:
    """Algorithm thresholds; their defaults are :class:`CompareOptions`'s (a configuration file
    replaces them through ``default_map``)."""
    defaults = CompareOptions()
    f = click.option(
        "--partial-coverage",
        type=_UNIT,
        default=defaults.partial_coverage,
        show_default=True,
        help="Coverage (0-1) that makes a pair 'partial'.",
    )(f)
    f = click.option(
        "--duplicate-coverage",
        type=_UNIT,
        default=defaults.duplicate_coverage,
        show_default=True,
        help="Coverage (0-1) that makes a pair 'duplicate'.",
    )(f)
    f = click.option(
        "--threshold",
        type=_UNIT,
        default=defaults.match_threshold,
        show_default=True,
        help="Minimum similarity (0-1) for two sentences to match.",
    )(f)
    return f


def compare_options(
    threshold: float | None,
    duplicate_coverage: float | None,
    partial_coverage: float | None,
    base: CompareOptions | None = None,
) -> CompareOptions:
    """``base`` (or the defaults) with only the thresholds the user gave replaced.

    ``replace`` keeps every other field, including ones added to CompareOptions later.
    """
    options = base or CompareOptions()
    if threshold is not None:
        options = replace(options, match_threshold=threshold)
    if duplicate_coverage is not None:
        options = replace(options, duplicate_coverage=duplicate_coverage)
    if partial_coverage is not None:
        options = replace(options, partial_coverage=partial_coverage)
    return options


def output_options(*, verbose_help: str) -> Callable[[F], F]:
    """``--output``, ``--width`` and ``--verbose``: where the report goes and how it looks.

    ``verbose_help`` says what ``--verbose`` adds, which differs from command to command.
    """

    def decorate(f: F) -> F:
        f = click.option("-v", "--verbose", is_flag=True, help=verbose_help)(f)
        f = click.option(
            "--width",
            type=click.IntRange(min=40, max=MAX_WIDTH),
            default=None,
            show_default="the terminal's, 80 in a file",
            help="Width of the text report in columns.",
        )(f)
        f = click.option(
            "-o",
            "--output",
            # Checked by the command (check_writable): one line, not a usage screen.
            type=click.Path(path_type=Path, readable=False),
            default=None,
            help="Write the report to this file (UTF-8) instead of stdout.",
        )(f)
        return f

    return decorate
