"""Reuters-21578 SGML (`reut2-NNN.sgm`): each `<REUTERS>` story is one input.

The files are SGML, not XML or HTML (unclosed entities, control characters, latin-1 bytes), so
stories are cut out with a byte pattern and their fields read with small patterns rather than a
markup parser. Mapping to an article:
- DATE ("26-FEB-1987 15:01:01.79", UTC assumed) -> published; TITLE -> title; BODY -> body;
  a TYPE="UNPROC" story has no TITLE/BODY: its first line is the title, the rest the body;
  a TYPE="BRIEF" story is a headline only (empty body, still a story).
- PLACES -> location, PEOPLE -> person, ORGS and EXCHANGES -> organization entities. The corpus
  uses lower-case codes (`el-salvador`, `james-baker`, `opec`), turned into display names
  (`El Salvador`, `James Baker`, `OPEC`). A body's code is shown by the name the collection's
  category descriptions give it (the file beside the story file, or beside the file a symbolic
  link names), unless the story writes the code and not that name: `nyse` is `New York Stock
  Exchange` in a story naming the exchange so, not a second value `NYSE` beside it, and `tse` in a
  story writing neither is the `Tokyo Stock Exchange` (many codes are the collection's own: `TOSE`,
  `ADB-ASIA`); a story writing `NYSE` alone keeps `NYSE`, which the end of the run folds into the
  name the index spells out (indexer.settle_bodies).
- TOPICS -> topics, as the corpus's own codes (`earn`, `acq`, `crude`, `money-fx`). Readable names
  are documented (cat-descriptions_120396.txt) for only 57 of the 135 codes (the 78 commodity codes
  are listed bare), so codes keep the facet uniform and match the collection's published labels.
- outlet "Reuters", url `reuters21578:NEWID`, and an id derived from that url, so each story
  keeps its own stable id even when two stories share a text (the second is then a duplicate).
"""
from __future__ import annotations

import hashlib
import html
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path

from newsfacet.engine.model import Article
from newsfacet.indexer.entity_names import spelling_key
from newsfacet.indexer.errors import InputFailed, InputSkipped
from newsfacet.indexer.names import escape_name
from newsfacet.indexer.sources.files import REST_NOT_READ, container_error, open_input
from newsfacet.indexer.sources.model import FileStamp, Source, SourceFormat, Timed, rejected

_STORY = re.compile(rb"<REUTERS\b.*?</REUTERS>", re.S)
_NEWID = re.compile(rb'NEWID="(\d+)"')
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")
_ITEM = re.compile(r"<D>(.*?)</D>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SIGNATURE = re.compile(r"\s*\breuter\s*$", re.I)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_UPPER_PLACES = {"usa", "uk", "ussr", "uae"}
# The collection's category descriptions: "New York Stock Exchange (NYSE)@*" under the headings of
# organisation and exchange codes. Read at most this much of it (it is 28 kB).
DESCRIPTIONS = "cat-descriptions_120396.txt"
MAX_DESCRIPTIONS_BYTES = 1 << 20
_HEADING = re.compile(r"^@heading\[([^\]\n]*)\]", re.M)
_DESCRIBED = re.compile(r"^([A-Z][^\n(@\[]{2,150}?)\s*\(([A-Z][A-Z-]{1,20})\)@\*", re.M)
_BODY_HEADINGS = ("Organization", "Exchange")
# Codes news names otherwise than the descriptions do (`International Bank for Reconstruction and
# Development` is the World Bank's formal name).
_NEWS_NAMES = {"worldbank": "World Bank"}
OUTLET = "Reuters"


def _stories(handle, max_bytes: int) -> Iterator[bytes]:
    """Story byte strings, read in blocks so a file of any size is never held whole."""
    buffer = b""
    while True:
        block = handle.read(1 << 20)
        buffer += block
        end = 0
        for match in _STORY.finditer(buffer):
            yield match.group(0)
            end = match.end()
        buffer = buffer[end:]
        if not block:
            if b"<REUTERS" in buffer:
                raise ValueError("truncated: the file ends inside a story (no closing </REUTERS> tag)")
            return
        if len(buffer) > max_bytes:
            raise ValueError("a story with no closing </REUTERS> tag exceeds the size limit")


def reuters_records(path: str, stamp: FileStamp, max_bytes: int, name: str | None = None) -> Iterator[Source]:
    """The stories of one `.sgm` file, named `name#NEWID`, in file order."""
    name = name or escape_name(path)
    number = 0
    try:
        with open_input(path) as handle:
            for number, story in enumerate(_stories(handle, max_bytes), start=1):
                newid = _NEWID.search(story[:300])
                record = newid.group(1).decode() if newid else f"story{number}"
                yield Source(source=f"{name}#{record}", kind="reuters", stamp=stamp, data=story,
                             url=f"reuters21578:{record}")
    except (OSError, EOFError, zlib.error) as error:
        yield rejected(f"{name}#after-story-{number}", container_error(error), stamp)
    except ValueError as error:
        yield rejected(f"{name}#after-story-{number}", InputFailed(f"{error}; {REST_NOT_READ}"), stamp)


def _field(text: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S)
    return match.group(1) if match else None


def _clean(raw: str | None) -> str:
    """Entities resolved, control characters removed (the corpus has &#2; &#3; markers)."""
    return _CONTROL.sub("", html.unescape(raw or "")).strip()


def _reflow(body: str) -> str:
    """Join the wire's hard-wrapped lines; a new paragraph starts with an indented line."""
    paragraphs = re.split(r"\n(?=[ \t]{2,})", body)
    joined = (" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)
    return "\n\n".join(p for p in joined if p)


def _date(raw: str | None) -> datetime | None:
    match = _DATE.search(raw or "")
    if not match:
        return None
    day, month, year, hour, minute, second = match.groups()
    try:
        return datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second),
                        tzinfo=UTC)
    except (KeyError, ValueError):
        return None


@lru_cache(maxsize=8)
def described_bodies(folder: str) -> dict[str, str]:
    """{code: name} of the organisation and exchange codes the descriptions file in `folder` names
    (`nyse` -> `New York Stock Exchange`; `Oslo Stock Exchange/Bourse` -> its first name); empty
    when there is no such file or it cannot be read."""
    path = Path(folder) / DESCRIPTIONS
    try:
        if not path.is_file():  # a fifo or a device there would block or never end
            return {}
        with open(path, "rb") as handle:
            text = handle.read(MAX_DESCRIPTIONS_BYTES).decode("latin-1")
    except OSError:
        return {}
    names: dict[str, str] = {}
    headings = list(_HEADING.finditer(text))
    ends = [heading.start() for heading in headings[1:]] + [len(text)]
    for heading, end in zip(headings, ends, strict=False):  # no heading: nothing to read
        if heading.group(1).startswith(_BODY_HEADINGS):
            for name, code in _DESCRIBED.findall(text, heading.end(), end):
                names[code.lower()] = " ".join(name.split("/")[0].split())
    return names


@lru_cache(maxsize=8)
def _descriptions_for(file: str) -> dict[str, str]:
    """The descriptions beside the story file, else beside the file it links to (a folder of links
    to the collection's files, as scripts/eval_facets.py makes)."""
    path = Path(file)
    described = described_bodies(str(path.parent))
    if described or not path.is_symlink():
        return described
    try:
        return described_bodies(str(path.resolve().parent))
    except (OSError, RuntimeError):  # a loop of links
        return {}


def display_name(code: str, kind: str) -> str:
    """A readable name for a corpus code: `el-salvador` -> `El Salvador`, `opec` -> `OPEC`."""
    words = [w for w in code.strip().split("-") if w]
    if kind == "organization":
        return _NEWS_NAMES.get(code) or " ".join([words[0].upper(), *(w.title() for w in words[1:])])
    if kind == "location" and code in _UPPER_PLACES:
        return code.upper()
    return " ".join(w.title() for w in words)


def _entities(text: str, story: str, described: dict[str, str]) -> dict[str, list[str]]:
    lists = {"location": ("PLACES",), "person": ("PEOPLE",), "organization": ("ORGS", "EXCHANGES")}
    written = cache(lambda: spelling_key(story))  # only for a story declaring a described body
    entities: dict[str, list[str]] = {}
    for kind, tags in lists.items():
        codes = [code for tag in tags for item in _ITEM.findall(_field(text, tag) or "") if (code := _clean(item))]
        entities[kind] = list(dict.fromkeys(_declared_name(code, kind, story, written, described) for code in codes))
    return entities


def _declared_name(code: str, kind: str, story: str, written: Callable[[], str], described: dict[str, str]) -> str:
    """A body by the described name (`New York Stock Exchange`), unless the story writes the code as a
    word and not that name (`NYSE`, `OPEC`: news names such bodies by their acronyms)."""
    name = _NEWS_NAMES.get(code) or (described.get(code) if kind == "organization" else None)
    if name and (spelling_key(name) in written() or not _writes_code(story, code)):
        return name
    return display_name(code, kind)


def _writes_code(story: str, code: str) -> bool:
    """True when the story writes the code as a word with a capital (`NYSE`, `Opec`; not `un-`)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])", re.I)
    return any(not match.group().islower() for match in pattern.finditer(story))


def _topics(text: str) -> list[str]:
    """The story's TOPICS codes in file order (normalised with every other source's, in the worker)."""
    return [_clean(code) for code in _ITEM.findall(_field(text, "TOPICS") or "")]


def _title_and_body(text: str) -> tuple[str, str]:
    title, body = _clean(_field(text, "TITLE")), _clean(_field(text, "BODY"))
    if not title and not body:
        # TYPE="UNPROC": raw text, no TITLE or BODY markup.
        raw = _clean(re.sub(r"<[^>]+>", " ", _field(text, "TEXT") or ""))
        title, _, body = raw.partition("\n")
    return " ".join(title.split()), _SIGNATURE.sub("", _reflow(body))


def parse_story(data: bytes, source: str, url: str) -> Article:
    """One story's article (worker side)."""
    text = data.decode("latin-1")
    title, body = _title_and_body(text)
    if not title and not body:
        raise InputSkipped("story has no title and no text")
    article_id = hashlib.sha1(f"url:{url}".encode()).hexdigest()[:20]
    entities = _entities(text, f"{title}\n{body}", _descriptions_for(source.rpartition("#")[0] or source))
    return Article(title=title or body.split("\n", 1)[0][:200], body=body, url=url,
                   published=_date(_field(text, "DATE")), outlet=OUTLET, entities=entities,
                   topics=_topics(text), source=source, id=article_id)


def story_article(source: Source, data: bytes, timed: Timed) -> Article:
    """The worker's step for one story (its url is `reuters21578:NEWID`, set when it was cut out)."""
    return timed("clean", parse_story, data, source.source, source.url or source.source)


FORMAT = SourceFormat(name="reuters", extensions=(".sgm",), records=reuters_records, to_article=story_article,
                      no_records="no records: no <REUTERS> story in the file")
