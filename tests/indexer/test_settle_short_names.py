"""A short name is the one fuller name the whole index gives it at the end of a run
(indexer.settle_short_names): a bare surname, a body's last word after `of` or its possessive; whatever batches the run
was cut into, on both engines, through the command line and a reindex."""
from __future__ import annotations

from pathlib import Path

import pytest
from newsfacet.engine.model import Article
from newsfacet.indexer.settle_short_names import settle_short_names

from tests.indexing import exports_by_batch_size, values_after_copying_reindex, wire_article


def _article(number: int, people: list[str], text: str) -> Article:
    return wire_article(number, text, "person", people)


def _written(backend, articles: list[Article]) -> list[Article]:
    assert all(result.ok for result in backend.write(articles))
    return articles


def test_a_bare_surname_is_the_one_full_name_of_the_index(backend) -> None:
    written = _written(backend, [
        _article(1, ["Gerhard Stoltenberg"], "Finance Minister Gerhard Stoltenberg spoke."),
        _article(2, ["Gerhard Stoltenberg"], "Gerhard Stoltenberg said rates would hold."),
        _article(3, ["Stoltenberg"], "Stoltenberg met his French counterpart."),
        # Two full names end with it: which one is not said.
        _article(4, ["James Baker"], "Treasury Secretary James Baker spoke."),
        _article(5, ["Howard Baker"], "Chief of staff Howard Baker spoke."),
        _article(6, ["Baker"], "Baker said the dollar was stable."),
        # The full name is held by fewer articles than the surname: a headline's guess, not who it is.
        _article(7, ["Reagan"], "Reagan spoke."), _article(8, ["Reagan"], "Reagan left."),
        _article(9, ["Blasts Reagan"], "Senator blasts Reagan."),
    ])
    assert settle_short_names(backend, {"person": ["Stoltenberg", "Baker", "Reagan", "Gerhard Stoltenberg"]}) == 1
    people = {number: backend.get(written[number - 1].id).entities["person"] for number in (3, 6, 7)}
    assert people == {3: ["Gerhard Stoltenberg"], 6: ["Baker"], 7: ["Reagan"]}
    assert backend.get(written[2].id).body == written[2].body  # the rest of the article is kept
    assert settle_short_names(backend, {"person": ["Stoltenberg", "Baker", "Reagan"]}) == 0  # nothing left


def test_a_user_choice_about_a_surname_or_its_full_name_is_kept(backend) -> None:
    written = _written(backend, [
        _article(1, ["Paul Volcker"], "Paul Volcker testified."),
        _article(2, ["Paul Volcker"], "Paul Volcker spoke."),
        _article(3, ["Volcker"], "Volcker said so."),
        _article(4, ["Karl Otto Poehl"], "Karl Otto Poehl spoke."),
        _article(5, ["Poehl"], "Poehl said so."),
    ])
    backend.entity_choices().update(lambda choices: choices.retype("Volcker", "person"))
    backend.entity_choices().update(lambda choices: choices.block("Karl Otto Poehl"))
    assert settle_short_names(backend, {"person": ["Volcker", "Poehl"]}) == 0
    assert backend.get(written[2].id).entities["person"] == ["Volcker"]
    assert backend.get(written[4].id).entities["person"] == ["Poehl"]


def test_the_reindex_command_names_copied_surnames_in_full(tmp_path: Path) -> None:
    written = [_article(1, ["Alan Greenspan"], "Alan Greenspan spoke."),
               _article(2, ["Alan Greenspan"], "Alan Greenspan testified."),
               _article(3, ["Greenspan"], "Greenspan said so.")]
    assert values_after_copying_reindex(tmp_path / "data", written, "person") == {"Alan Greenspan"}


def test_a_body_s_last_word_is_the_one_body_of_the_index_ending_so(backend) -> None:
    written = _written(backend, [
        wire_article(1, "The House of Commons voted.", "organization", ["House of Commons"]),
        wire_article(2, "MPs in the House of Commons debated.", "organization", ["House of Commons"]),
        wire_article(3, "The Commons rose early.", "organization", ["Commons"]),
        # A place is no body's last word (`Bank of England` does not make `England` a body).
        wire_article(4, "The Bank of England held rates.", "organization", ["Bank of England"]),
        wire_article(5, "England won.", "organization", ["England"]),
    ])
    assert settle_short_names(backend, {"organization": ["Commons", "England"]}) == 1
    assert backend.get(written[2].id).entities["organization"] == ["House of Commons"]
    assert backend.get(written[4].id).entities["organization"] == ["England"]


def test_a_bare_possessive_is_the_one_body_of_the_index_named_after_it(backend) -> None:
    # `Moody's` alone is cleaned to `Moody`: a value beside the agency's full name (17 stories of reut2-018/019).
    written = _written(backend, [
        wire_article(1, "Moody's Investors Service cut its rating.", "organization", ["Moody's Investors Service"]),
        wire_article(2, "Moody's Investors Service said so.", "organization", ["Moody's Investors Service"]),
        wire_article(3, "Moody's upgraded the bonds.", "organization", ["Moody"]),
    ])
    assert settle_short_names(backend, {"organization": ["Moody"]}) == 1
    assert backend.get(written[2].id).entities["organization"] == ["Moody's Investors Service"]


@pytest.mark.parametrize("kind, full, short", [
    ("person", "Gerhard Stoltenberg", "Stoltenberg"),
    ("organization", "House of Commons", "Commons"),
    ("organization", "Moody's Investors Service", "Moody"),
])
def test_any_batch_size_ends_with_the_fuller_name(tmp_path: Path, kind: str, full: str, short: str) -> None:
    """A write batch folds the short name only when it holds the fuller one too; the run's end sees all."""
    records = [{"url": f"https://wire.example/{number}", "title": f"Report {number}", "language": "en",
                "text": f"{name} spoke on day {number}.", "entities": {kind: [name]}}
               for number, name in enumerate([full, full, short], start=1)]
    for batch_size, exported in exports_by_batch_size(tmp_path, records).items():
        assert {name for record in exported for name in record["entities"][kind]} == {full}, batch_size


def test_a_possessive_name_one_story_writes_does_not_absorb_its_body(tmp_path: Path) -> None:
    """`Google's Gemini Advanced` in one story is Google's product (wcxb tuning page 0391 lost
    `Google` to it in a batch); only a name several stories write is the body (`Moody's ...`)."""
    records = [{"url": f"https://news.example/{number}", "title": f"Report {number}", "language": "en",
                "text": f"{' and '.join(names)} on day {number}.", "entities": {"organization": names}}
               for number, names in enumerate([["Google's Gemini Advanced"], ["Google"]], start=1)]
    for batch_size, exported in exports_by_batch_size(tmp_path, records).items():
        assert [record["entities"]["organization"] for record in exported] == [
            ["Google's Gemini Advanced"], ["Google"]], batch_size


def test_a_surname_stands_for_the_form_of_a_full_name_most_stories_write(tmp_path: Path) -> None:
    """reuters2 kept `Volcker` in six stories apart from `Paul Volcker` in thirty because one story
    wrote `Paul A Volcker`: forms of one name that differ by a middle initial are one candidate, the
    clearly most written standing for them. Two forms written equally often still leave it alone."""
    people = [["Paul Volcker"], ["Paul Volcker"], ["Paul Volcker"], ["Paul A Volcker"], ["Volcker"],
              ["George W. Bush"], ["George Bush"], ["Bush"]]
    records = [{"url": f"https://wire.example/{number}", "title": f"Report {number}", "language": "en",
                "text": f"{names[0]} spoke on day {number}.", "entities": {"person": names}}
               for number, names in enumerate(people, start=1)]
    for batch_size, exported in exports_by_batch_size(tmp_path, records).items():
        shown = {record["url"].rsplit("/", 1)[1]: record["entities"]["person"] for record in exported}
        assert [shown[str(number)] for number in range(1, len(people) + 1)] == [
            ["Paul Volcker"], ["Paul Volcker"], ["Paul Volcker"], ["Paul A Volcker"], ["Paul Volcker"],
            ["George W. Bush"], ["George Bush"], ["Bush"]], batch_size
