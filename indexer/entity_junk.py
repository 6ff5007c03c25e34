"""Names a recogniser returns that are nobody's name, told apart by rules that hold in any text.

Each rule needs no list of the names it rejects; the vocabularies it reads are kinds of words
(calendar words from babel's CLDR data, time zones from dateparser, the verbs of a dateline).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache

from newsfacet.engine.places import canonical_place

# The verbs that open a dateline or byline ("Published 3 May", "Updated 10:04 GMT", "Written
# by ..."), and the small words that follow them, per language. With calendar words and time
# zones they make no name; a name that opens with a verb has its dateline cut off.
_DATELINE_VERBS = {
    "en": "published updated posted modified edited written filed last",
    "de": "veröffentlicht aktualisiert erstellt geändert zuletzt",
    "fr": "publié publiée modifié modifiée actualisé",
    "es": "publicado publicada actualizado actualizada",
    "it": "pubblicato pubblicata aggiornato aggiornata",
    "pt": "publicado publicada atualizado atualizada actualizado",
    "nl": "gepubliceerd bijgewerkt",
    "ru": "опубликовано обновлено изменено",
}
_DATELINE_LINKS = {
    "en": "by on at am pm local time",
    "de": "von am um uhr",
    "fr": "le par à mis jour",
    "es": "por el a las",
    "it": "da il alle",
    "pt": "por em às",
    "nl": "door op om",
    "ru": "в автор",
}
# Acronyms of kinds of things (technologies, formats, job titles, economic measures), not of
# bodies: `an API`, `the CEO`, `GDP` name no one in particular.
GENERIC_ACRONYMS = frozenset(
    "AI API APP CCTV CD CEO CFO COO CPU CRM CSS CTO DIY DNA DVD ERP FAQ GDP GPS GPU HD HR HTML HTTP "
    "HTTPS ID IOT IP IPO IT LCD LED ML MP MP3 NFT OS PC PDF PIN PR RAM RSS SAAS SDK SEO SIM SMS SQL "
    "SUV TV UI URL USB UX VAT VPN VR WIFI".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A word right after these starts a sentence or a line: its capital says nothing.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»]\s+|\n\s*)$")


@cache
def _calendar_words(language: str) -> frozenset[str]:
    """Case-folded month and weekday names (wide forms) of a language, from CLDR via babel."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    words: set[str] = set()
    for table in (locale.months, locale.days):
        for context in ("format", "stand-alone"):
            words.update(name.casefold() for name in table[context]["wide"].values())
    return frozenset(words)


@cache
def _time_zones() -> frozenset[str]:
    """Case-folded time zone abbreviations (`GMT`, `CET`, `MSK`) dateparser knows."""
    from dateparser.timezones import timezone_info_list

    return frozenset(name.casefold() for group in timezone_info_list
                     for name, _offset in group["timezones"] if name.isalpha())


def _vocabulary(table: dict[str, str], language: str) -> set[str]:
    return {word for code in {language, "en"} for word in table.get(code, "").split()}


@cache
def _date_words(language: str) -> frozenset[str]:
    """Words of a date or dateline, in the text's language and in English."""
    words = set(_time_zones()) | _vocabulary(_DATELINE_VERBS, language)
    words |= _vocabulary(_DATELINE_LINKS, language)
    for code in {language, "en"}:
        words |= _calendar_words(code)
    return frozenset(words)


def strip_dateline_words(name: str, language: str) -> str:
    """`Written by Jane Doe` -> `Jane Doe`, `Updated Monday` -> `` (nothing left).

    Only a name that opens with a dateline verb is cut: `Le Pen` and `El Salvador` keep theirs.
    """
    words = name.split()
    if not words or words[0].casefold().rstrip(".:,") not in _vocabulary(_DATELINE_VERBS, language):
        return name
    date_words = _date_words(language)
    while words and words[0].casefold().rstrip(".:,") in date_words:
        words.pop(0)
    return " ".join(words)


class TextWords:
    """How one text writes each word: how often, in which case, where in the sentence."""

    def __init__(self, text: str) -> None:
        self.counts: Counter[str] = Counter()
        self.mid_sentence: Counter[str] = Counter()
        for match in _WORD.finditer(text):
            word = match.group()
            self.counts[word] += 1
            if not _SENTENCE_START.search(text[max(0, match.start() - 3):match.start()]):
                self.mid_sentence[word] += 1


def is_junk_in_text(name: str, kind: str, words: TextWords, language: str) -> bool:
    """True when one of the rules below says `name`, found in this text, names no one."""
    folded = name.casefold()
    # Dates, datelines and bylines: every word a month, weekday, time zone or dateline word.
    if all(word.strip(".,:") in _date_words(language) for word in folded.split()):
        return True
    if " " in name or canonical_place(name, language):
        return False
    # Acronyms of kinds of things, or an acronym the text uses as a common noun (`APIs`).
    if name.isupper() and (name in GENERIC_ACRONYMS or words.counts[name + "s"]):
        return True
    if name.isupper():
        return False
    # A word the text itself writes in lower case as often as with a capital mid-sentence is a
    # common word (`email` ... `Email`, `the bank` ... `Bank`).
    # (Scripts without case, Korean or Arabic, have no lower case to tell by.)
    lower = words.counts[folded] if folded != name else 0
    if lower and lower >= words.mid_sentence[name]:
        return True
    # One word seen once, and only where any word has a capital (a sentence's or line's start):
    # nothing says it is a name (`Napster` opening a sentence); mid-sentence (`Madonna`) it is.
    # Never seen as written: the name was put in another form (Russian cases); nothing to count.
    # Scripts without case give no such hint.
    # A place is known by now (above): a one-word "location" no table knows, seen only there, is
    # a caption's or heading's first word too (`Historienne, ...`).
    cased = folded != name
    if cased and kind == "location" and is_demonym(name):
        return True
    return cased and words.counts[name] == 1 and not words.mid_sentence[name]


def is_written_lower(word: str, words: TextWords) -> bool:
    """True when the text writes `word` in lower case at least as often as capitalised mid-sentence:
    it is a common word of the text's language here (`best`, `store`, `storm`), not part of a name."""
    folded = word.casefold()
    return folded != word and words.counts[folded] >= max(1, words.mid_sentence[word])


def is_common_words_person(name: str, words: TextWords) -> bool:
    """A multi-word "person" whose every word the text itself writes in lower case
    (`Best Overall`, `App Store`): a heading or a product, not someone's name. A real name keeps
    at least one word the text only ever capitalises (`Mark Price` in a story about prices)."""
    tokens = name.split()
    return len(tokens) > 1 and all(is_written_lower(token, words) for token in tokens)


# Endings that make a people's or a resident's word from a place's name (`Marseillais` from
# `Marseille`, `Parisienne` from `Paris`, `Chinese` from `China`), and what the place may end in.
_DEMONYM_ENDINGS = ("aises", "aise", "ais", "oises", "oise", "ois", "iennes", "ienne", "iens", "ien",
                    "ines", "ine", "ins", "ain", "aine", "ains", "ans", "an", "ese", "ish", "er", "ers", "ois")
_PLACE_ENDINGS = ("", "e", "a", "ia", "y", "o", "es")
_MIN_STEM = 4


def is_demonym(word: str) -> bool:
    """True when `word` is no known place but a known place plus a demonym ending: its people,
    not the place (`Marseillais`, `Parisiens`). Kept short: stems under four letters match too much."""
    if " " in word or canonical_place(word):
        return False
    for ending in _DEMONYM_ENDINGS:
        stem = word[:-len(ending)]
        if word.casefold().endswith(ending) and len(stem) >= _MIN_STEM:
            if any(canonical_place(stem + tail) for tail in _PLACE_ENDINGS):
                return True
    return False


# Roman numerals end names (`Henry VIII`); other capitals of three letters or more are a brand or a
# body (`MSN Messenger`), and a lower-case word of four letters or more a common noun (`Blu-ray disc`).
# Shorter lower-case words are particles that belong to names (de, van, von, bin, al).
_ROMAN = re.compile(r"[IVXLC]+")
_MIN_LOWER_WORD = 4


def is_product_like_person(name: str) -> bool:
    """A "person" with a word no personal name has: an acronym (`MSN Messenger`) or a common
    lower-case noun (`Blu-ray disc`, `Colin McRae rally`)."""
    for token in name.split()[1:] if " " in name else ():
        if token.isupper() and len(token) >= 3 and not _ROMAN.fullmatch(token):
            return True
        if token.islower() and len(token) >= _MIN_LOWER_WORD:
            return True
    head = name.split()[0]
    return " " in name and head.isupper() and len(head) >= 3 and not _ROMAN.fullmatch(head)


# Words that end a club's or a company's name after the town it is from (`Manchester United`,
# `Leeds Rovers`, `Glasgow City Council`); no personal name ends with one of these after a town.
_BODY_ENDINGS = frozenset(
    "United City Rovers Athletic Wanderers Albion Rangers Town County FC AFC Bank Airlines Airways Group "
    "University Council Police Orchestra".split())


def is_place_led_body(name: str, language: str) -> bool:
    """A "person" that is a known place followed by a club's or company's word is that body
    (`Manchester United`). A first name that is also a town (`Paris Hilton`, `Chelsea Clinton`)
    is followed by a surname, never by one of these words."""
    words = name.split()
    if len(words) < 2 or words[-1] not in _BODY_ENDINGS:
        return False
    # The town may be of two words (`New York City`) or the body of three (`Glasgow City Council`).
    return any(canonical_place(head, language) for head in (" ".join(words[:-1]), words[0]))
