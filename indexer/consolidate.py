"""Consolidation: the names one article's recogniser found, made into facet values people trust.

It runs after recognition (`extract_entities`), on one article at a time, and
- drops junk by rules that hold in any text (`indexer.entity_junk`);
- resolves a person's short or titled mention to the one full name the article uses
  (`Mr Ebbers` -> `Bernie Ebbers`; two Bushes: `Bush` stays), via `entity_names.fold_document`;
- names every known place by its one English name (`U.S.`, `Etats-Unis`, `США` -> `United States`,
  `Lisbonne` -> `Lisbon`) from `engine.places`, as a location: a known country or the EU is never
  an organisation or a person;
- resolves an acronym to the name it abbreviates in the article (`International Monetary Fund
  (IMF)`, or an organisation named there whose initials it is; French writes all but the first
  word in lower case: `Organisation mondiale de la santé (OMS)`);
- names an international body by its one English name in any language (`ONU`, `Nations unies` ->
  `United Nations`), from `indexer.bodies`;
- drops a one-word person the article never names in full. News introduces a person by full name;
  a lone capitalised word tagged as a person is mostly a product, company or place (`Python`,
  `Yukos`, `Gmail`), or a surname two people share. The price: mononyms (`Madonna`) are lost.
  Scripts without case (Korean, Chinese) write full names as one word and are left alone;
- retypes or drops a value by what it is made of, never by a list of names: a known place of several
  words is no person (`Buenos Aires`); a "person" of words the text writes in lower case (`Best
  Overall`), or opening with such a word when the text never quotes, titles or lists it as someone
  (`Art Deco`, `Email Marketing`; English), with an acronym or a long lower-case word (`MSN
  Messenger`, `Blu-ray disc`), or opening with an organisation of the article (`Xbox Live`) is not
  one; a known place followed by a club's or company's word (`Manchester United`) is an
  organisation; a demonym (`Marseillais`) or an acronym no place table knows (`BT`) is no place;
  `port de Lisbonne` is Lisbon; an "organisation" that is a competition, prize or festival by its
  head word (`Champions League`) or by the words around it (`won three Oscars`, `CAN 2019`,
  `pre-Budget`, `this week's Budget`, `Mr Brown's Budget`, `drama Vera Drake`), a work's title (`The
  Aviator` in a text about films), a currency after amounts (`500 000 FCFA`), the clipped end of a
  longer name (`Rings` of `Lord of the Rings`) or its first word (`Liberal` only ever in `Liberal
  Democrat`), a word always numbered (`Channel` of `Channel 4`), an acronym in the plural (`MPs`) or
  one of many (`a GP`, `their GP`) is dropped, and so are a law, paper or scheme by its head word
  (`White Paper`, `Energy Price Guarantee`), a prize the text writes once with a prize's word
  (`Golden Globe award`, `Bafta ceremony`; a "place" too), a language or its people (`Scots`,
  `Welsh`, from CLDR), and a "person" the text writes as a group (`the Lib Dems`, `Lib Dem home
  affairs spokesman`) or as a work (`Harry Potter film`); a body of two or three words the text
  titles (`Ms Sturgeon`, `SNP leader Nicola Sturgeon`, `Actor Keanu Reeves` opening a sentence) or
  lists among people (`Cate Blanchett, Keanu Reeves and Richard Gere`) is a person, and a "person"
  it lists among bodies and never shows as someone (`Amazon, Best Buy, Walmart`) a body; a
  "person" written after `my` or `this` (`my Hamilton Beach`) is a thing unless the text shows
  someone (English); a capital or a
  city of a million named alone (`Washington`), or a known town the text writes as a place (`in
  Oxford`), is a place;
- drops a person or organisation only a headline in capitals names (`Dlr Falls`): the model's guess
  on title-cased words;
- reads a company's legal form (engine.legal_forms): a "person" ending with one is the company
  (`Akzo NV`), a form alone (`Co`) is dropped;
- folds an organisation's forms: `Akzo NV` beside `Akzo` is `Akzo`, `BBC News` (acronym + words the
  text writes in lower case) is `BBC`, `Fed` beside `Federal Reserve` is the Reserve, `Commons`
  beside `House of Commons`, `the Exchange` beside `New York Stock Exchange` and `the Community`
  beside `European Community` (a place's word and a head noun) are the full names
  (index-wide, engine.entity_choices folds an acronym + words into the acronym the index holds as a
  body, and a body's last word into the one full name the batch has for it; at a run's end,
  indexer.settle_bodies spells out acronyms across the index).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from newsfacet.engine.entity_choices import ACRONYM, is_tail_word, tail_of
from newsfacet.engine.legal_forms import is_bare_legal_form, is_legal_form, without_legal_form
from newsfacet.engine.places import canonical_place, is_country, major_place, state_by_abbreviation
from newsfacet.indexer.bodies import canonical_body
from newsfacet.indexer.entities import SHOUTED_LINES_RECASED
from newsfacet.indexer.entity_junk import (
    GENERIC_ACRONYMS,
    TextWords,
    is_body_in_text,
    is_clipped_head,
    is_clipped_tail,
    is_common_noun_acronym,
    is_common_words_person,
    is_demonym,
    is_event_in_text,
    is_event_name,
    is_group_in_text,
    is_junk_in_text,
    is_numbered_in_text,
    is_owned_in_text,
    is_place_in_text,
    is_place_led_body,
    is_product_like_person,
    is_shouted,
    is_title_in_text,
    is_unit_in_text,
    is_venue_in_text,
    is_work_in_text,
    is_written_lower,
    language_names,
    mentions_of,
    strip_call_to_action,
    strip_dateline_words,
)
from newsfacet.indexer.entity_names import (
    Entity,
    clean_name,
    fold_document,
    has_person_cue,
    is_written_as_person,
    spelling_key,
    strip_title,
)
from newsfacet.indexer.personal_names import looks_like_personal_name
from newsfacet.indexer.word_spans import is_listed_after, is_listed_before, word_spans

# "Long Name (ACRONYM)": the acronym in brackets, the words before it are read backwards.
_DEFINED_ACRONYM = re.compile(r"((?:[\w&'’.-]+\s+){1,10})\(([A-Z][A-Za-z]{1,7})\)")
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_WORDS_BEFORE_SPAN = 400  # ten words before a bracket, with room to spare
_INITIAL = re.compile(r"[^\W\d_]")
# Words between a common noun and the place it belongs to: `port of`, `estuaire du`, `Hafen von`.
# A clipped name shorter than this (`Co`, `In`) opens too many words to say which one it clips.
_MIN_CLIPPED = 3
_THE_BEFORE = re.compile(r"\b(?i:the)\s+$")
_THE_SPAN = 40  # `the` and the spaces after it
_HEADED_SHARE = 1 / 2
# A body's name this long is named again by its last word (`the Exchange`, `the Commission`).
_MIN_WORDS_NAMED_BY_HEAD = 3
_LINKING_WORDS = frozenset("of du de des d' della del di do da von vom der".split())
# Small words a body's acronym skips when the name writes its other words in lower case
# (`Organisation mondiale de la santé` -> OMS, `Banque centrale européenne` -> BCE).
_ELIDED = re.compile(r"^[dl][’']", re.IGNORECASE)
_ACRONYM_SKIPS = _LINKING_WORDS | frozenset("the and for la le les l' et pour y e und für".split())
_LEADING_ARTICLE = re.compile(r"^(?:la|le|l['’]|the|die|das|dem)\s*", re.IGNORECASE)


def consolidate(entities: list[Entity], text: str, language: str) -> list[Entity]:
    """The article's entities with junk dropped and variants merged, one entry each, sorted."""
    words = TextWords(text)
    entities = drop_headline_guesses(entities, text, language)
    merged = merge_variants(drop_uncued_common_people(drop_junk(entities, words, language), words, language),
                            text, language)
    merged = fold_document(fold_organisation_forms(merged, words))
    return [entity for entity in drop_branded_people(merged) if not is_lone_person_word(entity)]


def drop_headline_guesses(entities: list[Entity], text: str, language: str) -> list[Entity]:
    """A person or organisation named only in a headline written in capitals is a guess the model
    made on title-cased words (`Aircraft Attack Iranian Oil Rigs In`, `Blasts Reagan`, `Cts Vs`):
    a story names its people and bodies again in its text. Places are looked up, not
    guessed, and stay; so does everything when the language has no case shift before its model
    (Russian names are put in the nominative, so not found as written). A story that is a shouted
    headline alone (a wire's one-line flash) writes no name as a name: only a company named with its
    legal form (`Microsoft Corp`) and a word in capitals (`CME`) stay."""
    if language not in SHOUTED_LINES_RECASED:
        return entities
    lines = text.split("\n")
    loud = [is_shouted(line) for line in lines]
    headlines = "\n".join(line for line, shouted in zip(lines, loud, strict=True) if shouted).casefold()
    told = "\n".join(line for line, shouted in zip(lines, loud, strict=True) if not shouted)
    if not headlines:
        return entities
    if not told.strip():
        return [e for e in entities if e.type == "location" or without_legal_form(e.name) or ACRONYM.fullmatch(e.name)]
    # As the text writes it: `cts vs` in the text does not make the headline's `Cts Vs` a name.
    return [e for e in entities if e.type == "location" or e.name in told or e.name.casefold() not in headlines]


_CAPITALISED_WORD_AFTER = re.compile(r"\s+([A-Z][\w.]*)(?![\w-])")


def _written_with_legal_form(name: str, text: str) -> bool:
    """True when the text writes the name followed by a company's legal form (`Crazy Eddie Inc said`):
    the name is the company's, also where the model took it for a person."""
    return any((after := _CAPITALISED_WORD_AFTER.match(text, span.end())) and is_legal_form(after.group(1))
               for span in word_spans(name, text))


def drop_branded_people(entities: list[Entity]) -> list[Entity]:
    """A "person" whose first word is an organisation of the same article is its product or
    service (`Xbox Live`, `Mac Mini` beside `Xbox`, `Mac`): people's first names are not bodies."""
    bodies = {e.name for e in entities if e.type == "organization" and " " not in e.name}
    return [e for e in entities if not (e.type == "person" and " " in e.name and e.name.split()[0] in bodies)]


def drop_uncued_common_people(entities: list[Entity], words: TextWords, language: str) -> list[Entity]:
    """A "person" of several capitalised words whose first or last word the text writes as a common
    word (`Best Buy`, `Art Deco`, `Email Marketing`, `Claude Code`, `Wireless Mouse` beside `best`,
    `art`, `email`, `code`, `mouse`), that the text writes after `my` or `this` (`my Hamilton Beach`),
    or that no given or family name opens or ends
    (`Cabernet Sauvignon`, `Common Challenges`, `Zoho Books`), is a heading, a product or a style
    unless the text shows someone (`is_written_as_person`): `Mark Price said` stays. English only,
    where the speech cues are known; a function word (`Will Smith`, `Theresa May` beside `will`,
    `may`) says nothing."""
    if language != "en":
        return entities
    # A list shows someone beside a person shaped like one: `Discover, Creator Marketplace, and
    # Creator Collab Campaigns` lists features.
    people = {e.name for e in entities if e.type == "person" and looks_like_personal_name(e.name)}
    return [e for e in entities if not (e.type == "person" and _is_doubtful_person(e.name, words)
                                        and not is_written_as_person(e.name, words.text, language, people))]


def _is_doubtful_person(name: str, words: TextWords) -> bool:
    # A known place (`Buenos Aires`) is no doubtful person: `merge_variants` makes it the place.
    return " " in name and (_ends_with_common_word(name, words) or is_owned_in_text(name, words.text)
                            or (not looks_like_personal_name(name) and canonical_place(name) is None))


def _ends_with_common_word(name: str, words: TextWords) -> bool:
    """True when the name's first or last word is a common word of the text (not a function word)."""
    tokens = name.split()
    if len(tokens) < 2 or not all(len(token) > 1 and token[:1].isupper() for token in tokens):
        return False
    return any(token.casefold() not in _english_stop_words() and is_written_lower(token, words)
               for token in (tokens[0], tokens[-1]))


@cache
def _english_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # imported here: `import spacy` takes a second

    return frozenset(STOP_WORDS)


def is_lone_person_word(entity: Entity) -> bool:
    """A person named by one word of a cased script (after short names were resolved)."""
    return entity.type == "person" and len(entity.name.split()) == 1 and entity.name.lower() != entity.name


def drop_junk(entities: list[Entity], words: TextWords, language: str) -> list[Entity]:
    """The entities that name someone, datelines and titles cut off (`Mr Ebbers` -> `Ebbers`)."""
    return [kept for entity in entities if (kept := clean_mention(entity, words, language))]


def clean_mention(entity: Entity, words: TextWords, language: str) -> Entity | None:
    """One entity with its dateline and title cut off, or None when it names no one."""
    name = strip_dateline_words(entity.name, language)
    if entity.type == "person":
        name = strip_title(name, language)
    if entity.type == "organization":
        name = strip_call_to_action(name)
        # `SNP leader Nicola Sturgeon`, `Ms Sturgeon`: the model's body is the person the text titles.
        if has_person_cue(name, words.text, language):
            # Its title goes as a person's does (`Mr Ebbers` -> `Ebbers`, then the full name).
            entity, name = Entity("person", name), strip_title(name, language)
    if not name or is_junk_in_text(name, entity.type, words, language):
        return None
    if entity.type == "person" and (is_common_words_person(name, words) or is_product_like_person(name)
                                    or is_group_in_text(name, words.text) or is_work_in_text(name, words.text)):
        return None
    if entity.type == "organization" and (name.casefold() in language_names(language) or _is_no_body(name, words.text)):
        return None
    if entity.type == "person" and (is_place_led_body(name, language) or is_legal_form(name.split()[-1])
                                    or _written_with_legal_form(name, words.text)
                                    or (language == "en" and is_body_in_text(name, words.text))):
        return Entity("organization", name)  # `Manchester United`, `Allwaste Inc`, `firm Grant Thornton`
    if entity.type == "organization" and all(is_bare_legal_form(word) for word in name.split()):
        return None  # `Co`, `Co Inc`: what is left of `Merrill Lynch and Co Inc` cut at `and`
    if entity.type == "location" and not canonical_place(name, language) and is_event_in_text(name, words.text):
        return None  # `Bafta ceremony`: a prize the model called a place
    if entity.type == "location" and _has_acronym(name) and not canonical_place(name, language):
        # Places written in capitals (`US`, `UAE`) are in the tables; another acronym is a body
        # (`BT`), and a "place" with one in it a product (`Windows XP`).
        return Entity("organization", name) if " " not in name else None
    return Entity(entity.type, name)


def _is_no_body(name: str, text: str) -> bool:
    """An "organisation" that is an event, a work, a unit, a common noun or a piece of a longer name."""
    return (is_event_name(name) or is_event_in_text(name, text) or is_title_in_text(name, text)
            or is_clipped_tail(name, text) or is_clipped_head(name, text) or is_unit_in_text(name, text)
            or is_numbered_in_text(name, text)
            or is_common_noun_acronym(name, text))


def _has_acronym(name: str) -> bool:
    return any(ACRONYM.fullmatch(token) for token in name.split())


def merge_variants(entities: list[Entity], text: str, language: str) -> list[Entity]:
    """One entry per person, place and organisation of the article, sorted."""
    listed = _listed_bodies(_listed_people(fold_document(entities), text), text, language)
    kept = [_as_place(entity, text, language) for entity in listed]
    return fold_document([_as_body(entity) for entity in _resolve_acronyms(kept, text, language)])


def _as_body(entity: Entity) -> Entity:
    """An international body under its one English name, as an organisation whatever the model said
    (`Nations unies` is often tagged a place). People keep their names."""
    canonical = canonical_body(entity.name) if entity.type != "person" else None
    return Entity("organization", canonical) if canonical else entity


def _listed_people(entities: list[Entity], text: str) -> list[Entity]:
    """A "body" of two or three capitalised words the text lists among people is a person
    (`Cate Blanchett, Leonardo DiCaprio, Keanu Reeves and Richard Gere`, `stars like Keanu Reeves
    and Pierce Brosnan`). A body is listed with people too (`Mr Blair and Sinn Fein`), so one side is
    not enough."""
    listed = _lister([e.name for e in entities if e.type == "person"])
    return [Entity("person", e.name) if e.type == "organization" and _is_person_shaped(e.name) and listed(e.name, text)
            else e for e in entities]


def _listed_bodies(entities: list[Entity], text: str, language: str) -> list[Entity]:
    """A "person" the text lists among bodies, and nowhere shows as someone, is a body (`retailers
    such as Amazon, Best Buy, Walmart`): a shop or a firm named like a person."""
    bodies = [e.name for e in entities if e.type == "organization"]
    people = [e.name for e in entities if e.type == "person"]
    listed = _lister(bodies)
    return [Entity("organization", e.name) if e.type == "person" and listed(e.name, text)
            and not is_written_as_person(e.name, text, language, people) else e for e in entities]


def _lister(names: list[str]):
    """Whether the text lists a name among `names`: between two of them, or after `like`,
    `including` or `such as` and before one."""
    if not names:
        return lambda name, text: False

    def listed(name: str, text: str) -> bool:
        return any(is_listed_before(text, match.end(), names, _LINK_AFTER)
                   and (_LIST_OPENS.search(text, max(0, match.start() - _LIST_SPAN), match.start())
                        or is_listed_after(text, match.start(), names, _LINK_BEFORE, _LIST_SPAN))
                   for match in mentions_of(name, text))

    return listed


_LINK_BEFORE = re.compile(r"(?:,|,?\s+and|\s+&)\s+$")
_LINK_AFTER = re.compile(r"(?:,?\s+and|,|\s+&)\s+")  # `, and` before `,`: the longer link is the list's
_LIST_OPENS = re.compile(r"\b(?:like|including|such as)\s+$")
_LIST_SPAN = 80


def _is_person_shaped(name: str) -> bool:
    words = name.split()
    return (2 <= len(words) <= 3 and all(word[:1].isupper() and not word.isupper() for word in words)
            and not canonical_place(name))


def _as_place(entity: Entity, text: str, language: str) -> Entity:
    """A known place under its English name; countries and the EU always as locations.

    A town the model called an organisation keeps that kind: `Chelsea` or `Liverpool` in a
    sports story is the club. A capital or a city of a million (`Washington`, `Paris`) named
    alone as a body is the place by metonymy (`Washington said`: its government), and it is moved,
    not dropped: the story is about that place, and its clubs are named in full (`Real Madrid`).
    The price: `Barcelona` the club, written alone, is filed under the city.
    A city's name on a person (`Houston`) is left to the person.
    """
    canonical = canonical_place(entity.name, language) or _place_in_phrase(entity)
    if canonical is None and entity.type == "location":
        canonical = state_by_abbreviation(entity.name)  # `Boston, Mass.`
    if entity.type == "organization" and is_venue_in_text(entity.name, text):
        return Entity("location", canonical or entity.name)  # `at Twickenham`, `at Anfield`
    if canonical is None:
        return entity
    # A name of several words that is a known place is not a person's (`Buenos Aires`): people
    # named like a town are named by one word of it (`Houston`), which stays.
    multi_word_person = entity.type == "person" and " " in entity.name
    metonymy = entity.type == "organization" and " " not in entity.name and (
        major_place(entity.name, language) or is_place_in_text(entity.name, text))
    if entity.type == "location" or is_country(canonical) or multi_word_person or metonymy:
        return Entity("location", canonical)
    return entity


def _place_in_phrase(entity: Entity) -> str | None:
    """The known place a location phrase opening with a common noun is about (`estuaire du Tage`,
    `port de Lisbonne`, `port of Lisbon`): the words after its first linking word, in any language."""
    words = entity.name.split()
    if entity.type != "location" or len(words) < 3 or not words[0].islower():
        return None
    for index, word in enumerate(words[1:-1], start=1):
        if word.casefold() in _LINKING_WORDS:
            tail = " ".join(words[index + 1:])
            tail = _LEADING_ARTICLE.sub("", tail)
            return canonical_place(tail, "") if tail[:1].isupper() else None
    return None


def initials(name: str) -> str:
    """The upper-case initials of the capitalised words of a name (`Bank of England` -> `BE`)."""
    return "".join(word[0] for word in name.split() if word[:1].isupper() and _INITIAL.match(word))


def word_initials(name: str) -> str:
    """The initials, in capitals, of every word of a name but the small ones
    (`Organisation mondiale de la santé` -> `OMS`): how languages that write a body's name in
    lower case after its first word make its acronym."""
    words = [_ELIDED.sub("", word) for word in name.split()]  # `l'Organisation`: the O
    letters = (word[0] for word in words if word.casefold() not in _ACRONYM_SKIPS and _INITIAL.match(word))
    return "".join(unicodedata.normalize("NFKD", letter)[0].upper() for letter in letters)  # É -> E


def part_initials(name: str) -> str:
    """`initials`, where a word in capitals gives all its letters and each capitalised part of a
    hyphenated word its initial: `USADA` of `US Anti-Doping Agency`."""
    parts = (part for word in name.split() for part in (word.split("-") if not word.isupper() else [word]))
    return "".join(part if part.isupper() and part.isalpha() else part[0] for part in parts
                   if part[:1].isupper() and _INITIAL.match(part))


def acronyms_of(name: str) -> set[str]:
    """The acronyms a capitalised name is written as: its initials (`IMF`), and with a word in
    capitals and hyphenated parts spelled out (`UKIP` of `UK Independence Party`)."""
    return {initials(name), part_initials(name)}


def _spells(acronym: str, name: str, language: str) -> bool:
    """English capitalises every word of a body's name: there, lower-case words are not in its
    acronym (`EAF` is no `Electric arc furnaces`)."""
    return acronym in acronyms_of(name) or (language != "en" and acronym == word_initials(name))


def defined_acronyms(text: str, language: str) -> dict[str, str]:
    """{acronym: name} for each `Long Name (ACRONYM)` of the text whose initials spell it."""
    found: dict[str, set[str]] = {}
    for match in _defined_acronym_matches(text):
        words, acronym = match.group(1).split(), match.group(2)
        target = "".join(c for c in acronym if c.isupper())
        for start in range(len(words) - 1, -1, -1):
            candidate = " ".join(words[start:])
            if _spells(target, candidate, language) and words[start][:1].isupper():
                name = clean_name(candidate, "organization", language)
                if name:
                    found.setdefault(acronym, set()).add(name)
                break
    return {acronym: names.pop() for acronym, names in found.items() if len(names) == 1}


def _defined_acronym_matches(text: str) -> list[re.Match[str]]:
    """`_DEFINED_ACRONYM`'s matches, found from each bracketed acronym back: run over the whole text,
    the pattern tries up to ten words at every position, which took 8 ms an article."""
    matches, searched_to = [], 0
    for bracket in _BRACKETED_ACRONYM.finditer(text):
        start = max(searched_to, bracket.start() - _WORDS_BEFORE_SPAN)
        while match := _DEFINED_ACRONYM.search(text, start, bracket.end()):
            if match.end() == bracket.end():
                matches.append(match)
                searched_to = match.end()
                break
            start = match.end()
    return matches


def _resolve_acronyms(entities: list[Entity], text: str, language: str) -> list[Entity]:
    """Each acronym as the name it abbreviates in this article, when only one name fits: a body, or a
    place of several words (`LA` beside `Los Angeles`, `NYC` beside `New York City`)."""
    defined = defined_acronyms(text, language)
    long_names = [e for e in entities if e.type in ("organization", "location") and len(e.name.split()) > 1]
    resolved = []
    for entity in entities:
        # A long acronym comes title-cased from entity_names (`Usada`); its definition is in capitals.
        acronym = entity.name.upper() if entity.name.upper() in defined else entity.name
        if entity.type == "organization" and (whole := _defined_whole(entity.name, defined, language)):
            resolved.append(Entity("organization", whole))  # `Anti-Doping Agency` of `US Anti-Doping Agency (USADA)`
            continue
        if not ACRONYM.fullmatch(acronym) or entity.type == "person":
            resolved.append(entity)
            continue
        if acronym in defined:
            # The acronym of a competition (`Cyberathlete Professional League (CPL)`) is one too.
            if not is_event_name(defined[acronym]):
                resolved.append(Entity("organization", defined[acronym]))
            continue
        spelled = {e for e in long_names if _spells(entity.name, e.name, language)}
        resolved.append(spelled.pop() if len(spelled) == 1 else entity)
    return resolved


def _defined_whole(name: str, defined: dict[str, str], language: str) -> str | None:
    """The one name defined with an acronym in the article that is a place followed by `name` (the
    model read `US Anti-Doping Agency (USADA)` as a place and a body), else None. Other longer
    names stay apart: the `Society of Actuaries` is no `Fellow of the Society of Actuaries`."""
    wholes = {whole for whole in defined.values()
              if whole.endswith(" " + name) and canonical_place(whole[:-len(name)].strip(), language)}
    return wholes.pop() if len(wholes) == 1 else None


def fold_organisation_forms(entities: list[Entity], words: TextWords) -> list[Entity]:
    """Short and long forms of one organisation as one value:
    - a company named with and without its legal form is named without (`Akzo NV` beside `Akzo`);
    - an acronym followed only by words the text writes in lower case is the body the acronym
      names (`BBC News`, `CNN Business` -> `BBC`, `CNN`), whether or not the article has it alone;
    - a clipped word that opens exactly one longer organisation of the article is that one
      (`Fed` beside `Federal Reserve`, `Treasury` is not clipped);
    - a word that ends exactly one longer organisation of the article after `of`, or opens it before
      `of`, is that one (`Commons` beside `House of Commons`, `the House` beside `House of Lords`):
      news names a body in full once, then by one of its words."""
    bodies = {e.name for e in entities if e.type == "organization"}
    kept = [_acronym_body(_without_legal_form(entity, bodies), words) for entity in entities]
    longer = [e.name for e in kept if e.type == "organization" and " " in e.name]
    return [_untailed(_unclipped(entity, longer), longer, words.text) for entity in kept]


def _without_legal_form(entity: Entity, bodies: set[str]) -> Entity:
    short = without_legal_form(entity.name) if entity.type == "organization" else None
    return Entity("organization", short) if short in bodies else entity


def _acronym_body(entity: Entity, words: TextWords) -> Entity:
    head, *rest = entity.name.split()
    # A place's acronym is no body's (`US Treasury` is not `US`), nor is a kind of thing's (`AI Writer`).
    if (entity.type != "organization" or not rest or not ACRONYM.fullmatch(head) or canonical_place(head)
            or head in GENERIC_ACRONYMS):
        return entity
    if all(is_written_lower(word, words) for word in rest):
        return Entity("organization", head)
    return entity


def _unclipped(entity: Entity, longer: list[str]) -> Entity:
    name = entity.name
    if entity.type != "organization" or " " in name or len(name) < _MIN_CLIPPED or name.isupper():
        return entity
    opened = {full for full in longer
              if full.split()[0].casefold().startswith(name.casefold()) and full.split()[0] != name}
    return Entity("organization", opened.pop()) if len(opened) == 1 else entity


def _untailed(entity: Entity, longer: list[str], text: str) -> Entity:
    if entity.type != "organization" or not is_tail_word(entity.name):
        return entity
    # Its last word, or (in this article only) its first before `of`: `the House` beside `House of
    # Lords`, or, when the text writes `the Exchange`, the end of a name of three words or more:
    # `New York Stock Exchange`, or of two that a place or its people's word opens where the text
    # writes `the` before most of the word's own mentions: `the Community` beside `European
    # Community`. (Not any two: `White House` is no House, `World Bank` may be one bank of several;
    # not a brand the text names bare, `Amazon` beside a `USA Amazon`; and not without `the`:
    # `Arsenal` is no head noun of `Everton and Arsenal`.)
    by_head = any(_is_after_the(text, span.start()) for span in word_spans(entity.name, text))
    ended = {full for full in longer if tail_of(full) == entity.name or full.startswith(entity.name + " of ")
             or (by_head and full.endswith(" " + entity.name) and _is_named_by_head(full, text))}
    return Entity("organization", ended.pop()) if len(ended) == 1 else entity


def _is_named_by_head(full: str, text: str) -> bool:
    words = full.split()
    if len(words) >= _MIN_WORDS_NAMED_BY_HEAD:
        return True
    if len(words) != 2 or not (major_place(words[0], "en") or is_demonym(words[0])):
        return False
    rest = text.replace(full, " ")
    alone = mentions_of(words[1], rest)
    return sum(_is_after_the(rest, m.start()) for m in alone) >= len(alone) * _HEADED_SHARE


def _is_after_the(text: str, start: int) -> bool:
    return _THE_BEFORE.search(text, max(0, start - _THE_SPAN), start) is not None


def canonical_given(given: dict[str, list[str]], found: dict[str, list[str]], language: str) -> dict[str, list[str]]:
    """The entities a source declared (Reuters' PLACES, PEOPLE, ORGS) under the names consolidation
    gives found ones, so one entity is one value whoever named it: a known place by its one English
    name (`USA` -> `United States`), an international body by its own (`IMF`) or as the text spells
    it (`International Coffee Organisation` declared, `Organization` written), and a person's bare
    name by the one fuller name the article gives (`Stoltenberg` -> `Gerhard Stoltenberg`) or by the
    text's spelling of it (`Perez De Cuellar`, a code's title case, -> `Perez de Cuellar`)."""
    people = [name.split() for name in found.get("person", []) + given.get("person", []) if " " in name]
    renamed = {}
    for kind, names in given.items():
        if kind == "location":
            names = [canonical_place(name, language) or name for name in names]
        elif kind == "organization":
            written = {spelling_key(name): name for name in found.get("organization", [])}
            names = [canonical_body(name) or written.get(spelling_key(name), name) for name in names]
        elif kind == "person":
            names = [_full_name(name, people) for name in names]
        renamed[kind] = list(dict.fromkeys(names))
    return renamed


def _full_name(name: str, people: list[list[str]]) -> str:
    """The one name of `people` longer than `name` that ends with its words, case aside (a corpus
    code's `Perez De Cuellar` is the text's `Javier Perez de Cuellar`); with none, the one other
    spelling of it; else `name`."""
    tail = name.casefold().split()
    fuller = {" ".join(words) for words in people
              if len(words) > len(tail) and [word.casefold() for word in words[-len(tail):]] == tail}
    if len(fuller) == 1:
        return fuller.pop()
    same = {" ".join(words) for words in people if [word.casefold() for word in words] == tail} - {name}
    return same.pop() if len(fuller) == 0 and len(same) == 1 else name
