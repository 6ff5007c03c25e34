"""The Atom 1.0 document for a search: every text and attribute goes through `xml_text`, so no
character XML 1.0 forbids (NUL, most C0 controls, lone surrogates, U+FFFE/U+FFFF) reaches the feed."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.etree import ElementTree

from newsfacet.engine.model import Article
from newsfacet.engine.search import Hit
from newsfacet.webapp.present import web_url
from newsfacet.webapp.state import SearchState
from newsfacet.webapp.views_search import absolute

ATOM = "http://www.w3.org/2005/Atom"
# The complement of XML 1.0's Char production (tab, newline and carriage return are allowed).
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """`value` without the characters an XML 1.0 document cannot carry, even escaped."""
    return _NOT_XML_CHAR.sub("", value)


def atom_feed(state: SearchState, hits: list[Hit]) -> ElementTree.Element:
    """A valid Atom 1.0 feed; ElementTree escapes every text, snippets go in as escaped HTML."""
    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    stamps = [hit.published for hit in hits if hit.published]
    updated = max(stamps) if stamps else datetime.now(UTC)
    _text(root, "id", absolute(state.url()))
    _text(root, "title", f"newsfacet: {state.query or 'all articles'}")
    _text(root, "updated", updated.isoformat())
    _link(root, absolute(state.url("/search.atom")), "self", "application/atom+xml")
    _link(root, absolute(state.for_page().url()), "alternate", "text/html")
    author = ElementTree.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "newsfacet")
    _text(root, "generator", "newsfacet")
    for hit in hits:
        _entry(root, hit, updated)
    return root


def saved_feed(name: str, slug: str, state: SearchState, matches: list[tuple[Hit, Article]]) -> ElementTree.Element:
    """A saved search's feed: its newest matches by the time they were indexed, so a reader sees
    what is new to the archive (an old story indexed today included); `updated` is that time."""
    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    stamps = [article.indexed_at for _, article in matches if article.indexed_at]
    updated = max(stamps) if stamps else datetime.now(UTC)
    _text(root, "id", absolute(f"/s/{slug}"))
    _text(root, "title", f"newsfacet: {name}")
    _text(root, "updated", updated.isoformat())
    _link(root, absolute(f"/saved/{slug}.atom"), "self", "application/atom+xml")
    _link(root, absolute(state.for_page().url()), "alternate", "text/html")
    author = ElementTree.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", "newsfacet")
    _text(root, "generator", "newsfacet")
    for hit, article in matches:
        _entry(root, hit, updated, article.indexed_at)
    return root


def _entry(root: ElementTree.Element, hit: Hit, fallback: datetime, indexed: datetime | None = None) -> None:
    entry = ElementTree.SubElement(root, f"{{{ATOM}}}entry")
    page = absolute(f"/article/{hit.id}")
    _text(entry, "id", page)
    _text(entry, "title", hit.title or "(untitled)")
    _text(entry, "updated", (indexed or hit.published or fallback).isoformat())
    if hit.published:
        _text(entry, "published", hit.published.isoformat())
    _link(entry, page, "alternate", "text/html")
    if web_url(hit.url):
        _link(entry, web_url(hit.url), "related", "text/html")
    for name in hit.authors:
        author = ElementTree.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", name)
    if hit.outlet:
        ElementTree.SubElement(entry, f"{{{ATOM}}}category", {"term": xml_text(hit.outlet)})
    summary = _text(entry, "summary", hit.snippet)
    summary.set("type", "html")


def _text(parent: ElementTree.Element, tag: str, value: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = xml_text(value)
    return element


def _link(parent: ElementTree.Element, href: str, rel: str, kind: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}link", {"href": xml_text(href), "rel": rel, "type": kind})
