"""Plain-text article -> Article: title line, byline, dateline, body without scraped boilerplate.

The shape we expect (and what scrapers leave around it): an optional photo-caption fragment, the
title line, an optional "By ..." byline, an optional "PLACE, DATE -" dateline, the paragraphs (one
per line, or separated by blank lines), then subscription / follow-us appeals at the end.
"""
from __future__ import annotations

import re
from datetime import datetime

from newsfacet.engine.model import Article
from newsfacet.indexer.clean_authors import split_authors
from newsfacet.indexer.dates import TEXT_DATE, day_in_line
from newsfacet.indexer.errors import InputSkipped
from newsfacet.indexer.language import UNDETERMINED, detect_language

# A line that is a photo caption or credit, wherever it stands.
_CAPTION = re.compile(
    r"(?:^|[\s/|(\[])(?:photo|image|picture|pic|video|credit|source)s?\s*(?:courtesy|credit|by|:)"
    r"|\bphoto\s*[:/]|\bgetty images\b|\breuters/|\bap photo\b|\bafp\b\s*(?:photo)?\s*$",
    re.I)
# A line that only points elsewhere: never part of the story, wherever it stands.
_POINTER = re.compile(
    r"^\s*(?:read (?:more|also)|see also|related|also read|watch|listen)\s*[:\-\u2013\u2014>]"
    r"|^\s*follow (?:us|\w+) on\b|\b(?:twitter|facebook|telegram|instagram|whatsapp)\s*@",
    re.I)
# Appeals that scrapers keep at the end of a story (subscription, social media, thanks). Only short
# lines qualify: a news paragraph may well mention donations, Twitter or copyright.
_TRAILER = re.compile(
    r"subscri|support (?:open|independent|quality|our|us)|newsletter|sign up|"
    r"\bdonate\b|make a donation|follow (?:us|\w+) on|"
    r"^thank you!?$|all rights reserved|^(?:copyright|\u00a9)|worth your attention|serve you with news|"
    r"full digital access|share this|click here|^advertisement$|^tags?:|^\(?end\)?$",
    re.I)
_SOCIAL = re.compile(r"\b(?:twitter|facebook|telegram|instagram|youtube|whatsapp)\b", re.I)
MAX_TRAILER_WORDS = 30
MAX_SOCIAL_WORDS = 8
# "By" in the supported languages (fr par, de von, es/pt por, nl door, it di), or a Korean byline
# "<name> 기자, <outlet>" (기자 = reporter). A capitalised word must follow the Latin ones, so a
# sentence such as "Par ailleurs, ..." or "Von heute an ..." is not a byline.
_BYLINE = re.compile(r"^\s*(?:(?:by|par|von|por|door|di)\s+(?P<rest>[^\W\d_].+)"
                     r"|(?P<ko>\S+(?:\s\S+)?)\s*기자\s*(?P<ko_rest>(?:[,\u00b7]\s*.+)?))$", re.I)
_PEOPLE_JOINER = re.compile(r"\b(?:and|und|et|y|e|en|ed|и)\b|&", re.I)
_STAFF = re.compile(r"\s+(?:staff(?:\s+writers?|\s+reporters?)?|desk|team|newsroom|correspondents?|"
                    r"reporters?|editors?|editorial(?: board)?|bureau|"
                    # the same collective credit in the other supported languages
                    r"redaktion|rédaction|redacción|redazione|редакция)\s*$", re.I)
# A dateline's head: "PLACE[, REGION], DATE" up to a dash or colon (or the end of a short line);
# the date part is read by dateparser in the article's language ("14 mars 2024", "19 января 2023").
_DATELINE_HEAD = re.compile(r"^(?P<head>[^\W\d_][^\n]{2,80}?)\s*(?:[-\u2013\u2014:]+(?:\s+|$)|$)")
MAX_PLACE_WORDS = 5
_LEAP_YEAR = 2000  # only to tell a yearless "Feb. 29" dateline's shape
# A byline line may carry the date too ("By Mara Olsen | March 3, 2024").
_BYLINE_PARTS = re.compile(r"\s*(?:[|\u2022\u00b7]|\s-\s)\s*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # "2025년" too
MAX_TITLE_CHARS = 200
MAX_CAPTION_WORDS = 40
MAX_BYLINE_WORDS = 14
MAX_DATELINE_CHARS = 60


def _lines(text: str) -> list[str]:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _is_caption(line: str) -> bool:
    return len(line.split()) <= MAX_CAPTION_WORDS and bool(_CAPTION.search(line))


def _is_trailer(line: str) -> bool:
    words = len(line.split())
    return bool(_POINTER.search(line)
                or (words <= MAX_TRAILER_WORDS and _TRAILER.search(line))
                or (words <= MAX_SOCIAL_WORDS and _SOCIAL.search(line)))


def _strip_trailer(lines: list[str]) -> list[str]:
    """Drop closing appeals from the end, line by line, while they look like appeals."""
    end = len(lines)
    while end > 0 and _is_trailer(lines[end - 1]):
        end -= 1
    return lines[:end]


def _title_of(line: str) -> str:
    """A title line as is; a paragraph that stands first is cut to its first sentence."""
    if len(line) <= MAX_TITLE_CHARS:
        return line
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    clause = sentence.split(", ", 1)[0]
    if 40 <= len(clause) <= MAX_TITLE_CHARS:
        return clause
    return line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "\u2026"


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """(authors, outlet) from "By X", "By X and Y", "By X, Outlet", "By Outlet Staff"; else None."""
    match = _BYLINE.match(line)
    if not match or len(line.split()) > MAX_BYLINE_WORDS:
        return None
    if match["ko"]:
        rest = f"{match['ko']}{match['ko_rest'] or ''}".replace("\u00b7", ",")
    elif match["rest"][:1].isupper():
        rest = match["rest"]
    else:
        return None
    rest = re.split(r"\s+[|\u2022\u00b7]\s+|\s+-\s+", rest.strip(), maxsplit=1)[0]
    rest = TEXT_DATE.sub("", rest).strip(" ,;")
    staff = _STAFF.search(rest)
    if staff:
        outlet = rest[: staff.start()].strip(" ,") or None
        return [], outlet
    people, outlet = rest, None
    if "," in rest:
        head, tail = rest.rsplit(",", 1)
        # "X, Y and Z" is a list of people; "X, Harbour Gazette" names the outlet after the comma.
        if not _PEOPLE_JOINER.search(tail):
            people, outlet = head, tail.strip() or None
    authors = split_authors([people])
    if not authors:  # "Par ailleurs, le port ..." is a sentence, not a byline
        return None
    return authors, outlet


def _is_place(part: str) -> bool:
    return bool(part.strip()) and not re.search(r"\d", part) and len(part.split()) <= MAX_PLACE_WORDS


def _looks_like_dateline(line: str) -> bool:
    """`БАКУ, 11 июня 2025 -`, `서울, 2025년 1월 22일 -`: a place in capitals (or in a script without
    case), a comma, then digits; read by shape, so it holds in every language."""
    head, sep, rest = line.partition(",")
    uncased = not any(c.isupper() or c.islower() for c in head)
    return bool(sep) and len(line) <= MAX_DATELINE_CHARS and any(c.isdigit() for c in rest) \
        and bool(head.strip()) and (head.isupper() or uncased)


def bare_byline(line: str, next_line: str) -> tuple[list[str], str | None] | None:
    """A byline with no "By" right above a dateline: `Ирина Соколова, Московский вестник` (names,
    then the outlet when the last part is no name) or `Алексей Громов, Дарья Ким` (names only)."""
    if not _looks_like_dateline(next_line) or len(line.split()) > MAX_BYLINE_WORDS or line.rstrip()[-1:] in ".!?:;":
        return None
    parts = [p.strip() for p in line.split(",") if p.strip()]
    outlet = parts.pop() if len(parts) > 1 and not split_authors([parts[-1]]) else None
    authors = split_authors(parts)
    return (authors, outlet) if parts and len(authors) == len(parts) else None


def _dateline(line: str, languages: list[str] | None) -> tuple[datetime | None, str | None]:
    """A leading "PLACE, DATE -" dateline: its date and the line without it; (None, None) if the
    line has no dateline. A dateline without a year ("Baku, Feb. 3") is taken out of the body
    but gives no date: a year found elsewhere in the text would be a guess."""
    match = _DATELINE_HEAD.match(line)
    if not match:
        return None, None
    parts = match["head"].split(",")
    for cut in range(1, len(parts)):
        if not all(_is_place(part) for part in parts[:cut]):
            break
        date_part = ",".join(parts[cut:])
        if day_in_line(date_part, languages, default_year=_LEAP_YEAR) is not None:
            has_year = _YEAR.search(date_part) is not None
            return (day_in_line(date_part, languages) if has_year else None), line[match.end():].strip()
    return None, None


def _byline_date(line: str, languages: list[str] | None) -> datetime | None:
    """A full date written in a byline line: one of its parts, or the end of one after a comma."""
    for part in _BYLINE_PARTS.split(line):
        pieces = part.split(",")
        for cut in range(len(pieces)):
            if (value := day_in_line(",".join(pieces[cut:]), languages)) is not None:
                return value
    return None


def _languages(text: str) -> list[str] | None:
    """The languages dateparser should read datelines in: the text's own (and English), or any."""
    language = detect_language(text)
    return None if language == UNDETERMINED else list(dict.fromkeys([language, "en"]))


def _date_of(lines: list[str], byline: str | None) -> tuple[datetime | None, list[str]]:
    """The publication date from the byline or from a dateline at the start of the text (in the
    first line, or the second when the first is a short line such as an unrecognised byline);
    never from the story's sentences. Returns the date and the lines without the dateline."""
    languages = _languages(" ".join(lines[:5]))
    if byline and (value := _byline_date(byline, languages)) is not None:
        return value, lines
    for index in range(min(2, len(lines))):
        if index and len(lines[0].split()) > MAX_BYLINE_WORDS:
            break
        value, rest = _dateline(lines[index], languages)
        if rest is not None:
            return value, lines[:index] + ([rest] if rest else []) + lines[index + 1:]
    return None, lines


# What a byline or dateline paragraph holds besides names and a date: "By", "Par ... le", "기자",
# "Updated 11:40", "17:20 Uhr", separators.
_BYLINE_WORDS = re.compile(r"\b(?:by|par|von|por|door|di|le|am|on|and|und|et|y|e|en|ed|и|updated|published|"
                           r"aktualisiert|mis\s+à\s+jour|publié|uhr|h|am|pm|utc|gmt)\b|기자", re.I)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")
MAX_BYLINE_LEFTOVER_WORDS = 2  # a place ("Priya Nair, Seoul") or a weekday
MAX_BYLINE_PARAGRAPHS = 2
LANGUAGE_SAMPLE_CHARS = 500  # enough for langdetect to name the language a dateline is written in


def _short_unfinished(paragraph: str) -> bool:
    """Short and not ending a sentence: all a byline paragraph can be (cheap, checked first)."""
    return len(paragraph.split()) <= MAX_BYLINE_WORDS and paragraph.rstrip()[-1:] not in ".!?:;\"»“”"


def _is_byline_paragraph(paragraph: str, authors: list[str], languages: list[str] | None) -> bool:
    """A paragraph that only names the authors and/or the day (and perhaps a place or a time):
    `Daniel Okafor, Saturday 25 May 2024`, `Von Jonas Brandt · 13.03.2024, 17:20 Uhr`, `15 April 2023`."""
    if not _short_unfinished(paragraph):
        return False
    rest, named, dated = paragraph, False, False
    for name in authors:
        if name and name in rest:
            rest, named = rest.replace(name, " "), True
    pieces = [piece for part in _BYLINE_PARTS.split(rest) for piece in part.split(",")]
    for piece in pieces:
        if TEXT_DATE.search(piece) or day_in_line(_CLOCK.sub(" ", piece), languages) is not None:
            rest, dated = rest.replace(piece, " "), True
    if not (named or dated):
        return False
    leftover = re.findall(r"[^\W\d_]+", _BYLINE_WORDS.sub(" ", _CLOCK.sub(" ", rest)))
    return len(leftover) <= MAX_BYLINE_LEFTOVER_WORDS


def drop_leading_byline(body: str, authors: list[str]) -> str:
    """The body without the byline and dateline paragraphs a page shows above the story (at most
    two, only at the start): the authors and the date are metadata, not text to search."""
    paragraphs = body.split("\n\n")
    languages: list[str] | None = None
    cut = 0
    while cut < min(MAX_BYLINE_PARAGRAPHS, len(paragraphs) - 1):
        paragraph = paragraphs[cut]
        if parse_byline(paragraph) is None:
            if not _short_unfinished(paragraph):
                break
            # Detected only for a date to read: most pages start with a sentence, and detection is dear.
            if languages is None and re.search(r"\d", paragraph):
                languages = _languages(body[:LANGUAGE_SAMPLE_CHARS])
            if not _is_byline_paragraph(paragraph, authors, languages):
                break
        cut += 1
    return "\n\n".join(paragraphs[cut:])


def text_to_article(text: str, path: str | None = None) -> Article:
    """The full text cleaning path (see indexer.clean.clean_text for the contract)."""
    lines = [line for line in _lines(text or "") if not _is_caption(line) and not _POINTER.search(line)]
    lines = _strip_trailer(lines)
    if not lines:
        raise InputSkipped("empty text")
    title, body_lines = _title_of(lines[0]), lines[1:] if len(lines[0]) <= MAX_TITLE_CHARS else lines
    authors: list[str] = []
    outlet = byline_line = None
    following = body_lines[1] if len(body_lines) > 1 else ""
    if body_lines and (byline := parse_byline(body_lines[0]) or bare_byline(body_lines[0], following)):
        authors, outlet = byline
        byline_line, body_lines = body_lines[0], body_lines[1:]
    published, body_lines = _date_of(body_lines, byline_line)
    if not body_lines:
        raise InputSkipped("no article text after the title")
    return Article(title=title, body="\n\n".join(body_lines), published=published, outlet=outlet,
                   authors=authors, source=path)
