"""Company legal forms (`Inc`, `Corp`, `Co`, `Ltd`, `NV`, `SpA`, `GmbH`): the end of a company's
name, never a person's, never a name alone. The forms of many countries come from cleanco's table
(a maintained package made for company names) rather than a list written here."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

# Company legal forms of the English-speaking countries in cleanco's table: news writes them in any
# case (`Inc`, `Corp`, `Co`, `Ltd`, `Plc`). Another country's form counts only written as a form is
# (`NV`, `AG`, `SpA`, `GmbH`, `S.A.`): title-cased it may be a surname (`Teo`, Ireland's form).
_ENGLISH_FORMS_FROM = ("United States of America", "United Kingdom", "New Zealand", "India", "Singapore",
                       "Australia")


@cache
def _legal_forms() -> tuple[frozenset[str], frozenset[str]]:
    """(English-speaking countries' forms, every country's forms), casefolded, without dots."""
    from cleanco.termdata import terms_by_country, terms_by_type  # imported here: only entity names need it

    def bare(terms: Iterable[str]) -> frozenset[str]:
        return frozenset(term.replace(".", "").casefold() for term in terms if " " not in term.strip())

    english = bare(term for country in _ENGLISH_FORMS_FROM for term in terms_by_country.get(country, ()))
    return english, bare(term for terms in terms_by_type.values() for term in terms)


def is_legal_form(word: str) -> bool:
    """True for a company's legal form (`Inc`, `Co`, `Ltd`, `NV`, `SpA`, `GmbH`): the end of a
    company's name, never a person's and never a name alone."""
    bare = word.replace(".", "")
    english, every = _legal_forms()
    if len(bare) < 2 or bare.casefold() not in every:
        return False
    written_as_form = bare.isupper() or any(char.isupper() for char in bare[1:]) or "." in word
    return written_as_form or (bare.casefold() in english and (len(bare) > 2 or bare == "Co"))


def is_bare_legal_form(word: str) -> bool:
    """A legal form that cannot be a company's own name: not in capitals (`Co`, `Inc`, `Corp`). In
    capitals, a short form is also an acronym naming a company alone (`BT`, `EE`: a Hungarian and an
    Estonian form)."""
    return is_legal_form(word) and not word.replace(".", "").isupper()


def without_legal_form(name: str) -> str | None:
    """The name before its legal form (`Akzo` of `Akzo NV`, `General Motors` of `General Motors
    Corp`, `Goldman Sachs` of `Goldman Sachs and Co`), or None when it does not end with one."""
    rest, _, last = name.rpartition(" ")
    if not rest or not is_legal_form(last):
        return None
    head, _, link = rest.rpartition(" ")
    return head if head and link in _FORM_LINKS else rest


# `and Co`, `& Co`: the link belongs to the form, not to the name before it.
_FORM_LINKS = frozenset({"and", "&"})


__all__ = ["is_bare_legal_form", "is_legal_form", "without_legal_form"]
