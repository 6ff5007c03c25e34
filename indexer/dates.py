"""Publication dates from the many shapes news pages write them in, as tz-aware UTC datetimes."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import dateparser
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


# dateparser for datelines and bylines in any language: absolute dates only (no "yesterday",
# no "3 days ago"), and only a value that names its day, month and year is a day.
_DAY_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["timestamp", "absolute-time"],
                 "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC", "STRICT_PARSING": True,
                 "DATE_ORDER": "DMY"}
# Defaults that differ in month and day: a value that keeps either was missing it (a partial date).
_PROBE_DEFAULTS = ((1, 1), (2, 2))


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
        value = _dateutil_day(text, default_year or now.year)
        if value is None:
            return None
    if not _plausible(_as_utc(value), now):
        return None
    return value if keep_offset and value.tzinfo is not None else _as_utc(value)


def _dateutil_day(text: str, year: int) -> datetime | None:
    """dateutil's reading of the text, or None when it lacks a month or a day ("2023", "May 2023"
    are not days: they would come back as the first of the month or of the year)."""
    dayfirst = bool(re.match(r"\d{1,2}[./]\d{1,2}[./]\d{4}", text))
    values = []
    for month, day in _PROBE_DEFAULTS:
        try:
            values.append(dateutil_parser.parse(text, default=datetime(year, month, day), fuzzy=True,
                                                dayfirst=dayfirst))
        except (ValueError, OverflowError, TypeError):
            return None
    return values[0] if values[0] == values[1] else None


def day_in_line(text: str, languages: list[str] | None = None, *,
                default_year: int | None = None) -> datetime | None:
    """The day a short line (a dateline's date part, a byline) names, in any language dateparser
    reads ("14 mars 2024", "6. Juni 2024", "19 января 2023", "2025년 1월 22일"); UTC midnight.

    With default_year, a day and month without a year ("Feb. 3") take that year; a month or a
    year alone, and relative words, are never a day."""
    text = re.sub(r"\([^)]*\)", " ", text).strip(" ,.-\u2013\u2014:")
    if not text or not re.search(r"\d", text) or len(text) > 60:
        return None
    candidates = [text] + ([f"{text} {default_year}"] if default_year else [])
    for candidate in candidates:
        try:
            value = dateparser.parse(candidate, languages=languages, settings=_DAY_SETTINGS)
        except (ValueError, OverflowError, TypeError):
            value = None
        if value is not None and _plausible(value, datetime.now(UTC)):
            return value.astimezone(UTC)
    return None


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
