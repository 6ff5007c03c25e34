"""The BBC News corpus (2225 .txt articles) through the real CLI into a real tantivy index, and
with --topic-from-folder into the real Elasticsearch node too.

Expected numbers are computed here, independently of the indexer: duplicates by hashing the
case- and white-space-folded file text, search totals by counting files that contain a word,
topic counts by counting files per category folder. Entity extraction is off (--no-entities):
nothing here checks entities, and it is most of the run's time.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend

from tests.corpora import corpus
from tests.es_support import elasticsearch_backend, es_url
from tests.indexing import index, report_lines, run_cli, search
from tests.indexing import stats as index_stats

pytestmark = pytest.mark.corpus

# Pairs that differ only in white space or case (documented in the task; checked below).
NEAR_PAIRS = [("sport/181.txt", "sport/182.txt"), ("sport/332.txt", "sport/344.txt"),
              ("sport/432.txt", "sport/438.txt")]
# Words with one surface form in the corpus (no plural or other suffix), so stemming in the index
# cannot make the search count differ from a whole-word count.
WORDS = ["Yukos", "Arsenal", "Chelsea", "Microsoft", "Google", "Kilroy", "Nintendo", "Mourinho"]
TOPICS = {"business", "entertainment", "politics", "sport", "tech"}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


@pytest.fixture(scope="module")
def bbc() -> Path:
    return corpus("bbc-news") / "bbc"


@pytest.fixture(scope="module")
def files(bbc: Path) -> dict[str, str]:
    """Category/name -> text of every article file."""
    return {str(p.relative_to(bbc)): _text(p) for p in sorted(bbc.glob("*/*.txt"))}


@pytest.fixture(scope="module")
def distinct(files: dict[str, str]) -> dict[str, str]:
    """Folded text -> first file with it (in sorted order): the articles that should be indexed."""
    first: dict[str, str] = {}
    for name, text in files.items():
        first.setdefault(hashlib.sha1(_folded(text).encode()).hexdigest(), name)
    return first


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, bbc: Path) -> tuple[Path, dict, dict]:
    data = tmp_path_factory.mktemp("bbc") / "data"
    first = index(data, "--workers", "2", "--no-entities", "--topic-from-folder", str(bbc))
    second = index(data, "--workers", "2", "--no-entities", str(bbc))
    return data, first, second


@pytest.fixture(scope="module")
def indexed_in_elasticsearch(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                             bbc: Path) -> tuple[Path, list[str], dict]:
    """(data dir, global CLI options naming a fresh Elasticsearch index, the run's summary).

    The index is deleted when the module ends."""
    backend = elasticsearch_backend(request, "bbc")  # a fresh logical index, deleted after the module
    options = ["--backend", "elasticsearch", "--es-url", es_url(), "--index", backend.index]
    backend.close()
    data = tmp_path_factory.mktemp("bbc-es") / "data"
    code, out, err = run_cli(data, *options, "index", "--json", "--no-progress", "--workers", "2",
                             "--no-entities", "--topic-from-folder", str(bbc))
    assert code == 0, err
    return data, options, json.loads(out)


def _topic_counts(result: dict) -> dict[str, int]:
    return {b["value"]: b["count"] for b in result["facets"]["topic"]["buckets"]}


def _expected_topics(files: dict[str, str], summary: dict) -> Counter:
    """Files per category folder minus the duplicates the run reported in that folder."""
    duplicates = [Path(line["source"]).parent.name for line in report_lines(summary) if line["bucket"] == "duplicate"]
    return Counter(name.split("/")[0] for name in files) - Counter(duplicates)


def test_expected_numbers_are_what_the_corpus_says(bbc: Path, files: dict[str, str],
                                                   distinct: dict[str, str]) -> None:
    byte_hashes = {hashlib.sha1((bbc / name).read_bytes()).hexdigest() for name in files}
    assert len(files) == 2225
    assert len(files) - len(byte_hashes) == 98
    for left, right in NEAR_PAIRS:
        assert files[left] != files[right] and _folded(files[left]) == _folded(files[right])
    assert len(distinct) == len(byte_hashes) - len(NEAR_PAIRS) == 2124


def test_first_run_counts(indexed: tuple[Path, dict, dict], files: dict[str, str],
                          distinct: dict[str, str]) -> None:
    data, first, _ = indexed
    assert first["read"] == len(files) == 2225
    assert first["indexed"] == len(distinct) == 2124
    assert first["duplicate"] == len(files) - len(distinct) == 101
    assert first["skipped"] == first["failed"] == 0
    assert index_stats(data)["documents"] == len(distinct)


def test_second_run_indexes_nothing_new(indexed: tuple[Path, dict, dict], distinct: dict[str, str]) -> None:
    data, _, second = indexed
    assert second["indexed"] == 0 and second["duplicate"] == 2225 and second["failed"] == 0
    assert index_stats(data)["documents"] == len(distinct)


@pytest.mark.parametrize("word", WORDS)
def test_search_totals_match_an_independent_count(indexed: tuple[Path, dict, dict], files: dict[str, str],
                                                  distinct: dict[str, str], word: str) -> None:
    data, _, _ = indexed
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    expected = sum(1 for name in distinct.values() if pattern.search(files[name]))
    assert expected > 10
    assert search(data, word)["total"] == expected


@pytest.mark.parametrize("query", ["", "Chelsea", "Microsoft"])
def test_facet_counts_equal_filtered_totals(indexed: tuple[Path, dict, dict], query: str) -> None:
    data, _, _ = indexed
    result = search(data, query)
    for facet in ("language", "outlet"):
        buckets = result["facets"][facet]["buckets"]
        assert sum(b["count"] for b in buckets) <= result["total"]
        for bucket in buckets:
            assert search(data, query, "--facet", f"{facet}={bucket['value']}")["total"] == bucket["count"]
    languages = {b["value"]: b["count"] for b in result["facets"]["language"]["buckets"]}
    assert languages.get("en", 0) >= 0.99 * result["total"]


def test_topic_facet_counts_are_files_per_folder_minus_duplicates(indexed: tuple[Path, dict, dict],
                                                                   files: dict[str, str],
                                                                   distinct: dict[str, str]) -> None:
    data, first, _ = indexed
    expected = _expected_topics(files, first)
    assert set(expected) == TOPICS and sum(expected.values()) == first["indexed"] == 2124
    # The same numbers from the independent duplicate count: the first file of each distinct text.
    assert expected == Counter(name.split("/")[0] for name in distinct.values())
    assert _topic_counts(search(data)) == expected
    for topic, count in expected.items():
        assert search(data, "", "--facet", f"topic={topic}")["total"] == count


@pytest.mark.elasticsearch
def test_topic_facet_counts_on_elasticsearch(indexed_in_elasticsearch: tuple[Path, list[str], dict],
                                             files: dict[str, str], distinct: dict[str, str]) -> None:
    data, options, summary = indexed_in_elasticsearch
    assert summary["indexed"] == len(distinct) == 2124 and summary["duplicate"] == 101 and summary["failed"] == 0
    expected = _expected_topics(files, summary)
    assert expected == Counter(name.split("/")[0] for name in distinct.values())

    def es_search(*args: str) -> dict:
        code, out, err = run_cli(data, *options, "search", "", "--json", *args)
        assert code == 0, err
        return json.loads(out)

    result = es_search()
    assert result["total"] == 2124
    assert _topic_counts(result) == expected
    for topic, count in expected.items():
        assert es_search("--facet", f"topic={topic}")["total"] == count


def _stories(data: Path) -> dict[str, list[str]]:
    """Story id -> the corpus names (`sport/181.txt`) of its articles, from the index itself."""
    backend = TantivyBackend(data)
    try:
        found: dict[str, list[str]] = {}
        for article in backend.scan():
            found.setdefault(article.story_id, []).append(article.source.rsplit("/", 2)[-2] + "/"
                                                          + article.source.rsplit("/", 1)[-1])
        return found
    finally:
        backend.close()


def _reviewed_versions() -> set[frozenset[str]]:
    lines = (FIXTURES / "bbc_story_versions.txt").read_text(encoding="utf-8").splitlines()
    return {frozenset(line.split()) for line in lines if line.strip() and not line.startswith("#")}


def test_copies_are_folded_into_their_originals_story(indexed: tuple[Path, dict, dict]) -> None:
    """The 98 byte copies and the 3 case/white-space variants are listed on their original's article."""
    data, first, _ = indexed
    copies = [line for line in report_lines(first) if line["bucket"] == "duplicate"]
    assert len(copies) == 101
    backend = TantivyBackend(data)
    try:
        originals = backend.get_many(line["duplicate_of"] for line in copies)
        for line in copies:
            original = originals[line["duplicate_of"]]
            assert line["source"] in original.duplicates and original.story_id
        for left, right in NEAR_PAIRS:
            holder = next(a for a in originals.values() if any(c.endswith(right) for c in a.duplicates))
            assert holder.source.endswith(left)
    finally:
        backend.close()


def test_no_two_different_bbc_stories_share_one(indexed: tuple[Path, dict, dict]) -> None:
    data, _, _ = indexed
    grouped = [frozenset(names) for names in _stories(data).values() if len(names) > 1]
    reviewed = _reviewed_versions()
    assert grouped, "near-duplicate BBC versions should be grouped"
    assert [sorted(group) for group in grouped if group not in reviewed] == []


def test_same_text_under_another_headline_is_one_story(indexed: tuple[Path, dict, dict], files: dict[str, str],
                                                       distinct: dict[str, str]) -> None:
    """Computed here from the files: distinct files whose texts after the headline fold equal."""
    data, _, _ = indexed
    by_body: dict[str, list[str]] = {}
    for name in distinct.values():
        by_body.setdefault(_folded(files[name].partition("\n")[2]), []).append(name)
    retitled = [names for names in by_body.values() if len(names) > 1]
    assert len(retitled) >= 10
    story_of = {name: story for story, names in _stories(data).items() for name in names}
    for names in retitled:
        assert len({story_of[name] for name in names}) == 1, names
