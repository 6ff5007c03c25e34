"""Story ids at index time, through the real CLI into a real tantivy index and the real Elasticsearch node.

The texts are real BBC stories (read in place); a syndicated version of one is written to a temporary
folder the way outlets make theirs: a new headline, the last paragraph dropped, a boilerplate line.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.stories import StoryLookup, keys_of

from tests.corpora import corpus
from tests.es_support import elasticsearch_backend, es_url
from tests.indexing import index, run_cli

pytestmark = pytest.mark.corpus

ORIGINAL = "business/001.txt"  # "Ad sales boost Time Warner profit"
SAME_TOPIC = "business/002.txt"  # another business story: never the same story
BOILERPLATE = "Sign up for our business newsletter to get stories like this one every morning."


def _bbc(name: str) -> str:
    return (corpus("bbc-news") / "bbc" / name).read_text(encoding="utf-8")


def _version(text: str) -> str:
    """Another outlet's version: new headline, last paragraph dropped, its own line added."""
    _, _, rest = text.partition("\n")
    paragraphs = [p for p in rest.split("\n\n") if p.strip()]
    return "Time Warner profit jumps on advertising\n\n" + "\n\n".join([*paragraphs[:-1], BOILERPLATE]) + "\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=["tantivy", "elasticsearch"])
def cli_options(request: pytest.FixtureRequest) -> list[str]:
    """Global CLI options naming the backend: the embedded default, or a fresh Elasticsearch index."""
    if request.param == "tantivy":
        return []
    backend = elasticsearch_backend(request, "stories")
    options = ["--backend", "elasticsearch", "--es-url", es_url(), "--index", backend.index]
    backend.close()
    return options


def _index(data: Path, options: list[str], *paths: Path) -> dict:
    """`newsfacet [backend options] index --json ...` (global options come before the command)."""
    code, out, err = run_cli(data, *options, "index", "--json", "--no-progress", "--no-entities", *map(str, paths))
    assert code == 0, err
    return json.loads(out)


def _story_ids(data: Path, options: list[str]) -> dict[str, str]:
    """Title -> story id of every article, as `newsfacet search --json` lists them."""
    code, out, err = run_cli(data, *options, "search", "", "--json", "--size", "50")
    assert code == 0, err
    return {hit["title"]: hit["story_id"] for hit in json.loads(out)["hits"]}


def test_a_later_run_joins_the_story_of_an_earlier_one(tmp_path: Path, cli_options: list[str]) -> None:
    data = tmp_path / "data"
    first = _write(tmp_path / "run1", "original.txt", _bbc(ORIGINAL))
    other = _write(tmp_path / "run1", "other.txt", _bbc(SAME_TOPIC))
    assert _index(data, cli_options, first, other)["indexed"] == 2
    version = _write(tmp_path / "run2", "version.txt", _version(_bbc(ORIGINAL)))
    assert _index(data, cli_options, version)["indexed"] == 1
    stories = _story_ids(data, cli_options)
    original_title = _bbc(ORIGINAL).partition("\n")[0].strip()
    other_title = _bbc(SAME_TOPIC).partition("\n")[0].strip()
    assert stories["Time Warner profit jumps on advertising"] == stories[original_title]
    assert stories[other_title] != stories[original_title]
    summary = _stats(data, cli_options)
    assert summary["documents"] == 3 and summary["stories"]["count"] == 2
    assert summary["stories"]["largest"] == [{"story_id": stories[original_title], "articles": 2,
                                              "title": original_title}]


def _stats(data: Path, options: list[str]) -> dict:
    code, out, err = run_cli(data, *options, "stats", "--json")
    assert code == 0, err
    return json.loads(out)


def _original_and_version(folder: Path) -> Path:
    _write(folder, "a-original.txt", _bbc(ORIGINAL))
    _write(folder, "b-version.txt", _version(_bbc(ORIGINAL)))
    return folder


def test_versions_in_one_batch_share_a_story_and_reindex_keeps_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = _original_and_version(tmp_path / "in")
    _write(folder, "c-other.txt", _bbc(SAME_TOPIC))
    assert index(data, "--no-entities", "--workers", "1", str(folder))["indexed"] == 3
    before = _story_ids(data, [])
    assert len(set(before.values())) == 2
    code, _, err = run_cli(data, "reindex")
    assert code == 0, err
    assert _story_ids(data, []) == before
    backend = TantivyBackend(data)
    try:  # the new index version answers story-key lookups, so later runs still join these stories
        for article in backend.scan():
            keys_only = StoryLookup(tuple(keys_of(article)), "no such fingerprint")
            [found] = backend.story_candidates([keys_only], 5)
            assert article.id in {candidate.id for candidate in found}
    finally:
        backend.close()


def test_stats_text_names_the_stories(tmp_path: Path) -> None:
    data = tmp_path / "data"
    index(data, "--no-entities", str(_original_and_version(tmp_path / "in")))
    code, out, err = run_cli(data, "stats")
    assert code == 0, err
    assert "1 stories" in out and "2 articles: Ad sales boost Time Warner profit" in out


def test_an_original_with_a_folded_copy_still_gathers_later_versions(tmp_path: Path, cli_options: list[str]) -> None:
    """Folding an exact copy rewrites its original (to list the copy): the original keeps its story
    keys, so a version indexed in a later run still finds and joins its story."""
    data = tmp_path / "data"
    original = _write(tmp_path / "run1", "original.txt", _bbc(ORIGINAL))
    copy = _write(tmp_path / "run2", "copy.txt", _bbc(ORIGINAL).upper())  # the same text, case folded
    assert _index(data, cli_options, original)["indexed"] == 1
    copied = _index(data, cli_options, copy)
    assert copied["indexed"] == 0 and copied["duplicate"] == 1
    version = _write(tmp_path / "run3", "version.txt", _version(_bbc(ORIGINAL)))
    assert _index(data, cli_options, version)["indexed"] == 1
    stories = _story_ids(data, cli_options)
    assert len(stories) == 2 and len(set(stories.values())) == 1
