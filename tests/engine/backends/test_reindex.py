"""Reindex without downtime, verification, --keep and rollback, on every backend.

Searches run in a thread on a second backend object (another reader of the same logical index, as
a web worker would be) while the reindex builds and switches versions; every one must succeed with
the full count.
"""
from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.reindex import ReindexError, reindex, rollback
from newsfacet.engine.search import SearchRequest

from tests.articles import sample_articles
from tests.indexing import REPO

ARTICLES = sample_articles(400)
SAMPLES = REPO / "samples"


@pytest.fixture(params=["tantivy", "elasticsearch"])
def pair(request, tmp_path):
    """(writer backend, second reader backend) on one logical index of the parametrized kind."""
    if request.param == "tantivy":
        first = TantivyBackend(tmp_path / "data", "articles")
        second = TantivyBackend(tmp_path / "data", "articles")
    else:
        from tests.es_support import elasticsearch_backend, es_url, open_backend

        first = elasticsearch_backend(request, "reindex")
        second = open_backend(es_url(), first.index)
    yield first, second
    second.close()
    first.close()


class SearchLoop(threading.Thread):
    """Searches until stopped; remembers every total and every error."""

    def __init__(self, backend) -> None:
        super().__init__(daemon=True)
        self.backend = backend
        self.stop = threading.Event()
        self.totals: list[int] = []
        self.errors: list[BaseException] = []

    def run(self) -> None:
        request = SearchRequest(query="report", facets=("outlet",), page_size=5)
        while not self.stop.is_set():
            try:
                self.totals.append(self.backend.search(request).total)
            except BaseException as error:  # noqa: BLE001 - any failure is what the test looks for
                self.errors.append(error)


def test_searches_during_reindex_never_fail_and_see_everything(pair):
    writer, reader = pair
    assert all(r.ok for r in writer.write(ARTICLES))
    first = writer.current_physical()
    loop = SearchLoop(reader)
    loop.start()
    try:
        outcome = reindex(writer, keep=1, batch_size=40)
        again = reindex(writer, keep=1, batch_size=40)
    finally:
        loop.stop.set()
        loop.join(timeout=60)
    assert not loop.errors, loop.errors[:3]
    assert len(loop.totals) >= 5 and set(loop.totals) == {len(ARTICLES)}
    assert outcome.previous == first and outcome.documents == len(ARTICLES)
    assert again.previous == outcome.current and again.dropped == [first]
    assert writer.physical_indexes() == [outcome.current, again.current]
    assert reader.search(SearchRequest(query="lighthouse")).total == 1


def test_rollback_switches_back_and_stops_when_nothing_is_kept(pair):
    writer, reader = pair
    writer.write(ARTICLES[:50])
    first = writer.current_physical()
    outcome = reindex(writer, keep=1)
    assert writer.history() == [first]
    left, now = rollback(writer)
    assert (left, now) == (outcome.current, first)
    assert reader.current_physical() == first and reader.count() == 50
    assert reader.search(SearchRequest(query="harbour")).total > 0
    with pytest.raises(ReindexError, match="nothing to roll back"):
        rollback(writer)


def test_failed_verification_leaves_the_alias_alone(pair):
    writer, _ = pair
    writer.write(ARTICLES[:20])
    before = writer.current_physical()

    def short_fill(target) -> int:
        target.write(ARTICLES[:5])
        return 6  # claims more than it wrote

    with pytest.raises(ReindexError, match="the alias was not switched"):
        reindex(writer, fill=short_fill)
    assert writer.current_physical() == before and writer.count() == 20
    assert writer.physical_indexes() == [before]


def test_keep_zero_deletes_the_previous_version(pair):
    writer, _ = pair
    writer.write(ARTICLES[:10])
    outcome = reindex(writer, keep=0)
    assert writer.physical_indexes() == [outcome.current] and writer.history() == []


def test_cli_reindex_from_sources_and_rollback(tmp_path):
    from newsfacet.cli import main

    runner = CliRunner()
    base = ["--data-dir", str(tmp_path / "data"), "--backend", "tantivy"]
    indexed = runner.invoke(main, [*base, "index", str(SAMPLES), "--workers", "1", "--no-entities", "--no-progress"])
    assert indexed.exit_code == 0, indexed.output
    result = runner.invoke(main, [*base, "reindex", "--from-sources", str(SAMPLES), "--workers", "1",
                                  "--no-entities", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "switched articles-v1 -> articles-v2" in result.output
    backend = TantivyBackend(tmp_path / "data")
    count = backend.count()
    copied = runner.invoke(main, [*base, "reindex", "--no-progress"])
    assert copied.exit_code == 0 and "articles-v3" in copied.output and backend.count() == count
    back = runner.invoke(main, [*base, "reindex", "--rollback"])
    assert back.exit_code == 0 and "articles-v3 -> articles-v2" in back.output
    assert backend.current_physical() == "articles-v2" and backend.count() == count
    bad = runner.invoke(main, [*base, "reindex", str(SAMPLES)])
    assert bad.exit_code == 2 and "--from-sources" in bad.output


def test_reindex_refuses_when_the_alias_is_gone_and_keeps_every_version(pair):
    """Without the alias, a reindex would start from nothing and prune the versions it cannot see."""
    from newsfacet.engine.backends.base import IndexDamagedError

    writer, reader = pair
    writer.write(ARTICLES[:30])
    reindex(writer, keep=1)
    versions = writer.physical_indexes()
    current = writer.current_physical()
    if isinstance(writer, TantivyBackend):
        writer.store.alias_path.unlink()
    else:
        for alias in (writer.index, f"{writer.index}-write"):
            writer.client.indices.delete_alias(index=current, name=alias)
    for attempt in (lambda: reindex(reader, keep=0), lambda: rollback(reader), lambda: reader.count()):
        with pytest.raises(IndexDamagedError, match="newsfacet check --repair"):
            attempt()
    assert reader.physical_indexes() == versions
    assert "now points to" in reader.repair_alias()
    assert reader.current_physical() == current and reader.count() == 30
    assert reader.history() == [v for v in reversed(versions) if v != current]


def test_reindex_copies_stored_story_keys_and_makes_missing_ones(pair):
    """Keys written with an article come back from the stored document and are copied as they are
    (a marker key that no text hashes to proves they were not made again); an article stored
    without keys, as in an index from before they were stored, gets them made from its text."""
    from newsfacet.engine.stories import StoryLookup, keys_of

    backend, _ = pair
    articles = sample_articles(6)
    marked, bare = articles[0], articles[1]
    marked.story_keys = ["marker01", *keys_of(marked)[1:]]
    for article in articles[2:]:
        article.story_keys = keys_of(article)
    assert all(result.ok for result in backend.write(articles))
    assert backend.get(marked.id).story_keys == marked.story_keys and backend.get(bare.id).story_keys == []
    reindex(backend, keep=0)
    assert backend.get(marked.id).story_keys == marked.story_keys
    assert backend.get(bare.id).story_keys == keys_of(bare)
    found = backend.story_candidates([StoryLookup(("marker01",), "no such fingerprint")], 5)
    assert [article.id for article in found[0]] == [marked.id]


def _every_kind_of_stored_article() -> list:
    """Real BBC stories with each shape a stored article can take: a page zone east and west of UTC,
    no zone, a day without a time, undated; a URL with tracking parameters, CJK text, folded copies."""
    from datetime import UTC, datetime, timedelta, timezone

    from newsfacet.engine.model import Article
    from newsfacet.engine.stories import keys_of

    from tests.articles import bbc_politics_article, bbc_politics_stories

    shapes = [
        {"published": datetime(2024, 3, 9, 23, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))},
        {"published": datetime(2024, 3, 9, 1, 15, tzinfo=timezone(timedelta(hours=-7)))},
        {"published": datetime(2024, 3, 9, 12, 0)},  # no zone given
        {"published": datetime(2024, 3, 9, tzinfo=UTC), "published_precision": "day"},
        {"published": None, "duplicates": ["feed-a", "feed-b"]},
    ]
    articles = []
    for number, story in enumerate(bbc_politics_stories(len(shapes) * 2)):
        article = bbc_politics_article(story, person=["Tony Blair"], organization=["Labour"], location=["London"])
        article.url = f"HTTP://BBC.Example/politics/{number}?utm_source=feed&page=2"
        for name, value in shapes[number % len(shapes)].items():
            setattr(article, name, value)
        articles.append(Article(**{name: getattr(article, name) for name in Article.__dataclass_fields__}))
    articles.append(Article(title="부산의 항만 파업", body="3월부터 부산항의 컨테이너가 멈췄다. 港湾ストライキ。",
                            language="ko", outlet="Harbour Gazette", authors=["Kim Ji-woo"], topics=["Business"],
                            published=datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=9)))))
    for article in articles:
        article.story_keys = keys_of(article)
    return articles


def test_reindex_copies_every_article_field_by_field(pair):
    """The copy reads stored articles without normalising them again (Article.from_stored): each one
    comes back from the new version equal, field by field, to the one read from the old version and
    to the one written (which gets its `indexed_at` when written)."""
    from dataclasses import fields

    backend, _ = pair
    written = _every_kind_of_stored_article()
    assert all(result.ok for result in backend.write(written))
    before = {article.id: backend.get(article.id) for article in written}
    reindex(backend, keep=0, curate_entities=False)
    assert backend.count() == len(written)
    for original in written:
        old, new = before[original.id], backend.get(original.id)
        for field in fields(original):
            name = field.name
            assert getattr(new, name) == getattr(old, name) == getattr(original, name), (original.id, name)
        assert new.to_dict() == old.to_dict() == original.to_dict()  # and the same offsets in the datetimes
        assert new.published_local == original.published_local and new.local_day == original.local_day
