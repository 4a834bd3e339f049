"""A memo keyed by article text, bounded by the characters it remembers.

Keywords, n-grams, co-occurrence and events each read the same articles: what they all derive
from one text (gazetteer matches, sentence spans) is computed once and remembered here. The
memo keeps the most recent texts up to ``max_chars`` characters (oldest forgotten first), so it
stays bounded on any corpus; values should be immutable (tuples) — callers get them shared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class TextMemo(Generic[V]):
    """``memo(text, compute)``: ``compute(text)``, remembered for the most recent texts."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self._values: dict[str, V] = {}
        self._chars = 0

    def __len__(self) -> int:
        return len(self._values)

    def get(self, text: str) -> V | None:
        """The remembered value of ``text``, else None."""
        return self._values.get(text)

    def __call__(self, text: str, compute: Callable[[str], V]) -> V:
        value = self._values.get(text)
        if value is None:
            value = self._values[text] = compute(text)
            self._chars += len(text)
            while self._chars > self.max_chars and len(self._values) > 1:
                old = next(iter(self._values))
                self._chars -= len(old)
                del self._values[old]
        return value

    def clear(self) -> None:
        self._values.clear()
        self._chars = 0
