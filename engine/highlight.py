"""Safe highlighted snippets: document text is HTML-escaped, only <mark> tags are markup.

Words in CJK scripts are found through bigram fields whose tokens no highlighter can map back to the
body, so both engines mark them here, with the same code: `cjk_snippet` looks for each CJK word or
phrase of the query in the body (case-insensitive, any spaces or punctuation between its words) and cuts a
snippet around the first one. It serves a hit whose engine snippet is empty (the engines mark the
query's other words as before).
"""
from __future__ import annotations

import re
from html import escape

from newsfacet.engine.analysis import has_cjk
from newsfacet.engine.query import Node, positive_terms

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


# How much of a CJK snippet comes before the first match: enough context to read it by.
CJK_CONTEXT_BEFORE = 60


def cjk_words(node: Node | None) -> list[str]:
    """The positive query words and phrases with CJK characters that snippets mark."""
    if node is None:
        return []
    return [leaf.text for leaf in positive_terms(node) if leaf.field in (None, "title") and has_cjk(leaf.text)]


def cjk_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all `words` (longest first, so a phrase wins over its word)."""
    # Between a phrase's words the search skips spaces and punctuation alike (cjk_tokens drops both).
    alternatives = [r"\W+".join(re.escape(part) for part in word.split())
                    for word in sorted(set(words), key=len, reverse=True) if word.split()]
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def cjk_snippet(body: str, pattern: re.Pattern[str] | None) -> str:
    """Safe HTML around the first match of `pattern` in `body`, every match in it marked; "" if none."""
    text = " ".join(body.split())
    first = pattern.search(text) if pattern is not None else None
    if first is None:
        return ""
    start = max(0, first.start() - CJK_CONTEXT_BEFORE)
    if start > 0:  # begin at a word, not inside one
        space = text.find(" ", start, first.start())
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text) and (space := text.rfind(" ", first.end(), end)) > 0:
        end = space
    window = text[start:end]
    out, cursor = [], 0
    for match in pattern.finditer(window):
        out += [escape(window[cursor:match.start()]), MARK_OPEN, escape(match.group()), MARK_CLOSE]
        cursor = match.end()
    out.append(escape(window[cursor:]))
    return ("… " if start > 0 else "") + "".join(out) + (" …" if end < len(text) else "")
