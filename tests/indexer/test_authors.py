"""Author names: never URLs, commenters, boilerplate words or the tail of an organisation's name."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from newsfacet.indexer.clean_authors import byline_names, split_authors, without_site_names
from newsfacet.indexer.html_dom import bounded_markup, parse
from newsfacet.indexer.html_meta import find_authors, json_ld

from tests.corpora import corpus
from tests.indexing import index, stats


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


@pytest.mark.parametrize("values,strict,names", [
    (["Editorial Board"], False, []),
    (["Staff"], False, []),
    (["The Editors"], False, []),
    (["Senior Digital Marketing Manager"], False, []),
    (["Digital Security Expert"], False, []),  # a job title
    (["Name"], False, []),  # a template's placeholder
    (["Anna Namely", "Nameeta Shah"], False, ["Anna Namely", "Nameeta Shah"]),  # words, not substrings
    (["Jane Doe, Redaktion"], False, ["Jane Doe"]),
    (["BRIGITTE.de"], False, []),  # a site
    (["Süddeutsche.de GmbH"], False, []),  # a company
    (["Sponsored Post"], False, []),
    (["luxurious"], False, []),  # a lone lower-case handle, even where the page declares it
    (["Munich, Germany"], False, []),  # a dateline's places
    (["von Dennis Ziesecke"], False, ["Dennis Ziesecke"]),  # German "by"
    (["Justus von Daniels"], False, ["Justus von Daniels"]),
    (["Reuters"], True, ["Reuters"]),  # a wire service is an accepted byline, even as one visible word
    (["AFP"], False, ["AFP"]),
    (["Associated Press"], True, ["Associated Press"]),
])
def test_only_people_and_agencies_are_authors(values: list[str], strict: bool, names: list[str]) -> None:
    assert split_authors(values, strict) == names


def test_an_organisation_credited_on_its_own_site_is_not_an_author() -> None:
    assert without_site_names(["Cleveland Clinic", "Jane Doe"], "Cleveland Clinic") == ["Jane Doe"]
    assert without_site_names(["Accruent"], "accruent.com") == []
    assert without_site_names(["Reuters"], "Reuters") == ["Reuters"]  # an agency stays


def _page(corpus_name: str, relative: str) -> bytes:
    return gzip.decompress((corpus(corpus_name) / relative).read_bytes())


@pytest.mark.corpus
@pytest.mark.parametrize("corpus_name,relative,refused", [
    # "By Role", "By Industry": filter menus in the site's navigation
    ("wcxb-dev-articles", "html/0037.html.gz", {"Role Remote Work IT Support", "Security MSPs OEM"}),
    ("trafilatura-eval", "tests/cache/sueddeutsche.de.flixtrain.html.gz", {"Munich", "Germany"}),
])
def test_real_pages_give_no_menu_or_place_as_author(corpus_name: str, relative: str, refused: set[str]) -> None:
    soup = parse(bounded_markup(_page(corpus_name, relative)))
    authors = find_authors(soup, json_ld(soup))
    assert not refused & set(authors)


@pytest.mark.corpus
def test_indexed_pages_keep_no_outlet_name_as_author_or_topic(tmp_path: Path) -> None:
    """Through the real CLI: Cleveland Clinic credits itself as author; Page Six declares its own
    name as the section. Neither reaches the author or topic facet; the outlet keeps the name."""
    pages = [corpus("wcxb-dev-articles") / "html/0027.html.gz",
             corpus("trafilatura-eval") / "tests/eval/pagesix.com.myers.html.gz"]
    assert b'"Cleveland Clinic"' in gzip.decompress(pages[0].read_bytes())
    index(tmp_path / "data", "--workers", "1", "--no-entities", *map(str, pages))
    facets = stats(tmp_path / "data")["facets"]
    outlets = {value for value, _ in facets["outlet"]}
    assert {"Cleveland Clinic", "Page Six"} <= outlets
    assert not {"Cleveland Clinic", "Page Six"} & {value.title() for value, _ in facets["author"]}
    assert "pagesix" not in {value.casefold() for value, _ in facets["topic"]}
