"""The consolidation rules that retype or fold a value by what it is made of: a known place
recognised as a person, a "person" made of the text's common words, demonyms, a common noun before
a place, and an organisation's short and long forms. Each rule is handed the entities a model
returned for a realistic text, so one rule is pinned at a time (the models' own output is covered
in test_consolidate.py)."""
from __future__ import annotations

from newsfacet.indexer.consolidate import consolidate
from newsfacet.indexer.enrich import Entity
from newsfacet.indexer.entity_junk import (
    TextWords,
    is_common_words_person,
    is_demonym,
    is_place_led_body,
    is_product_like_person,
)

REVIEW = """The best phones of 2024, tested
Best Overall: Pixel 9. It is the best phone overall, and the app store on it is fast.
App Store: Apple's store takes a cut of every app sold. Mark Price, who reviews phones, said prices rose."""

TRIP = """Buenos Aires was hot. Jorge Diaz flew from Buenos Aires to Madrid on Monday.
He met Ana Lopez in the capital."""

LISBON = """Le port de Lisbonne a rouvert. Les Marseillais ont suivi : l'estuaire du Tage est calme,
a dit Marie Dubois, historienne, à Lisbonne. Le maire de Lisbonne a remercié les Parisiens."""

FED = """The Federal Reserve raised rates on Wednesday. The Fed said inflation was high.
BBC News reported that the news surprised traders; the BBC World Service said the same."""


def test_a_multi_word_place_recognised_as_a_person_is_the_place() -> None:
    found = consolidate([Entity("person", "Buenos Aires"), Entity("person", "Jorge Diaz"),
                         Entity("person", "Ana Lopez")], TRIP, "en")
    assert Entity("location", "Buenos Aires") in found
    assert {e.name for e in found if e.type == "person"} == {"Jorge Diaz", "Ana Lopez"}


def test_a_person_made_of_words_the_text_writes_in_lower_case_is_dropped() -> None:
    words = TextWords(REVIEW)
    assert is_common_words_person("Best Overall", words)
    assert is_common_words_person("App Store", words)
    # `price` is written in lower case, `Mark` only capitalised (and once `mark` would not outnumber it).
    assert not is_common_words_person("Mark Price", words)
    found = consolidate([Entity("person", "Best Overall"), Entity("person", "App Store"),
                         Entity("person", "Mark Price")], REVIEW, "en")
    assert [e.name for e in found if e.type == "person"] == ["Mark Price"]


def test_demonyms_are_not_places() -> None:
    assert is_demonym("Marseillais") and is_demonym("Parisiens") and is_demonym("Londoners")
    assert not is_demonym("Lisbon") and not is_demonym("Jordan") and not is_demonym("Marseille")
    found = consolidate([Entity("location", "Marseillais"), Entity("location", "Parisiens"),
                         Entity("location", "Lisbonne")], LISBON, "fr")
    assert [e.name for e in found if e.type == "location"] == ["Lisbon"]


def test_a_common_noun_before_a_known_place_is_folded_into_it() -> None:
    found = consolidate([Entity("location", "port de Lisbonne"), Entity("location", "Lisbonne")], LISBON, "fr")
    assert found == [Entity("location", "Lisbon")]
    # The river is no place the tables know: the phrase is left as the text wrote it.
    found = consolidate([Entity("location", "estuaire du Tage")], LISBON, "fr")
    assert found == [Entity("location", "estuaire du Tage")]


def test_an_unknown_one_word_location_seen_only_at_a_sentence_start_is_dropped() -> None:
    text = "Historienne de formation, elle vit à Lisbonne. Elle enseigne à Lisbonne depuis 2010."
    found = consolidate([Entity("location", "Historienne"), Entity("location", "Lisbonne")], text, "fr")
    assert found == [Entity("location", "Lisbon")]


def test_an_organisations_short_and_long_forms_are_one_value() -> None:
    found = consolidate([Entity("organization", "Federal Reserve"), Entity("organization", "Fed"),
                         Entity("organization", "BBC News"), Entity("organization", "BBC World Service")],
                        FED, "en")
    # `World Service`: words this text never writes in lower case, so they name the body.
    assert found == [Entity("organization", "BBC"), Entity("organization", "BBC World Service"),
                     Entity("organization", "Federal Reserve")]


def test_an_acronym_with_a_capitalised_name_after_it_stays_whole() -> None:
    text = "The NHS Confederation said the NHS needs money. Mr Jones of NHS Confederation agreed."
    found = consolidate([Entity("organization", "NHS Confederation"), Entity("organization", "NHS")], text, "en")
    assert {e.name for e in found} == {"NHS Confederation", "NHS"}


def test_a_clipped_name_that_opens_two_organisations_stays() -> None:
    text = "The Federal Reserve and the Federal Trade Commission met. The Fed said little."
    found = consolidate([Entity("organization", "Federal Reserve"), Entity("organization", "Federal Trade Commission"),
                         Entity("organization", "Fed")], text, "en")
    assert Entity("organization", "Fed") in found


def test_people_with_a_brand_or_common_noun_word_are_products() -> None:
    assert is_product_like_person("MSN Messenger") and is_product_like_person("Blu-ray disc")
    for name in ("Henry VIII", "JK Rowling", "Charles de Gaulle", "Osama bin Laden", "Leonardo da Vinci"):
        assert not is_product_like_person(name), name


def test_a_person_opening_with_an_organisation_of_the_article_is_its_product() -> None:
    text = ("Microsoft said Xbox Live has two million users. Xbox sales rose, said Peter Moore. "
            "Apple's Mac Mini went on sale; Mac owners queued, Steve Jobs said.")
    found = consolidate([Entity("person", "Xbox Live"), Entity("organization", "Xbox"),
                         Entity("person", "Mac Mini"), Entity("organization", "Mac"),
                         Entity("person", "Peter Moore"), Entity("person", "Steve Jobs")], text, "en")
    assert {e.name for e in found if e.type == "person"} == {"Peter Moore", "Steve Jobs"}


def test_an_acronym_no_place_table_knows_is_not_a_place() -> None:
    text = "BT said Windows XP users in the UK and the US can now call from Dubai."
    found = consolidate([Entity("location", "BT"), Entity("location", "Windows XP"), Entity("location", "UK"),
                         Entity("location", "US"), Entity("location", "Dubai")], text, "en")
    assert found == [Entity("location", "Dubai"), Entity("location", "United Kingdom"),
                     Entity("location", "United States"), Entity("organization", "BT")]


def test_a_places_acronym_before_a_body_is_not_folded_into_the_place() -> None:
    text = "The US Treasury sold bonds; treasury yields rose. The UK Parliament voted, said the parliament clerk."
    found = consolidate([Entity("organization", "US Treasury"), Entity("organization", "UK Parliament")], text, "en")
    assert found == [Entity("organization", "UK Parliament"), Entity("organization", "US Treasury")]


def test_a_place_and_a_club_word_is_an_organisation_a_person_named_like_a_town_stays() -> None:
    # BBC business 179 (the old held-out part) as written, with what the model tagged in it.
    text = ("Irishmen JP McManus and John Magnier, who own a 29% stake in Manchester United, will reportedly "
            "reject any formal £800m offer for the club. The Sunday Telegraph says the board of Manchester "
            "United also considered a management buyout. Paris Hilton and Chelsea Clinton were not asked.")
    found = [Entity("person", "Manchester United"), Entity("person", "John Magnier"),
             Entity("person", "Paris Hilton"), Entity("person", "Chelsea Clinton")]
    kept = consolidate(found, text, "en")
    assert Entity("organization", "Manchester United") in kept
    assert {e.name for e in kept if e.type == "person"} == {"John Magnier", "Paris Hilton", "Chelsea Clinton"}
    assert is_place_led_body("Glasgow City Council", "en") and is_place_led_body("Leeds United", "en")
    assert not is_place_led_body("Victoria Beckham", "en") and not is_place_led_body("United", "en")
