"""Publication dates from the many shapes news pages write them in, as tz-aware UTC datetimes."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser

# Dates outside this window are parse accidents (a year in a title, a copyright line).
_EARLIEST = 1980
_LATEST_AHEAD_DAYS = 2

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:[/\-_.]|$)")
_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# "12 March 2024", "March 12, 2024", "Feb. 3", "2024-03-12": the shapes a dateline or byline uses.
TEXT_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    re.I,
)


def _plausible(value: datetime, now: datetime) -> bool:
    if value.year < _EARLIEST:
        return False
    return (value - now).days <= _LATEST_AHEAD_DAYS


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_date(text: str | None, *, default_year: int | None = None, keep_offset: bool = False) -> datetime | None:
    """Parse one date string (ISO 8601, RFC 2822, "12 March 2024", "Feb. 3"); None if not a date.

    The result is aware: in UTC, or with keep_offset in the page's own offset (so its .date() is
    the calendar day the page shows)."""
    if not text:
        return None
    text = text.strip()[:80]
    if not text or not re.search(r"\d", text):
        return None
    now = datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None:
        default = datetime(default_year or now.year, 1, 1)
        dayfirst = bool(re.match(r"\d{1,2}[./]\d{1,2}[./]\d{4}", text))
        try:
            value = dateutil_parser.parse(text, default=default, fuzzy=True, dayfirst=dayfirst)
        except (ValueError, OverflowError, TypeError):
            return None
    if not _plausible(_as_utc(value), now):
        return None
    return value if keep_offset and value.tzinfo is not None else _as_utc(value)


def date_from_url(url: str | None) -> datetime | None:
    """A /2024/03/12/ (or 20240312) date in a URL path."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        value = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None
    return value if _plausible(value, datetime.now(UTC)) else None


def date_in_text(text: str, *, default_year: int | None = None) -> datetime | None:
    """The first date written out in a short piece of text (a dateline or byline)."""
    for match in TEXT_DATE.finditer(text):
        value = parse_date(match.group(0), default_year=default_year)
        if value is not None:
            return value
    return None
