"""Author names: split "A, B and C" lists, strip "By", e-mail, credentials and role words.

An author is a person, or a news agency credited for wire copy (`Reuters`, `AFP`): that is common
practice and tells the reader where the story comes from, so `NEWS_AGENCIES` are accepted even as a
lone word or when they are the outlet. Everything else that is not a person is refused: job titles
and collective credits (`Senior Marketing Manager`, `Staff`, `Editorial Board`, `Redaktion`), and an
place (`Munich, Germany`), an
organisation credited as the author of its own page (`Cleveland Clinic` on clevelandclinic.org),
which only repeats the outlet (`without_site_names`).
"""
from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from newsfacet.engine.places import PLACE_LANGUAGES, major_place
from newsfacet.indexer.outlets import same_site_name

# "By", "Written by", and the label "Author:" / "Authors" that profile boxes put before the name.
_BY = re.compile(r"^\s*(?:(?:written\s+|posted\s+|reported\s+|words\s+)?by|authors?)(?:[:\s]+|$)", re.I)
# "By" in the other supported languages, in lower case only: "Von" may begin a surname.
_BY_ELSEWHERE = re.compile(r"^\s*(?:von|par|por|door)\s+(?=[^\W\d_])")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\||/|\u00b7)\s*", re.I)
_CREDENTIALS = re.compile(
    r"^(?:ph\.?d\.?|m\.?d\.?|ms|m\.?s\.?|rd|rdn|fand|mba|mph|cpt|jr\.?|sr\.?|ii|iii|esq\.?|"
    r"lcsw|cscs|ma|ba|bsc|msc|rn|np|dds|cfp|cpa)$", re.I)
_NOT_A_NAME = re.compile(
    r"https?://|www\.|@|\d|\b(?:staff|editor(?:s|ial)?|team|desk|admin|contributor|correspondent|"
    r"reporter|news|agency|updated|published|posted|min read|follow|share|view all|more|"
    # collective credits and job titles, also in the other supported languages
    r"board|newsroom|bureau|writers?|columnist|contributors|guest author|press office|"
    r"manager|director|founder|ceo|cto|president|officer|specialist|consultant|marketing|expert|analyst|"
    # a form's or template's placeholder left in a byline
    r"name|author|unknown|anonymous|"
    r"redaktion|rédaction|redacción|редакция|"
    r"корреспондент|편집부|"
    # companies and paid content
    r"gmbh|inc|ltd|llc|plc|e\.v|sponsored|advertorial|anzeige|promoted|partner content)\b", re.I)
# A domain inside the value (`BRIGITTE.de`, `Forbes.com`): a site, not a person.
_DOMAIN = re.compile(r"[^\W_]\.[a-z]{2,}\b")
# Wire services credited as the author of the stories they supply (casefolded).
NEWS_AGENCIES = frozenset({
    "reuters", "associated press", "the associated press", "ap", "afp", "agence france-presse",
    "dpa", "epd", "kna", "pa media", "press association", "ansa", "efe", "bloomberg", "upi",
    "tass", "тасс", "ria novosti", "риа новости", "interfax", "интерфакс",
    "yonhap", "연합뉴스", "xinhua", "kyodo", "anadolu agency", "anadolu ajansı",
})
_ROLE_SUFFIX = re.compile(r"\s*[,(\u2013\u2014-]\s*(?:senior|staff|chief|special|contributing|"
                          r"associate|deputy|political|foreign|guest)\b.*$", re.I)
_MAX_WORDS = 5
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)
# A profile path's last segment that is clearly a name: two to four runs of letters (`jane-doe`).
_NAME_SLUG = re.compile(r"^[^\W\d_]{2,}(?:[-_.][^\W\d_]{2,}){1,3}$")
# Lower-case words a name may hold (`Piet de Vries`, `Ludwig van Beethoven`, `Omar bin Laden`).
_PARTICLES = frozenset("de da das dos del della der den di du la le van von ter ten bin ibn al el y e".split())


def name_from_url(value: str) -> str | None:
    """A profile URL (`https://site/author/jane-doe/`) as the name its last path segment spells,
    only when that segment is clearly a name; anything else in a URL is not an author."""
    segments = [s for s in urlsplit(value.strip()).path.split("/") if s]
    slug = unquote(segments[-1]) if segments else ""
    if not _NAME_SLUG.match(slug):
        return None
    return " ".join(part.capitalize() for part in re.split(r"[-_.]", slug))


def _is_place(name: str) -> bool:
    """`Munich`, `Germany`: a dateline's place in an author field (a country, continent or big city
    in any language)."""
    return any(major_place(name, language) for language in PLACE_LANGUAGES)


def _has_prose(part: str) -> bool:
    """Capitalised words mixed with ordinary lower-case ones: a phrase, not a name."""
    words = part.split()
    return len(words) > 1 and not _reads_as_name(words, strict=False)


def _reads_as_name(words: list[str], strict: bool) -> bool:
    """Every word of a capitalised name is capitalised but for particles (`Jane Doe says`,
    `Written by` are not names); visible text needs two words at least (`Tools`, `Log` are not)."""
    if any(w[:1].isupper() for w in words):
        if any(w[:1].islower() and w.casefold() not in _PARTICLES for w in words):
            return False
    # A script without case (Hangul, Han) writes a whole name as one word.
    uncased = not any(c.isupper() or c.islower() for c in "".join(words))
    return not strict or len(words) >= 2 or uncased


def clean_name(raw: str, strict: bool = True) -> str | None:
    """One person's name, tidied; None when the text is not a person's name.

    `strict=False` is for names a page declares as authors (meta, JSON-LD): those are trusted
    to be bylines even in lower case; visible text must look like a capitalised name."""
    name = _BY_ELSEWHERE.sub("", _BY.sub("", " ".join(raw.split())))
    name = _ROLE_SUFFIX.sub("", name).strip(" .:-\u2013\u2014|,")
    if name.casefold() in NEWS_AGENCIES:
        return name
    if not name or _CREDENTIALS.match(name) or _NOT_A_NAME.search(name) or _DOMAIN.search(name):
        return None
    words = name.split()
    if len(words) > _MAX_WORDS or len(name) < 3 or not _reads_as_name(words, strict) or _is_place(name):
        return None
    if (strict or len(words) == 1) and not any(c.isupper() for c in name) and name.isascii():
        return None  # "admin", "luxurious": lower-case handles are not bylines
    return name


def split_authors(values: list[str], strict: bool = True) -> list[str]:
    """Split and clean raw author strings into a de-duplicated list of names."""
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        value = html.unescape(value)
        if _URL.match(value):
            value = name_from_url(value) or ""
        parts = _SPLIT.split(_BY.sub("", value))
        # Beside a phrase ("Center for Drug Evaluation and Research") a lone word is its tail.
        min_words = 2 if any(_has_prose(part) for part in parts) else 1
        for part in parts:
            name = clean_name(part, strict)
            if name and len(name.split()) >= min_words and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names


def without_site_names(authors: list[str], outlet: str | None) -> list[str]:
    """The authors but those that only repeat the outlet's name (an agency stays: see the module)."""
    return [name for name in authors
            if name.casefold() in NEWS_AGENCIES or not same_site_name(name, outlet)]


def byline_names(line: str) -> list[str]:
    """Names from a visible byline such as "By Anna Keller and Tom Ruiz | March 3, 2024"."""
    match = _BY.match(line)
    if not match:
        return []
    rest = re.split(r"\s+[|\u2022\u00b7]\s+|\s{2,}|\b(?:on|updated|published)\b", line[match.end():], maxsplit=1)[0]
    if not rest[:1].isupper():
        return []  # "By clicking ... our Terms and Privacy Policy": a sentence, not a byline
    return split_authors([rest])
