"""Topics (sections, subject codes) as sources give them, made fit for a facet.

Every source hands its raw values to `normalise_topics`, applied once per article in the worker
(indexer.process), so a Reuters code, a page's `article:section`, a JSONL `category` and a folder
name all obey the same rules. Values are never invented from the text: a source names them or
there are none.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from newsfacet.indexer.names import strip_controls
from newsfacet.indexer.outlets import same_site_name

# Above the most any Reuters-21578 story carries (16); a page listing more is listing tags, not sections.
MAX_TOPICS = 20
# A section name is a few words; a longer value is a sentence, a keyword list or a broken template.
MAX_TOPIC_CHARS = 80
_URL = re.compile(r"://|^(?:www\.|mailto:)", re.I)
_WORD_CHARACTER = re.compile(r"\w")
# Placeholders publishing systems fill in when nobody chose a section (WordPress: "Uncategorized").
# Some fill in the kind of page instead ("article", "post").
_PLACEHOLDERS = {"uncategorized", "uncategorised", "none", "null", "undefined", "n/a", "-", "article", "post"}


def _topic(value: object) -> str | None:
    """One value as a topic, or None when it is not text or is junk."""
    if not isinstance(value, str):
        return None
    text = " ".join(strip_controls(value).split())
    if (not text or len(text) > MAX_TOPIC_CHARS or _URL.search(text)
            or not _WORD_CHARACTER.search(text) or text.casefold() in _PLACEHOLDERS):
        return None
    return text


def normalise_topics(values: Iterable[object], outlet: str | None = None) -> list[str]:
    """White space folded, junk dropped (URLs, over-long, placeholders), case-insensitive duplicates
    dropped keeping the first spelling, at most MAX_TOPICS, in the order given.

    A value that is the `outlet`'s own name is the site, not a section (pages that put their name in
    `article:section`); the outlet rules refuse the other way round (a site name equal to a section)."""
    topics: list[str] = []
    seen: set[str] = set()
    for value in values:
        topic = _topic(value)
        if topic is None or topic.casefold() in seen or same_site_name(topic, outlet):
            continue
        seen.add(topic.casefold())
        topics.append(topic)
        if len(topics) == MAX_TOPICS:
            break
    return topics
