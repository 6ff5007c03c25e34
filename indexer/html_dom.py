"""Turn raw HTML into a parsed tree safely: bounded size, bounded nesting, never a crash.

Limits, and why:
- MAX_RAW_CHARS / MAX_HTML_CHARS: only the first 8 M characters of a page are read; scripts
  (except JSON-LD), styles and comments are dropped, and of what is left only the first 1 M
  characters are parsed (about 150k words: far more than any article; what is cut is footers).
  This bounds time and memory for a 50 MB file at a few seconds and ~200 MB.
- MAX_DEPTH: bs4 and lxml walk trees recursively in places, so a page nested 100k levels deep
  would hit RecursionError or libxml2's depth limit. Such a page is flattened (layout tags are
  dropped, paragraph-level tags kept); if it is still too deep it fails with a reason.
"""
from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from newsfacet.indexer.decode import decode_document
from newsfacet.indexer.errors import InputFailed

MAX_RAW_CHARS = 8_000_000
MAX_HTML_CHARS = 1_000_000
MAX_DEPTH = 400

_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "p li option dt dd".split())  # the last five close themselves implicitly
# Tags kept when flattening a pathologically deep page: they carry paragraphs and metadata.
_KEEP_WHEN_FLAT = re.compile(
    r"</?(?!(?:p|br|h[1-6]|li|title|meta|link|time|html|head|body|script|style)\b)[a-zA-Z][^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Script and style bodies are most of a modern page's bytes and never article text; JSON-LD
# scripts stay because they carry the metadata.
_SCRIPT = re.compile(r"<(script|style)\b(?![^>]*ld\+json)[^>]*>.*?</\1\s*>", re.S | re.I)


def to_text(html: str | bytes) -> str:
    """Decode bytes (BOM, meta charset, detection), drop scripts and styles, apply the caps."""
    if isinstance(html, bytes):
        html = decode_document(html[:MAX_RAW_CHARS], is_html=True)
    html = _SCRIPT.sub(" ", html[:MAX_RAW_CHARS].replace("\x00", ""))
    return _COMMENT.sub(" ", html)[:MAX_HTML_CHARS]


def nesting_depth(html: str, stop_at: int = MAX_DEPTH) -> int:
    """Approximate element depth from the tag stream, stopping early once past `stop_at`."""
    if html.count("<") < stop_at:
        return 0
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, selfclose = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or selfclose:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > stop_at:
                break
    return deepest


def bounded_markup(html: str | bytes) -> str:
    """Decoded, size-capped markup whose nesting the parsers can handle."""
    text = to_text(html)
    if nesting_depth(text) > MAX_DEPTH:
        text = _KEEP_WHEN_FLAT.sub(" ", text)
        if nesting_depth(text) > MAX_DEPTH:
            raise InputFailed(f"HTML nested more than {MAX_DEPTH} levels deep")
    return text


def parse(markup: str) -> BeautifulSoup:
    """bs4 tree with the lxml parser; a parser failure becomes InputFailed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(markup, "lxml")
        except (RecursionError, ValueError, TypeError) as exc:
            raise InputFailed(f"HTML could not be parsed: {type(exc).__name__}") from exc
