"""Article metadata from a parsed page: title, date, authors, outlet, canonical URL.

Evidence is read in order of trust: JSON-LD and Open Graph / article meta tags written for
machines first, then visible markup (h1, <time>, rel=author, a "By ..." byline), then the URL.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from indexer.clean_authors import byline_names, split_authors
from indexer.dates import date_from_url, date_in_text, parse_date

_DATE_METAS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
               "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
               "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
               "article.published", "published_time", "citation_publication_date",
               "og:article:published_time", "originalpublicationdate", "datecreated")
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
                 "citation_author", "byl", "og:article:author", "dcterms.creator")
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|WebPage|Review|Recipe|HowTo", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-\u2013\u2014:\u00bb\u00b7\u2022/]|::)\s+")


def _meta(soup: BeautifulSoup, names: tuple[str, ...]) -> Iterator[str]:
    """Contents of <meta> tags whose name/property/itemprop is one of `names`, in `names` order."""
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "")
        key = str(key).strip().lower()
        content = tag.get("content")
        if key in names and content and str(content).strip():
            found.setdefault(key, []).append(str(content).strip())
    for name in names:
        yield from found.get(name, [])


def _walk_ld(node: Any) -> Iterator[dict]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_ld(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk_ld(node[key])


def json_ld(soup: BeautifulSoup) -> list[dict]:
    """JSON-LD objects of the page, article-like ones first; broken JSON is skipped."""
    objects: list[dict] = []
    for script in soup.find_all("script", type=re.compile("ld\\+json", re.I)):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_walk_ld(data))
    return sorted(objects, key=lambda o: 0 if _ARTICLE_TYPES.search(str(o.get("@type", ""))) else 1)


def _ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organization value (str, dict or list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return _ld_names(name) if name else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    return []


def _clean_title(title: str, site: str | None) -> str:
    """Drop a " | Site" style suffix (or prefix) when one side names the site or is much shorter."""
    title = " ".join(title.split())
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = (site or "").casefold()
    if site_key:
        kept = [p for p in parts if p.casefold() != site_key]
        if len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    longest = max(parts, key=len)
    if len(longest) >= 0.6 * len(title):
        return longest
    return title


def find_title(soup: BeautifulSoup, ld: list[dict], site: str | None) -> str:
    """og:title, JSON-LD headline, the page's h1, then <title> minus the site suffix."""
    for value in _meta(soup, ("og:title", "twitter:title")):
        return _clean_title(value, site)
    for obj in ld:
        headline = obj.get("headline")
        if isinstance(headline, str) and headline.strip() and _ARTICLE_TYPES.search(str(obj.get("@type", ""))):
            return " ".join(headline.split())
    h1s = [" ".join(h.get_text(" ").split()) for h in soup.find_all("h1")]
    h1s = [h for h in h1s if h]
    if len(h1s) == 1:
        return h1s[0]
    if soup.title and soup.title.string:
        return _clean_title(soup.title.string, site)
    return h1s[0] if h1s else ""


def find_date(soup: BeautifulSoup, ld: list[dict], url: str | None) -> datetime | None:
    """Published date from JSON-LD, meta tags, <time datetime>, the URL, then a visible dateline."""
    for obj in ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            value = parse_date(obj.get(key)) if isinstance(obj.get(key), str) else None
            if value:
                return value
    for content in _meta(soup, _DATE_METAS):
        value = parse_date(content)
        if value:
            return value
    for tag in soup.find_all("time", limit=5):
        value = parse_date(str(tag.get("datetime") or tag.get("content") or "")) or \
            date_in_text(tag.get_text(" "))
        if value:
            return value
    value = date_from_url(url)
    if value:
        return value
    for tag in soup.select("[class*=date], [class*=time], [class*=byline], [itemprop=datePublished]",
                           limit=10):
        value = date_in_text(tag.get_text(" ")[:200])
        if value:
            return value
    return None


def find_authors(soup: BeautifulSoup, ld: list[dict]) -> list[str]:
    """Authors from JSON-LD, meta tags, rel=author links, then a visible "By ..." byline."""
    for obj in ld:
        names = split_authors(_ld_names(obj.get("author") or obj.get("creator")))
        if names:
            return names
    for content in _meta(soup, _AUTHOR_METAS):
        names = split_authors([content])
        if names:
            return names
    links = [a.get_text(" ") for a in soup.select('a[rel~=author], [itemprop=author], .author, .byline')]
    names = split_authors([n for n in links if len(n) < 80])
    if names:
        return names[:6]
    for tag in soup.find_all(["p", "span", "div"], limit=400):
        text = tag.get_text(" ", strip=True)
        if len(text) < 120 and re.match(r"(?i)by\s", text):
            names = byline_names(text)
            if names:
                return names
    return []


def find_outlet(soup: BeautifulSoup, ld: list[dict], url: str | None) -> str | None:
    """og:site_name, JSON-LD publisher name, else a readable name made from the domain."""
    for value in _meta(soup, ("og:site_name", "application-name", "publisher")):
        return " ".join(value.split())
    for obj in ld:
        names = _ld_names(obj.get("publisher"))
        if names and names[0].strip():
            return names[0].strip()
    return outlet_from_domain(url)


def outlet_from_domain(url: str | None) -> str | None:
    """`https://www.theguardian.com/x` -> "Theguardian": the registrable name, capitalised."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    labels = [p for p in host.split(".") if p and p not in ("www", "m", "amp", "mobile", "edition")]
    if not labels:
        return None
    # Skip the public suffix: one label, or two for the "co.uk" kind.
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        labels = labels[:-2]
    elif len(labels) >= 2:
        labels = labels[:-1]
    name = labels[-1]
    return name.replace("-", " ").title() if name else None


def _is_canonical(rel: str | list[str] | None) -> bool:
    values = rel if isinstance(rel, list) else [rel or ""]
    return "canonical" in (v.lower() for v in values)


def find_url(soup: BeautifulSoup, url: str | None) -> str | None:
    """link rel=canonical, og:url, else the URL the page was fetched from (made absolute)."""
    link = soup.find("link", rel=_is_canonical)
    candidates = [link.get("href") if isinstance(link, Tag) else None]
    candidates += list(_meta(soup, ("og:url",)))
    for value in candidates:
        if value and str(value).strip():
            absolute = urljoin(url or "", str(value).strip())
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
    return url
