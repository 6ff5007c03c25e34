"""Safe highlighted snippets: document text is HTML-escaped, only <mark> tags are markup."""
from __future__ import annotations

from html import escape

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
SNIPPET_CHARS = 240  # longest snippet either backend returns
# Private-use characters a backend's highlighter can wrap matches in; they never occur in news.
SENTINEL_OPEN, SENTINEL_CLOSE = "\ue000", "\ue001"


def mark_byte_ranges(fragment: str, ranges: list[tuple[int, int]]) -> str:
    """Escape `fragment` and wrap the UTF-8 byte ranges (as tantivy reports them) in <mark>."""
    data = fragment.encode("utf-8")
    out: list[str] = []
    cursor = 0
    for start, end in sorted(ranges):
        if start < cursor:
            continue
        out.append(escape(data[cursor:start].decode("utf-8", "replace")))
        out.append(MARK_OPEN + escape(data[start:end].decode("utf-8", "replace")) + MARK_CLOSE)
        cursor = end
    out.append(escape(data[cursor:].decode("utf-8", "replace")))
    return "".join(out)


def mark_sentinels(text: str) -> str:
    """Escape text whose matches are wrapped in sentinel characters, then turn those into <mark>."""
    cleaned = escape(text)
    return cleaned.replace(SENTINEL_OPEN, MARK_OPEN).replace(SENTINEL_CLOSE, MARK_CLOSE)


def plain_snippet(body: str, length: int = 240) -> str:
    """The opening of the body, cut at a word boundary and escaped: the snippet with no query."""
    text = " ".join(body.split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + " …"
    return escape(text)
