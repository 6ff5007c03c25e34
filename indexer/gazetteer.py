"""Places for languages without an NER model: countries, continents and big cities by name.

The names come from engine.places (GeoNames, ISO 3166 and CLDR data in many languages): a text
is matched against the names its own language and English give countries and continents, and
every name of a city of a million people or a capital. Each place is yielded as the text writes
it (`Wien`, `Deutschland`); indexer.consolidate gives it its one English name. Precise but
small: it finds no people, no organisations and no small place.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from newsfacet.engine.places import canonical_place, is_country, major_place
from newsfacet.indexer.entity_names import NAME_ENDINGS

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BETWEEN_WORDS = re.compile(r"\s+")
MAX_WORDS = 5


def is_country_name(name: str) -> bool:
    """True when the name (in any language) is a country's, a UK nation's or a short form of one."""
    canonical = canonical_place(name)
    return canonical is not None and is_country(canonical)


def _as_place(span: str, language: str) -> str | None:
    """The span, or its uninflected form, when it names a place; else None."""
    if major_place(span, language):
        return span
    for ending in NAME_ENDINGS.get(language, ()):
        stem = span[:-len(ending)]
        if span.endswith(ending) and len(stem) > 2 and major_place(stem, language):
            return stem
    return None


def _starts_a_longer_name(words: list[tuple[str, int, int]], end: int, text: str) -> bool:
    """True when a one-word match runs straight into another capitalised word: `Jordan Henderson`
    and `Chad Smith` are people, not countries."""
    if end >= len(words):
        return False
    gap = text[words[end - 1][2]:words[end][1]]
    return bool(_BETWEEN_WORDS.fullmatch(gap)) and words[end][0][:1].isupper()


def find_places(text: str, language: str) -> Iterator[str]:
    """The places named in the text, as written, once per mention (longest match first)."""
    words = [(word, m.start(), m.start() + len(word))
             for m in _WORD.finditer(text) if (word := m.group().rstrip(".-"))]
    i = 0
    while i < len(words):
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            span = words[i:i + size]
            if not span[0][0][:1].isupper() or not span[-1][0][:1].isupper():
                continue
            place = _as_place(" ".join(word for word, _, _ in span), language)
            if place and (size > 1 or not _starts_a_longer_name(words, i + 1, text)):
                yield place
                i += size - 1
                break
        i += 1
