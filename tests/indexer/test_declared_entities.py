"""Entities a source declares (Reuters' PLACES and PEOPLE, a JSON Lines record's `entities`) take the
names consolidation gives found ones, so one entity is one facet value whoever named it (issue 13):
`USA` is `United States`, and a surname a source declares is the one full name the batch gives
(`Stoltenberg` -> `Gerhard Stoltenberg`). Real command line, real tantivy index."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsfacet.indexer.consolidate import canonical_given

from tests.corpora import corpus
from tests.indexing import index, search


def test_declared_places_bodies_and_surnames_take_the_canonical_names() -> None:
    given = {"location": ["USA", "UK", "Gulf"], "organization": ["IMF", "OPEC"],
             "person": ["Stoltenberg", "Baker", "Reagan"]}
    found = {"person": ["Gerhard Stoltenberg", "James Baker", "Howard Baker"]}
    assert canonical_given(given, found, "en") == {
        "location": ["United States", "United Kingdom", "Gulf"],
        "organization": ["International Monetary Fund", "OPEC"],
        "person": ["Gerhard Stoltenberg", "Baker", "Reagan"],  # two Bakers: which one is not said
    }


def _facet(result: dict, name: str) -> dict[str, int]:
    return {bucket["value"]: bucket["count"] for bucket in result["facets"][name]["buckets"]}


def test_a_declared_surname_and_place_are_one_value_with_the_full_names(tmp_path: Path) -> None:
    records = [
        {"url": "https://example.com/a", "title": "Bonn sees steady rates",
         "text": "West German Finance Minister Gerhard Stoltenberg said on Monday that rates in the "
                 "United States and Europe would stay steady. He spoke in Bonn after the meeting.",
         "entities": {"person": ["Stoltenberg"], "location": ["USA"]}},
        {"url": "https://example.com/b", "title": "Minister repeats view",
         "text": "The finance minister repeated on Tuesday that rates would stay where they are for now, "
                 "and that the currency markets had calmed since the weekend meeting of officials.",
         "entities": {"person": ["Stoltenberg"], "location": ["USA"]}},
    ]
    source = tmp_path / "wire.jsonl"
    source.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    data_dir = tmp_path / "data"
    assert index(data_dir, "--workers", "1", str(source))["indexed"] == 2
    result = search(data_dir, "")
    people, places = _facet(result, "person"), _facet(result, "location")
    assert people.get("Gerhard Stoltenberg") == 2 and "Stoltenberg" not in people
    assert places.get("United States") == 2 and "USA" not in places


@pytest.mark.corpus
def test_real_reuters_stories_file_the_usa_under_united_states(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    sgml = corpus("reuters21578") / "reuters21578" / "reut2-021.sgm"
    summary = index(data_dir, "--workers", "1", str(sgml))
    assert summary["indexed"] > 500
    places = _facet(search(data_dir, ""), "location")
    assert places.get("United States", 0) > 300 and "USA" not in places
