"""What the user decided about entity names, and how articles are curated with it.

Choices: merges (ALIAS shows CANONICAL; ALIAS is listed as its alias), renames (OLD shows NEW, not
listed), retypes (NAME is always of KIND) and blocks (NAME is never a value). Names are exact facet
values, checked with the web's facet-value rule (engine.params), so a curated name can be filtered on.

Curation of a batch of articles (at index time and by `newsfacet reindex`):
1. blocked names are dropped, every other name follows its merges/renames to the end of the chain;
2. an organisation's forms are folded (`BBC News` -> `BBC`, `Labour Party` -> `Labour` when the
   index holds the short one as a body; `Commons` -> `House of Commons` when the batch names it so);
3. a name's type is the user's retype, else decided across the index: the type most articles hold
   it under (`Backend.entity_type_counts`, summed over every name that leads to it), ties going to
   the first of person, organization, location (ENTITY_TYPES order) so every article agrees;
4. names are deduplicated within each type.

Stores (a JSON file beside the embedded index, a document in Elasticsearch) implement
`EntityChoiceStore`; backends hand theirs out with `Backend.entity_choices()`.
"""
from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from newsfacet.engine.legal_forms import without_legal_form
from newsfacet.engine.limits import MAX_ENTITY_CHOICES, MAX_ENTITY_CHOICES_BYTES
from newsfacet.engine.model import ENTITY_TYPES, Article
from newsfacet.engine.params import ParamError, parse_values
from newsfacet.engine.places import canonical_place, place_aliases

FORMAT_VERSION = 1
# name -> {kind: articles holding it under that kind}; what `Backend.entity_type_counts` answers.
TypeCounts = Callable[[Sequence[str]], dict[str, dict[str, int]]]
# Names whose type counts a reindex remembers (least recently used dropped): frequent names come
# back in nearly every batch, and the index being copied does not change under the copy.
REMEMBERED_COUNTS = 50_000
# An acronym as a name's first word (`BBC` of `BBC News`); consolidation and the end-of-run folds use it too.
ACRONYM = re.compile(r"[A-Z]{2,7}")
# A body's name that ends with `of` and one capitalised word (`House of Commons`, `Court of Appeal`).
_OF_TAIL = re.compile(r"\S\s+of\s+(?:the\s+)?([A-Z][\w'’-]*)$")
# Words that end a body's full name and that news mostly drops (`Labour Party` is `Labour`,
# `Chelsea FC` is `Chelsea`, `Volkswagen Group` is `Volkswagen`), besides a company's legal form
# (`Akzo NV`, `Exxon Corp`: engine.legal_forms).
_BODY_SUFFIXES = frozenset("Party FC AFC Group".split())
# A word a party puts before its one-word name for a new programme (`New Labour`): the same party.
# Folded only into a name the index (or batch) holds as a body and that is no place (`New York`).
_BODY_PREFIXES = frozenset({"New"})
# (kind, canonical name) -> other names of it from elsewhere (e.g. engine.places.place_aliases).
AliasHook = Callable[[str, str], list[str]]


def known_aliases(kind: str, name: str) -> list[str]:
    """Other names of an entity that data packages know: a place's names in other languages and its
    short forms (`United States` -> `US`, `U.S.`, `America`, ...). Shown only, never stored."""
    return place_aliases(name) if kind == "location" else []


EXTRA_ALIASES: AliasHook = known_aliases


class EntityChoiceError(ValueError):
    """A choice that cannot be made (or a stored document that is not valid); one line for a person."""


def entity_name(raw: str, what: str = "the name") -> str:
    """`raw` as an entity name: a valid facet value (no control characters, bounded length)."""
    try:
        values = parse_values([raw])
    except ParamError as error:
        raise EntityChoiceError(f"{what}: {error}") from None
    if not values:
        raise EntityChoiceError(f"{what} is empty")
    return values[0]


def entity_kind(raw: str) -> str:
    if raw not in ENTITY_TYPES:
        raise EntityChoiceError(f"unknown kind {raw[:40]!r}: choose {', '.join(ENTITY_TYPES)}")
    return raw


@dataclass(frozen=True)
class EntityChoices:
    merges: Mapping[str, str] = field(default_factory=dict)  # alias -> canonical
    renames: Mapping[str, str] = field(default_factory=dict)  # old -> new
    kinds: Mapping[str, str] = field(default_factory=dict)  # name -> kind
    blocked: frozenset[str] = frozenset()

    # -- reading -----------------------------------------------------------------------------
    def resolve(self, name: str) -> str:
        """Where `name` ends after following merges and renames (chains allowed, cycles refused)."""
        seen = {name}
        while (following := self.merges.get(name) or self.renames.get(name)) is not None:
            if following in seen:  # only a forged document gets here: validation refuses cycles
                raise EntityChoiceError(f"the entity choices loop at {following!r}")
            seen.add(following)
            name = following
        return name

    def is_blocked(self, name: str) -> bool:
        return name in self.blocked or self.resolve(name) in self.blocked

    @cached_property
    def _sources(self) -> dict[str, list[str]]:
        """canonical -> every name that leads to it (merged or renamed)."""
        sources: dict[str, list[str]] = defaultdict(list)
        for name in (*self.merges, *self.renames):
            sources[self.resolve(name)].append(name)
        return {name: sorted(found) for name, found in sources.items()}

    def sources(self, canonical: str) -> list[str]:
        """Every name whose articles show `canonical` (merged or renamed into it, directly or not)."""
        return self._sources.get(canonical, [])

    def aliases(self, kind: str, canonical: str, extra: AliasHook | None = None) -> list[str]:
        """The names listed as aliases of `canonical`: merged into it, plus the hook's names."""
        listed = [name for name in self.sources(canonical) if name in self.merges]
        more = (extra or EXTRA_ALIASES)(kind, canonical)
        return sorted({*listed, *more} - {canonical})

    @property
    def size(self) -> int:
        return len(self.merges) + len(self.renames) + len(self.kinds) + len(self.blocked)

    # -- changing (each returns new choices or raises EntityChoiceError, changing nothing) ---
    def merge(self, alias: str, canonical: str) -> EntityChoices:
        alias, canonical = self._link_ends(alias, canonical)
        merges = {**self.merges, alias: canonical}
        renames = {k: v for k, v in self.renames.items() if k != alias}
        return self._checked(replace(self, merges=merges, renames=renames))

    def rename(self, old: str, new: str) -> EntityChoices:
        old, new = self._link_ends(old, new)
        kinds = dict(self.kinds)
        if old in kinds:  # the user's type goes with the name
            kinds.setdefault(new, kinds.pop(old))
        merges = {k: v for k, v in self.merges.items() if k != old}
        return self._checked(replace(self, merges=merges, renames={**self.renames, old: new}, kinds=kinds))

    def retype(self, name: str, kind: str) -> EntityChoices:
        name, kind = entity_name(name), entity_kind(kind)
        if self.resolve(name) != name:
            raise EntityChoiceError(f"{name!r} shows as {self.resolve(name)!r}; retype that name instead")
        return self._checked(replace(self, kinds={**self.kinds, name: kind}))

    def block(self, name: str) -> EntityChoices:
        name = entity_name(name)
        if name in self.blocked:
            raise EntityChoiceError(f"{name!r} is blocked already")
        return self._checked(replace(self, blocked=self.blocked | {name}))

    def unblock(self, name: str) -> EntityChoices:
        name = entity_name(name)
        if name not in self.blocked:
            raise EntityChoiceError(f"{name!r} is not blocked")
        return self._checked(replace(self, blocked=self.blocked - {name}))

    def _link_ends(self, source: str, target: str) -> tuple[str, str]:
        source, target = entity_name(source, "the first name"), entity_name(target, "the second name")
        if source == target:
            raise EntityChoiceError(f"{source!r} cannot lead to itself")
        end = self.resolve(target)
        if end == source:
            raise EntityChoiceError(f"{target!r} already leads to {source!r}; that would make a cycle")
        if self.is_blocked(target):
            raise EntityChoiceError(f"{target!r} is blocked; unblock it first")
        if source in self.blocked:
            raise EntityChoiceError(f"{source!r} is blocked; unblock it first")
        return source, target

    @staticmethod
    def _checked(choices: EntityChoices) -> EntityChoices:
        if choices.size > MAX_ENTITY_CHOICES:
            raise EntityChoiceError(f"at most {MAX_ENTITY_CHOICES} entity choices can be kept")
        return choices

    # -- storing -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT_VERSION, "merges": dict(sorted(self.merges.items())),
                "renames": dict(sorted(self.renames.items())), "kinds": dict(sorted(self.kinds.items())),
                "blocked": sorted(self.blocked)}

    def to_json(self) -> str:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
        if len(text.encode("utf-8")) > MAX_ENTITY_CHOICES_BYTES:
            raise EntityChoiceError(f"the entity choices would be larger than {MAX_ENTITY_CHOICES_BYTES} bytes")
        return text

    @classmethod
    def from_dict(cls, data: Any) -> EntityChoices:
        """Choices from a stored document, every part checked; EntityChoiceError names the fault."""
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
            raise EntityChoiceError(f"not an entity choices document of format {FORMAT_VERSION}")
        merges, renames, kinds = (_name_map(data.get(key), key) for key in ("merges", "renames", "kinds"))
        blocked = data.get("blocked")
        if not isinstance(blocked, list) or not all(isinstance(name, str) for name in blocked):
            raise EntityChoiceError("'blocked' is not a list of names")
        for kind in kinds.values():
            entity_kind(kind)
        choices = cls(merges, renames, kinds, frozenset(entity_name(name, "a blocked name") for name in blocked))
        for name in (*merges, *renames):
            choices.resolve(name)  # refuses a cycle
        return cls._checked(choices)

    @classmethod
    def from_json(cls, text: str | bytes) -> EntityChoices:
        if len(text) > MAX_ENTITY_CHOICES_BYTES:
            raise EntityChoiceError(f"the entity choices are larger than {MAX_ENTITY_CHOICES_BYTES} bytes")
        try:
            data = json.loads(text)
        except ValueError as error:
            raise EntityChoiceError(f"not valid JSON ({type(error).__name__})") from None
        return cls.from_dict(data)


def _name_map(raw: Any, key: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise EntityChoiceError(f"{key!r} is not an object of names")
    return {entity_name(name, f"a name in {key!r}"): value if key == "kinds" else entity_name(value)
            for name, value in raw.items()}


class EntityChoiceStore(ABC):
    """Where one index keeps its entity choices, shared by every process that reads the index."""

    @abstractmethod
    def load(self) -> EntityChoices:
        """The current choices (empty when none were made); cached until the stored document changes."""

    @abstractmethod
    def update(self, change: Callable[[EntityChoices], EntityChoices]) -> EntityChoices:
        """Apply `change` to the current choices and store the result as one step (no lost update)."""


# -- curation -------------------------------------------------------------------------------
def majority_type(votes: Counter[str]) -> str | None:
    """The type most articles give a name; ties go to the first in ENTITY_TYPES, so every batch agrees."""
    if not any(votes.values()):
        return None
    return max(ENTITY_TYPES, key=lambda kind: (votes[kind], -ENTITY_TYPES.index(kind)))


def curate(articles: Iterable[Article], choices: EntityChoices, counts: TypeCounts,
           count_batch: bool, overruled: dict[str, Counter[str]] | None = None) -> None:
    """Apply `choices` and the index-wide type to the articles' entities, in place.

    `counts` is asked once for the batch's names (and the names merged into them). With
    `count_batch`, the batch's own mentions vote too: they are not in the index yet (index time);
    a reindex reads articles that are, so it passes False. `overruled`, when passed, gains for each
    article whose type for a name the vote changed +1 under the type it gave and -1 under the type
    it was written with: the index's counts plus these are the types the articles gave.
    """
    batch = list(articles)
    mentions: list[list[tuple[str, str]]] = []  # per article: (kind given, canonical name)
    for article in batch:
        found = [(kind, choices.resolve(name)) for kind in ENTITY_TYPES for name in article.entities.get(kind, [])
                 if not choices.is_blocked(name)]
        mentions.append(found)
    mentions = _fold_into_acronyms(mentions, choices, counts, count_batch)
    mentions = _fold_surnames(_fold_into_long_forms(mentions, choices), choices)
    undecided = {name for found in mentions for _, name in found if name not in choices.kinds}
    asked = sorted({source for name in undecided for source in (name, *choices.sources(name))})
    stored = counts(asked) if asked else {}
    votes: dict[str, Counter[str]] = {name: Counter() for name in undecided}
    for name in undecided:
        for source in (name, *choices.sources(name)):
            votes[name].update(stored.get(source, {}))
    if count_batch:
        for found in mentions:
            for kind, name in set(found):
                if name in votes:
                    votes[name][kind] += 1
    # Once per batch, not per mention: the type the vote gives each name the user did not type.
    decided = {name: majority_type(votes[name]) for name in undecided}
    for article, found in zip(batch, mentions, strict=True):
        entities: dict[str, list[str]] = {kind: [] for kind in ENTITY_TYPES}
        for given, name in found:
            kind = choices.kinds.get(name) or decided.get(name) or given
            if name not in entities[kind]:
                entities[kind].append(name)
        if overruled is not None:
            _note_overruled(found, decided, overruled)
        article.entities = entities


def _note_overruled(found: list[tuple[str, str]], decided: dict[str, str | None],
                    overruled: dict[str, Counter[str]]) -> None:
    """For each name of one article the vote wrote under another type than it gave: +1 under each
    type it gave, -1 under the one written (names the user typed are not in `decided`)."""
    given: dict[str, set[str]] = {}
    for kind, name in found:
        given.setdefault(name, set()).add(kind)
    for name, kinds in given.items():
        voted = decided.get(name)
        if voted and kinds != {voted}:
            change = overruled.setdefault(name, Counter())
            change.update(kinds)
            change[voted] -= 1


def short_form(name: str) -> str | None:
    """`BBC` for `BBC News` (the acronym opening an organisation's longer name), `Labour` for
    `Labour Party` (the name before a word bodies drop) and for `New Labour`, else None."""
    head, _, rest = name.partition(" ")
    if rest and ACRONYM.fullmatch(head):
        return head
    if head in _BODY_PREFIXES and rest and " " not in rest and canonical_place(name) is None:
        return rest
    short, _, last = name.rpartition(" ")
    return short if short and last in _BODY_SUFFIXES else without_legal_form(name)


def chosen_short_form(name: str, choices: EntityChoices) -> str | None:
    """`short_form(name)` unless the user chose something for the name (a type, a merge into it) or
    blocked the short form: then the name is left as it is."""
    head = short_form(name)
    if head is None or name in choices.kinds or choices.sources(name) or choices.is_blocked(head):
        return None
    return head


def _fold_into_acronyms(mentions: list[list[tuple[str, str]]], choices: EntityChoices, counts: TypeCounts,
                        count_batch: bool) -> list[list[tuple[str, str]]]:
    """An organisation named by an acronym and more words (`BBC News`, `BBC World Service`), or by its
    name and a word bodies drop or add (`Labour Party`, `New Labour`), is shown as the short form when the index (or, at
    index time, the batch) holds that alone mostly as an organisation: one body, one value, whichever
    article named it first. A name the user chose (retyped, or merged into) is left as it is."""
    heads = {name: head for found in mentions for kind, name in found
             if kind == "organization" and (head := chosen_short_form(name, choices))}
    if not heads:
        return mentions
    stored = counts(sorted(set(heads.values())))
    in_batch = {name for found in mentions for kind, name in found if kind == "organization"} if count_batch else set()
    bodies = {head for head in heads.values()
              if head in in_batch or majority_type(Counter(stored.get(head, {}))) == "organization"}
    return [[(kind, heads[name] if heads.get(name) in bodies and kind == "organization" else name)
             for kind, name in found] for found in mentions]


def tail_of(name: str) -> str | None:
    """The word after the last `of` (or `of the`) that ends a body's name (`House of Commons` ->
    `Commons`), else None: news names such a body in full once, then by that word."""
    match = _OF_TAIL.search(name)
    return match.group(1) if match else None


# A body named after its founder's possessive (`Moody's Investors Service`, `McDonald's Corp`): a
# name's possessive drops when it is cleaned, so a story's bare `Moody's` is `Moody`.
_POSSESSIVE_HEAD = re.compile(r"^([A-Z][\w&-]*)['’]s\s+\S")


def short_form_of(name: str) -> str | None:
    """The one word a body's name is cut to in news: its last word after `of` (`tail_of`), else the
    possessive it opens with (`Moody's Investors Service` -> `Moody`); else None."""
    if tail := tail_of(name):
        return tail
    match = _POSSESSIVE_HEAD.match(name)
    return match.group(1) if match else None


def is_tail_word(name: str) -> bool:
    """A name that may be a body's short form standing for it: one word, not an acronym (`BBC` is its
    own body) and no place (`Bank of England`, `University of Manchester` do not make `England` one)."""
    return " " not in name and not name.isupper() and canonical_place(name) is None


def _fold_into_long_forms(mentions: list[list[tuple[str, str]]],
                          choices: EntityChoices) -> list[list[tuple[str, str]]]:
    """A one-word organisation that ends exactly one longer organisation of the batch after `of`, or
    opens it as a possessive, is shown as that one (`Commons` -> `House of Commons`, `Moody` ->
    `Moody's Investors Service`): an article that names the chamber only by its
    last word means the one the others name in full. Only where the batch names it in full at least
    as often: `Parliament` alone in nineteen stories and `Houses of Parliament` in two is the word most
    stories use, maybe for another parliament."""
    return _fold_into_fuller(mentions, choices, "organization", SHORT_NAMES["organization"])


def _fold_surnames(mentions: list[list[tuple[str, str]]], choices: EntityChoices) -> list[list[tuple[str, str]]]:
    """A one-word person that is the last word of exactly one fuller person of the batch is shown as
    that one (`Stoltenberg` -> `Gerhard Stoltenberg`). Consolidation already does this within an
    article; a bare surname reaches the batch from sources that declare people by surname (Reuters'
    PEOPLE). Two fuller names (`James Baker`, `Howard Baker`) leave `Baker` alone, and a headline's
    `Blasts Reagan` once is not who `Reagan` in twenty stories is. Case does not matter (`Mcdonald`)."""
    return _fold_into_fuller(mentions, choices, "person", SHORT_NAMES["person"])


def _surname(name: str) -> str | None:
    return name.rsplit(" ", 1)[1].casefold() if " " in name else None


# A middle initial (`Paul A Volcker`, `George W. Bush`): news writes the same name with and without it.
_MIDDLE_INITIAL = re.compile(r"[A-Z]\.?")


def _without_middle_initials(name: str) -> str:
    """`paul volcker` for `Paul A. Volcker`: the name's first and last words and every middle word
    that is not an initial, case folded."""
    words = name.split()
    if len(words) < 2:
        return name.casefold()
    first, *middle, last = words
    return " ".join([first, *(word for word in middle if not _MIDDLE_INITIAL.fullmatch(word)), last]).casefold()


# The share of articles the most written of several forms of one name must hold, against all the
# other forms together, to be the one a short name stands for (`Paul Volcker` in 30 stories,
# `Paul A Volcker` in one: `Volcker` is the first).
_DOMINANT_FORM = 3


@dataclass(frozen=True)
class ShortNames:
    """How a kind's short name stands for a fuller one: `end_of(full)` is what the fuller name ends
    with, compared with `key(short)`; `may_stand_for(short)` says whether a name may stand short;
    `one_name(full)` is the same for fuller names that are forms of one name."""

    end_of: Callable[[str], str | None]
    key: Callable[[str], str]
    may_stand_for: Callable[[str], bool]
    # The fewest articles the fuller name must be in (as well as in no fewer than the short one).
    least_articles: Callable[[str], int] = lambda full: 1
    one_name: Callable[[str], str] = lambda full: full

    def folds(self, full_articles: int, short_articles: int, full: str) -> bool:
        return full_articles >= max(short_articles, self.least_articles(full))

    def fuller_one(self, fuller: Iterable[str], articles: Callable[[str], int]) -> str | None:
        """The fuller name a short one stands for, of the `fuller` names it could: the only one, or of
        several forms of one name the one most articles hold (`articles(name)`) when it holds at least
        _DOMINANT_FORM times as many as the others together; else None (two people, `James Baker` and
        `Howard Baker`, or two forms equally written)."""
        names = sorted(set(fuller))
        if len(names) == 1:
            return names[0]
        if not names or len({self.one_name(name) for name in names}) > 1:
            return None
        top, *others = sorted(names, key=lambda name: -articles(name))
        return top if articles(top) >= _DOMINANT_FORM * sum(map(articles, others)) else None


def _least_articles_of_body(full: str) -> int:
    """A name opening with a body's possessive that one story writes (`Google's Gemini Advanced`,
    `Meta's Chief AI Scientist`) is the body's product or officer, not the body: only one that
    several stories write (`Moody's Investors Service`) is the body named by its founder."""
    return _LEAST_ARTICLES_OF_POSSESSIVE if _POSSESSIVE_HEAD.match(full) and not tail_of(full) else 1


_LEAST_ARTICLES_OF_POSSESSIVE = 2


# The short names the batch folds, and the end-of-run step (indexer.settle_short_names), fold.
SHORT_NAMES = {
    "person": ShortNames(_surname, str.casefold, lambda name: " " not in name, one_name=_without_middle_initials),
    "organization": ShortNames(short_form_of, str, is_tail_word, _least_articles_of_body),
}


def _fold_into_fuller(mentions: list[list[tuple[str, str]]], choices: EntityChoices, kind: str,
                      rule: ShortNames) -> list[list[tuple[str, str]]]:
    """A short `kind` name shown, in every article of the batch, as the one fuller name of the batch
    that `end_of` says it ends (under `key`), when the batch names that one at least as often. A name
    the user chose is left as it is. (Only the batch is searched: the index is asked by exact names.)"""
    end_of, key, may_stand_for = rule.end_of, rule.key, rule.may_stand_for
    ends: dict[str, set[str]] = defaultdict(set)
    articles: Counter[str] = Counter()
    for found in mentions:
        for name in {name for given, name in found if given == kind}:
            articles[key(name)] += 1
            if end := end_of(name):
                ends[end].add(name)
    shorts = {name for found in mentions for given, name in found if given == kind and key(name) in ends}
    fuller = {name: full for name in shorts
              if (full := rule.fuller_one(ends[key(name)], lambda full: articles[key(full)]))
              and rule.folds(articles[key(full)], articles[key(name)], full)
              and name not in choices.kinds and not choices.sources(name) and may_stand_for(name)}
    if not fuller:
        return mentions
    return [[(given, fuller.get(name, name) if given == kind else name) for given, name in found]
            for found in mentions]


def confirmed_names(choices: EntityChoices, counts: TypeCounts) -> list[tuple[str, str, list[str]]]:
    """(kind, canonical name, aliases) of every name the user confirmed by merging into it or by
    retyping it, for the known-names table; its kind is the user's, else the index-wide majority."""
    targets = {*choices.kinds, *(choices.resolve(name) for name in choices.merges)}
    targets = sorted(name for name in targets if not choices.is_blocked(name))
    undecided = [name for name in targets if name not in choices.kinds]
    stored = counts(undecided) if undecided else {}
    confirmed = []
    for name in targets:
        kind = choices.kinds.get(name) or majority_type(Counter(stored.get(name, {})))
        if kind:
            confirmed.append((kind, name, choices.sources(name)))
    return confirmed


def blocked_names(choices: EntityChoices) -> list[tuple[str, str]]:
    """(kind, name) for every blocked name under every kind: a blocked name is never a value."""
    return [(kind, name) for name in sorted(choices.blocked) for kind in ENTITY_TYPES]


class RememberedCounts:
    """`counts` answered from memory for names asked before (at most `most` names kept)."""

    def __init__(self, counts: TypeCounts, most: int = REMEMBERED_COUNTS) -> None:
        self.counts = counts
        self.most = most
        self.known: OrderedDict[str, dict[str, int]] = OrderedDict()

    def __call__(self, names: Sequence[str]) -> dict[str, dict[str, int]]:
        missing = [name for name in names if name not in self.known]
        found = self.counts(missing) if missing else {}
        answer = {}
        for name in names:
            self.known[name] = kinds = self.known.get(name) or found.get(name, {})
            self.known.move_to_end(name)
            if kinds:
                answer[name] = kinds
        while len(self.known) > self.most:
            self.known.popitem(last=False)
        return answer


class Curator:
    """Curates write batches for one backend: its stored choices and its index-wide type counts.

    A reindex (`count_batch=False`) reads an index that does not change under it, so its counts
    are remembered across batches; at index time every batch asks the index afresh.
    """

    def __init__(self, store: EntityChoiceStore, counts: TypeCounts, count_batch: bool) -> None:
        self.store = store
        self.counts = counts if count_batch else RememberedCounts(counts)
        self.count_batch = count_batch
        # At index time, name -> the types the vote overruled (see curate): an index run's settle
        # step counts the types its articles gave, not the ones its first batches were written with.
        self.overruled: dict[str, Counter[str]] = {}

    def __call__(self, articles: list[Article]) -> list[Article]:
        # Read per batch: a choice made while a long run goes on applies from its next batch.
        curate(articles, self.store.load(), self.counts, self.count_batch,
               self.overruled if self.count_batch else None)
        return articles
