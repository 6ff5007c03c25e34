"""Safe highlighted snippets: document text is HTML-escaped, only <mark> tags are markup.

Words in CJK scripts are found through bigram fields whose tokens no highlighter can map back to the
body, so both engines mark them here, with the same code: `cjk_snippet` looks for each CJK word or
phrase of the query in the body (case-insensitive, any spaces or punctuation between its words) and cuts a
snippet around the first one. It serves a hit whose engine snippet is empty (the engines mark the
query's other words as before).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html import escape

from newsfacet.engine.analysis import STEMMED_LANGUAGES, WORD_PATTERN, has_cjk
from newsfacet.engine.analyzers import NEUTRAL, build_analyzers, stem_analyzer_name
from newsfacet.engine.query import Node, Prefix, body_terms, positive_terms

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
SNIPPET_CHARS = 240  # longest snippet either backend returns
# Private-use characters a backend's highlighter can wrap matches in; they never occur in news.
SENTINEL_OPEN, SENTINEL_CLOSE = "\ue000", "\ue001"


def sentinel_byte_ranges(fragment: str, ranges: list[tuple[int, int]]) -> str:
    """Wrap the UTF-8 byte ranges of `fragment` (as tantivy reports them) in sentinel characters."""
    data = fragment.encode("utf-8")
    out: list[str] = []
    cursor = 0
    for start, end in sorted(ranges):
        if start < cursor:
            continue
        out += [data[cursor:start].decode("utf-8", "replace"), SENTINEL_OPEN,
                data[start:end].decode("utf-8", "replace"), SENTINEL_CLOSE]
        cursor = end
    out.append(data[cursor:].decode("utf-8", "replace"))
    return "".join(out)


def mark_byte_ranges(fragment: str, ranges: list[tuple[int, int]], body: str | None = None) -> str:
    """Escape `fragment` and wrap the UTF-8 byte ranges in <mark>; cut cleanly when `body` is given."""
    marked = sentinel_byte_ranges(fragment, ranges)
    return mark_sentinels(marked if body is None else clean_cut(marked, body))


def mark_sentinels(text: str) -> str:
    """Escape text whose matches are wrapped in sentinel characters, then turn those into <mark>."""
    cleaned = escape(text)
    return cleaned.replace(SENTINEL_OPEN, MARK_OPEN).replace(SENTINEL_CLOSE, MARK_CLOSE)


def plain_snippet(body: str, length: int = SNIPPET_CHARS) -> str:
    """The opening of the body, cut at a word boundary and escaped: the snippet with no query."""
    # Only the opening is folded: four times the length holds it unless the body is mostly white space.
    head = body[:4 * length]
    text = " ".join(head.split())
    if len(text) <= length + 1 and len(head) < len(body):
        text = " ".join(body.split())
    return escape(clean_cut(text[:length], text) if len(text) > length else text)


# -- clean cuts ---------------------------------------------------------------------------------
ELLIPSIS = "…"
_SENTINELS = SENTINEL_OPEN + SENTINEL_CLOSE
_LOOKAHEAD = 40  # characters searched for a space before a script is taken to write words without them


def clean_cut(fragment: str, body: str) -> str:
    """A fragment of `body` (matches wrapped in sentinels) whose cut ends fall between words, with an
    ellipsis at each cut. Scripts written without spaces (Chinese, Japanese) are cut between
    characters; a cut never splits a character from its combining marks or joiners."""
    plain = fragment.replace(SENTINEL_OPEN, "").replace(SENTINEL_CLOSE, "")
    where = body.find(plain) if plain else -1
    before = body[:where] if where >= 0 else None
    after = body[where + len(plain):] if where >= 0 else None
    cut_before, cut_after = before is None or bool(before.strip()), after is None or bool(after.strip())
    text = _trim_end(fragment, after[:1] if after else "") if cut_after else fragment
    text = _trim_start(text, before[-1:] if before else "") if cut_before else text
    return (ELLIPSIS + " " if cut_before else "") + text + (" " + ELLIPSIS if cut_after else "")


def _trim_start(text: str, previous: str) -> str:
    """Drop a token (a run without spaces) cut in two at the start, or marks cut from their letter."""
    start = 0
    if previous and not previous.isspace() and text and not text[0].isspace():
        space = _first_space(text[:_LOOKAHEAD])
        if space is not None and _sentinel_free(text[:space]):
            start = space
    while start < len(text) and _attaches(text[start]):
        start += 1
    return text[start:].lstrip()


def _trim_end(text: str, following: str) -> str:
    """Drop a token cut in two at the end, or (in a script written without spaces) a letter whose
    marks were cut off."""
    end = len(text)
    if following and not following.isspace() and text and not text[-1].isspace():
        tail = text[max(0, end - _LOOKAHEAD):]
        space = _last_space(tail)
        if space is not None and _sentinel_free(tail[space:]):
            end = end - len(tail) + space
        elif _attaches(following):
            while end > 0 and _attaches(text[end - 1]):
                end -= 1
            end = max(0, end - 1)  # the base letter the cut marks belong to
    return text[:end].rstrip()


def _attaches(char: str) -> bool:
    """Combining marks, joiners and variation selectors belong to the character before them."""
    return unicodedata.category(char) in ("Mn", "Mc", "Me") or char in "\u200d\u200c" or \
        "\ufe00" <= char <= "\ufe0f"


def _first_space(text: str) -> int | None:
    found = next((at for at, char in enumerate(text) if char.isspace()), None)
    return found


def _last_space(text: str) -> int | None:
    found = [at for at, char in enumerate(text) if char.isspace()]
    return found[-1] if found else None


def _sentinel_free(text: str) -> bool:
    """A dropped piece must not hold a match's sentinel, or the marks would unbalance."""
    return not any(char in _SENTINELS for char in text)


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


# How much of a CJK snippet comes before the first match: enough context to read it by.
CJK_CONTEXT_BEFORE = 60


def cjk_words(node: Node | None) -> list[str]:
    """The positive query words and phrases with CJK characters that snippets mark."""
    return [leaf.text for leaf in body_terms(node) if has_cjk(leaf.text)]


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
    window = text[start:start + SNIPPET_CHARS]
    # The engines' snippets and this one end the same way: clean_cut drops a word cut in two and adds "…".
    marked = pattern.sub(lambda match: SENTINEL_OPEN + match.group() + SENTINEL_CLOSE, window)
    return mark_sentinels(clean_cut(marked, text))
