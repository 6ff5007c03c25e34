"""JSON Lines: one article per line (url, title, text or html, published, outlet, authors, topics,
language, entities). `newsfacet export` writes this format, so an export indexes back as it was.

The main process splits the file into lines; a worker parses each. A bad line is one failed
input and the others go on; a file cut short (truncated gzip) fails at the line where it stops.
"""
from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from newsfacet.engine.model import ENTITY_TYPES, Article, local_time
from newsfacet.indexer.errors import InputFailed, InputSkipped
from newsfacet.indexer.names import escape_name
from newsfacet.indexer.sources.files import container_error, open_input
from newsfacet.indexer.sources.model import FileStamp, Source, SourceFormat, Timed, rejected
from newsfacet.indexer.topics import normalise_topics

_TEXT_KEYS = ("text", "body", "content")
_DATE_KEYS = ("published", "date", "published_at", "datePublished")
# Labels a record may carry for its subject, each a string or a list of strings; all are kept, in this order.
_TOPIC_KEYS = ("topics", "topic", "section", "category")
# A language code as the detector writes it (`en`, `zh-cn`) or `und`.
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$")
# Bounds on entities a record may name: more is a list of keywords, not the people in one story.
MAX_ENTITIES_PER_TYPE = 200
MAX_ENTITY_CHARS = 200
MAX_DUPLICATES = 1000  # sources of exact copies an export lists beside its article


def jsonl_records(path: str, stamp: FileStamp, max_bytes: int, name: str | None = None) -> Iterator[Source]:
    """One record per non-blank line, named `name#LINE` (1-based)."""
    name = name or escape_name(path)
    number = 0
    try:
        with open_input(path) as handle:
            while True:
                line = handle.readline(max_bytes + 1)
                if not line:
                    return
                number += 1
                record = f"{name}#{number}"
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    _skip_rest_of_line(handle)
                    yield rejected(record, InputSkipped("line larger than the size limit (--max-mb)"), stamp)
                elif line.strip():
                    yield Source(source=record, kind="jsonl", stamp=stamp, data=line)
    except (OSError, EOFError, zlib.error) as error:
        yield rejected(f"{name}#{number + 1}", container_error(error), stamp)


def _skip_rest_of_line(handle: Any) -> None:
    while True:
        chunk = handle.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _authors(record: dict[str, Any]) -> list[str]:
    return _strings(record.get("authors", record.get("author")))


def _strings(value: Any) -> list[str]:
    """A string or a list of strings as a list, blanks and other types dropped."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def _topics(record: dict[str, Any]) -> list[str]:
    """The record's topics; normalised here too, so only a real one overrides those its HTML declares."""
    values: list[Any] = []
    for key in _TOPIC_KEYS:
        value = record.get(key)
        values.extend(value if isinstance(value, list) else [value])
    return normalise_topics(values)


def _language(record: dict[str, Any]) -> dict[str, str]:
    """{"language": code} for a well-formed code; the detector still decides when the text can tell."""
    value = record.get("language")
    return {"language": value} if isinstance(value, str) and _LANGUAGE.match(value) else {}


def _entities(record: dict[str, Any]) -> dict[str, list[str]]:
    """The record's entities by type (person, organization, location); anything else is ignored."""
    value = record.get("entities")
    if not isinstance(value, dict):
        return {}
    entities = {}
    for kind in ENTITY_TYPES:
        names = value.get(kind)
        if isinstance(names, list):
            entities[kind] = [name.strip() for name in names[:MAX_ENTITIES_PER_TYPE]
                              if isinstance(name, str) and name.strip() and len(name) <= MAX_ENTITY_CHARS]
    return entities if any(entities.values()) else {}


def _published(record: dict[str, Any]) -> datetime | None:
    from newsfacet.indexer.dates import parse_date

    for key in _DATE_KEYS:
        text = _text(record.get(key))
        if text:
            found = parse_date(text, keep_offset=True)  # the record's zone names its local day
            offset = record.get("published_offset")
            if found is not None and found.tzinfo is not None and type(offset) is int:
                # `newsfacet export` writes the UTC instant and the page's offset beside it.
                found = local_time(found, offset)
            return found
    return None


def parse_record(record: dict[str, Any], source: str) -> Article:
    """An article from one decoded JSON object: HTML is cleaned, given fields win over found ones."""
    from newsfacet.indexer.clean import clean_html, clean_text

    url = _text(record.get("url"))
    title = _text(record.get("title"))
    html = _text(record.get("html"))
    text = next((_text(record.get(key)) for key in _TEXT_KEYS if _text(record.get(key))), None)
    fields = {"outlet": _text(record.get("outlet")), "published": _published(record), "authors": _authors(record),
              "topics": _topics(record), "entities": _entities(record),
              "duplicates": _strings(record.get("duplicates"))[:MAX_DUPLICATES], **_language(record)}
    if html is None and text is not None and title is not None:
        return Article(title=title, body=text, url=url, source=source, **fields)
    if html is not None:
        article = clean_html(html, url)
    elif text is not None:
        article = clean_text(text, source)
    else:
        raise InputSkipped("JSON record has no text or html")
    given = {key: value for key, value in {**fields, "title": title, "url": url}.items() if value}
    if given:
        # Rebuild so the id and fingerprint follow the fields the record itself names.
        published = given.pop("published", None)
        data = {**article.to_dict(), **given, "id": "", "fingerprint": "", "word_count": 0}
        if published is not None:  # the record's own date, with its own zone and precision
            data.update(published=published, published_offset=None, published_precision=None)
        article = Article.from_dict(data)
    article.source = source
    return article


def parse_line(data: bytes, source: str) -> Article:
    """Decode and parse one JSONL line (worker side)."""
    try:
        record = json.loads(data.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as error:
        raise InputFailed(f"invalid JSON: {error.msg} at column {error.colno}") from error
    if not isinstance(record, dict):
        raise InputFailed(f"JSON line is a {type(record).__name__}, not an object")
    return parse_record(record, source)


def line_article(source: Source, data: bytes, timed: Timed) -> Article:
    """The worker's step for one line: parse it and clean its text or html."""
    return timed("clean", parse_line, data, source.source)


FORMAT = SourceFormat(name="jsonl", extensions=(".jsonl", ".ndjson"), records=jsonl_records,
                      to_article=line_article, no_records="no records: no JSON line in the file")
