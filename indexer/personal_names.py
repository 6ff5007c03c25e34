"""Whether a name is shaped like a person's: its words against given and family names of many
countries.

The words come from Faker's person providers (about 80 locales, romanised lists included), read once
per process; Faker's generators are never used. A name passes when its first word is a known given
name, initials or a title kept in names, its first or last word a known family name (`Li Keqiang`
opens with one), or its last word an initial (`Sreeja K.`).
Headings, products and grape varieties the model takes for people (`Common Challenges`, `Zoho Books`,
`Cabernet Sauvignon`) pass neither test.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from functools import cache

# Faker's list attributes hold given names under these prefixes and family names under `last_`
# names; kana lists repeat the romanised ones in another script.
_GIVEN_PREFIXES = ("first_name", "middle_name")
_SKIPPED = ("kana",)
# Initials stand for a given name: `J.`, `J.K.`, a lone `J`; two capitals without stops are an
# acronym as often (`AI Mode`, `MS Teams`).
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z]")
# Titles that stay part of how someone is named (entity_names.strip_title keeps them), in English:
# what follows them is a name whatever the lists say (`Ayatollah Ali Khamenei`, `Sheikh Hasina`).
_NAMING_TITLES = frozenset(
    "sir dame lord lady prince princess king queen emperor pope saint st cardinal archbishop bishop "
    "rabbi imam sheikh sheikha ayatollah emir sultan honourable honorable chef".split())
# A name cut to its family name's initial (`Sreeja K.`, how shops sign their reviewers).
_LAST_INITIAL = re.compile(r"[A-Z]\.")


def fold(word: str) -> str:
    """The word without accents and case: `Hervé` and `HERVE` are `herve`."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@cache
def name_words() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), folded."""
    import faker.providers.person as providers  # imported here: about 80 modules, 0.25 s

    given: set[str] = set()
    family: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = importlib.import_module(f"{providers.__name__}.{module.name}").Provider
        for cls in provider.__mro__:
            for attribute, value in vars(cls).items():
                if not isinstance(value, (list, tuple, dict)) or any(skip in attribute for skip in _SKIPPED):
                    continue
                if attribute.startswith(_GIVEN_PREFIXES):
                    given.update(_words(value))
                elif "last_name" in attribute:
                    family.update(_words(value))
    return frozenset(given), frozenset(family)


def _words(listed: list | tuple | dict) -> set[str]:
    """Folded names of a Faker list: a weighted dict's keys, or items that may be pairs."""
    items = listed.keys() if isinstance(listed, dict) else listed
    return {fold(word) for item in items for word in (item if isinstance(item, tuple) else (item,))
            if isinstance(word, str)}


def _forms(word: str) -> list[str]:
    """The word and its hyphenated parts, folded (`Jean-Pierre`, `Gemperlein-Schirm`)."""
    folded = fold(word.rstrip("."))
    return [folded, *folded.split("-")]


def looks_like_personal_name(name: str) -> bool:
    """True when the name's first word is a known given name, initials or a title kept in names, its
    first or last word a known family name, or its last word an initial. A one-word name passes: it
    says too little to judge."""
    words = name.split()
    if len(words) < 2:
        return True
    if fold(words[0]) in _NAMING_TITLES or _LAST_INITIAL.fullmatch(words[-1]):
        return True
    given, family = name_words()
    first, last = _forms(words[0]), _forms(words[-1])
    return (bool(_INITIALS.fullmatch(words[0])) or any(form in given or form in family for form in first)
            or any(form in family for form in last))
