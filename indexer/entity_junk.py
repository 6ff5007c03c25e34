"""Names a recogniser returns that are nobody's name, told apart by rules that hold in any text.

Each rule needs no list of the names it rejects; the vocabularies it reads are kinds of words
(calendar words from babel's CLDR data, time zones from dateparser, the verbs of a dateline).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from newsfacet.engine.places import canonical_place, is_country
from newsfacet.indexer.word_spans import Span, word_spans

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
    "HTTPS ID IOT IP IPO IT LCD LED ML MP MP3 NFT OS PC PDF PIN PR QA RAM RSS SAAS SDK SEO SIM SMS SQL "
    "SUV TV UI URL USB UX VAT VPN VR WIFI".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# An acronym in the plural (`MPs`, `GPs`, `CEOs`) counts things of a kind; a body is one of a kind.
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,7}s")
# A word right after these starts a sentence or a line: its capital says nothing.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»]\s+|\n\s*)$")


@cache
def _calendar_words(language: str, tables: tuple[str, ...] = ("months", "days"),
                    widths: tuple[str, ...] = ("wide",)) -> frozenset[str]:
    """Case-folded month and weekday names (wide forms unless told) of a language, from CLDR via
    babel, without an abbreviation's dot (`oct.`)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(name.casefold().rstrip(".") for table in tables for context in ("format", "stand-alone")
                     for width in widths for name in getattr(locale, table)[context][width].values())


@cache
def _month_names(language: str) -> frozenset[str]:
    """Case-folded month names, wide and abbreviated (`october`, `oct`), of a language and English."""
    names = (_calendar_words(code, ("months",), ("wide", "abbreviated")) for code in {language, "en"})
    return frozenset().union(*names)


def ends_with_dated_month(name: str, text: str, language: str) -> bool:
    """True for a name of several words whose last word is a month the text follows with a day
    wherever it writes the name (`Record Oct` of `Record Oct 27`, a dividend's record day): a date
    the model ran into a name. `Theresa May` written once without a day is someone."""
    head, _, last = name.rpartition(" ")
    if not head or last.casefold().rstrip(".") not in _month_names(language):
        return False
    days = [match.group(1) for match in re.finditer(rf"(?<!\w){re.escape(name)}(\.?\s+\d{{1,2}}(?![\d,.]\d))?", text)]
    return bool(days) and all(days)


@cache
def _time_zones() -> frozenset[str]:
    """Case-folded time zone abbreviations (`GMT`, `CET`, `MSK`) dateparser knows."""
    from dateparser.timezones import timezone_info_list

    return frozenset(name.casefold() for group in timezone_info_list
                     for name, _offset in group["timezones"] if name.isalpha())


@cache
def language_names(language: str) -> frozenset[str]:
    """One-word names of languages in the text's language and in English, from CLDR via babel
    (`Welsh`, `Scots`, `Gallois`): a language or its people, no body. Names that are also places
    (`Alabama`, `Nauru`) are left to the place tables."""
    from babel import Locale, UnknownLocaleError

    names: set[str] = set()
    for code in {language, "en"}:
        try:
            names.update(Locale.parse(code).languages.values())
        except (UnknownLocaleError, ValueError):
            continue
    return frozenset(name.casefold() for name in names if " " not in name and not canonical_place(name))


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


# The verbs of a page's calls to follow or find it elsewhere (`Find BBC News: East of England on
# Facebook`, `Follow BBC Africa on Twitter`): the recogniser takes the verb into the name.
_CALL_TO_ACTION = frozenset("Find Follow Watch Listen Subscribe Download".split())


def strip_call_to_action(name: str) -> str:
    """`Find BBC News` -> `BBC News`; a name that is only the verb is left alone."""
    head, _, rest = name.partition(" ")
    return rest if head in _CALL_TO_ACTION and rest[:1].isupper() else name


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


def is_shouted(line: str) -> bool:
    """True for a line written in capitals (a wire headline): its case says nothing of names."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


class TextWords:
    """How one text writes each word: how often, in which case, where in the sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
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
    if ends_with_dated_month(name, words.text, language):
        return True
    if " " in name or canonical_place(name, language):
        return False
    # Acronyms of kinds of things, or an acronym the text uses as a common noun (`APIs`), or one
    # written in the plural itself (`MPs`).
    if name.isupper() and (name in GENERIC_ACRONYMS or words.counts[name + "s"]) or _PLURAL_ACRONYM.fullmatch(name):
        return True
    if name.isupper():
        return False
    # A one-word "organisation" the text also writes in the plural (`iPods`, `Xboxes`) is a thing
    # made in numbers; a body is one of a kind (a name ending in `s` already, `Wasps`, is left alone).
    if kind == "organization" and not name.endswith("s") and (words.counts[name + "s"] or words.counts[name + "es"]):
        return True
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
    # A body named by a country's people (`Kuwaiti` of `Kuwaiti tankers`) is no body.
    if cased and kind == "organization" and is_demonym(name, countries_only=True):
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
                    "ines", "ine", "ins", "ain", "aine", "ains", "ans", "an", "ese", "ish", "er", "ers", "ois", "i")
_PLACE_ENDINGS = ("", "e", "a", "ia", "y", "o", "es")
_MIN_STEM = 4


def is_demonym(word: str, countries_only: bool = False) -> bool:
    """True when `word` is no known place but a known place plus a demonym ending: its people,
    not the place (`Marseillais`, `Parisiens`, `Kuwaiti`). Kept short: stems under four letters
    match too much. `countries_only`: the stem and ending spell a country's English name exactly
    (`Kuwait`, `Canad`+`a`), not a town or another language's name (`Le Parisien` is a paper)."""
    if " " in word or canonical_place(word):
        return False
    for ending in _DEMONYM_ENDINGS:
        stem = word[:-len(ending)]
        if word.casefold().endswith(ending) and len(stem) >= _MIN_STEM:
            places = (stem + tail for tail in _PLACE_ENDINGS)
            if any(_is_country_named(place) if countries_only else canonical_place(place) for place in places):
                return True
    return False


def _is_country_named(name: str) -> bool:
    return canonical_place(name) == name and is_country(name)


# Roman numerals end names (`Henry VIII`); other capitals of three letters or more are a brand or a
# body (`MSN Messenger`), and a lower-case word of four letters or more a common noun (`Blu-ray disc`).
# Shorter lower-case words are particles that belong to names (de, van, von, bin, al).
_ROMAN = re.compile(r"[IVXLC]+")
_MIN_LOWER_WORD = 4


def is_product_like_person(name: str) -> bool:
    """A "person" with a word no personal name has: an acronym (`MSN Messenger`, `Generative AI`) or a common
    lower-case noun (`Blu-ray disc`, `Colin McRae rally`)."""
    for token in name.split()[1:] if " " in name else ():
        if token.isupper() and (len(token) >= 3 or token in GENERIC_ACRONYMS) and not _ROMAN.fullmatch(token):
            return True  # `MSN Messenger`, `Generative AI`
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


# Competitions, prizes and festivals are named by a head word: last in English (`Champions League`,
# `Academy Awards`, `FA Cup`), first in French, Spanish and Italian (`Coupe du monde`, `Ligue des
# champions`, `Prix Goncourt`). They are events, not bodies, and no facet has a kind for them.
_EVENT_LAST_WORDS = frozenset(
    "League Cup Championship Championships Award Awards Prize Prizes Olympics Olympiad Trophy Tournament "
    "Festival Open Marathon Prix Paralympics Show Expo Conference Summit Fair".split())
# `Games` heads an event only where the text writes it after `the` (`the Commonwealth Games`); a
# games maker's name takes no article (`Rockstar Games`).
_ARTICLE_EVENT_LAST_WORDS = frozenset({"Games"})
_DATE_OR_HOST = r"(?:(?:\d{4}|[A-Z][\w'’]*)\s+)?"  # `the 2022 Commonwealth Games`, `the Birmingham ...`
# Laws, papers and schemes are named by a head word too (`Energy Price Guarantee`, `White Paper`,
# `Finance Bill`): things a body makes, not bodies. Not `Programme`, `Fund` or `Initiative`,
# which head bodies' names (`World Food Programme`, `International Monetary Fund`).
_DOCUMENT_LAST_WORDS = frozenset(
    "Act Bill Paper Guarantee Scheme Treaty Charter Pact Accord Directive Manifesto Strategy".split())
_EVENT_FIRST_WORDS = frozenset("Coupe Ligue Jeux Championnat Trophée Tournoi Festival Prix Copa Liga Coppa".split())
# The words around a mention that make it an event or a work: a year after it (`CAN 2019`), an
# event's or a film's word after it (`Oscar nominations`, `Oscar-winning`, `Rings trilogy`), winning
# or a work's word before it (`won three Oscars`, `film Vera Drake`). A body is rarely written so.
_YEAR = r"(?:19|20)\d\d\b(?!\s+[A-Z])"  # not `Royal Academy of Engineering 2004 Hinton Lecture`
_AFTER_WORDS = ("ceremony ceremonies nomination nominations nominee nominees nominated winner winners final "
                "finals qualifier qualifiers qualifying trilogy sequel premiere soundtrack telecast night").split()
# A product's or a programming language's words after it (`Xbox console`, `Python 3.6`, `JavaScript
# programming`): a thing made and used, not a body. Not the words a maker's name goes before too
# (`Apple devices`, `a Nokia model`, `an IBM version`, `the BBC app`).
_PRODUCT_WORDS = ("console consoles language languages programming code coding framework frameworks library "
                  "libraries kernel").split()
_EVENT_AFTER = re.compile(r"(?:\s+(?:" + _YEAR + "|" + "|".join(_AFTER_WORDS + _PRODUCT_WORDS) + r")\b"
                          r"|-(?:winning|nominated)\b|\s+\d+\.\d|,?\s+starring\b)")
# A prize's words right after a name (`Golden Globe award`, `Bafta nominations`, `Oscar-winning`): once
# is enough, since a body is never written so (`the BBC's awards` is its possessive).
_AWARD_AFTER = re.compile(r"(?:\s+(?:award|awards|ceremony|ceremonies|nominations|statuette|statuettes)\b"
                          r"|-(?:winning|nominated)\b)")
# An event's head word after a one-word name: `Academy` written mostly in `Academy Awards` is the
# awards' clipped name (an acronym is a body's own: `the FA` of `FA Cup`).
_HEAD_WORD_AFTER = re.compile(r"\s+(?:" + "|".join(sorted(_EVENT_LAST_WORDS | _ARTICLE_EVENT_LAST_WORDS)) + r")\b")
# A work's people and parts after its title, possessive or not (`EastEnders' actress`, `Vera Drake
# screenplay`); not after an acronym (`a BBC actress` works for the body).
_POSSESSIVE = r"(?:['’]s?)?"
_WORK_AFTER = re.compile(_POSSESSIVE + r"\s+(?:actor|actress|actors|actresses|episode|episodes|storyline|storylines"
                         r"|spin-off|remake|screenplay|head writer)\b")
# `the Oscars show`, `EastEnders star`: a show's or a star's word after a name speaks of a work only in
# a text about acting (`Chelsea star`, `figures show` elsewhere).
_ACTING_AFTER = re.compile(_POSSESSIVE + r"\s+(?:show|shows|star|stars|co-star|co-stars|anniversary)\b")
_ACTING_TEXT = re.compile(r"\b(?:actor|actress|actors|actresses|film|films|movie|movies|soap|sitcom)\b")
# A title in quotes (`'Vera Drake'`); a closing mark followed by a letter is an apostrophe (`Labour's`).
_OPENING_QUOTES = "\"“‘'"
_CLOSING_QUOTE = re.compile(r"[\"”’'](?!\w)")
_EVENT_BEFORE = re.compile(
    r"(?:\b(?:win|wins|won|winning|nominated for)"
    r"\s+(?:(?:the|a|an|his|her|their|its|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
    r"|\b(?:during|ahead of|run-up to|eve of|day before|day after)\s+the\s+"  # `ahead of Chelsea`: a table
    r"|\b(?:pre|post)-"  # `pre-Budget report`, `during the World Cup`: times of an event
    # `this year's Oscars`, `next month's Budget`: an event is dated; a body is not.
    r"|\b(?:year|month|week|weekend|season|night|day)['’]s\s+"
    r"|\bbest\s+(?:(?:male|female|new|contemporary|original)\s+)?"  # `best R&B album`: an award's category
    r"|\b(?:learn|learning|written in|coded in)\s+"  # `learn JavaScript`: a language
    r")$", re.IGNORECASE)
# `his ninth Budget`, `Mr Brown's Budget`, `an iPod`, `the original iPod`, `post-election Budget`: a
# thing counted, held by a person or timed, asked of one-word names
# only (a body of several words is often someone's: `Murdoch's News Corporation`), and only where the
# name is the head of its phrase: `his Treasury post`, `his Cabinet colleagues` hold the post, not the
# body. A place's (`China's Tencent`) is its own body.
_HELD_BEFORE = re.compile(
    r"(?:\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|last|next)"
    r"|\b(?:his|her|their|an?|the\s+(?:new|original|latest)|(?:pre|post)-\w+)|\b([A-Z][\w-]*)['’]s)\s+$")
_HEAD_AFTER = re.compile(r"\s*(?:$|[.,;:!?\"'’”)]|\s(?:to|was|is|will|would|has|had|and|or|on|in|at|as|for|that|"
                         r"with|by|of|the|a|an|be|could|should|did|does)\b)")
# A work's word before a title (`film Vera Drake`); titles are not acronyms (`a movie NEC is showing`).
_WORK_BEFORE = re.compile(r"\b(?:(?:film|movie|album|song|single|novel|musical|sitcom|documentary|drama|comedy|thriller"
                          r"|biopic|blockbuster|hit|hits|soap|series|show|programme)\s+(?:the\s+)?"
                          r"|(?:role|roles|performance|performances|appeared|appears|appearing|starred|starring)"
                          r"\s+in\s+(?:the\s+)?|tuned\s+in(?:to|\s+to)\s+"
                          r"|(?:storyline|storylines|episode|episodes|viewers)\s+of\s+(?:the\s+)?)$", re.IGNORECASE)
_NEXT_CAPITALISED = re.compile(r"\s+[A-Z]")
# At least this share of the mentions must read as an event's: one `Chelsea final` is not enough.
_EVENT_SHARE = 1 / 3
_BEFORE_SPAN = 40


def is_event_name(name: str) -> bool:
    """An organisation whose head word makes it a competition, prize or festival, or a law, paper or scheme."""
    words = name.split()
    return len(words) > 1 and (words[-1] in _EVENT_LAST_WORDS or words[-1] in _DOCUMENT_LAST_WORDS
                               or words[0] in _EVENT_FIRST_WORDS)


def is_event_in_text(name: str, text: str) -> bool:
    """True when the text writes `name` (or its singular: `Oscars`, `Oscar`) as an event's or a
    work's name at least a third of the times it writes it."""
    if name.split()[-1] in _ARTICLE_EVENT_LAST_WORDS and " " in name and re.search(
            r"\bthe\s+" + _DATE_OR_HOST + re.escape(name) + r"\b", text):
        return True
    one_word = " " not in name and not name.isupper()
    acting = not name.isupper() and bool(_ACTING_TEXT.search(text))
    # Its singular or plural too (`Oscars` / `Oscar`, `Golden Globe` / `Golden Globes ceremony`).
    forms = {name, name[:-1]} if name.endswith("s") and len(name) > 3 else {name, name + "s"}
    found = [span for form in forms for span in word_spans(form, text)]
    if any(_AWARD_AFTER.match(text, match.end()) for match in found):
        return True
    mentions = cues = 0
    for match in found:
        mentions += 1
        before = text[max(0, match.start() - _BEFORE_SPAN):match.start()]
        # A capitalised word after the mention makes it the start of a longer name (`won the BBC
        # Sport Personality award`): what comes before speaks of that name.
        longer = _NEXT_CAPITALISED.match(text, match.end())
        held = one_word and _is_held(before, text, match.end())
        quoted = (not name.isupper() and before[-1:] in _OPENING_QUOTES
                  and bool(_CLOSING_QUOTE.match(text, match.end())))
        after = (_EVENT_AFTER.match(text, match.end()) or one_word and _HEAD_WORD_AFTER.match(text, match.end())
                 or not name.isupper() and _WORK_AFTER.match(text, match.end())
                 or acting and _ACTING_AFTER.match(text, match.end()))
        cues += bool(after or quoted or not longer and (
            _EVENT_BEFORE.search(before) or held or (not name.isupper() and _WORK_BEFORE.search(before))))
    return cues > 0 and cues >= mentions * _EVENT_SHARE


def _is_held(before: str, text: str, end: int) -> bool:
    """True when a mention ending at `end` is counted or held by a person (see _HELD_BEFORE)."""
    held = _HELD_BEFORE.search(before)
    return bool(held and _HEAD_AFTER.match(text, end) and not (held.group(1) and canonical_place(held.group(1))))


@lru_cache(maxsize=64)
def mentions_of(name: str, text: str) -> tuple[Span, ...]:
    """Where the text writes `name` as a whole word (a hyphen joins words); the rules below each ask
    for an organisation's mentions, so they are found once per name and text (a string keeps its
    hash: the key is cheap)."""
    return word_spans(name, text, hyphen_joins=True)


# A work's title the text always writes with its capital `The` (`The Aviator`), in a text about works.
_WORK_WORDS = re.compile(r"\b(?:film|films|movie|movies|album|novel|musical|sitcom|documentary|play)\b")
_TITLE_THE = re.compile(r"\bThe\s+$")
_MID_SENTENCE_THE = re.compile(r"[a-z]\s+The\s+$")
_TITLE_MENTIONS = 2  # `research firm The Yankee Group`, named once, is a body with its own `The`


def is_title_in_text(name: str, text: str) -> bool:
    """True when the text always writes `name` after a capitalised `The` (or at a sentence's start),
    at least twice and once mid-sentence (`and The Aviator`), and speaks of films or books: a work's
    title (never an acronym).
    News writes bodies' `the` in lower case mid-sentence; a paper's own `The` (`The Times`) comes
    in texts about papers."""
    found = mentions_of(name, text)
    befores = [text[max(0, match.start() - _BEFORE_SPAN):match.start()] for match in found]
    # A headline or a sentence may open with the title without its `The`.
    return (bool(found) and all(_TITLE_THE.search(before) or _SENTENCE_START.search(before) for before in befores)
            and len(found) >= _TITLE_MENTIONS and any(_MID_SENTENCE_THE.search(before) for before in befores)
            and not name.isupper() and bool(_WORK_WORDS.search(text)))


# `Lord of the ` before a name: `of the` in lower case inside a capitalised phrase joins one name
# (`Shares of Apple` has no `the`: Apple stands alone).
_CLIPPED_TAIL = re.compile(r"\b[A-Z][\w'’-]*\s+of\s+the\s+$")


def is_clipped_tail(name: str, text: str) -> bool:
    """True when the text only writes a one-word name as the end of a longer one (`Rings` of `Lord of
    the Rings`): the recogniser cut a name, and the piece names nothing."""
    found = mentions_of(name, text)
    return (" " not in name and bool(found)
            and all(_CLIPPED_TAIL.search(text[max(0, m.start() - _BEFORE_SPAN):m.start()]) for m in found))


_NEXT_NAME_WORD = re.compile(r"\s+[A-Z][a-z]")  # not an acronym after it: `Labour MPs` is the party's


def is_clipped_head(name: str, text: str) -> bool:
    """True when the text only writes a one-word name at the start of a longer capitalised one
    (`Liberal` of `Liberal Democrat spokeswoman`): the recogniser cut the name after its first word.
    An acronym opens its body's longer names and is the body itself (`BBC` of `BBC News`)."""
    found = mentions_of(name, text)
    return (" " not in name and not name.isupper() and bool(found)
            and all(_NEXT_NAME_WORD.match(text, m.end()) for m in found))


# A number before an acronym makes it a unit or a currency (`500 000 FCFA`, `3 milliards de FCFA`, `40 GW`).
_AMOUNT_BEFORE = re.compile(r"(?:(?<![\d\w])(\d(?:[\d\s.,]*\d)?)|\b(?:thousand|thousands|million|millions"
                            r"|billion|billions|milliard|milliards|mille|Millionen|Milliarden)(?:\s+d[e'’])?)\s*$")
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")  # `In 2004 BBC staff`: a year, not an amount
_UNIT_SHARE = 1 / 2


def _is_amount(match: re.Match | None) -> bool:
    return bool(match) and not (match.group(1) and _YEAR_ONLY.fullmatch(match.group(1)))


def is_unit_in_text(name: str, text: str) -> bool:
    """True for an acronym the text writes after an amount at least half the times it writes it."""
    if not name.isupper():
        return False
    found = mentions_of(name, text)
    amounts = sum(_is_amount(_AMOUNT_BEFORE.search(text[max(0, m.start() - _BEFORE_SPAN):m.start()])) for m in found)
    return amounts > 0 and amounts >= len(found) * _UNIT_SHARE


_NUMBER_AFTER = re.compile(r"\s+\d")


def is_numbered_in_text(name: str, text: str) -> bool:
    """True when the text always writes a one-word name with a number after it (`Channel 4`,
    `Radio 1`): the name is the pair, and the word alone (the number cut off) names nothing."""
    found = mentions_of(name, text)
    return " " not in name and bool(found) and all(_NUMBER_AFTER.match(text, m.end()) for m in found)


# An indefinite article, a possessive or a word of a kind before an acronym that heads its phrase
# (`a GP.`, `their GP or pharmacy`, `your local A&E`): one of many, a common noun. `The` is not
# asked: news writes `the BBC`, `the UN`; nor `our` (`our NHS`). `a BBC reporter` does not head.
_COMMON_BEFORE = re.compile(r"\b(?:[Aa]n?|his|her|their|my|your|every|each|local|family|nearest)\s+$")
_COMMON_SHARE = 1 / 3


def is_common_noun_acronym(name: str, text: str) -> bool:
    """True for an acronym the text writes as a common noun: in the plural (`A&Es`, which the word
    counts of TextWords split at `&`), or after a word of one-of-many at least a third of the times."""
    if not name.isupper() or " " in name:
        return False
    if mentions_of(name + "s", text):
        return True
    found = mentions_of(name, text)
    common = sum(bool(_COMMON_BEFORE.search(text[max(0, m.start() - _BEFORE_SPAN):m.start()])
                      and _HEAD_AFTER.match(text, m.end())) for m in found)
    return common > 0 and common >= len(found) * _COMMON_SHARE


# `in Oxford`, `outside Oxford`: a place's words before a mention that heads its phrase.
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|around)\s+$")
_PLACE_SHARE = 1 / 3


def is_place_in_text(name: str, text: str) -> bool:
    """True when the text writes a one-word name as a place (`in Oxford`) at least a third of the times:
    a town the model called a body is the town in this article."""
    placed, mentions = _heading_after(name, text, _PLACE_BEFORE)
    return " " not in name and placed > 0 and placed >= mentions * _PLACE_SHARE


def _heading_after(name: str, text: str, before: re.Pattern) -> tuple[int, int]:
    """(mentions written right after `before` and heading their phrase, all mentions): not `in
    Liverpool's win` or `in Chelsea colours`, where the club is meant."""
    found = mentions_of(name, text)
    after = sum(bool(before.search(text[max(0, m.start() - _BEFORE_SPAN):m.start()])
                     and _HEAD_AFTER.match(text, m.end()) and not re.match(r"['’]", text[m.end():m.end() + 1]))
                for m in found)
    return after, len(found)


# `at Twickenham`: a ground or a venue; a club is written so too (`his years at Chelsea`), but less
# often than as the subject of its results, so the index-wide type vote keeps clubs bodies.
_VENUE_BEFORE = re.compile(r"\bat\s+$")
_VENUE_SHARE = 1 / 2


def is_venue_in_text(name: str, text: str) -> bool:
    """True when the text writes a one-word name (no acronym) after `at`, heading its phrase, at
    least half the times: the article speaks of a place."""
    if " " in name or name.isupper() or is_employer_in_text(name, text):  # `a manager at Jigsaw`
        return False
    at, mentions = _heading_after(name, text, _VENUE_BEFORE)
    return at > 0 and at >= mentions * _VENUE_SHARE


# A party's or a team's words around a "person": `the Lib Dems`, `Lib Dem leader`, `Lib Dem MPs`.
# News writes a person without `the`, and after their role, not before it.
_GROUP_AFTER = re.compile(r"\s+(?:leader|leaders|leadership|MP|MPs|MSP|MSPs|spokesman|spokeswoman|spokesperson|peer"
                          r"|peers|candidate|candidates|members|voters|supporters|manifesto|conference|fans)\b")
# A party's role with its brief between (`Lib Dem home affairs spokesman`): up to three lower-case
# words that are no verb or small word of a sentence (`Tony Blair told his ... leader` is not one).
_SENTENCE_WORDS = ("and|or|but|his|her|their|its|the|a|an|to|of|in|on|at|for|with|by|from|said|says|told|tells"
                   "|has|had|have|was|is|will|would|who|which|that|met|meets|thanked|named|called|as")
_GROUP_ROLE_AFTER = re.compile(r"(?:\s+(?!(?:" + _SENTENCE_WORDS + r")\b)[a-z][a-z-]*){1,3}"
                               r"\s+(?:leader|spokesman|spokeswoman|spokesperson|MP|MSP|peer|candidate)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_GROUP_SHARE = 1 / 2


def is_group_in_text(name: str, text: str) -> bool:
    """True when the text writes a "person" as a group (after a lower-case `the`, or before a party's
    or team's word) at least half the times: a party or a team, not someone."""
    found = mentions_of(name, text)
    # `the` before a person's name makes a group only where the name heads its phrase or is plural:
    # `the George W Bush administration` is his.
    grouped = sum(bool(_THE_BEFORE.search(text[max(0, m.start() - _BEFORE_SPAN):m.start()])
                       and (name.endswith("s") or _HEAD_AFTER.match(text, m.end()))
                       or _GROUP_AFTER.match(text, m.end()) or _GROUP_ROLE_AFTER.match(text, m.end())) for m in found)
    return grouped > 0 and grouped >= len(found) * _GROUP_SHARE


# Lower-case nouns for a business written right before its name (`accountancy firm Grant Thornton`,
# `auditors Grant Thornton`, `fashion brand Eileen Fisher`); none of them is said of a person.
_BODY_NOUN_BEFORE = re.compile(
    r"\b(?:firm|firms|company|companies|retailer|retailers|brand|brands|label|maker|makers|manufacturer|"
    r"lender|insurer|broker|brokerage|auditor|auditors|airline|carrier|chain|start-up|startup|agency|"
    r"consultancy|conglomerate|bank|banks|publisher|supermarket|distributor)\s+$")


# A job whose holder is then placed at an employer (`telecoms analyst at X`, `analyst Mike Powell of
# X`, `director of X`): what follows is a body or a place, not someone.
_JOB_WORDS = (r"analysts?|economists?|strategists?|traders?|dealers?|researchers?|partners?|director|executive|"
              r"manager|spokes(?:man|woman|person)|chair(?:man|woman)?|professor|lecturer|fellow|consultant|head")
_JOB_BEFORE = re.compile(rf"\b(?:{_JOB_WORDS})(?:,?\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:of|at)|\s+(?:at|with|of))\s+$")
_JOB_SPAN = 80
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def is_body_in_text(name: str, text: str) -> bool:
    """True when the text writes a "person" right after a business's noun at least once
    (`accountancy firm Grant Thornton`), or as someone's employer (`is_employer_in_text`): a firm
    named after people, as many are."""
    return is_employer_in_text(name, text) or any(
        _BODY_NOUN_BEFORE.search(text, max(0, mention.start() - _BEFORE_SPAN), mention.start())
        for mention in mentions_of(name, text))


def is_employer_in_text(name: str, text: str) -> bool:
    """True when the text writes the name once as where someone in a job works (`telecoms analyst at
    Dresdner Kleinwort Wasserstein`, `analyst Mike Powell of ...`, `a manager at Jigsaw`)."""
    return any(_JOB_BEFORE.search(text, max(0, mention.start() - _JOB_SPAN), mention.start())
               and not _POSSESSIVE_AFTER.match(text, mention.end())  # `the head of Gordon Brown's team`
               for mention in mentions_of(name, text))


# A possessive or a demonstrative right before a "person": `my Hamilton Beach`, `this Hamilton Beach
# brewer`, `your Merchant Center account`. News seldom writes someone so, and then shows the person
# otherwise too (`your Terry Hall message`, `Hall lived in ...`); `this Bill Gates-backed` firm is no
# owned thing, hence the word after.
_OWNED_BEFORE = re.compile(r"\b(?:[Mm]y|[Yy]our|[Oo]ur|[Tt]his|[Tt]hese|[Tt]hose)\s+$")
_NOT_OWNED_AFTER = re.compile(r"[-'’]")


def is_owned_in_text(name: str, text: str) -> bool:
    """True when the text writes a "person" after `my`, `your`, `our`, `this`, `these` or `those`
    once: an appliance, a brand or a feature, not someone."""
    return any(_OWNED_BEFORE.search(text, max(0, m.start() - _BEFORE_SPAN), m.start())
               and not _NOT_OWNED_AFTER.match(text, m.end()) for m in mentions_of(name, text))


# A work's words after a "person" (`Harry Potter film`, `the Harry Potter games`, `Harry Potter star
# Daniel Radcliffe`), a technology's (`Asymmetric Digital Subscriber Line technology`) or a title's
# `and The` (`Harry Potter and The Prisoner Of Azkaban`): a work, a character or a thing, not
# someone in the news. A person's own work takes a possessive (`Michael Moore's film`).
_PERSON_WORK_AFTER = re.compile(r"\s+(?:film|films|movie|movies|book|books|novel|novels|series|franchise|sequel"
                                r"|director|star|stars|co-star|author|cast|game|games|technology|technologies)\b"
                                r"|\s+and\s+The\s+[A-Z]")  # `Michael Howard and the Tories` is him
_WORK_PERSON_SHARE = 1 / 3


def is_work_in_text(name: str, text: str) -> bool:
    """True when the text writes a "person" as a work's name at least a third of the times."""
    found = mentions_of(name, text)
    works = sum(bool(_PERSON_WORK_AFTER.match(text, m.end())) for m in found)
    return works > 0 and works >= len(found) * _WORK_PERSON_SHARE
