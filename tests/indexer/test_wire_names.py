"""Wire copy's names (issue 13), read off Reuters-21578's reut2-010 and reut2-011 (the facet score's
Reuters part is reut2-020 and reut2-021): a company's legal form, headlines in capitals, a body named
again by its last word, the collection's own names for its codes, and one value per body across the
index. Real stories go through the real recogniser and consolidation; each test first checks that
the model made the mistake the rule mends."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from newsfacet.engine import reindex as reindexing
from newsfacet.engine.legal_forms import is_bare_legal_form, is_legal_form
from newsfacet.engine.model import Article
from newsfacet.indexer.consolidate import canonical_given, consolidate, drop_headline_guesses
from newsfacet.indexer.entities import english_pipeline, extract_entities
from newsfacet.indexer.entity_junk import ends_with_dated_month, is_demonym
from newsfacet.indexer.entity_names import Entity
from newsfacet.indexer.settle_bodies import settle_bodies, settle_index_bodies
from newsfacet.indexer.sources.reuters import DESCRIPTIONS, described_bodies, parse_story, reuters_records

from tests.corpora import corpus
from tests.indexing import exports_by_batch_size, values_after_copying_reindex, wire_article


@pytest.mark.parametrize("word", ["Inc", "Corp", "Co", "Ltd", "Plc", "PLC", "LLC", "NV", "AG", "SpA", "GmbH", "S.A."])
def test_legal_forms_of_many_countries_are_known(word: str) -> None:
    assert is_legal_form(word)


@pytest.mark.parametrize("word", ["Teo", "Sal", "Da", "As", "co", "Smith", "Lynch", "Group"])
def test_surnames_and_words_are_no_legal_form(word: str) -> None:
    # `Teo` is an Irish form in cleanco's table and a Singaporean surname: title-cased, foreign forms do not count.
    assert not is_legal_form(word)


def test_an_acronym_that_is_a_foreign_legal_form_is_still_a_company() -> None:
    """`BT` is a Hungarian form in cleanco's table: alone or after `and` it is the company."""
    text = "Vodafone and BT said on Monday that BT would cut prices. BT and Vodafone did not say more."
    kept = consolidate(extract_entities(text, "en"), text, "en")
    assert {"BT", "Vodafone"} <= _names(kept, "organization")
    assert is_legal_form("BT") and not is_bare_legal_form("BT") and is_bare_legal_form("Co")


def _story(title: str) -> tuple[Article, str]:
    folder = corpus("reuters21578") / "reuters21578"
    for name in ("reut2-010.sgm", "reut2-011.sgm"):
        path = str(folder / name)
        for record in reuters_records(path, None, 1 << 30):
            article = parse_story(record.data, path, record.url)
            if article.title == title:
                return article, f"{article.title}\n{article.body}"
    raise AssertionError(f"no story titled {title!r}")


def _names(entities: list[Entity], kind: str) -> set[str]:
    return {entity.name for entity in entities if entity.type == kind}


@pytest.mark.corpus
def test_a_company_cut_at_and_loses_its_legal_form_not_its_name() -> None:
    """`Merrill Lynch and Co Inc` is read as `Merrill Lynch` + `Co Inc`, `<Dubin Clark and Co>` as a
    person + `Co>`: `Co` was the third organisation value of reut2-010/011 (36 stories)."""
    _, text = _story("SCHERING-PLOUGH <SGP> MULLS DR. SCHOLL'S SALE")
    assert "Co Inc" in {span.text for span in english_pipeline()(text).ents}  # the model's cut
    found = extract_entities(text, "en")
    assert "Merrill Lynch" in _names(found, "organization")
    assert not any(name.startswith("Co") for name in _names(found, "organization"))
    _, text = _story("BEECHAM GROUP <BHAMY> TO SELL UNIT")
    assert ("PERSON", "Dubin Clark") in {(span.label_, span.text) for span in english_pipeline()(text).ents}
    found = extract_entities(text, "en")
    assert "Dubin Clark" in _names(found, "organization") and "Dubin Clark" not in _names(found, "person")
    assert not any(">" in entity.name for entity in found)  # `Bhamy> To` from the ticker in the headline


@pytest.mark.corpus
def test_a_person_ending_with_a_legal_form_is_the_company() -> None:
    _, text = _story("AKZO REVISES 1986 PROFIT UP SLIGHTLY")
    found = extract_entities(text, "en")
    assert "Akzo NV" in _names(found, "person")
    kept = consolidate(found, text, "en")
    assert _names(kept, "person") == set()
    assert "Akzo" in _names(kept, "organization") and "Akzo NV" not in _names(kept, "organization")


@pytest.mark.corpus
@pytest.mark.parametrize("title, guess", [
    ("DLR FALLS ON FEARS, MIYAZAWA SAYS", "Dlr Falls"),
    ("SKY EXPRESS <SKYX> PRESIDENT PLEADS GUILTY", "Pleads Guilty"),
])
def test_a_person_only_a_headline_in_capitals_names_is_dropped(title: str, guess: str) -> None:
    _, text = _story(title)
    found = extract_entities(text, "en")
    assert guess in _names(found, "person")
    kept = consolidate(found, text, "en")
    assert guess not in _names(kept, "person")
    assert _names(kept, "person")  # the story's real people stay (`Kiichi Miyazawa`, `John Cerrito Sr`)


def test_headline_names_the_text_repeats_stay_and_places_always_do() -> None:
    text = "BAKER SEES JAPAN TRADE DEAL\nTreasury Secretary James Baker said on Monday a deal was near."
    entities = [Entity("person", "Baker"), Entity("person", "Sees Japan"), Entity("location", "Japan")]
    assert drop_headline_guesses(entities, text, "en") == [Entity("person", "Baker"), Entity("location", "Japan")]
    # Russian: names are put in the nominative, so not found as written.
    assert drop_headline_guesses(entities, text, "ru") == entities


def test_a_story_all_in_capitals_keeps_only_companies_with_their_form_acronyms_and_places() -> None:
    shouted = "BAKER SEES JAPAN TRADE DEAL\nTREASURY SECRETARY JAMES BAKER SAID A DEAL WAS NEAR, CME SAYS"
    entities = [Entity("person", "Baker"), Entity("person", "Sees Japan"), Entity("location", "Japan"),
                Entity("organization", "Exxon Corp"), Entity("organization", "CME")]
    assert drop_headline_guesses(entities, shouted, "en") == entities[2:]


@pytest.mark.corpus
@pytest.mark.parametrize("title, guess, company", [
    ("CAMPBELL RED LAKE MINES LTD 4TH QTR SHR 21 CTS VS 10 CTS", "Cts Vs", "Campbell Red Lake Mines Ltd"),
    ("PENNZOIL SEES LOWER 1ST QTR NET BEFORE UNUSUAL ITEM AGAINST YEAR AGO LOSS 49 CTS", "Cts", None),
])
def test_a_flash_headline_alone_names_no_one_but_a_company_with_its_form(title: str, guess: str,
                                                                          company: str | None) -> None:
    """A one-line flash has no text in mixed case: `Cts Vs` (cents versus) was the eleventh
    organisation value of reut2-020/021."""
    article, text = _story(title)
    assert not article.body
    found = extract_entities(text, "en")
    assert guess in _names(found, "organization")
    kept = _names(consolidate(found, text, "en"), "organization")
    assert guess not in kept
    assert kept == ({company} if company else set())


def test_a_headline_word_after_an_apostrophe_stays_an_ending() -> None:
    found = extract_entities("SCHERING MULLS DR. SCHOLL'S SALE AND O'NEILL'S BID\nIt said so on Monday.", "en")
    assert not any("'S" in entity.name for entity in found)


@pytest.mark.corpus
def test_the_exchange_is_the_one_exchange_the_story_names_in_full() -> None:
    _, text = _story("NYSE SAYS SANTA FE <SFX> NO RESPONSE YET ON STOCK")
    assert "Exchange" in _names(extract_entities(text, "en"), "organization")
    kept = _names(consolidate(extract_entities(text, "en"), text, "en"), "organization")
    assert "New York Stock Exchange" in kept and "Exchange" not in kept


@pytest.mark.corpus
def test_a_club_is_not_the_head_noun_of_a_span_naming_two() -> None:
    """`Everton and Arsenal` (a span of the model's) does not swallow `Arsenal`: no `the Arsenal`."""
    folder = corpus("bbc-news") / "bbc" / "sport"
    text = (folder / "252.txt").read_text(encoding="latin-1")
    found = extract_entities(text, "en")
    assert {"Arsenal", "Everton and Arsenal"} <= _names(found, "organization")
    assert "Arsenal" in _names(consolidate(found, text, "en"), "organization")


def test_a_two_word_name_is_not_named_by_its_last_word() -> None:
    text = ("The White House said the House would vote on Tuesday. The House rejected it, and the White "
            "House said it would try again.")
    kept = _names(consolidate([Entity("organization", "White House"), Entity("organization", "House")],
                              text, "en"), "organization")
    assert kept == {"White House", "House"}


@pytest.mark.corpus
def test_a_declared_body_takes_the_described_name_the_story_writes() -> None:
    folder = corpus("reuters21578") / "reuters21578"
    described = described_bodies(str(folder))
    assert described["nyse"] == "New York Stock Exchange" and described["ose"] == "Oslo Stock Exchange"
    assert described["ico-coffee"] == "International Coffee Organisation"
    assert "usa" not in described and "james-baker" not in described  # places and people keep their codes
    article, _ = _story("NYSE SAYS SANTA FE <SFX> NO RESPONSE YET ON STOCK")
    bodies = article.entities["organization"]
    assert "New York Stock Exchange" in bodies and "NYSE" not in bodies


@pytest.mark.corpus
def test_a_declared_code_no_story_writes_takes_the_described_name(tmp_path: Path) -> None:
    """`tse` is the collection's code for the Tokyo Stock Exchange, written in neither story, and
    is found through a link to the collection's file too (scripts/eval_facets.py links them)."""
    folder = corpus("reuters21578") / "reuters21578"
    for title in ("TOKYO STOCK MARKET AVERAGE PLUNGES 372.73 POINTS TO 21,805.29 -- BROKERS",
                  "THE LIMITED <LTD> APPLIES FOR TOKYO EXCHANGE"):
        article, text = _story(title)
        assert "TSE" not in text and article.entities["organization"] == ["Tokyo Stock Exchange"]
    (tmp_path / "reut2-010.sgm").symlink_to(folder / "reut2-010.sgm")
    linked = str(tmp_path / "reut2-010.sgm")
    stories = [parse_story(record.data, record.source, record.url)
               for record in reuters_records(linked, None, 1 << 30)]
    assert sum("Tokyo Stock Exchange" in story.entities["organization"] for story in stories) >= 5
    assert not any("TSE" in story.entities["organization"] for story in stories)


def test_a_story_not_writing_the_described_name_keeps_the_code(tmp_path: Path) -> None:
    (tmp_path / DESCRIPTIONS).write_text("@heading[Exchange Codes (1)]\n@begin[format]\n"
                                         "New York Stock Exchange (NYSE)@*\n@end[format]\n", encoding="ascii")
    story = (b'<REUTERS NEWID="7"><DATE>2-MAR-1987 10:00:00.00</DATE><EXCHANGES><D>nyse</D><D>amex</D>'
             b'</EXCHANGES><TEXT><TITLE>STOCK HALTED</TITLE><BODY>Trading in the NYSE was halted.</BODY>'
             b'</TEXT></REUTERS>')
    article = parse_story(story, str(tmp_path / "reut2-000.sgm"), "reuters21578:7")
    assert article.entities["organization"] == ["NYSE", "AMEX"]
    # Writing neither the code nor the name, or the code only inside a word: the described name.
    for text in (b"Trading was halted.", b"An un-NYSE-like halt: nyse traders waited."):
        unwritten = story.replace(b"Trading in the NYSE was halted.", text)
        assert parse_story(unwritten, str(tmp_path / "reut2-000.sgm"), "reuters21578:7").entities[
            "organization"] == ["New York Stock Exchange", "AMEX"]


def test_a_damaged_or_missing_descriptions_file_gives_no_names(tmp_path: Path) -> None:
    assert described_bodies(str(tmp_path / "missing")) == {}
    (tmp_path / "fifo").mkdir()
    os.mkfifo(tmp_path / "fifo" / DESCRIPTIONS)  # would block a reader forever
    assert described_bodies(str(tmp_path / "fifo")) == {}
    (tmp_path / DESCRIPTIONS).write_bytes(b"\xff\x00@heading[Exchange Codes\n(((NYSE)@*\n" * 1000)
    assert described_bodies(str(tmp_path)) == {}


def _article(number: int, bodies: list[str], text: str) -> Article:
    return wire_article(number, text, "organization", bodies)


def test_an_acronym_is_the_one_name_the_index_spells_it_out_with(backend) -> None:
    written = [
        _article(1, ["New York Stock Exchange"], "The New York Stock Exchange (NYSE) said trading was heavy."),
        _article(2, ["NYSE"], "The NYSE halted trading in the stock."),
        _article(3, ["New York Stock Exchange"], "Volume on the New York Stock Exchange rose; the NYSE said so."),
        # Two exchanges spelling TSE, both written beside it: which one a bare TSE is is not said.
        _article(4, ["Tokyo Stock Exchange"], "Shares on the Tokyo Stock Exchange (TSE) rose."),
        _article(5, ["Tokyo Stock Exchange"], "The Tokyo Stock Exchange (TSE) opened."),
        _article(6, ["Toronto Stock Exchange"], "The Toronto Stock Exchange, or TSE, closed higher."),
        _article(7, ["Toronto Stock Exchange"], "The Toronto Stock Exchange (TSE) closed lower."),
        _article(8, ["TSE"], "The TSE index rose."),
        # Spelled out beside the acronym by one article only: not evidence enough.
        _article(9, ["Columbia Business School"], "Columbia Business School (CBS) opened a course."),
        _article(10, ["CBS"], "CBS aired the debate."),
        _article(11, ["Exxon Corp"], "Exxon Corp said it would buy the field."),
        _article(12, ["Exxon"], "Exxon said prices would rise."),
    ]
    assert all(result.ok for result in backend.write(written))
    assert settle_bodies(backend, ["NYSE", "TSE", "CBS", "Exxon Corp"]) == 2
    bodies = {number: backend.get(written[number - 1].id).entities["organization"] for number in (2, 8, 10, 11)}
    assert bodies == {2: ["New York Stock Exchange"], 8: ["TSE"], 10: ["CBS"], 11: ["Exxon"]}
    assert backend.get(written[1].id).body == written[1].body  # the rest of the article is kept
    assert settle_bodies(backend, ["New York Stock Exchange", "TSE", "CBS"]) == 0


def test_an_acronym_many_bodies_spell_is_the_one_whose_articles_write_it(backend) -> None:
    # reut2-020/021 hold eight bodies spelling GM; General Motors' stories alone write `GM`, and in
    # reut2-018/019 both its names with and without `Corp` do.
    spellers = ["Gander Mountain Inc", "General Mills", "Global Motors", "Grand Metropolitan PLC", "Greenwell Montagu",
                "Groupe Macyro Inc", "Guilford Mills"]
    written = [_article(number, [name], f"{name} reported results.") for number, name in enumerate(spellers, 1)]
    written += [_article(8, ["General Motors Corp"], "General Motors Corp (GM) cut output."),
                _article(9, ["General Motors Corp"], "General Motors Corp said GM cars sold well."),
                # The same body without its legal form, also written beside GM (reut2-018/019).
                _article(10, ["General Motors"], "General Motors, or GM, hired."),
                _article(11, ["General Motors"], "General Motors (GM) rose."),
                _article(12, ["General Motors"], "General Motors fell."),
                _article(13, ["GM"], "GM shares fell.")]
    assert all(result.ok for result in backend.write(written))
    settle_bodies(backend, ["GM", "General Motors Corp"])
    assert backend.get(written[-1].id).entities["organization"] == ["General Motors"]
    assert backend.get(written[7].id).entities["organization"] == ["General Motors"]


def test_a_reindex_gives_stored_articles_the_folds_of_a_run(backend) -> None:
    """Articles written before the folds existed (here: written without a run) get them from a
    reindex that copies them, as a new index run would have given them."""
    written = [_article(1, ["New York Stock Exchange"], "The New York Stock Exchange (NYSE) opened."),
               _article(2, ["New York Stock Exchange"], "Volume on the New York Stock Exchange, the NYSE, rose."),
               _article(3, ["NYSE"], "The NYSE halted trading."),
               _article(4, ["Exxon Corp"], "Exxon Corp said so."), _article(5, ["Exxon"], "Exxon agreed.")]
    assert all(result.ok for result in backend.write(written))
    reindexing.reindex(backend)  # a copy alone keeps what was stored
    assert backend.get(written[2].id).entities["organization"] == ["NYSE"]
    reindexing.reindex(backend, finish=settle_index_bodies)
    assert backend.get(written[2].id).entities["organization"] == ["New York Stock Exchange"]
    assert backend.get(written[3].id).entities["organization"] == ["Exxon"]
    assert backend.count() == 5


def test_the_reindex_command_folds_what_it_copies(tmp_path: Path) -> None:
    written = [_article(1, ["European Community"], "The European Community (EC) met."),
               _article(2, ["European Community"], "The European Community, the EC, met again."),
               _article(3, ["EC"], "The EC met once more.")]
    assert values_after_copying_reindex(tmp_path / "data", written, "organization") == {"European Community"}


def test_a_user_choice_about_an_acronym_is_kept(backend) -> None:
    written = [_article(1, ["European Community"], "The European Community (EC) met."),
               _article(2, ["European Community"], "The European Community (EC) met again."),
               _article(3, ["EC"], "The EC met once more.")]
    assert all(result.ok for result in backend.write(written))
    backend.entity_choices().update(lambda choices: choices.retype("EC", "organization"))
    assert settle_bodies(backend, ["EC"]) == 0
    assert backend.get(written[2].id).entities["organization"] == ["EC"]


def test_any_batch_size_ends_with_one_value_per_body(tmp_path: Path) -> None:
    """The batch fold saw `Exxon` only when a batch held it; the run's end sees the whole index."""
    records = [
        {"url": "https://wire.example/1", "title": "Exxon buys field", "language": "en",
         "text": "Exxon Corp said it would buy the field.", "entities": {"organization": ["Exxon Corp"]}},
        {"url": "https://wire.example/2", "title": "Exchange report", "language": "en",
         "text": "The New York Stock Exchange (NYSE) said volume rose.",
         "entities": {"organization": ["New York Stock Exchange"]}},
        {"url": "https://wire.example/3", "title": "Halt", "language": "en",
         "text": "The NYSE halted trading.", "entities": {"organization": ["NYSE"]}},
        {"url": "https://wire.example/5", "title": "Exchange volume", "language": "en",
         "text": "Volume on the New York Stock Exchange, the NYSE, rose.",
         "entities": {"organization": ["New York Stock Exchange"]}},
        {"url": "https://wire.example/4", "title": "Exxon prices", "language": "en",
         "text": "Exxon said prices would rise.", "entities": {"organization": ["Exxon"]}},
    ]
    for batch_size, exported in exports_by_batch_size(tmp_path, records).items():
        bodies = {name for record in exported for name in record["entities"]["organization"]}
        assert bodies == {"Exxon", "New York Stock Exchange"}, batch_size


@pytest.mark.corpus
def test_a_month_the_text_follows_with_a_day_is_no_name_s_end() -> None:
    """`Record Oct` (a dividend's record day, `Record Oct 27`) was the ninth person value of
    reut2-020/021; its layout is that of reut2-010's dividend stories."""
    _, text = _story("DEAN FOODS CO <DF> RAISES DIVIDEND")
    assert "Record May 22" in text
    kept = consolidate([Entity("person", "Record May"), Entity("organization", "Dean Foods Co")], text, "en")
    assert _names(kept, "person") == set()
    assert ends_with_dated_month("Record Oct", "Pay Nov 15\nRecord Oct 27", "en")
    # Someone whose name ends with a month: written once without a day, always someone.
    assert not ends_with_dated_month("Theresa May", "Theresa May said so. Theresa May 10 times over.", "en")
    assert not ends_with_dated_month("May", "May 10", "en")


@pytest.mark.corpus
@pytest.mark.parametrize("title, company", [
    ("TRINITY INDUSTRIES <TRN> AND UNIT CUT BY S/P", "Standard and Poor's Corp"),
])
def test_a_company_the_model_cut_at_and_is_joined_again(title: str, company: str) -> None:
    _, text = _story(title)
    cut = {span.text for span in english_pipeline()(text).ents}
    assert company not in cut and "Poor's Corp" in cut  # the model's cut
    found = _names(extract_entities(text, "en"), "organization")
    assert company in found and "Poor's Corp" not in found


@pytest.mark.parametrize("text, company", [
    ("Lead manager Banque Generale du Luxembourg SA said the issue was priced.", "Banque Generale du Luxembourg SA"),
    ("The notes were rated AA by Standard and Poor's Corp on Monday.", "Standard and Poor's Corp"),
])
def test_a_company_name_holding_and_or_du_is_one_name(text: str, company: str) -> None:
    assert company in _names(extract_entities(text, "en"), "organization")


def test_a_body_the_model_found_before_and_is_not_joined_to_the_next() -> None:
    found = _names(extract_entities("Shares of IBM and Apple Computer Inc rose on Monday.", "en"), "organization")
    assert {"IBM", "Apple Computer Inc"} <= found


@pytest.mark.corpus
@pytest.mark.parametrize("title, company", [
    ("OUTBOARD MARINE <OM> SELLS 9.15 PCT DEBENTURES", "Outboard Marine"),
    ("DEXTER <DEX> UNIT TO LICENSE ADHESIVES", "Dexter"),
])
def test_a_person_the_text_names_with_a_legal_form_is_the_company(title: str, company: str) -> None:
    _, text = _story(title)
    found = extract_entities(text, "en")
    assert company in _names(found, "person")  # the model's guess
    kept = consolidate(found, text, "en")
    assert company in _names(kept, "organization") and company not in _names(kept, "person")


def test_a_declared_person_takes_the_text_s_spelling_and_full_name() -> None:
    """Reuters' `perez-de-cuellar` reads `Perez De Cuellar`; the text writes `Javier Perez de Cuellar`."""
    found = {"person": ["Javier Perez de Cuellar", "Perez de Cuellar"]}
    assert canonical_given({"person": ["Perez De Cuellar"]}, found, "en") == {"person": ["Javier Perez de Cuellar"]}
    assert canonical_given({"person": ["Perez De Cuellar"]}, {"person": ["Perez de Cuellar"]}, "en") == {
        "person": ["Perez de Cuellar"]}
    # Two full names end with it: which one is not said.
    two = {"person": ["James Baker", "Howard Baker"]}
    assert canonical_given({"person": ["Baker"]}, two, "en") == {"person": ["Baker"]}


@pytest.mark.corpus
@pytest.mark.parametrize("title", ["ARAB BANKER SAYS TOO SOON FOR SINGLE CURRENCY",
                                   "KUWAIT STUDIES INVESTMENTS IN EGYPT"])
def test_a_country_s_people_are_no_place(title: str) -> None:
    """`Kuwaiti` (a Kuwaiti official) was the model's place in these stories, and the 25th place
    value of reut2-020/021."""
    _, text = _story(title)
    assert Entity("location", "Kuwaiti") in extract_entities(text, "en")
    kept = consolidate(extract_entities(text, "en"), text, "en")
    assert "Kuwaiti" not in {entity.name for entity in kept}
    assert _names(kept, "location")  # the story's places stay


def test_a_body_named_by_a_country_s_people_is_no_body() -> None:
    text = "Kuwaiti officials said the Kuwaiti tanker was hit. Le Parisien reported it first."
    kept = consolidate([Entity("organization", "Kuwaiti"), Entity("organization", "Le Parisien")], text, "en")
    assert kept == [Entity("organization", "Le Parisien")]
    assert is_demonym("Kuwaiti", countries_only=True) and is_demonym("Japanese", countries_only=True)
    # A town's people may name a paper: only a country's count for a body.
    assert is_demonym("Parisien") and not is_demonym("Parisien", countries_only=True)


@pytest.mark.parametrize(("text", "cut", "name"), [
    ("Sue Carr, partner with Carr-Milton and Associates, said of Greenspan.", "Carr-Milton and",
     "Carr-Milton and Associates"),
    ("Debts total less than 50 billion dlrs, according to the Economic Commission for Africa which is holding"
     " the talks.",
     "the Economic Commission for", "Economic Commission for Africa"),
    ("Growth was the lowest of the Group of Seven leading industrial nations.", "Group of", "Group of Seven"),
])
def test_a_body_the_model_ends_with_a_link_word_is_joined_to_the_name_after_it(text: str, cut: str, name: str) -> None:
    """reuters2 held `Smick-Medley and`, `Economic Commission for` and `Group of` as bodies: the small
    model ends a body's span at `and`/`for`/`of` and finds the rest as another entity (or a number)."""
    assert cut in {span.text for span in english_pipeline()(text).ents}  # the model's cut
    bodies = _names(extract_entities(text, "en"), "organization")
    assert name in bodies and cut.removeprefix("the ") not in bodies


def test_no_name_ends_with_a_link_word_or_runs_past_a_legal_form() -> None:
    text = ("Earlier work (Moreau J et al, 2019) agreed. The notes were sold by Baird, Hale and Hopwood Inc. "
            "Financing closes in May.")
    people, bodies = (_names(extract_entities(text, "en"), kind) for kind in ("person", "organization"))
    assert not any(name.split()[-1] in ("et", "al", "and") for name in people | bodies)
    assert not any("Financing" in name for name in bodies)


def test_a_firm_and_co_is_the_firm(tmp_path: Path) -> None:
    """`Goldman Sachs and Co` stood beside `Goldman Sachs` in the Reuters part: `and Co` is the form."""
    from newsfacet.engine.legal_forms import without_legal_form

    assert without_legal_form("Goldman Sachs and Co") == "Goldman Sachs" == without_legal_form("Goldman Sachs & Co")
    assert without_legal_form("Procter & Gamble Co") == "Procter & Gamble"
    records = [{"url": f"https://wire.example/{number}", "title": f"Report {number}", "language": "en",
                "text": f"{name} said it would lead the offering.", "entities": {"organization": [name]}}
               for number, name in enumerate(["Goldman Sachs", "Goldman Sachs and Co", "Goldman Sachs"], start=1)]
    for batch_size, exported in exports_by_batch_size(tmp_path, records).items():
        bodies = {name for record in exported for name in record["entities"]["organization"]}
        assert bodies == {"Goldman Sachs"}, batch_size


def test_an_acronym_with_a_word_in_capitals_is_the_one_body_spelling_it(tmp_path: Path) -> None:
    """fresh4 split `UKIP` from `UK Independence Party` once articles defining it spelled it out:
    `UK` gives both its letters, so the end of the run folds a bare `UKIP` the same way."""
    texts = [("UK Independence Party", "The UK Independence Party (UKIP) gained seats."),
             ("UKIP", "UKIP leader Roger Knapman spoke."),
             ("UK Independence Party", "Polls put the UK Independence Party, or UKIP, third.")]
    records = [{"url": f"https://news.example/{number}", "title": f"Report {number}", "language": "en",
                "text": text, "entities": {"organization": [name]}}
               for number, (name, text) in enumerate(texts, start=1)]
    for batch_size, exported in exports_by_batch_size(tmp_path, records).items():
        bodies = {name for record in exported for name in record["entities"]["organization"]}
        assert bodies == {"UK Independence Party"}, batch_size
