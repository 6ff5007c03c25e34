"""Outlets and article identity from page metadata: site names that read as one, else the domain."""
from __future__ import annotations

import pytest
from newsfacet.engine.model import Article, is_site_root
from newsfacet.indexer.clean import clean_html

PROSE = " ".join(["The harbour board approved the new ferry timetable after a long public meeting."] * 6)


def page(head: str, url_tags: str = "") -> str:
    return (f"<html><head><title>Ferry timetable approved | Harbour Gazette</title>{url_tags}{head}</head>"
            f"<body><h1>Ferry timetable approved</h1><p>{PROSE}</p></body></html>")


@pytest.mark.parametrize("head,outlet", [
    ('<meta property="og:site_name" content="Harbour Gazette">', "Harbour Gazette"),
    # a tagline of topics names no site: the domain instead
    ('<meta property="og:site_name" content="Autoracing | F1 | Indy | NASCAR">', "harbour-gazette.com"),
    # "Site | tagline": the part that names the domain
    ('<meta property="og:site_name" content="Harbour Gazette | News you need">', "Harbour Gazette"),
    # the page's section is not its site
    ('<meta property="article:section" content="U.S."><meta property="og:site_name" content="U.S.">',
     "harbour-gazette.com"),
    # a widget's application-name that does not name the site
    ('<meta name="application-name" content="Hosted">', "harbour-gazette.com"),
    ('<meta name="application-name" content="Harbour Gazette">', "Harbour Gazette"),
    # a plain page label
    ('<meta property="og:site_name" content="Homepage">', "harbour-gazette.com"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "publisher": {"name": "HGZ Media"}}'
     "</script>", "HGZ Media"),
])
def test_outlet_rules(head: str, outlet: str) -> None:
    article = clean_html(page(head), "https://www.harbour-gazette.com/2024/ferry-timetable")
    assert article.outlet == outlet


def test_outlet_from_canonical_domain_when_fetch_url_unknown() -> None:
    tags = '<link rel="canonical" href="https://news.harbour-gazette.co.uk/2024/ferry-timetable">'
    assert clean_html(page("", tags)).outlet == "harbour-gazette.co.uk"


@pytest.mark.parametrize("url,root", [("https://a.com", True), ("https://a.com/", True),
                                      ("https://a.com/en/", True), ("https://a.com/en/world/", True),
                                      ("https://a.com/2024/05/ferry", False),
                                      ("https://a.com/ferry-timetable-approved", False),
                                      ("https://a.com/?p=123", False), (None, False)])
def test_site_root(url: str | None, root: bool) -> None:
    assert is_site_root(url) is root


def test_home_page_canonical_is_not_the_identity() -> None:
    tags = '<link rel="canonical" href="https://www.harbour-gazette.com/">'
    one = clean_html(page("", tags))
    other = clean_html(page("", tags).replace("ferry timetable", "bridge toll"))
    assert one.url is None and other.url is None
    assert one.id != other.id
    fetched = clean_html(page("", tags), "https://www.harbour-gazette.com/2024/ferry-timetable")
    assert fetched.url == "https://www.harbour-gazette.com/2024/ferry-timetable"


def test_canonical_on_another_site_is_not_the_identity() -> None:
    tags = '<link rel="canonical" href="https://aggregator.example.org/story/123">'
    article = clean_html(page("", tags), "https://www.harbour-gazette.com/2024/ferry-timetable")
    assert article.url == "https://www.harbour-gazette.com/2024/ferry-timetable"


def test_root_url_gives_a_text_id() -> None:
    one = Article(title="A", body="first text", url="https://a.com/")
    other = Article(title="A", body="second text", url="https://a.com/")
    assert one.id != other.id
