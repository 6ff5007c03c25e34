"""Where a text writes a word or a name whole, found with `str.find`.

The entity rules ask this of every name of every article; a pattern compiled for each name cost
more than the search itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable


class Span:
    """Where one mention starts and ends, read as from a `re.Match` (`start()`, `end()`)."""

    __slots__ = ("_start", "_end")

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def word_spans(word: str, text: str, hyphen_joins: bool = False) -> tuple[Span, ...]:
    """Each place the text writes `word` with no word character right before or after it (nor a
    hyphen, with `hyphen_joins`: `Hall` is not in `Hall-Jones`), as `(?<!\\w)word(?!\\w)` finds them."""
    spans = []
    start = text.find(word)
    while start != -1 and word:
        end = start + len(word)
        joined_before = start > 0 and _joins(text[start - 1], hyphen_joins)
        if not joined_before and not (end < len(text) and _joins(text[end], hyphen_joins)):
            spans.append(Span(start, end))
        start = text.find(word, start + 1)
    return tuple(spans)


def _joins(char: str, hyphen_joins: bool) -> bool:
    return char.isalnum() or char == "_" or (hyphen_joins and char == "-")


def ends_with_name(text: str, end: int, names: Iterable[str]) -> str | None:
    """The longest of `names` the text writes as a whole word ending at `end`, else None."""
    found = [name for name in names if end >= len(name) and text.startswith(name, end - len(name))
             and not (end > len(name) and _joins(text[end - len(name) - 1], False))]
    return max(found, key=len) if found else None


def starts_with_name(text: str, start: int, names: Iterable[str]) -> str | None:
    """The longest of `names` the text writes as a whole word from `start`, else None."""
    found = [name for name in names if text.startswith(name, start)
             and not (start + len(name) < len(text) and _joins(text[start + len(name)], False))]
    return max(found, key=len) if found else None


def is_listed_after(text: str, start: int, names: Iterable[str], link: re.Pattern[str], span: int) -> bool:
    """True when one of `names` and a list's `link` (a pattern anchored with `$`) end at `start`,
    searched over the `span` characters before it (`Kevin Spacey and ` before `Will Smith`)."""
    found = link.search(text, max(0, start - span), start)
    return bool(found) and ends_with_name(text, found.start(), names) is not None


def is_listed_before(text: str, end: int, names: Iterable[str], link: re.Pattern[str]) -> bool:
    """True when a list's `link` and one of `names` follow `end` (` and Keanu Reeves`)."""
    found = link.match(text, end)
    return bool(found) and starts_with_name(text, found.end(), names) is not None
