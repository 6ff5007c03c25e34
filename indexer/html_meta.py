"""Article metadata from a parsed page: title, date, authors, outlet, sections, canonical URL.

Evidence is read in order of trust: JSON-LD and Open Graph / article meta tags written for
machines first, then visible markup (h1, <time>, rel=author, a "By ..." byline), then the URL.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from newsfacet.engine.model import is_site_root
from newsfacet.indexer.clean_authors import byline_names, split_authors
from newsfacet.indexer.dates import date_from_url, date_in_text, parse_date
from newsfacet.indexer.outlets import readable_outlet, registrable_domain
from newsfacet.indexer.topics import normalise_topics

_DATE_METAS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
               "publishdate", "publish-date", "publish_date", "date", "dc.date", "dc.date.issued",
               "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
               "article.published", "published_time", "citation_publication_date",
               "og:article:published_time", "originalpublicationdate", "datecreated")
# Where a page declares its last update: that day is not the publication day (published beats modified).
_MODIFIED_METAS = ("article:modified_time", "og:modified_time", "og:updated_time", "datemodified",
                   "dcterms.modified", "last-modified", "lastmod")
_PUBLISHED_METAS = ("article:published_time", "og:published_time", "og:article:published_time",
                    "datepublished", "published_time")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_AUTHOR_METAS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author",
                 "citation_author", "byl", "og:article:author", "dcterms.creator")
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|Blog|WebPage|Review|Recipe|HowTo", re.I)
# Section meta tags other than Open Graph's: set by publishing systems and analytics (Parse.ly) for
# machines, and schema.org's articleSection as microdata (`<meta itemprop=articleSection>`); read
# only when neither article:section nor JSON-LD names a section.
_SECTION_METAS = ("section", "parsely-section", "articlesection")
H1_AGREEMENT = 0.5
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


def _ld_names(value: Any, skip_organizations: bool = False) -> list[str]:
    """Names from a JSON-LD person/organization value (str, dict or list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if skip_organizations and "Organization" in str(value.get("@type", "")):
            return []
        # A person given only by a profile link: the URL, which split_authors reads as a name or drops.
        name = value.get("name") or value.get("url")
        return _ld_names(name) if name else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item, skip_organizations)]
    return []


def _ld_authors(value: Any) -> list[str]:
    """JSON-LD authors: the people when there are any (a publisher listed beside them is not one)."""
    return split_authors(_ld_names(value, skip_organizations=True), strict=False) or \
        split_authors(_ld_names(value), strict=False)


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


def _overlap(a: str, b: str) -> float:
    left, right = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return len(left & right) / max(1, min(len(left), len(right)))


def find_title(soup: BeautifulSoup, ld: list[dict], site: str | None) -> str:
    """The visible headline (an h1 that agrees with the page's declared titles), else og:title,
    JSON-LD headline, <title> minus the site suffix. Declared titles are often SEO variants,
    so the h1 readers see wins when it is clearly the same story."""
    declared = [_clean_title(v, site) for v in _meta(soup, ("og:title", "twitter:title"))]
    for obj in ld:
        headline = obj.get("headline")
        if isinstance(headline, str) and headline.strip() and _ARTICLE_TYPES.search(str(obj.get("@type", ""))):
            declared.append(" ".join(headline.split()))
    if soup.title and soup.title.string:
        declared.append(_clean_title(soup.title.string, site))
    declared = [d for d in declared if d]
    h1s = [" ".join(h.get_text(" ").split()) for h in soup.find_all("h1", limit=10)]
    h1s = [h for h in h1s if 3 <= len(h) <= 300]
    for h1 in h1s:
        if not declared or any(_overlap(h1, d) >= H1_AGREEMENT for d in declared):
            return h1
    return declared[0] if declared else ""


def find_date(soup: BeautifulSoup, ld: list[dict], url: str | None) -> datetime | None:
    """Published date from JSON-LD, meta tags, <time datetime>, the URL, then a visible dateline.

    Aware, in the page's own offset where it gives one (Article converts to UTC)."""
    for obj in ld:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            value = parse_date(obj.get(key), keep_offset=True) if isinstance(obj.get(key), str) else None
            if value:
                return value
    for content in _meta(soup, _DATE_METAS):
        value = parse_date(content, keep_offset=True)
        if value:
            return value
    for tag in soup.find_all("time", limit=5):
        value = parse_date(str(tag.get("datetime") or tag.get("content") or ""), keep_offset=True) or \
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


def _declared_stamps(soup: BeautifulSoup, ld: list[dict], ld_key: str, metas: tuple[str, ...],
                     stamps_only: bool = False) -> list[datetime]:
    values = [obj.get(ld_key) for obj in ld] + list(_meta(soup, metas))
    if stamps_only:
        values = [value for value in values if isinstance(value, str) and _STAMP.match(value.strip())]
    parsed = (parse_date(value, keep_offset=True) for value in values if isinstance(value, str))
    return [value for value in parsed if value is not None]


def modified_stamps(soup: BeautifulSoup, ld: list[dict]) -> list[datetime]:
    """The updates the page declares (JSON-LD dateModified, article:modified_time, ...), each in
    the page's offset so its date is the page's calendar day."""
    return _declared_stamps(soup, ld, "dateModified", _MODIFIED_METAS)


def published_stamps(soup: BeautifulSoup, ld: list[dict], stamps_only: bool = False) -> list[datetime]:
    """The publication the page declares by name (JSON-LD datePublished, article:published_time and
    the like; not a bare "date" meta); with stamps_only, only ISO 8601 timestamps: the value a CMS
    writes when it publishes, not a day typed into a template ("Jun 12, 2025")."""
    return _declared_stamps(soup, ld, "datePublished", _PUBLISHED_METAS, stamps_only)


def published_days(soup: BeautifulSoup, ld: list[dict]) -> set[date]:
    """The calendar days of `published_stamps(stamps_only=True)`."""
    return {value.date() for value in published_stamps(soup, ld, stamps_only=True)}


def _in_navigation(tag: Tag) -> bool:
    """Inside a menu: "By Role", "By Industry" are filters there, never bylines."""
    return tag.find_parent(["nav", "menu"]) is not None or \
        tag.find_parent(attrs={"role": ["navigation", "menu", "menubar"]}) is not None


def find_authors(soup: BeautifulSoup, ld: list[dict]) -> list[str]:
    """Authors from JSON-LD, meta tags, rel=author links, then a visible "By ..." byline."""
    for obj in ld:
        names = _ld_authors(obj.get("author") or obj.get("creator"))
        if names:
            return names
    for content in _meta(soup, _AUTHOR_METAS):
        names = split_authors([content], strict=False)
        if names:
            return names
    links = [a.get_text(" ") for a in soup.select('a[rel~=author], [itemprop=author], .author, .byline')
             if not _in_navigation(a)]
    names = split_authors([n for n in links if len(n) < 80])
    if names:
        return names[:6]
    for tag in soup.find_all(["p", "span", "div"], limit=400):
        text = tag.get_text(" ", strip=True)
        if len(text) < 120 and re.match(r"(?i)by\s", text) and not _in_navigation(tag):
            names = byline_names(text)
            if names:
                return names
    return []


def _outlet_taken(soup: BeautifulSoup, ld: list[dict]) -> set[str]:
    """Casefolded section names and declared headlines of the page: never its outlet. (Not the h1:
    many sites put their name, the logo, in an h1.)"""
    values = list(find_topics(soup, ld)) + list(_meta(soup, ("og:title", "twitter:title")))
    return {" ".join(v.split()).casefold() for v in values if v}


def find_outlet(soup: BeautifulSoup, ld: list[dict], url: str | None) -> str | None:
    """The site's own name (og:site_name, JSON-LD publisher, publisher or application-name meta)
    when it reads as one, else the registrable domain of the canonical, og or fetch URL."""
    domain = registrable_domain(find_url(soup, url, trusted_only=False)) or registrable_domain(url)
    taken = _outlet_taken(soup, ld)
    declared = [(v, False) for v in _meta(soup, ("og:site_name",))]
    declared += [(n, False) for obj in ld for n in _ld_names(obj.get("publisher"))[:1] if isinstance(n, str)]
    declared += [(v, False) for v in _meta(soup, ("publisher",))]
    declared += [(v, True) for v in _meta(soup, ("application-name",))]
    for value, weak in declared:
        name = readable_outlet(value, domain, taken, weak)
        if name:
            return name
    return domain


def _ld_sections(ld: list[dict]) -> list[str]:
    """articleSection (a string or a list) of the first JSON-LD object that has one."""
    for obj in ld:
        value = obj.get("articleSection")
        values = value if isinstance(value, list) else [value]
        # Some CMSs (Yoast) HTML-escape the text inside JSON: "Food &amp; Drink".
        sections = [html.unescape(v) for v in values if isinstance(v, str)]
        if normalise_topics(sections):
            return sections
    return []


def find_topics(soup: BeautifulSoup, ld: list[dict]) -> list[str]:
    """The page's sections as it declares them: every `article:section` meta tag, else JSON-LD
    `articleSection`, else `section` / `parsely-section` / microdata articleSection metas; the first
    that names a real section.

    Never more than one kind: they often disagree in granularity ("Diets" beside "Weight Loss"),
    and a JSON-LD string may join several sections with commas, which is not ours to split.
    """
    for values in (list(_meta(soup, ("article:section",))), _ld_sections(ld),
                   list(_meta(soup, _SECTION_METAS))):
        topics = normalise_topics(values)
        if topics:
            return topics
    return []


def _is_canonical(rel: str | list[str] | None) -> bool:
    values = rel if isinstance(rel, list) else [rel or ""]
    return "canonical" in (v.lower() for v in values)


def find_url(soup: BeautifulSoup, url: str | None, trusted_only: bool = True) -> str | None:
    """link rel=canonical, og:url, else the URL the page was fetched from (made absolute).

    A declared URL is the article's identity only when it is trusted (`trusted_url`): not a site's
    home or section root, and on the fetch URL's own site; `trusted_only=False` takes it anyway
    (it still names the site, for the outlet)."""
    link = soup.find("link", rel=_is_canonical)
    candidates = [link.get("href") if isinstance(link, Tag) else None]
    candidates += list(_meta(soup, ("og:url",)))
    for value in candidates:
        if value and str(value).strip():
            absolute = urljoin(url or "", str(value).strip())
            if urlsplit(absolute).scheme not in ("http", "https"):
                continue
            if not trusted_only or trusted_url(absolute, url):
                return absolute
    return url


def trusted_url(declared: str, fetched: str | None) -> bool:
    """A declared canonical URL names this article: not a site root, and on the page's own site."""
    if is_site_root(declared):
        return False
    return not fetched or registrable_domain(fetched) in (None, registrable_domain(declared))
