"""Named entities: the real spaCy and Natasha models on small invented texts and on the corpora."""
from __future__ import annotations

import dataclasses

import pytest
from newsfacet.engine.model import ENTITY_TYPES, Article
from newsfacet.indexer.enrich import Entity, enrich, extract_entities
from newsfacet.indexer.entities import _unshouted_lines
from newsfacet.indexer.entity_names import clean_name, fold_document
from newsfacet.indexer.results_tables import is_results_row, team_names

from tests.corpora import corpus

CASPIAN = """Ilham Aliyev, the president of the Republic of Azerbaijan, opened a new port near Baku on Monday.
Aliyev said Azerbaijan's trade with Kazakhstan had doubled since the World Bank
financed the first terminal. Microsoft and the Asian Development Bank sent delegations.
Photo Courtesy: Getty Images. Follow us on Twitter @caspiandesk or write to news@example.com."""


def names(entities: list[Entity], kind: str) -> set[str]:
    return {e.name for e in entities if e.type == kind}


@pytest.fixture(scope="module")
def caspian() -> list[Entity]:
    return extract_entities(CASPIAN, "en")


def test_english_people_places_organisations(caspian: list[Entity]) -> None:
    assert "Ilham Aliyev" in names(caspian, "person")
    assert {"Azerbaijan", "Baku", "Kazakhstan"} <= names(caspian, "location")
    assert {"World Bank", "Microsoft"} <= names(caspian, "organization")


def test_one_entry_per_thing(caspian: list[Entity]) -> None:
    assert [e.name for e in caspian].count("Azerbaijan") == 1  # "the Republic of ...", "...'s"
    assert "Aliyev" not in {e.name for e in caspian}  # folded into Ilham Aliyev
    assert caspian == sorted(set(caspian))


def test_credits_handles_and_addresses_are_not_entities(caspian: list[Entity]) -> None:
    found = " | ".join(e.name for e in caspian)
    for junk in ("Photo", "Courtesy", "Getty", "Twitter", "@", "example.com"):
        assert junk not in found


def test_entity_is_a_small_frozen_value() -> None:
    entity = Entity("person", "Ilham Aliyev")
    assert (entity.type, entity.name) == ("person", "Ilham Aliyev")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(("surface", "kind", "expected"), [
    ("the Republic of Azerbaijan", "location", "Azerbaijan"),
    ("Azerbaijan", "location", "Azerbaijan"),
    ("Azerbaijan's", "location", "Azerbaijan"),
    ("Azerbaijan’s", "location", "Azerbaijan"),
    ("the Kingdom of Spain", "location", "Spain"),
    ("Democratic Republic of the Congo", "location", "Democratic Republic of the Congo"),
    ("Ilham\nAliyev", "person", "Ilham Aliyev"),
    ("  Ilham   Aliyev, ", "person", "Ilham Aliyev"),
    ("“Microsoft”", "organization", "Microsoft"),
    ("The World Bank", "organization", "World Bank"),
    ("U.S.", "location", "U.S."),
    ("Leicestershire 296", "organization", "Leicestershire"),
    ("ROBERTO DURAN", "person", "Roberto Duran"),
    ("NATO", "organization", "NATO"),
    ("Photo Courtesy", "organization", None),
    ("Twitter @caspiandesk", "organization", None),
    ("https://example.com/news", "organization", None),
    ("news@example.com", "organization", None),
    ("1996", "organization", None),
    ("X", "person", None),
    ("Reuters/Jane Doe", "person", None),
    ("Warsaw Newsroom", "organization", None),
    ("the government", "organization", None),
])
def test_clean_name(surface: str, kind: str, expected: str | None) -> None:
    assert clean_name(surface, kind, "en") == expected


def test_fold_document_merges_case_and_short_names() -> None:
    found = [Entity("organization", "LEICESTERSHIRE"), Entity("organization", "Leicestershire"),
             Entity("person", "Aliyev"), Entity("person", "Ilham Aliyev"), Entity("organization", "Aliyev")]
    assert fold_document(found) == [Entity("organization", "Leicestershire"), Entity("person", "Ilham Aliyev")]
    assert Entity("person", "Aliyev") in fold_document(found, fold_people=False)


def test_kind_vote_in_one_document() -> None:
    found = [Entity("location", "Jordan"), Entity("location", "Jordan"), Entity("person", "Jordan")]
    assert fold_document(found) == [Entity("location", "Jordan")]


def test_results_rows_name_teams() -> None:
    assert is_results_row("Gillingham 2 Colchester 1")
    assert not is_results_row("LONDON 1996-08-30")
    assert not is_results_row("The 26-year-old joined Newcastle for 15 million pounds in 1995.")
    assert team_names("Nigeria 2 Ghana 1") == [("location", "Nigeria"), ("location", "Ghana")]
    assert team_names("Queens Park Rangers 3 Leeds 2") == [
        ("organization", "Queens Park Rangers"), ("organization", "Leeds")]


def test_russian_names_in_the_nominative() -> None:
    text = ("Мэр Москвы Сергей Собянин встретился в Санкт-Петербурге с главой Сбербанка Германом Грефом. "
            "Собянин рассказал журналистам о планах развития Москвы.")
    found = extract_entities(text, "ru")
    assert {"Сергей Собянин", "Герман Греф"} <= names(found, "person")
    assert {"Москва", "Санкт-Петербург"} <= names(found, "location")
    assert "Сбербанк" in names(found, "organization")
    assert "Собянин" not in names(found, "person")


def test_other_languages_find_places_from_the_gazetteer() -> None:
    german = "Die Regierungen Deutschlands und Österreichs trafen sich in Wien. In New York schneite es."
    assert names(extract_entities(german, "de"), "location") == {"Deutschland", "Österreich", "Wien", "New York"}
    swahili = "Rais wa Kenya alisafiri kwenda Tanzania jana kwa mazungumzo."
    assert names(extract_entities(swahili, "sw"), "location") == {"Kenya", "Tanzania"}
    assert extract_entities("", "und") == []


def test_enrich_sets_language_and_entity_facets() -> None:
    article = enrich(Article(title="Caspian port opens", body=CASPIAN))
    assert article.language == "en"
    assert set(article.entities) == set(ENTITY_TYPES)
    assert "Ilham Aliyev" in article.entities["person"]
    assert all(values == sorted(set(values)) for values in article.entities.values())


def test_enrich_keeps_a_cleaner_language_when_text_is_too_short() -> None:
    assert enrich(Article(title="Kurz", body="Wien.", language="de")).language == "de"


def _conll_documents(limit: int) -> list[tuple[str, list[Entity]]]:
    """First CoNLL-2003 valid documents: tokens joined by spaces, gold PER/ORG/LOC spans cleaned."""
    kinds = {"PER": "person", "ORG": "organization", "LOC": "location"}
    text = (corpus("conll2003") / "data" / "valid.txt").read_text(encoding="utf-8")
    documents = []
    for block in text.split("-DOCSTART- -X- -X- O")[1:limit + 1]:
        rows = [line.split() for line in block.splitlines() if line.strip()]
        spans: list[tuple[str, list[str]]] = []
        for token, tag in ((row[0], row[-1]) for row in rows):
            if tag.startswith("B-"):
                spans.append((tag[2:], [token]))
            elif tag.startswith("I-"):
                spans[-1][1].append(token)
        gold = [Entity(kinds[kind], name) for kind, words in spans if kind in kinds
                if (name := clean_name(" ".join(words), kinds[kind], "en"))]
        documents.append((" ".join(row[0] for row in rows), fold_document(gold, vote_kinds=False)))
    return documents


@pytest.mark.corpus
def test_conll_documents_reach_a_useful_f1() -> None:
    true_positive = predicted = relevant = 0
    for text, gold in _conll_documents(25):
        found = set(extract_entities(text, "en"))
        true_positive += len(found & set(gold))
        predicted += len(found)
        relevant += len(gold)
    precision, recall = true_positive / predicted, true_positive / relevant
    assert 2 * precision * recall / (precision + recall) >= 0.65


@pytest.mark.corpus
def test_factrueval_places_are_found() -> None:
    paths = sorted((corpus("factrueval-2016") / "devset").glob("book_*.txt"))[:10]
    found = set()
    for path in paths:
        found |= names(extract_entities(path.read_text(encoding="utf-8"), "ru"), "location")
    assert {"Москва", "Россия"} <= found


def test_a_shouted_headline_keeps_place_abbreviations_and_the_texts_acronyms() -> None:
    """A wire headline in capitals is title-cased for the model, but `US` is not `Us` and a word the
    story writes in capitals (`OPEC`) stays so; a table row's `CTS` becomes `Cts` as before."""
    text = ("IRAN BLASTS US OVER OPEC OUTPUT ATTACK\n"
            "Iran's oil minister said the OPEC agreement stood and the United States was to blame.\n"
            "SHR 12 CTS VS 10 CTS")
    found = extract_entities(text, "en")
    assert Entity("location", "United States") in found
    assert not {e.name for e in found} & {"Us", "Opec"}
    assert _unshouted_lines(text)[0] == "Iran Blasts US Over OPEC Output Attack"
    assert _unshouted_lines(text)[2] == "Shr 12 Cts Vs 10 Cts"
