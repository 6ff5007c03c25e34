"""People and organisations the index already knows, found again by their spelling in any language.

Languages without an NER model (German, Spanish, Italian, Portuguese, Korean, Swahili...) get no
people or organisations from a model. But a name the English, French or Russian model found in
other articles (`Angela Merkel`, `Deutsche Bank`) is written the same way in a German story. So
the index's own person and organization facets serve as a gazetteer:

- `read_table(backend)` (main process, once per `newsfacet index` run): the facet values that
  pass `is_trusted`, plus the names a user confirmed, minus the ones a user blocked.
- `write_table` / `load_matcher`: the table goes to the workers as a JSON file (a worker loads
  it once; sending it with every chunk would pickle it again for every 4 inputs).
- `NameMatcher.find(text, language)`: an Aho-Corasick automaton (pyahocorasick) over the names
  and their aliases, kept only where a match stands as whole words.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
from newsfacet.engine.backends.base import Backend
from newsfacet.engine.limits import MAX_VALUE_LENGTH
from newsfacet.engine.search import SearchRequest
from newsfacet.indexer.entity_names import NAME_ENDINGS

KINDS = ("person", "organization")
# Most names read from each facet: the top of a large index, bounded so the table stays a few MB.
TABLE_SIZE = 50_000
# The trust rule. A name from a model is matched elsewhere only when several articles agree:
MIN_ARTICLES = 2  # multi-word names: found in at least this many articles
MIN_ARTICLES_ONE_WORD = 5  # one-word organisations shaped like a name (NATO, iPod, AstraZeneca)
MIN_CHARS = 3

# (kind, name, aliases) a user confirmed; (kind, name) a user blocked. engine/entity_choices.py
# (`newsfacet entities merge/rename/block`) supplies both at merge time.
ConfirmedNames = Callable[[], Iterable[tuple[str, str, Sequence[str]]]]
BlockedNames = Callable[[], Iterable[tuple[str, str]]]


def no_names() -> tuple:
    """No curated names (the default until the user curates some)."""
    return ()


@dataclass(frozen=True)
class KnownName:
    """One name to find: its facet kind, the spelling to store, and other spellings meaning it."""

    kind: str
    name: str
    aliases: tuple[str, ...] = ()


def is_trusted(kind: str, name: str, articles: int) -> bool:
    """True when a model-found name is reliable enough to be matched in other articles.

    Left out: single surnames (`Müller` is many people), and one-word organisations written as a
    plain capitalised word (`Bank`, `Radio`, `House`, `Newport`): German capitalises every noun,
    so only a shape no common word has (a capital inside: `NATO`, `iPod`, `DaimlerChrysler`)
    is safe in every language. A model's rare mistakes must not spread either: see the counts.
    """
    if len(name) < MIN_CHARS or len(name) > MAX_VALUE_LENGTH:
        return False
    if len(name.split()) > 1:
        return articles >= MIN_ARTICLES
    has_inner_capital = any(char.isupper() for char in name[1:])
    return kind == "organization" and has_inner_capital and articles >= MIN_ARTICLES_ONE_WORD


def facet_counts(backend: Backend, kind: str, size: int) -> list[tuple[str, int]]:
    """(name, article count) of one facet over the whole index, most frequent first."""
    result = backend.facet_values(SearchRequest(), kind, limit=size)
    return [(bucket.value, bucket.count) for bucket in result.buckets]


class FacetValues:
    """The index's values of each entity facet (its TABLE_SIZE most frequent), read from the index
    once per facet, when first asked: the end-of-run folds share one read."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._read: dict[str, list[str]] = {}

    def of(self, kind: str) -> list[str]:
        if kind not in self._read:
            self._read[kind] = [name for name, _count in facet_counts(self._backend, kind, TABLE_SIZE)]
        return self._read[kind]


def read_table(backend: Backend, confirmed: ConfirmedNames = no_names, blocked: BlockedNames = no_names,
               size: int = TABLE_SIZE) -> list[KnownName]:
    """The trusted names of the index's person and organization facets, curated by the user."""
    refused = {(kind, name.casefold()) for kind, name in blocked()}
    chosen: dict[str, KnownName] = {}  # casefolded name -> entry: one kind per name
    for kind, name, aliases in confirmed():
        if kind in KINDS and (kind, name.casefold()) not in refused and len(name) >= MIN_CHARS:
            chosen[name.casefold()] = KnownName(kind, name, tuple(a for a in aliases if len(a) >= MIN_CHARS))
    counted = [(count, kind, name) for kind in KINDS for name, count in facet_counts(backend, kind, size)]
    for count, kind, name in sorted(counted, key=lambda row: -row[0]):  # a name two kinds share: the commoner
        key = name.casefold()
        if key not in chosen and (kind, key) not in refused and is_trusted(kind, name, count):
            chosen[key] = KnownName(kind, name)
    return list(chosen.values())


def write_table(names: Iterable[KnownName], path: Path) -> None:
    """The table as JSON rows [kind, name, [aliases]] for the workers."""
    rows = [[entry.kind, entry.name, list(entry.aliases)] for entry in names]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def _rows(data: object) -> Iterator[KnownName]:
    """Well-formed rows of a table file; anything else in it is ignored."""
    for row in data if isinstance(data, list) else ():
        if not (isinstance(row, list) and len(row) == 3 and row[0] in KINDS and isinstance(row[1], str)
                and isinstance(row[2], list)):
            continue
        aliases = tuple(a for a in row[2] if isinstance(a, str) and MIN_CHARS <= len(a) <= MAX_VALUE_LENGTH)
        if MIN_CHARS <= len(row[1]) <= MAX_VALUE_LENGTH:
            yield KnownName(row[0], row[1], aliases)


@lru_cache(maxsize=2)
def load_matcher(path: str) -> NameMatcher:
    """The matcher of a table file, built once per process (a run's workers share one path)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = []  # a missing or damaged table: the model's names only, never a failed article
    return NameMatcher(_rows(data))


def _script(char: str) -> str:
    """The script of a letter or digit (`LATIN`, `HANGUL`, `CYRILLIC`), from its Unicode name."""
    return unicodedata.name(char, "?").split(" ")[0]


def _continues_word(char: str, edge: str) -> bool:
    """True when `char` beside a name's edge letter would make it part of a longer word.

    A digit always does (`Samsung2`), a letter of the same script too (`Merkel` in `Merkelismus`);
    a letter of another script does not, since Korean attaches its particles directly (`Samsung은`).
    """
    if char.isdigit() or char == "_":
        return True
    return char.isalpha() and _script(char) == _script(edge)


class NameMatcher:
    """Finds the table's names and aliases in a text as whole words, case-sensitively.

    Case-sensitive because names are capitalised and many are words too (`Apple`, `Bild`);
    the longest match wins where names overlap (`Deutsche Bank AG` over `Deutsche Bank`).
    """

    def __init__(self, names: Iterable[KnownName]) -> None:
        self._automaton = ahocorasick.Automaton()
        for entry in names:
            for spelling in (entry.name, *entry.aliases):
                self._automaton.add_word(spelling, (len(spelling), entry.kind, entry.name))
        self.size = len(self._automaton)
        if self.size:
            self._automaton.make_automaton()

    def _whole_word_end(self, text: str, start: int, end: int, language: str) -> int | None:
        """Where a match spanning text[start:end] ends as a whole word (after a genitive -s), or None."""
        if start > 0 and _continues_word(text[start - 1], text[start]):
            return None
        if end == len(text) or not _continues_word(text[end], text[end - 1]):
            return end
        for ending in NAME_ENDINGS.get(language, ()):  # after a whole name only
            after = end + len(ending)
            if text.startswith(ending, end) and (after == len(text) or not _continues_word(text[after], text[end])):
                return after
        return None

    def find(self, text: str, language: str) -> Iterator[tuple[str, str]]:
        """(kind, name) per mention of a known name, left to right, longest match first."""
        if not self.size:
            return
        candidates = []
        for last, (length, kind, name) in self._automaton.iter(text):
            start = last + 1 - length
            end = self._whole_word_end(text, start, last + 1, language)
            if end is not None:
                candidates.append((start, -end, kind, name))
        taken_until = 0
        for start, negative_end, kind, name in sorted(candidates):
            if start >= taken_until:
                taken_until = -negative_end
                yield kind, name


__all__ = ["KINDS", "BlockedNames", "ConfirmedNames", "FacetValues", "KnownName", "NameMatcher", "facet_counts",
           "is_trusted", "load_matcher", "no_names", "read_table", "write_table"]
