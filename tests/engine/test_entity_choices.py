"""The entity choices model: chains, cycles, blocks, retypes, aliases and forged stored documents."""
from __future__ import annotations

import json

import pytest
from newsfacet.engine.entity_choices import EntityChoiceError, EntityChoices, RememberedCounts, curate
from newsfacet.engine.limits import MAX_ENTITY_CHOICES_BYTES
from newsfacet.engine.model import Article


def test_chains_resolve_to_their_end_and_list_every_merged_name():
    choices = EntityChoices().merge("Blair", "Mr Blair").merge("Mr Blair", "Tony Blair").rename("T. Blair", "Blair")
    assert choices.resolve("Blair") == choices.resolve("T. Blair") == "Tony Blair"
    # Renames are corrections, not aliases.
    assert choices.aliases("person", "Tony Blair") == ["Blair", "Mr Blair"]
    assert choices.aliases("person", "Tony Blair", extra=lambda kind, name: ["PM", name]) == ["Blair", "Mr Blair", "PM"]


def test_a_blocked_name_hides_what_is_merged_into_it():
    choices = EntityChoices().merge("Mr Blair", "Tony Blair").block("Tony Blair")
    assert choices.is_blocked("Mr Blair") and not choices.is_blocked("Gordon Brown")
    with pytest.raises(EntityChoiceError, match="blocked"):
        choices.merge("Blair", "Mr Blair")  # its chain ends in a blocked name


def test_renaming_a_retyped_name_carries_its_type():
    choices = EntityChoices().retype("Bournemouth", "location").rename("Bournemouth", "Bournemouth, Dorset")
    assert choices.kinds == {"Bournemouth, Dorset": "location"}


def test_a_stored_document_round_trips_and_forged_ones_are_refused():
    choices = EntityChoices().merge("Mr Blair", "Tony Blair").retype("Labour", "organization").block("Skills")
    assert EntityChoices.from_json(choices.to_json()) == choices
    good = choices.to_dict()
    forged = [
        {**good, "format": 2},
        {**good, "merges": ["Mr Blair"]},
        {**good, "merges": {"A": "B", "B": "C", "C": "A"}},
        {**good, "kinds": {"Labour": "party"}},
        {**good, "blocked": "Skills"},
        {**good, "blocked": ["ok", "bad\x00name"]},
        {**good, "renames": {"x" * 301: "y"}},
        [],
    ]
    for data in forged:
        with pytest.raises(EntityChoiceError):
            EntityChoices.from_json(json.dumps(data))
    with pytest.raises(EntityChoiceError, match="not valid JSON"):
        EntityChoices.from_json("{")
    with pytest.raises(EntityChoiceError, match="larger than"):
        EntityChoices.from_json(" " * (MAX_ENTITY_CHOICES_BYTES + 1))


def test_curation_of_one_article_merges_blocks_dedupes_and_types():
    choices = EntityChoices().merge("Mr Blair", "Tony Blair").block("Skills").retype("Bournemouth", "location")
    article = Article(title="t", body="b", entities={
        "person": ["Mr Blair", "Tony Blair", "Manchester"],
        "organization": ["Skills", "Bournemouth", "Labour"], "location": []})
    # The index holds Manchester mostly as a place; nothing else is known to it.
    curate([article], choices, lambda names: {"Manchester": {"location": 5, "person": 2}}, count_batch=True)
    assert article.entities == {"person": ["Tony Blair"], "organization": ["Labour"],
                                "location": ["Manchester", "Bournemouth"]}


def test_a_tie_goes_to_the_first_kind_and_the_batch_votes_at_index_time():
    first = Article(title="a", body="a", entities={"person": [], "organization": ["Kim Howells"], "location": []})
    second = Article(title="b", body="b", entities={"person": ["Kim Howells"], "organization": [], "location": []})
    curate([first, second], EntityChoices(), lambda names: {}, count_batch=True)
    assert first.entities["person"] == second.entities["person"] == ["Kim Howells"]
    third = Article(title="c", body="c", entities={"person": [], "organization": ["Kim Howells"], "location": []})
    curate([third], EntityChoices(), lambda names: {"Kim Howells": {"organization": 2}}, count_batch=False)
    assert third.entities["organization"] == ["Kim Howells"]


def test_a_reindex_asks_the_index_once_per_name_and_remembers_a_bounded_number():
    asked: list[list[str]] = []

    def counts(names):
        asked.append(list(names))
        return {name: {"person": 1} for name in names if name != "Nobody"}

    remembered = RememberedCounts(counts, most=2)
    assert remembered(["A", "Nobody"]) == {"A": {"person": 1}}
    assert remembered(["A", "Nobody"]) == {"A": {"person": 1}} and asked == [["A", "Nobody"]]
    remembered(["B"])  # A is now the least recently used of three: dropped
    assert list(remembered.known) == ["Nobody", "B"]
    remembered(["A"])
    assert asked[-1] == ["A"]


def test_an_acronym_and_more_words_is_the_acronym_when_the_index_holds_it_as_a_body():
    article = Article(title="t", body="b", entities={
        "person": [], "organization": ["BBC News", "NHS Confederation", "WHO Europe"], "location": []})
    # BBC is a body in the index; WHO mostly a word the model mistook for a person; NHS unknown.
    stored = {"BBC": {"organization": 40}, "WHO": {"person": 3, "organization": 1}}
    curate([article], EntityChoices(), lambda names: {n: stored[n] for n in names if n in stored}, count_batch=False)
    assert article.entities["organization"] == ["BBC", "NHS Confederation", "WHO Europe"]
    # At index time the batch's own mentions count: NHS alone in another article of it.
    first = Article(title="a", body="a", entities={"person": [], "organization": ["NHS Confederation"], "location": []})
    second = Article(title="b", body="b", entities={"person": [], "organization": ["NHS"], "location": []})
    curate([first, second], EntityChoices(), lambda names: {}, count_batch=True)
    assert first.entities["organization"] == ["NHS"]
    # A name the user merged something into is theirs: it stays.
    third = Article(title="c", body="c", entities={"person": [], "organization": ["BBC News"], "location": []})
    choices = EntityChoices().merge("BBC Online", "BBC News")
    curate([third], choices, lambda names: {n: stored[n] for n in names if n in stored}, count_batch=False)
    assert third.entities["organization"] == ["BBC News"]


def test_a_name_and_a_word_bodies_drop_is_the_name_when_the_index_holds_it_as_a_body():
    article = Article(title="t", body="b", entities={
        "person": [], "organization": ["Labour Party", "Green Party", "Chelsea FC"], "location": []})
    # Labour is a body in the index; Green mostly a person's name there; Chelsea unknown.
    stored = {"Labour": {"organization": 30}, "Green": {"person": 5}}
    curate([article], EntityChoices(), lambda names: {n: stored[n] for n in names if n in stored}, count_batch=False)
    assert article.entities["organization"] == ["Labour", "Green Party", "Chelsea FC"]


def test_a_bodys_last_word_is_its_full_name_when_the_batch_names_it_in_full_as_often():
    def article(*organisations: str) -> Article:
        return Article(title="t", body="b", entities={"person": [], "organization": list(organisations),
                                                      "location": []})
    batch = [article("House of Lords"), article("House of Lords", "Labour"), article("Lords"),
             article("Parliament"), article("Parliament"), article("Houses of Parliament"),
             article("England"), article("Bank of England")]
    curate(batch, EntityChoices(), lambda names: {}, count_batch=True)
    shown = [a.entities["organization"] for a in batch]
    assert shown[2] == ["House of Lords"]
    # Named alone more often than in full: the word stays (it may be another parliament's).
    assert shown[3] == shown[4] == ["Parliament"]
    # A place ends bodies' names too and is never folded into one.
    assert batch[6].entities["organization"] + batch[6].entities["location"] == ["England"]
    # The user's choice stands.
    kept = [article("Lords"), article("House of Lords")]
    curate(kept, EntityChoices().retype("Lords", "organization"), lambda names: {}, count_batch=True)
    assert kept[0].entities["organization"] == ["Lords"]
