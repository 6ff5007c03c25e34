"""Places for languages without an NER model: countries, capitals and big cities by name.

A hand-written table (written for this project from general knowledge) of the places news
names most, in English, German, French, Spanish, Italian and Portuguese. A text in one of
those languages is matched against its own column; any other language (Swahili, Somali, "und",
...) against the English one, since Latin-script news mostly spells these places the English
way. Precise but small: it finds no people, no organisations and no place outside the table.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

COLUMNS = ("en", "de", "fr", "es", "it", "pt")

# en | de | fr | es | it | pt. Left out on purpose: names that are also common words or first
# names in a column's language (Chad, Jordan, Nice, Turkey/"turkey" is kept: it is capitalised).
_TABLE = """
Afghanistan|Afghanistan|Afghanistan|Afganistán|Afghanistan|Afeganistão
Algeria|Algerien|Algérie|Argelia|Algeria|Argélia
Argentina|Argentinien|Argentine|Argentina|Argentina|Argentina
Australia|Australien|Australie|Australia|Australia|Austrália
Austria|Österreich|Autriche|Austria|Austria|Áustria
Azerbaijan|Aserbaidschan|Azerbaïdjan|Azerbaiyán|Azerbaigian|Azerbaijão
Belgium|Belgien|Belgique|Bélgica|Belgio|Bélgica
Brazil|Brasilien|Brésil|Brasil|Brasile|Brasil
Bulgaria|Bulgarien|Bulgarie|Bulgaria|Bulgaria|Bulgária
Canada|Kanada|Canada|Canadá|Canada|Canadá
China|China|Chine|China|Cina|China
Croatia|Kroatien|Croatie|Croacia|Croazia|Croácia
Czech Republic|Tschechien|Tchéquie|Chequia|Repubblica Ceca|Chéquia
Denmark|Dänemark|Danemark|Dinamarca|Danimarca|Dinamarca
Egypt|Ägypten|Égypte|Egipto|Egitto|Egito
Ethiopia|Äthiopien|Éthiopie|Etiopía|Etiopia|Etiópia
Europe|Europa|Europe|Europa|Europa|Europa
Finland|Finnland|Finlande|Finlandia|Finlandia|Finlândia
France|Frankreich|France|Francia|Francia|França
Germany|Deutschland|Allemagne|Alemania|Germania|Alemanha
Ghana|Ghana|Ghana|Ghana|Ghana|Gana
Greece|Griechenland|Grèce|Grecia|Grecia|Grécia
Hungary|Ungarn|Hongrie|Hungría|Ungheria|Hungria
India|Indien|Inde|India|India|Índia
Indonesia|Indonesien|Indonésie|Indonesia|Indonesia|Indonésia
Iran|Iran|Iran|Irán|Iran|Irã
Iraq|Irak|Irak|Irak|Iraq|Iraque
Ireland|Irland|Irlande|Irlanda|Irlanda|Irlanda
Israel|Israel|Israël|Israel|Israele|Israel
Italy|Italien|Italie|Italia|Italia|Itália
Japan|Japan|Japon|Japón|Giappone|Japão
Kenya|Kenia|Kenya|Kenia|Kenya|Quênia
Lebanon|Libanon|Liban|Líbano|Libano|Líbano
Libya|Libyen|Libye|Libia|Libia|Líbia
Mexico|Mexiko|Mexique|México|Messico|México
Morocco|Marokko|Maroc|Marruecos|Marocco|Marrocos
Netherlands|Niederlande|Pays-Bas|Países Bajos|Paesi Bassi|Países Baixos
Nigeria|Nigeria|Nigeria|Nigeria|Nigeria|Nigéria
North Korea|Nordkorea|Corée du Nord|Corea del Norte|Corea del Nord|Coreia do Norte
Norway|Norwegen|Norvège|Noruega|Norvegia|Noruega
Pakistan|Pakistan|Pakistan|Pakistán|Pakistan|Paquistão
Poland|Polen|Pologne|Polonia|Polonia|Polônia
Portugal|Portugal|Portugal|Portugal|Portogallo|Portugal
Romania|Rumänien|Roumanie|Rumania|Romania|Romênia
Russia|Russland|Russie|Rusia|Russia|Rússia
Saudi Arabia|Saudi-Arabien|Arabie saoudite|Arabia Saudita|Arabia Saudita|Arábia Saudita
Senegal|Senegal|Sénégal|Senegal|Senegal|Senegal
Somalia|Somalia|Somalie|Somalia|Somalia|Somália
South Africa|Südafrika|Afrique du Sud|Sudáfrica|Sudafrica|África do Sul
South Korea|Südkorea|Corée du Sud|Corea del Sur|Corea del Sud|Coreia do Sul
Spain|Spanien|Espagne|España|Spagna|Espanha
Sudan|Sudan|Soudan|Sudán|Sudan|Sudão
Sweden|Schweden|Suède|Suecia|Svezia|Suécia
Switzerland|Schweiz|Suisse|Suiza|Svizzera|Suíça
Syria|Syrien|Syrie|Siria|Siria|Síria
Tanzania|Tansania|Tanzanie|Tanzania|Tanzania|Tanzânia
Tunisia|Tunesien|Tunisie|Túnez|Tunisia|Tunísia
Turkey|Türkei|Turquie|Turquía|Turchia|Turquia
Uganda|Uganda|Ouganda|Uganda|Uganda|Uganda
Ukraine|Ukraine|Ukraine|Ucrania|Ucraina|Ucrânia
United Kingdom|Großbritannien|Royaume-Uni|Reino Unido|Regno Unito|Reino Unido
United States|USA|États-Unis|Estados Unidos|Stati Uniti|Estados Unidos
Venezuela|Venezuela|Venezuela|Venezuela|Venezuela|Venezuela
Vietnam|Vietnam|Viêt Nam|Vietnam|Vietnam|Vietnã
Zimbabwe|Simbabwe|Zimbabwe|Zimbabue|Zimbabwe|Zimbábue
England|England|Angleterre|Inglaterra|Inghilterra|Inglaterra
Scotland|Schottland|Écosse|Escocia|Scozia|Escócia
Wales|Wales|Pays de Galles|Gales|Galles|País de Gales
Cuba|Kuba|Cuba|Cuba|Cuba|Cuba
Chile|Chile|Chili|Chile|Cile|Chile
Colombia|Kolumbien|Colombie|Colombia|Colombia|Colômbia
Peru|Peru|Pérou|Perú|Perù|Peru
Jamaica|Jamaika|Jamaïque|Jamaica|Giamaica|Jamaica
New Zealand|Neuseeland|Nouvelle-Zélande|Nueva Zelanda|Nuova Zelanda|Nova Zelândia
Sri Lanka|Sri Lanka|Sri Lanka|Sri Lanka|Sri Lanka|Sri Lanka
Belarus|Belarus|Biélorussie|Bielorrusia|Bielorussia|Bielorrússia
Slovakia|Slowakei|Slovaquie|Eslovaquia|Slovacchia|Eslováquia
Slovenia|Slowenien|Slovénie|Eslovenia|Slovenia|Eslovênia
Serbia|Serbien|Serbie|Serbia|Serbia|Sérvia
Yugoslavia|Jugoslawien|Yougoslavie|Yugoslavia|Jugoslavia|Iugoslávia
Bosnia|Bosnien|Bosnie|Bosnia|Bosnia|Bósnia
Moldova|Moldau|Moldavie|Moldavia|Moldavia|Moldávia
Georgia|Georgien|Géorgie|Georgia|Georgia|Geórgia
Armenia|Armenien|Arménie|Armenia|Armenia|Armênia
Kazakhstan|Kasachstan|Kazakhstan|Kazajistán|Kazakistan|Cazaquistão
Estonia|Estland|Estonie|Estonia|Estonia|Estónia
Latvia|Lettland|Lettonie|Letonia|Lettonia|Letónia
Lithuania|Litauen|Lituanie|Lituania|Lituania|Lituânia
Iceland|Island|Islande|Islandia|Islanda|Islândia
Luxembourg|Luxemburg|Luxembourg|Luxemburgo|Lussemburgo|Luxemburgo
Liechtenstein|Liechtenstein|Liechtenstein|Liechtenstein|Liechtenstein|Liechtenstein
Cyprus|Zypern|Chypre|Chipre|Cipro|Chipre
Malta|Malta|Malte|Malta|Malta|Malta
Thailand|Thailand|Thaïlande|Tailandia|Thailandia|Tailândia
Malaysia|Malaysia|Malaisie|Malasia|Malesia|Malásia
Singapore|Singapur|Singapour|Singapur|Singapore|Singapura
Philippines|Philippinen|Philippines|Filipinas|Filippine|Filipinas
Taiwan|Taiwan|Taïwan|Taiwán|Taiwan|Taiwan
Zambia|Sambia|Zambie|Zambia|Zambia|Zâmbia
Cameroon|Kamerun|Cameroun|Camerún|Camerun|Camarões
Ivory Coast|Elfenbeinküste|Côte d'Ivoire|Costa de Marfil|Costa d'Avorio|Costa do Marfim
Uruguay|Uruguay|Uruguay|Uruguay|Uruguay|Uruguai
Paraguay|Paraguay|Paraguay|Paraguay|Paraguay|Paraguai
Ecuador|Ecuador|Équateur|Ecuador|Ecuador|Equador
Bolivia|Bolivien|Bolivie|Bolivia|Bolivia|Bolívia
Qatar|Katar|Qatar|Catar|Qatar|Catar
Kuwait|Kuwait|Koweït|Kuwait|Kuwait|Kuwait
Africa|Afrika|Afrique|África|Africa|África
Amsterdam|Amsterdam|Amsterdam|Ámsterdam|Amsterdam|Amesterdão
Athens|Athen|Athènes|Atenas|Atene|Atenas
Baghdad|Bagdad|Bagdad|Bagdad|Baghdad|Bagdá
Baku|Baku|Bakou|Bakú|Baku|Baku
Beijing|Peking|Pékin|Pekín|Pechino|Pequim
Berlin|Berlin|Berlin|Berlín|Berlino|Berlim
Brussels|Brüssel|Bruxelles|Bruselas|Bruxelles|Bruxelas
Budapest|Budapest|Budapest|Budapest|Budapest|Budapeste
Cairo|Kairo|Le Caire|El Cairo|Il Cairo|Cairo
Copenhagen|Kopenhagen|Copenhague|Copenhague|Copenaghen|Copenhague
Geneva|Genf|Genève|Ginebra|Ginevra|Genebra
Hamburg|Hamburg|Hambourg|Hamburgo|Amburgo|Hamburgo
Istanbul|Istanbul|Istanbul|Estambul|Istanbul|Istambul
Jerusalem|Jerusalem|Jérusalem|Jerusalén|Gerusalemme|Jerusalém
Kyiv|Kiew|Kiev|Kiev|Kiev|Kiev
Lagos|Lagos|Lagos|Lagos|Lagos|Lagos
Lisbon|Lissabon|Lisbonne|Lisboa|Lisbona|Lisboa
London|London|Londres|Londres|Londra|Londres
Madrid|Madrid|Madrid|Madrid|Madrid|Madrid
Moscow|Moskau|Moscou|Moscú|Mosca|Moscou
Munich|München|Munich|Múnich|Monaco di Baviera|Munique
Nairobi|Nairobi|Nairobi|Nairobi|Nairobi|Nairóbi
New York|New York|New York|Nueva York|New York|Nova Iorque
Paris|Paris|Paris|París|Parigi|Paris
Prague|Prag|Prague|Praga|Praga|Praga
Rome|Rom|Rome|Roma|Roma|Roma
Seoul|Seoul|Séoul|Seúl|Seul|Seul
Tehran|Teheran|Téhéran|Teherán|Teheran|Teerã
Tokyo|Tokio|Tokyo|Tokio|Tokyo|Tóquio
Vienna|Wien|Vienne|Viena|Vienna|Viena
Warsaw|Warschau|Varsovie|Varsovia|Varsavia|Varsóvia
Washington|Washington|Washington|Washington|Washington|Washington
Zurich|Zürich|Zurich|Zúrich|Zurigo|Zurique
"""

# Short forms of country names, in English: recognised as countries, never renamed.
COUNTRY_ALIASES = {"U.S.", "US", "USA", "UK", "Britain", "Great Britain", "Czech", "Holland"}
# German puts place names in the genitive with -s ("Deutschlands", "Wiens").
_INFLECTIONS = {"de": ("s",)}
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
MAX_WORDS = 3


@cache
def _names(language: str) -> dict[str, str]:
    """Case-folded spelling (and inflected forms) -> place name, for one language."""
    column = COLUMNS.index(language) if language in COLUMNS else 0
    names: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        name = line.split("|")[column]
        names[name.casefold()] = name
        for ending in _INFLECTIONS.get(language, ()):
            names.setdefault((name + ending).casefold(), name)
    return names


def is_country_name(name: str) -> bool:
    """True when the (English) name is one of the table's countries or a short form of one."""
    return name in COUNTRY_ALIASES or name.casefold() in _countries()


@cache
def _countries() -> frozenset[str]:
    """Case-folded English names of the table's countries (the rows before the first city)."""
    rows = _TABLE.strip().splitlines()
    cities = rows.index(next(row for row in rows if row.startswith("Amsterdam|")))
    return frozenset(row.split("|")[0].casefold() for row in rows[:cities]
                     if row.split("|")[0] not in ("Europe", "Africa"))


def find_places(text: str, language: str) -> Iterator[str]:
    """The table's places named in the text, once per mention (longest match first)."""
    names = _names(language)
    words = [(m.group().rstrip(".-"), m.start()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            span = words[i:i + size]
            if not span[0][0][:1].isupper():
                break
            key = " ".join(word for word, _ in span).casefold()
            if key in names:
                yield names[key]
                i += size - 1
                break
        i += 1
