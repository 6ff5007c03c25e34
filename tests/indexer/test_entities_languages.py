"""People and organisations beyond English and Russian: the French model and the known-names table.

Real parts throughout: the French spaCy model on MasakhaNEWS articles, the matcher on 10kGNAD
German text, `read_table` on real backends, and `newsfacet index` on BBC then 10kGNAD stories.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from newsfacet.engine.model import Article
from newsfacet.indexer.entities import extract_entities
from newsfacet.indexer.known_names import KnownName, NameMatcher, load_matcher, read_table, write_table

from tests.corpora import corpus
from tests.indexing import index, search

csv.field_size_limit(10_000_000)


def names(entities, kind: str) -> set[str]:
    return {e.name for e in entities if e.type == kind}


def masakhanews_french(row: int) -> str:
    with open(corpus("masakhanews") / "data" / "fra" / "test.tsv", encoding="utf-8", newline="") as f:
        for number, record in enumerate(csv.DictReader(f, delimiter="\t")):
            if number == row:
                return f"{record['headline']}\n{record['text']}"
    raise AssertionError(f"no row {row}")


def gnad_rows(containing: str) -> list[str]:
    with open(corpus("10kgnad") / "test.csv", encoding="utf-8", newline="") as f:
        return [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if containing in row[1]]


def test_french_model_finds_people_organisations_places() -> None:
    # A BBC Afrique story on Eric Zemmour's campaign (row 252) and one on the ECOWAS currency (row 56).
    zemmour = extract_entities(masakhanews_french(252)[:3000], "fr")
    assert {"Eric Zemmour", "Marine Le Pen"} <= names(zemmour, "person")
    assert {"Béziers", "France"} <= names(zemmour, "location")
    eco = extract_entities(masakhanews_french(56)[:3000], "fr")
    assert "Agence France-Presse" in names(eco, "organization")
    assert {"Abidjan", "Abuja"} <= names(eco, "location")
    assert not any(e.name.startswith(("de ", "de la ")) for e in eco)  # "de la Cédéao" loses its "de la"


def test_french_sentence_start_words_are_not_names() -> None:
    text = "Vos mains sont sales. Lavez vos mains avec du savon, dit Emmanuel Macron à Paris."
    found = extract_entities(text, "fr")
    assert "Vos" not in {e.name for e in found}
    assert "Emmanuel Macron" in names(found, "person")


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher([KnownName("organization", "Deutsche Bank"), KnownName("person", "John Cryan"),
                        KnownName("person", "Angela Merkel", ("Merkel",)),
                        KnownName("organization", "Nordwave Lines"), KnownName("organization", "Samsung")])


def test_matcher_finds_known_names_in_german_news(matcher: NameMatcher) -> None:
    story = next(text for text in gnad_rows("Deutsche Bank") if "John Cryan" in text)
    found = extract_entities(story, "de", matcher)
    assert "Deutsche Bank" in names(found, "organization")
    assert "John Cryan" in names(found, "person")
    assert "Postbank" not in names(found, "organization")  # not in the table: no model to find it
    # The table adds to the method for the language (the place gazetteer), it does not replace it.
    assert extract_entities(story, "de") == [e for e in found if e.type == "location"]


def test_matcher_in_spanish_and_word_boundaries(matcher: NameMatcher) -> None:
    spanish = "La naviera Nordwave Lines y el Deutsche Bank firmaron el acuerdo en Madrid."
    assert set(matcher.find(spanish, "es")) == {("organization", "Nordwave Lines"), ("organization", "Deutsche Bank")}
    inside_words = "Los Nordwave Linesmen y la DeutscheBank; Merkelismus, SuperSamsung, Samsung2."
    assert list(matcher.find(inside_words, "es")) == []
    # German genitive -s is accepted after a whole name, in German only; an alias gives the name.
    assert list(matcher.find("Merkels Politik", "de")) == [("person", "Angela Merkel")]
    assert list(matcher.find("Merkels Politik", "es")) == []
    assert list(matcher.find("Merkelss", "de")) == []
    # Case-sensitive: a lower-case word is not the name.
    assert list(matcher.find("die deutsche bank", "de")) == []
    # Korean attaches particles to a name: another script ends the word.
    assert list(matcher.find("Samsung은 발표했다", "ko")) == [("organization", "Samsung")]


def test_longest_name_wins() -> None:
    overlapping = NameMatcher([KnownName("organization", "Deutsche Bank"),
                               KnownName("organization", "Deutsche Bank Research")])
    assert list(overlapping.find("Laut Deutsche Bank Research steigt der Kurs.", "de")) == [
        ("organization", "Deutsche Bank Research")]


def _with_entities(i: int, people: list[str], organisations: list[str]) -> Article:
    return Article(title=f"Story {i}", body=f"Body of story {i}.", url=f"https://news.example/known/{i}",
                   language="en", entities={"person": people, "organization": organisations, "location": []})


def test_read_table_applies_trust_rule_and_curation(backend) -> None:
    articles = [_with_entities(i, ["Oleg Petrov"] + (["Lone Onetime"] if i == 0 else []) + ["Petrov"],
                               ["Nordwave Lines", "NordCorp", "Acme"] + (["TinyCo"] if i < 4 else []))
                for i in range(6)]
    assert all(result.ok for result in backend.write(articles))
    table = read_table(backend, confirmed=lambda: [("person", "Kim Ji-woo", ["Ji-woo Kim"])],
                       blocked=lambda: [("organization", "Nordwave Lines")])
    by_name = {entry.name: entry for entry in table}
    assert by_name["Oleg Petrov"].kind == "person"  # two words, six articles
    assert "NordCorp" in by_name  # one word shaped like a name (a capital inside), six articles
    assert "Acme" not in by_name  # one plain capitalised word: a common noun in German
    assert "TinyCo" not in by_name  # shaped like a name, but in only four articles
    assert "Petrov" not in by_name  # a lone surname is many people
    assert "Lone Onetime" not in by_name  # one article only
    assert "Nordwave Lines" not in by_name  # blocked by the user
    assert by_name["Kim Ji-woo"].aliases == ("Ji-woo Kim",)  # confirmed by the user, with its alias
    found = NameMatcher(table).find("Nordwave Lines chartered a ship for Ji-woo Kim and Oleg Petrov.", "de")
    assert sorted(found) == [("person", "Kim Ji-woo"), ("person", "Oleg Petrov")]


def test_table_file_round_trip_and_forged_file(tmp_path: Path) -> None:
    path = tmp_path / "known-names.json"
    write_table([KnownName("person", "Oleg Petrov", ("O. Petrov",))], path)
    assert list(load_matcher(str(path)).find("O. Petrov sagte", "de")) == [("person", "Oleg Petrov")]
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps([["person", "Oleg Petrov", []], ["weapon", "X-Wing", []], "junk",
                                  ["person", 5, []], ["organization", "Ab", []]]), encoding="utf-8")
    assert load_matcher(str(forged)).size == 1  # only the well-formed row
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xff[not json")
    assert load_matcher(str(broken)).size == 0


@pytest.mark.corpus
def test_index_run_gives_german_articles_names_from_english_ones(tmp_path: Path) -> None:
    bbc = corpus("bbc-news") / "bbc" / "business"
    english = [str(bbc / name) for name in ("257.txt", "475.txt", "358.txt", "391.txt", "453.txt")]
    data = tmp_path / "data"
    assert index(data, "--workers", "1", *english)["indexed"] == 5
    # 10kGNAD joins title and body in one field: each story goes in as a JSONL record.
    stories = {**{f"bank {n}": text for n, text in enumerate(gnad_rows("Deutsche Bank"))},
               "football": gnad_rows("Schachtjor Karagandy")[0]}
    german = tmp_path / "german.jsonl"
    german.write_text("".join(json.dumps({"title": f"10kGNAD {title}", "text": text}) + "\n"
                              for title, text in stories.items()), encoding="utf-8")
    # Two workers: the table reaches worker processes through its file.
    assert index(data, "--workers", "2", str(german))["indexed"] == len(stories)
    hits = {hit["title"]: hit for hit in search(data, "", "--facet", "language=de", "--size", "20")["hits"]}
    assert set(hits) == {f"10kGNAD {title}" for title in stories}
    for title, hit in hits.items():
        assert ("Deutsche Bank" in hit["entities"]["organization"]) == ("bank" in title), title
