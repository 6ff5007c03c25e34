"""Author names: never URLs, commenters, boilerplate words or the tail of an organisation's name."""
from __future__ import annotations

import pytest
from newsfacet.indexer.clean_authors import byline_names, split_authors


@pytest.mark.parametrize("values,strict,names", [
    (["https://www.harbour-gazette.com/author/jane-doe/"], False, ["Jane Doe"]),
    (["https://www.facebook.com/harbourgazette"], False, []),  # a handle, not clearly a name
    (["https://example.com/profile/12345"], False, []),
    (["Jane Doe says"], True, []),  # a commenter
    (["Written by"], True, []),
    (["Tools"], True, []),  # a lone visible word is a menu item, not a byline
    (["Log"], True, []),
    (["Center for Drug Evaluation and Research"], False, []),
    (["Anna Keller, Staff Writer at the Times"], True, ["Anna Keller"]),
    (["Tom Ruiz &amp; Li Wei"], False, ["Tom Ruiz", "Li Wei"]),
    (["By Anna Keller and Tomás Ruiz"], True, ["Anna Keller", "Tomás Ruiz"]),
    (["Piet de Vries"], True, ["Piet de Vries"]),
    (["Clay"], False, ["Clay"]),  # a name a page declares may be one word
    (["Author Isaiah Shelton"], True, ["Isaiah Shelton"]),  # a profile box's label
    (["Authors: Anna Keller and Tom Ruiz"], True, ["Anna Keller", "Tom Ruiz"]),
])
def test_split_authors(values: list[str], strict: bool, names: list[str]) -> None:
    assert split_authors(values, strict) == names


@pytest.mark.parametrize("line,names", [
    ("By Anna Keller and Tom Ruiz | March 3, 2024", ["Anna Keller", "Tom Ruiz"]),
    ("By clicking Subscribe you agree to our Terms and Privacy Policy", []),
    ("By submitting, you accept the Privacy Policy", []),
])
def test_byline_names(line: str, names: list[str]) -> None:
    assert byline_names(line) == names
