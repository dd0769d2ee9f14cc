"""Exceptions the CLI turns into a one-line message and exit status 2."""

from __future__ import annotations


class DupcheckError(Exception):
    """Base of every error dupcheck raises on purpose."""


class InputError(DupcheckError):
    """A file or argument cannot be used: missing, a directory, binary, empty, undecodable, too big.

    The message is one line, meant for a user, and names the path.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Raised on a Dask worker, it travels back pickled: by its own arguments, not the
        # message alone, which __init__ would not take.
        return (type(self), (self.path, self.reason))


class ConfigError(DupcheckError, ValueError):
    """A configuration file or value is invalid (a ``ValueError`` too, as Python code that
    builds options with a bad value expects)."""


class TooLargeToAlign(DupcheckError):
    """Two documents whose sentences make more pairs than ``max_sentence_pairs``.

    Alignment scores every sentence of one side against every sentence of the other: time and
    memory grow with the product, so the product is bounded rather than left to exhaust memory.
    """

    def __init__(self, a: str, b: str, a_sentences: int, b_sentences: int, limit: int) -> None:
        super().__init__(
            f"{a} × {b}: {a_sentences:,} × {b_sentences:,} sentences are more than "
            f"max_sentence_pairs ({limit:,}) to align; compare shorter texts or raise the "
            "limit (--max-sentence-pairs)"
        )


class ClusterError(DupcheckError):
    """A Dask cluster cannot run the scan: its scheduler cannot be reached, it has no workers, or
    it lost them faster than it could rerun their work."""


def check_range(
    owner: str, name: str, value: object, low: float, high: float, *, integer: bool
) -> None:
    """Raise ``ConfigError`` unless ``value`` is a number (an integer when ``integer``) from
    ``low`` to ``high``: options are checked where they are made, so the library, the
    configuration file and the command line refuse the same values with the same words."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if integer:
        number = number and isinstance(value, int)
    # NaN compares false with everything, so it fails the range too; a huge integer is
    # compared as an integer (float() of it would overflow).
    if number and low <= value <= high:  # type: ignore[operator]
        return
    what = "an integer" if integer else "a number"
    top = "" if high == float("inf") else f" to {high:,}" if integer else f" to {high:g}"
    bottom = f"{low:,}" if integer else f"{low:g}"
    raise ConfigError(f"{owner}.{name} must be {what} from {bottom}{top}, got {value!r}")
