"""HTML page -> Article: metadata from the page, main text from two extractors and a choice rule.

Two candidates for the body:
- ours: bs4 pre-clean (drop nav, ads, captions, share widgets, ...) and the element whose text is
  most prose and least furniture (html_extract); it keeps whole containers, so it has high recall
  (sub-headings, lists, tables) but also the title, byline and link lists around the story;
- trafilatura's, run on the same bounded markup: precise, but it often drops parts of the story.
The rule: trafilatura's paragraphs confirm where the story lies in ours; we keep our paragraphs from
the first to the last confirmed one (widened over adjacent long prose), minus interface and
marketing lines. When ours does not hold trafilatura's story (wrong container), trafilatura's text
is used. Thresholds were tuned on wcxb dev articles 1-400 and checked on the rest
(scripts/eval_extraction.py measures both against trafilatura alone).
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

import trafilatura
from newsfacet.engine.model import Article
from newsfacet.indexer.clean_authors import split_authors
from newsfacet.indexer.clean_text import drop_leading_byline
from newsfacet.indexer.dates import parse_date
from newsfacet.indexer.errors import InputSkipped
from newsfacet.indexer.html_dom import bounded_markup, parse
from newsfacet.indexer.html_extract import extract_main, preclean
from newsfacet.indexer.html_meta import (
    find_authors,
    find_date,
    find_outlet,
    find_title,
    find_topics,
    find_url,
    json_ld,
    modified_stamps,
    published_days,
)

_WORD = re.compile(r"\w+")
# Choice rule thresholds, tuned on the wcxb dev articles with scripts/eval_extraction.py.
MIN_COVERAGE = 0.8
EXTEND_CHARS = 80
JUNK_MAX_WORDS = 25
CONFIRMED_SHARE = 0.3
MIN_SIZE_RATIO = 0.5
MIN_WORDS = 5


def _tokens(text: str) -> Counter:
    return Counter(w.casefold() for w in _WORD.findall(text))


def trafilatura_candidate(markup: str, url: str | None):
    """trafilatura's extraction (text and metadata) of the markup, or None."""
    try:
        return trafilatura.bare_extraction(markup, url=url, include_comments=False,
                                           with_metadata=True, include_tables=True)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None


def _norm(text: str) -> str:
    return " ".join(w.casefold() for w in _WORD.findall(text))


def _confirmed(paragraphs: list[str], theirs_norm: str) -> list[bool]:
    """Which of our paragraphs trafilatura also found."""
    return [len(_WORD.findall(p)) >= 3 and _norm(p) in theirs_norm for p in paragraphs]


def _is_long(paragraph: str) -> bool:
    return len(paragraph) >= EXTEND_CHARS


def _extend(paragraphs: list[str], first: int, last: int) -> tuple[int, int]:
    """Widen the span over adjacent long prose paragraphs trafilatura dropped."""
    def ahead(i: int, step: int) -> int:
        while 0 <= i + step < len(paragraphs):
            nxt = i + step
            if _is_long(paragraphs[nxt]):
                i = nxt
            else:
                break
        return i
    return ahead(first, -1), ahead(last, 1)


_JUNK_LINE = re.compile(
    r"\b(?:share (?:on|this|via)|sign(?:ing)? up|sign me up|newsletter|subscri|sponsored|advertisement|"
    r"credit:|read more|related (?:articles|posts|stories|content)|thanks for signing|opens in a new|"
    r"privacy policy|terms of (?:use|service)|cookies?\b|all rights reserved|follow us|by clicking|"
    r"click here|log ?in|download (?:now|guide)|get started|learn more|buy now|shop now|"
    r"add to cart|back to top|jump to|table of contents|skip to)",
    re.I)


def _is_junk(paragraph: str) -> bool:
    """A short line that is an interface label or a marketing call, not article prose."""
    return len(paragraph.split()) <= JUNK_MAX_WORDS and bool(_JUNK_LINE.search(paragraph))


def choose_body(ours: str, theirs: str) -> str:
    """Our paragraphs trimmed to the span trafilatura confirms; trafilatura's when ours misses it."""
    other = _tokens(theirs)
    other_total = sum(other.values())
    if other_total < MIN_WORDS:
        return ours
    paragraphs = ours.split("\n\n")
    confirmed = _confirmed(paragraphs, _norm(theirs))
    hits = [i for i, ok in enumerate(confirmed) if ok]
    if not hits:
        return theirs
    first, last = _extend(paragraphs, hits[0], hits[-1])
    # Inside the span, what trafilatura skipped stays (sub-headings, lists, tables it drops)
    # unless it is an interface label or a marketing line.
    kept = [p for i, p in enumerate(paragraphs[first:last + 1], first) if confirmed[i] or not _is_junk(p)]
    merged = "\n\n".join(kept)
    coverage = sum((_tokens(merged) & other).values()) / other_total
    if coverage >= MIN_COVERAGE:
        return merged
    # trafilatura may have taken page furniture ours left out: still ours when trafilatura
    # confirms most of our span and the span is not tiny next to trafilatura's text.
    confirmed_words = sum(len(p.split()) for p, ok in zip(paragraphs, confirmed, strict=True) if ok)
    merged_words = len(merged.split())
    if confirmed_words >= CONFIRMED_SHARE * merged_words and merged_words >= MIN_SIZE_RATIO * other_total:
        return merged
    return theirs


def _year_only(value: datetime) -> bool:
    """htmldate writes a page's bare year as its 1 January at midnight: a year, not a day."""
    return (value.month, value.day, value.hour, value.minute) == (1, 1, 0, 0)


def choose_date(ours: datetime | None, theirs: datetime | None, modified: set[date] | frozenset[date] = frozenset(),
                published: set[date] | frozenset[date] = frozenset()) -> datetime | None:
    """htmldate's day (via trafilatura), keeping our timestamp when it falls on that same day.

    htmldate reports the page's own calendar day; on wcxb it is right more often than the first
    date a page declares (0.876 against 0.776 on 210 dated pages). Our timestamp (in the page's
    offset, so its date is the page's day) is kept when they agree: it carries the exact instant.
    Ours is kept too when it is a day the page names as its publication (`published`) or
    htmldate's day is one it declares as an update (`modified`): published beats modified.
    A 1 January from htmldate that ours does not confirm
    is a bare year, not a day.
    """
    if theirs is not None and _year_only(theirs) and (ours is None or ours.date() != theirs.date()):
        theirs = None
    if ours is None or theirs is None:
        return ours or theirs
    if ours.date() in published - modified or (theirs.date() in modified and ours.date() not in modified):
        return ours
    return ours if ours.date() == theirs.date() else theirs


def _paragraphs(text: str) -> str:
    """trafilatura writes one paragraph a line; the Article body wants blank lines between them."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


def _drop_leading_title(body: str, title: str) -> str:
    first, _, rest = body.partition("\n\n")
    if title and first.casefold() == title.casefold() and rest:
        return rest
    return body


def html_to_article(html: str | bytes, url: str | None = None) -> Article:
    """The full HTML cleaning path (see indexer.clean.clean_html for the contract)."""
    if not html or not (html.strip() if isinstance(html, str) else html.strip(b" \t\r\n\x00")):
        raise InputSkipped("empty document")
    markup = bounded_markup(html)
    soup = parse(markup)
    ld = json_ld(soup)
    outlet = find_outlet(soup, ld, url)
    title = find_title(soup, ld, outlet)
    published = find_date(soup, ld, url)
    declared, modified = published_days(soup, ld), {value.date() for value in modified_stamps(soup, ld)}
    authors = find_authors(soup, ld)
    canonical = find_url(soup, url)
    topics = find_topics(soup, ld)
    doc = trafilatura_candidate(markup, url)
    theirs = _paragraphs(getattr(doc, "text", None) or "") if doc is not None else ""
    preclean(soup)
    body = choose_body(extract_main(soup), theirs)
    if doc is not None:
        title = title or (doc.title or "")
        published = choose_date(published, parse_date(doc.date), modified, declared)
        authors = authors or split_authors([doc.author or ""], strict=False)
    body = drop_leading_byline(_drop_leading_title(body, title), authors)
    if len(_WORD.findall(body)) < MIN_WORDS:
        raise InputSkipped("no article text found in the page")
    return Article(title=title or body.split("\n", 1)[0][:120], body=body, url=canonical,
                   published=published, outlet=outlet, authors=authors, topics=topics)
