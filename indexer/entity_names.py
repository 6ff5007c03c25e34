"""Entity names as a facet shows them: one spelling per thing, junk left out.

A model finds spans of text; a facet needs names. This module turns a span into a name
(`clean_name`) or rejects it, and folds the names of one document into a set
(`fold_document`), so that `the Republic of Azerbaijan's` and `Azerbaijan` count once.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from newsfacet.indexer.word_spans import Span, is_listed_after, is_listed_before, word_spans


@dataclass(frozen=True, order=True)
class Entity:
    """One named thing found in a text: its kind and its normalised name."""

    type: str
    name: str


# Endings a proper noun takes in running text, by language: German adds -s in the genitive
# (`Merkels Politik`, `Deutschlands`). Elsewhere a trailing s is another word.
NAME_ENDINGS = {"de": ("s",)}
_SPACE = re.compile(r"\s+")
# Quotes, brackets, dashes, bullets and other marks that cling to a span's ends, and the
# invisible zero-width characters pages put before words (`\u200bSam Altman`).
_EDGE = "\"'“”‘’„«»‹›()[]{}<>,;:!?*•·|/\\-–—_~#+=&%\u200b\u200c\u200d\u2060\ufeff"
_POSSESSIVE = re.compile(r"['’][sS]?$")
_ARTICLES = {
    "en": re.compile(r"^the\s+", re.IGNORECASE),
    "de": re.compile(r"^(?:der|die|das|den|dem|des)\s+", re.IGNORECASE),
    "fr": re.compile(r"^(?:le|la|les|l['’])\s*", re.IGNORECASE),
}
# French spans often open with the preposition before a place or body ("de la Cédéao", "de
# Béziers"); lower-case only, so a name's own particle at its start is kept when capitalised.
_LEADING_PREPOSITION = {"fr": re.compile(r"^(?:de la|de l['’]|du|des|de|d['’])\s*(?=[^\W\d_])")}
# A title before a person's name ("président Xi", "minister Lavrov") is a lower-case word of four
# letters or more; shorter ones are particles that belong to names (de, van, von, bin, al).
_TITLE_MIN_LETTERS = 4
# Formal state names: "the Republic of Azerbaijan" is Azerbaijan. "Democratic Republic of
# the Congo" is left whole: it is a different country from the Republic of the Congo.
_STATE_PREFIX = re.compile(
    r"^(?:(?:Federal|Islamic|Socialist|Arab|Hashemite|Co-operative|Cooperative|United)\s+)?"
    r"(?:Republic|Kingdom|Sultanate|Emirate|Principality|Grand Duchy|Commonwealth|State)"
    r"\s+of\s+(?:the\s+)?",
)
_ABBREVIATION = re.compile(r"(?:\b\w\.)+$")
_URL_OR_MAIL = re.compile(r"https?:|www\.|@|\.(?:com|org|net|co\.uk|de|fr|ru)\b", re.IGNORECASE)
# Words that mark a picture credit, a social-media handle or a byline rather than a name.
_CREDIT_WORDS = re.compile(
    r"\b(?:photo|photos|photograph|courtesy|getty|images?|pictures?|credit|file|twitter|"
    r"facebook|instagram|youtube|tiktok|whatsapp|linkedin|copyright|staff|reporting|editing|"
    r"writing|newsroom|newsdesk|desk|foto|bild)\b", re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
MAX_WORDS = 8
# A spaced dash joins two things ("CRICKET - SRI LANKA"); a slash between capitalised words is
# a picture or wire credit ("Reuters/Jane Doe", "AP/Getty"): neither is one name.
_JOINED = re.compile(r"\s[-–—]\s|\w/[A-Z]")
_BRITISH_ISATION = re.compile(r"isation\b")
# Angle brackets, braces or `=` inside a span are markup or code the text kept (a wire's ticker
# `<BHAMY>`, `div className="bg-white`), no name's part.
_MARKUP = re.compile(r"[<>{}=]")

# Honorifics written before a person's name (or surname) and nobody else's, per language; with the
# offices below they are the titles `strip_title` cuts (royal and noble titles stay: "Prince
# Charles" is how the man is named). Dotted and undotted forms both match.
_HONORIFIC_WORDS = {
    "en": "Mr|Mrs|Ms|Miss|Mx|Dr",
    "de": "Herr|Herrn|Frau|Dr",
    "fr": "M|MM|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr|Pr|Me",
    "es": "Sr|Sra|Srta|Señor|Señora|Don|Doña|Dr|Dra",
    "it": "Sig|Sigra|Signor|Signora|Dott|Dr",
    "pt": "Sr|Sra|Senhor|Senhora|Dr|Dra",
    "ru": "г-н|г-жа|господин|госпожа|Господин|Госпожа",
}
_OFFICE_WORDS = {
    "en": "Prof|Professor|President|Vice President|Chancellor|Prime Minister|"
          "Minister|Secretary|Senator|Sen|Rep|Representative|Governor|Gov|Mayor|Judge|Justice|"
          "General|Gen|Colonel|Col|Captain|Capt|Rev|Reverend|Chairman|Chairwoman|Coach|"
          "Treasurer|Deputy|Ambassador|Commissioner|Speaker|Attorney General|Lieutenant|Lt|"
          "Sergeant|Sgt|Detective|Det|Inspector|Sheriff",
    "de": "Prof|Präsident|Präsidentin|Bundespräsident|Bundespräsidentin|"
          "Kanzler|Kanzlerin|Bundeskanzler|Bundeskanzlerin|Minister|Ministerin|Bürgermeister|"
          "Bürgermeisterin|Trainer",
    "fr": "Président|Présidente|Ministre|Chancelier|Chancelière|Maire",
    "es": "Presidente|Presidenta|Canciller|Ministro|Ministra",
    "it": "Presidente|Cancelliere|Ministro|Ministra",
    "pt": "Presidente|Chanceler|Ministro|Ministra",
    "ru": "президент|Президент|канцлер|Канцлер|премьер|Премьер|министр|Министр",
}
_TITLE_WORDS = {language: f"{_HONORIFIC_WORDS[language]}|{offices}" for language, offices in _OFFICE_WORDS.items()}
_TITLES = {language: re.compile(rf"^(?:(?:{words})\.?\s+)+") for language, words in _TITLE_WORDS.items()}
# Lower-case words for what a person is or does, written just before the full name (`SNP leader
# Nicola Sturgeon`, `Hollywood actor ...`); a body's name follows `the`, not these.
_ROLE_WORDS = {
    "en": "leader|chief|boss|spokesman|spokeswoman|chairman|chairwoman|minister|secretary|president|"
          "chancellor|premier|senator|governor|mayor|judge|ambassador|founder|economist|analyst|professor|"
          "lawyer|author|novelist|writer|journalist|designer|comedian|rapper|musician|footballer|"
          "actor|actress|singer|star|director|presenter|manager|coach|captain|striker|player|MP|MSP",
}
# Titles written before a British knight's or peer's given name or surname (`Sir Keir Starmer`,
# `Labour leader Sir Keir`, `Lord Sugar`): only people are so named. Kept in the name's cues, not cut.
_KNIGHTED = {"en": r"Sir|Dame"}
_ENNOBLED = {"en": r"Lord|Lady|Baroness|Baron"}


def strip_title(name: str, language: str) -> str:
    """`Mr Ebbers` -> `Ebbers`, `Bundeskanzlerin Merkel` -> `Merkel`; a bare title stays as it is."""
    pattern = _TITLES.get(language, _TITLES["en"])
    stripped = pattern.sub("", name)
    return stripped or name


def _strip_edges(name: str) -> str:
    """Surrounding punctuation off; a final period only when it does not end an abbreviation."""
    name = name.strip(_EDGE + " ")
    while name.endswith(".") and not _ABBREVIATION.search(name):
        name = name[:-1].rstrip(_EDGE + " ")
    return name


def _without_titles(name: str) -> str:
    """`président Emmanuel Macron` -> `Emmanuel Macron`: leading lower-case title words off."""
    words = name.split(" ")
    while len(words) > 1 and words[0][:1].islower() and len(words[0]) >= _TITLE_MIN_LETTERS:
        words.pop(0)
    return " ".join(words)


def _drop_numbers(name: str) -> str:
    """Cut a span at its first word with a digit: scores, dates and phone numbers trail names."""
    words = name.split()
    for index, word in enumerate(words):
        if _DIGIT.search(word):
            return " ".join(words[:index])
    return name


def _drop_brackets(name: str) -> str:
    """Cut a span at a bracket: `International Monetary Fund (IMF` is the fund; the acronym
    in brackets is read by indexer.consolidate."""
    return name.split("(", 1)[0].split("[", 1)[0].rstrip()


def _unshout(name: str) -> str:
    """`ROBERTO DURAN` -> `Roberto Duran`; short all-caps names are acronyms and stay (`NATO`)."""
    if name.isupper() and any(len(word) >= 5 for word in name.split()):
        return name.title()
    return name


def is_junk(name: str) -> bool:
    """True for spans that are no one's name: URLs, handles, credits, digits, single letters."""
    if _URL_OR_MAIL.search(name) or _CREDIT_WORDS.search(name) or _JOINED.search(name) or _MARKUP.search(name):
        return True
    if len(_LETTERS.findall(name)) < 2 or len(name.split()) > MAX_WORDS:
        return True
    # Lower-case throughout is a common noun the model mistook ("the government").
    return name == name.lower() and name != name.upper()


def spelling_key(name: str) -> str:
    """A name (or text) with case, and British against American spelling, alike (`Organisation`)."""
    return _BRITISH_ISATION.sub("ization", name.casefold())


def clean_name(text: str, kind: str, language: str = "en") -> str | None:
    """The facet spelling of one span, or None when the span is junk."""
    name = _strip_edges(_SPACE.sub(" ", text))
    if language == "en":
        name = _POSSESSIVE.sub("", name).rstrip()
    article = _ARTICLES.get(language)
    if article:
        name = article.sub("", name)
    preposition = _LEADING_PREPOSITION.get(language)
    if preposition and kind != "person":
        name = preposition.sub("", name)
    if kind == "person":
        name = _without_titles(name)
    if kind == "location":
        name = _STATE_PREFIX.sub("", name)
    if is_junk(name):
        return None
    name = _strip_edges(_drop_numbers(_drop_brackets(name)))
    if is_junk(name):
        return None
    return _unshout(name)


def _display_key(name: str) -> tuple[bool, int, str]:
    """Sort key choosing the spelling to show: mixed case over ALL CAPS, then the longer."""
    return (name.isupper(), -len(name), name)


def _merge_variants(entities: Iterable[Entity], vote_kinds: bool) -> set[Entity]:
    """One entry per case-folded name: `LEICESTERSHIRE` and `Leicestershire` are one.

    With `vote_kinds`, a name the model gave several kinds in one document takes the kind of
    most of its mentions (the first seen on a tie): one word is rarely a person and a place in
    one story. Without it, each kind keeps its own entry.
    """
    spellings: dict[tuple[str, str], list[str]] = {}
    kinds: dict[tuple[str, str], Counter[str]] = {}
    for entity in entities:
        key = ("" if vote_kinds else entity.type, entity.name.casefold())
        spellings.setdefault(key, []).append(entity.name)
        kinds.setdefault(key, Counter())[entity.type] += 1
    return {Entity(kinds[key].most_common(1)[0][0], min(names, key=_display_key))
            for key, names in spellings.items()}


def _is_part_of(words: list[str], fuller: list[str]) -> bool:
    """True when `words` open or close the longer name `fuller`."""
    return len(fuller) > len(words) and (fuller[-len(words):] == words or fuller[:len(words)] == words)


def _fold_short_people(entities: set[Entity]) -> set[Entity]:
    """Drop a person's bare surname or first name when one fuller name of the document has it.

    A one-word surname the model filed under another kind (`Aliyev` as an organisation in a
    headline) goes too: in a story about Ilham Aliyev, `Aliyev` is him; a place stays (`Jordan`
    beside `Michael Jordan`). When two fuller names
    have it (`George Bush` and `Laura Bush`), `Bush` is left alone: it could be either.
    """
    people = [e.name.casefold().split() for e in entities if e.type == "person"]
    kept = set(entities)
    for entity in entities:
        words = entity.name.casefold().split()
        if entity.type == "location" or (entity.type == "organization" and (
                len(words) > 1 or not any(p[-1:] == words for p in people))):
            continue
        if len({tuple(fuller) for fuller in people if _is_part_of(words, fuller)}) == 1:
            kept.discard(entity)
    return kept


def fold_document(entities: Iterable[Entity], fold_people: bool = True,
                  vote_kinds: bool = True) -> list[Entity]:
    """The document's entities, deduplicated and sorted (case variants and short names folded)."""
    merged = _merge_variants(entities, vote_kinds)
    if fold_people:
        merged = _fold_short_people(merged)
    return sorted(merged)


def has_person_cue(name: str, text: str, language: str) -> bool:
    """True when the text writes a name of two or three capitalised words as a person's: its last
    word after an honorific (`Ms Sturgeon`), or the whole name after an office (`First Minister
    Nicola Sturgeon`) or a role word (`SNP leader Nicola Sturgeon`). No body is `Ms Office` or
    `leader Home Office`; `General Motors` is not asked, as `General` is the name's own word."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not all(word[:1].isupper() and not word.isupper() for word in words):
        return False
    # Each cue is looked for before each mention with one pattern compiled per language: built
    # around each name, the patterns were compiled again for every name of every article.
    honorific, knighted, ennobled = _titled_before(language)
    if _is_led_by(honorific, words[-1], text) or (knighted and (
            _is_led_by(knighted, words[0], text) or _is_led_by(ennobled, words[-1], text))):
        return True
    return _is_led_by(_led_by_office(language), name, text)


def _is_led_by(before: re.Pattern[str], word: str, text: str) -> bool:
    """True when `before` ends right where the text writes `word` (as a whole word) once."""
    return any(before.search(text, max(0, span.start() - _OFFICE_SPAN), span.start())
               for span in word_spans(word, text))


@cache
def _titled_before(language: str) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """(an honorific, `Sir`/`Dame`, `Lord`/`Lady`), each ending where it is searched to."""
    honorific = re.compile(rf"\b(?:{_HONORIFIC_WORDS.get(language, _HONORIFIC_WORDS['en'])})\.?\s+$")
    if language not in _KNIGHTED:
        return honorific, None, None
    return honorific, re.compile(rf"\b(?:{_KNIGHTED[language]})\s+$"), re.compile(rf"\b(?:{_ENNOBLED[language]})\s+$")


# Longer than any office or role word with its stop, comma and spaces (`Vice President. `).
_OFFICE_SPAN = 100


@cache
def _led_by_office(language: str) -> re.Pattern[str]:
    """An office or role word ending where it is searched to (`SNP leader `, `Holyrood leader, `).
    A role word is written in lower case, or with a capital where it opens a sentence or a line
    (`Actor Keanu Reeves, ...`; not `the Chief Home Office officials`)."""
    roles = _ROLE_WORDS.get(language, "(?!)")
    before = rf"{_OFFICE_WORDS.get(language, _OFFICE_WORDS['en'])}|{roles}|(?:^|(?<=[.!?]\s)|(?<=\n))(?i:{roles})"
    knighted = rf"(?:(?:{_KNIGHTED[language]})\s+)?" if language in _KNIGHTED else ""
    return re.compile(rf"\b(?:{before})\.?,?\s+{knighted}$")


# Words a text writes right beside a person it quotes or describes (`Smith said`, `said Smith`,
# `according to Smith`, `Smith, who ...`, `Smith (45)`, `Smith, 45,`, `Smith's wife`). English only:
# other languages have only the honorific and role cues above.
_SPEECH_VERBS = ("said|says|say|told|tells|added|adds|explained|explains|wrote|writes|argued|argues|noted|"
                 "warned|warns|stated|believes|thinks|announced|insisted|admitted|claimed|commented|asked|"
                 "replied|recalled")
# Before and after the name; compiled once.
_PERSON_BEFORE = {"en": re.compile(rf"(?:{_SPEECH_VERBS}|according to)\s+$")}
_PERSON_AFTER = {
    "en": re.compile(r"['’]?\W{0,3}\s+(?:" + _SPEECH_VERBS + r")\b"
                     r"|,\s+(?:who|whose|the|a|an|chief|head|founder|director|president|former)\b"
                     r"|\s+\(\d\d?\)"
                     r"|,\s+\d\d?,"  # an age between commas: `Mahsa Amini, 22, died`
                     r"|['’]s?\s+(?:wife|husband|partner|mother|father|son|daughter|brother|sister|family|death|"
                     r"funeral|lawyer|lawyers|career|life)\b"),
}
_SPEECH_SPAN = 40  # longer than any speech verb or `according to` with its spaces
_LIST_LINK = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)"
_LINK_BEFORE = re.compile(_LIST_LINK + "$")
_LINK_AFTER = re.compile(_LIST_LINK)
_LIST_SPAN = 40  # longer than a list's link


_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*\s+$")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z]")


def _named_by_last_word(name: str, text: str) -> bool:
    """True when the text writes the name's last word alone, as a short name (`Smith opened it`),
    not as part of another name (`Facebook Marketing` beside `Email Marketing`). A word the text
    also writes in lower case is a common word, capitalised alone in headings and at sentence
    starts (`Code`, `Cloud` beside `code`, `cloud`), so it names no one."""
    last = name.split()[-1]
    if last.casefold() != last and any(_is_running_word(span, text) for span in word_spans(last.casefold(), text)):
        return False
    rest = text.replace(name, " ")
    for span in word_spans(last, rest):
        if (not _CAPITALISED_BEFORE.search(rest[max(0, span.start() - 40):span.start()])
                and not _CAPITALISED_AFTER.match(rest, span.end())):
            return True
    return False


def _is_running_word(span: Span, text: str) -> bool:
    """True when a word is the text's own, not part of an address (`oliver.dowden.mp@parliament.uk`,
    `example.com/oliver`)."""
    before, after = text[max(0, span.start() - 1):span.start()], text[span.end():span.end() + 2]
    return before not in _ADDRESS_BEFORE and after[:1] not in _ADDRESS_AFTER and not _DOT_AND_WORD.match(after)


_ADDRESS_BEFORE = frozenset("./@_")
_ADDRESS_AFTER = frozenset("/@_")
_DOT_AND_WORD = re.compile(r"\.\w")  # a stop ending a sentence is the text's; `oliver.dowden` is not


def _short_forms(name: str) -> list[str]:
    """The name, then its first and last words alone: a text quotes `Wen said` after `Wen Jiabao`
    (a family name first) as it quotes `Smith said` after `Jane Smith`."""
    words = name.split()
    return [name, *dict.fromkeys((words[0], words[-1]))] if len(words) > 1 else [name]


def _is_quoted(forms: list[str], text: str, language: str) -> bool:
    """True when the text quotes or describes one of `forms` (`_PERSON_BEFORE`, `_PERSON_AFTER`)."""
    before, after = _PERSON_BEFORE.get(language), _PERSON_AFTER.get(language)
    if before is None or after is None:
        return False
    return any(after.match(text, span.end()) or before.search(text, max(0, span.start() - _SPEECH_SPAN), span.start())
               for form in forms for span in word_spans(form, text))


def is_written_as_person(name: str, text: str, language: str, people: Iterable[str] = ()) -> bool:
    """True when the text shows `name` is someone: titled or given a role (`has_person_cue`),
    quoted or described, by its whole name or one end word (`said Smith`, `Smith, who`, `Wen
    said`), named again by the last word alone (`Smith` after `Jane Smith`), or listed beside
    another person of the article (`Kevin Spacey and Will Smith`)."""
    if has_person_cue(name, text, language):
        return True
    if _is_quoted(_short_forms(name), text, language):
        return True
    if _named_by_last_word(name, text):
        return True
    others = [other for other in people if other != name]
    return bool(others) and any(is_listed_after(text, span.start(), others, _LINK_BEFORE, _LIST_SPAN)
                                or is_listed_before(text, span.end(), others, _LINK_AFTER)
                                for span in word_spans(name, text))
