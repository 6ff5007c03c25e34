"""Names in sports results and standings rows ("Gillingham 2 Colchester 1").

Such rows are half numbers, so a statistical NER trained on prose misses most of their names or
calls a club by its town (a place). In a results row a name before a score is a team: a club
(an organisation) or, when the name is a country, a national side (filed under its place,
as wire services do). People in such rows (golf, athletics) keep the kind the model gave them.
"""
from __future__ import annotations

import re

from newsfacet.indexer.gazetteer import is_country_name

_TOKEN = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
# Words that may sit inside a team's name without a capital ("Queens Park Rangers", "Brighton
# and Hove Albion", "Bayern de Munich").
_NAME_LINKS = {"and", "of", "de", "del", "la", "le", "van", "von", "&"}
MIN_TOKENS = 3


def is_results_row(line: str) -> bool:
    """True for a line of names and numbers: two or more numbers, hardly any lower-case words.

    Prose has many lower-case words per number; a results row has none or one ("halftime").
    A dateline ("LONDON 1996-08-30") has one number only and is not a row.
    """
    tokens = _TOKEN.findall(line)
    if len(tokens) < MIN_TOKENS:
        return False
    numbers = sum(bool(_DIGIT.search(token)) for token in tokens)
    words = sum(token[:1].islower() and token not in _NAME_LINKS for token in tokens)
    return numbers >= 2 and words * 2 <= numbers and numbers * 3 >= len(tokens)


def _word(token: str) -> str:
    """A token without its brackets and trailing punctuation (`U.S.` keeps its last period)."""
    word = token.strip(",;:()[]")
    if word.endswith(".") and word.count(".") == 1:
        word = word[:-1]
    return word


def _name_runs(line: str) -> list[tuple[str, bool]]:
    """(name, in brackets) for each run of capitalised words between a row's numbers."""
    runs: list[tuple[list[str], bool]] = [([], False)]
    previous = ""
    for token in _TOKEN.findall(line):
        word = _word(token)
        if token[:1] in "([" and runs[-1][0]:  # a bracket opens a new name
            runs.append(([], False))
        words = runs[-1][0]
        if (word[:1].isupper() and not _DIGIT.search(word)) or (words and word in _NAME_LINKS):
            if not words:
                runs[-1] = (words, token[:1] in "([" or previous in ("(", "["))
            words.append(word)
        elif words:
            runs.append(([], False))
        if runs[-1][0] and token[-1:] in ",;:)]":  # punctuation after a word ends the name
            runs.append(([], False))
        previous = token
    names = []
    for words, bracketed in runs:
        while words and words[-1] in _NAME_LINKS:
            words.pop()
        if words:
            names.append((" ".join(words), bracketed))
    return names


def team_names(line: str, places: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(kind, name) of each team or country of a results row.

    A country is a place (a national side, or an athlete's nationality); so is a name in
    brackets that the model called a place (`( U.S. )`). Any other name is a club: an organisation.
    """
    found = []
    for name, bracketed in _name_runs(line):
        is_place = is_country_name(name) or (bracketed and name in places)
        found.append(("location" if is_place else "organization", name))
    return found
