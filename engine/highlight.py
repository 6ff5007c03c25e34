"""Safe highlighted snippets: document text is HTML-escaped, only <mark> tags are markup."""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from newsfacet.engine.analysis import STEMMED_LANGUAGES, WORD_PATTERN
from newsfacet.engine.backends.tantivy_schema import NEUTRAL, build_analyzers, stem_analyzer_name
from newsfacet.engine.query import Node, Prefix, positive_terms

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


class TermMarker:
    """Marks the query's positive words in a whole text (the article page) with the index's analysis:
    a body word is marked when its plain form or its stem in the article's language equals a query
    word's, or when it starts with a query prefix; phrases mark their words."""

    def __init__(self, node: Node | None, language: str) -> None:
        analyzers = _analyzers()
        self.plain = analyzers[NEUTRAL]
        self.stemmer = analyzers.get(stem_analyzer_name(language)) if language in STEMMED_LANGUAGES else None
        leaves = [leaf for leaf in positive_terms(node) if leaf.field in _BODY_FIELDS] if node else []
        words = [leaf.text for leaf in leaves if not isinstance(leaf, Prefix)]
        self.words = {token for text in words for token in self.plain.analyze(text)}
        self.stems = {token for text in words for token in self._stems(text)}
        self.prefixes = tuple(leaf.text.lower() for leaf in leaves if isinstance(leaf, Prefix) and leaf.text)
        self._seen: dict[str, bool] = {}

    def _stems(self, text: str) -> list[str]:
        return self.stemmer.analyze(text) if self.stemmer is not None else []

    def wanted(self, word: str) -> bool:
        lowered = word.lower()
        if lowered not in self._seen:
            self._seen[lowered] = (lowered in self.words or lowered.startswith(self.prefixes)
                                   or bool(self.stems.intersection(self._stems(word))))
        return self._seen[lowered]

    def mark(self, text: str) -> str:
        """The text escaped, its matching words wrapped in <mark>."""
        if not (self.words or self.prefixes):
            return escape(text)
        out, cursor = [], 0
        for match in _WORD.finditer(text):
            if self.wanted(match.group()):
                out += [escape(text[cursor:match.start()]), MARK_OPEN, escape(match.group()), MARK_CLOSE]
                cursor = match.end()
        out.append(escape(text[cursor:]))
        return "".join(out)


_WORD = re.compile(WORD_PATTERN)
_BODY_FIELDS = (None, "title", "body")  # unfielded words search the body; a title word is marked too


@lru_cache(maxsize=1)
def _analyzers() -> dict:
    return build_analyzers()
