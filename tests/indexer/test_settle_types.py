"""After an index run every article agrees on each name's type (indexer.settle), on real indexes of both engines."""
from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from newsfacet.engine.entity_choices import EntityChoices, curate
from newsfacet.engine.model import Article
from newsfacet.indexer.settle import settle_types

from tests.indexing import exports_by_batch_size, index, run_cli


def article(number: int, organizations: list[str], locations: list[str]) -> Article:
    return Article(title=f"Harbour report {number}", body=f"The harbour of Marseille, report {number}.",
                   url=f"https://news.example/marseille/{number}", outlet="Harbour Times", language="en",
                   published=datetime(2024, 5, number, tzinfo=UTC),
                   entities={"person": [], "organization": organizations, "location": locations})


def test_names_typed_otherwise_by_an_earlier_batch_follow_the_majority(backend):
    written = [article(1, ["Marseille", "Port Authority"], []), article(2, [], ["Marseille"]),
               article(3, ["Port Authority"], ["Marseille"])]
    assert all(result.ok for result in backend.write(written))
    assert backend.entity_type_counts(["Marseille"]) == {"Marseille": {"organization": 1, "location": 2}}
    assert settle_types(backend, ["Marseille", "Port Authority"]) == 1
    assert backend.entity_type_counts(["Marseille"]) == {"Marseille": {"location": 3}}
    first = backend.get(written[0].id)
    assert first.entities["location"] == ["Marseille"] and first.entities["organization"] == ["Port Authority"]
    assert first.title == written[0].title and first.story_id == written[0].story_id  # the rest is kept
    assert settle_types(backend, ["Marseille"]) == 0  # nothing left to settle


def test_a_later_run_that_outvotes_an_earlier_one_retypes_its_articles(tmp_path: Path):
    """Run 1 writes a name as a body; run 2 writes two articles giving it as a place: the index ends
    with one type for it, as one run with all three articles would have given."""
    data = tmp_path / "data"

    def run(records: list[dict], name: str) -> None:
        path = tmp_path / name
        path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
        summary = index(data, "--no-entities", "--workers", "1", str(path))
        assert summary["indexed"] == len(records)

    def record(number: int, kind: str) -> dict:
        return {"url": f"https://news.example/m/{number}", "title": f"Harbour report {number}",
                "text": f"The harbour of Marseille, report {number}.", "language": "en",
                "entities": {kind: ["Marseille"]}}

    run([record(1, "organization")], "first.jsonl")
    run([record(2, "location"), record(3, "location")], "second.jsonl")
    code, out, err = run_cli(data, "export")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3
    kinds = {kind for r in records for kind, names in r["entities"].items() if "Marseille" in names}
    assert kinds == {"location"}


def test_the_first_batch_does_not_decide_a_name_for_the_run(tmp_path: Path):
    """One article gives `Downing Street` as a body, then three give it as a place. Written one per
    batch, each later batch found the index saying "body" and tied with it, so all four were
    written as a body; the run's settle step counts the types the articles gave, so any batch
    size ends with the place, as one batch of all four does."""
    def record(number: int, kind: str) -> dict:
        return {"url": f"https://news.example/d/{number}", "title": f"Street report {number}",
                "text": f"Downing Street said so in report {number}.", "language": "en",
                "entities": {kind: ["Downing Street"]}}

    records = [record(1, "organization"), *(record(number, "location") for number in (2, 3, 4))]
    kinds_by_batch = {size: sorted(kind for r in exported for kind, names in r["entities"].items()
                                   if "Downing Street" in names)
                      for size, exported in exports_by_batch_size(tmp_path, records).items()}
    assert kinds_by_batch == {"1": ["location"] * 4, "500": ["location"] * 4}


def test_settle_counts_the_types_the_run_overruled(backend):
    """Four articles written as a body after the vote, three of which gave a place: settled with
    what the vote overruled, all four become the place (on both engines)."""
    written = [article(number, ["Downing Street"], []) for number in (1, 2, 3, 4)]
    assert all(result.ok for result in backend.write(written))
    assert settle_types(backend, ["Downing Street"]) == 0  # the index alone has one type for it
    assert settle_types(backend, ["Downing Street"],
                        {"Downing Street": Counter(location=3, organization=-3)}) == 4
    assert backend.entity_type_counts(["Downing Street"]) == {"Downing Street": {"location": 4}}
    # curate notes an article that gave both types and was written under one: +1 each given, -1 written.
    both, overruled = article(5, ["Downing Street"], ["Downing Street"]), {}
    curate([both], EntityChoices(), lambda names: {"Downing Street": {"location": 9}}, False, overruled)
    assert both.entities["location"] == ["Downing Street"] and not both.entities["organization"]
    assert overruled == {"Downing Street": Counter(organization=1, location=0)}
