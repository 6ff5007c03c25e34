"""The article: the one record every part of newsfacet passes around."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ENTITY_TYPES = ("person", "organization", "location")

# Query parameters that only track a visit; they never change which article a URL names.
_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# A path segment of a site's front pages: a language (`en`, `pt-br`) or one plain word (`world`,
# `index.html`). Article paths carry a slug with hyphens, digits or an id in the query.
_ROOT_SEGMENT = re.compile(r"^(?:[a-z]{2}(?:[-_][a-z]{2})?|[a-z]+(?:\.(?:html?|php|aspx?))?)$", re.IGNORECASE)
ROOT_DEPTH = 2
_SURROGATE = re.compile("[\ud800-\udfff]")


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, drop fragments, default ports and tracking parameters."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.hostname or ""
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_PARAMS.match(k)))
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc.lower(), path, query, ""))


def is_site_root(url: str | None) -> bool:
    """A home page or a language/section front (`/`, `/en/`, `/world`, `/en/news/`): many articles
    share one, so it never names an article."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    segments = [s for s in parts.path.split("/") if s]
    if parts.query or len(segments) > ROOT_DEPTH:
        return False
    return all(_ROOT_SEGMENT.match(s) for s in segments)


def normalise_text(text: str) -> str:
    """NFKC, case-folded, white space folded: two copies of one story compare equal."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def fingerprint(title: str, body: str) -> str:
    """Hex SHA-1 of the normalised title and body: equal for exact duplicates."""
    return hashlib.sha1(normalise_text(f"{title}\n{body}").encode("utf-8")).hexdigest()


def article_id(url: str | None, title: str, body: str) -> str:
    """Stable id: from the canonical URL when there is one that names an article (not a site's
    home or section front), else from the normalised text."""
    canon = None if is_site_root(url) else canonical_url(url)
    basis = f"url:{canon}" if canon else f"text:{fingerprint(title, body)}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]


def encodable(text: str) -> str:
    """`text` with lone surrogates (from JSON escapes or undecodable file names) as U+FFFD.

    No engine can store them and no response can encode them; one bad character must not sink a batch.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def offset_minutes(value: datetime | None) -> int | None:
    """Minutes east of UTC a datetime was written in; None when it names no zone."""
    offset = value.utcoffset() if value is not None else None
    return None if offset is None else int(offset.total_seconds()) // 60


def utc(value: datetime | None) -> datetime | None:
    """A timezone-aware UTC datetime (naive values are taken to be UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


PRECISIONS = ("day", "time")
MAX_OFFSET_MINUTES = 18 * 60


def _plausible_offset(offset: object) -> bool:
    return offset is None or (type(offset) is int and -MAX_OFFSET_MINUTES <= offset <= MAX_OFFSET_MINUTES)


def local_time(instant: datetime | None, offset: int | None) -> datetime | None:
    """`instant` shown in the zone `offset` minutes east of UTC (UTC when None or out of range)."""
    if instant is None:
        return None
    if not _plausible_offset(offset) or offset is None:
        return utc(instant)
    return instant.astimezone(timezone(timedelta(minutes=offset)))


@dataclass
class Article:
    """One cleaned news article, ready to index.

    `id` and `fingerprint` are filled from url/title/body when left empty, so a cleaner only
    has to say what it found.
    """

    title: str
    body: str
    url: str | None = None
    published: datetime | None = None  # the instant, in UTC
    # The page's own zone (minutes east of UTC; None: none given) and whether it gave a time of day
    # ("time") or only a day ("day"): the article belongs to the calendar day its outlet printed.
    published_offset: int | None = None
    published_precision: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # sections or subject codes the source assigns
    language: str = "und"
    entities: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in ENTITY_TYPES})
    source: str | None = None
    duplicates: list[str] = field(default_factory=list)  # sources of exact copies folded into this one
    id: str = ""
    fingerprint: str = ""
    story_id: str = ""  # shared by near-duplicate versions (engine/stories.py); empty: its own story
    # LSH band keys that find its versions: indexed, not in to_dict (they follow from the text)
    story_keys: list[str] = field(default_factory=list)
    word_count: int = 0
    indexed_at: datetime | None = None

    def __post_init__(self) -> None:
        self._make_encodable()
        self.url = canonical_url(self.url) or (self.url.strip() if self.url else None)
        self._split_published()
        self.indexed_at = utc(self.indexed_at)
        for kind in ENTITY_TYPES:
            self.entities.setdefault(kind, [])
        if not self.fingerprint:
            self.fingerprint = fingerprint(self.title, self.body)
        if not self.id:
            self.id = article_id(self.url, self.title, self.body)
        if not self.story_id:
            self.story_id = self.id
        if not self.word_count:
            self.word_count = len(self.body.split())

    def _split_published(self) -> None:
        """Keep the page's offset and precision beside the UTC instant (unless given already)."""
        value = self.published
        if value is None:
            self.published_offset = self.published_precision = None
            return
        if self.published_offset is None:
            self.published_offset = offset_minutes(value)
        if not _plausible_offset(self.published_offset):
            self.published_offset = None  # forged: no zone is more than 18 hours from UTC
        if self.published_precision not in PRECISIONS:
            # A parser that saw no time of day leaves midnight: then only the day is known.
            midnight = (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)
            self.published_precision = "day" if midnight else "time"
        if self.published_precision == "day" and self.published_offset == 0:
            self.published_offset = None  # a day read as UTC midnight names no zone
        self.published = utc(value)

    @property
    def published_local(self) -> datetime | None:
        """The publication instant in the zone the page gave (UTC when it gave none)."""
        return local_time(self.published, self.published_offset)

    @property
    def local_day(self) -> date | None:
        """The calendar day the outlet printed: what the histogram and date filters count."""
        local = self.published_local
        return local.date() if local is not None else None

    def _make_encodable(self) -> None:
        self.title, self.body = encodable(self.title), encodable(self.body)
        for name in ("url", "outlet", "source", "language"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, encodable(value))
        self.authors = [encodable(name) for name in self.authors]
        self.topics = [encodable(name) for name in self.topics]
        self.duplicates = [encodable(name) for name in self.duplicates]
        self.entities = {kind: [encodable(name) for name in names] for kind, names in self.entities.items()}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (datetimes as ISO 8601 strings)."""
        # Built by hand: dataclasses.asdict deep-copies every list and is the slowest step of a bulk write.
        data: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["authors"] = list(self.authors)
        data["topics"] = list(self.topics)
        data["duplicates"] = list(self.duplicates)
        del data["story_keys"]
        data["entities"] = {kind: list(names) for kind, names in self.entities.items()}
        for key in ("published", "indexed_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of `to_dict`; unknown keys are ignored."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        # A stored article that recorded "no zone" (schema 4) stays without one; older ones had no field.
        zoneless = "published_offset" in known and known["published_offset"] is None
        for key in ("published", "indexed_at"):
            if isinstance(known.get(key), str):
                known[key] = datetime.fromisoformat(known[key])
                if key == "published" and zoneless:
                    known[key] = utc(known[key]).replace(tzinfo=None)
        known["entities"] = {t: list((data.get("entities") or {}).get(t, [])) for t in ENTITY_TYPES}
        known["authors"] = list(known.get("authors") or [])
        known["topics"] = list(known.get("topics") or [])
        known["duplicates"] = list(known.get("duplicates") or [])
        known["story_keys"] = list(known.get("story_keys") or [])
        return cls(**known)

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Article:
        """`from_dict` for a stored form this schema writes (`to_dict` and the story keys): its values
        were normalised by `__post_init__` before they were stored, so they are taken as they are
        (normalising them again was over half the cost of reading a stored article; README, Measured).
        Any other dict, an older stored form for one, goes through `from_dict`."""
        article = cls.__new__(cls)  # no __post_init__
        values = vars(article)
        try:
            for name in _FIELDS:
                values[name] = data[name]
        except KeyError:
            return cls.from_dict(data)
        for name in ("published", "indexed_at"):
            if values[name] is not None:
                values[name] = datetime.fromisoformat(values[name])
        for name in ("authors", "topics", "duplicates", "story_keys"):
            values[name] = list(values[name])
        entities = data["entities"]
        values["entities"] = {kind: list(entities.get(kind, ())) for kind in ENTITY_TYPES}
        return article


# Every field of an Article: the keys of its stored form (engine/backends/tantivy_schema.stored_form).
_FIELDS = tuple(Article.__dataclass_fields__)
