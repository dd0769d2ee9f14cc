"""The one interface every output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

R = TypeVar("R")


class Formatter(ABC, Generic[R]):
    """Turns a result (``Comparison`` or ``ScanResult``) into the text of one output format."""

    @abstractmethod
    def render(self, result: R) -> str:
        """The complete output, ending with a newline."""
