"""Embedded-index behaviour that only tantivy has: on-disk layout, single writer, reader refresh."""
from __future__ import annotations

import subprocess
import sys

import pytest
from newsfacet.engine.backends.base import WriterBusyError
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.search import SearchRequest

from tests.articles import sample_articles


def test_second_writer_gets_a_clear_error(tmp_path):
    first = TantivyBackend(tmp_path)
    first.write(sample_articles(3))
    # A second process, as a second `newsfacet index` would be.
    script = (
        "import sys\n"
        "from newsfacet.engine.backends.tantivy_backend import TantivyBackend\n"
        "from newsfacet.engine.backends.base import WriterBusyError\n"
        "from tests.articles import sample_articles\n"
        f"backend = TantivyBackend({str(tmp_path)!r})\n"
        "try:\n    backend.write(sample_articles(1))\nexcept WriterBusyError as error:\n"
        "    print(error); sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert "another process is writing" in done.stdout
    first.close()
    second = TantivyBackend(tmp_path)
    assert all(r.ok for r in second.write(sample_articles(1)))  # the lock is gone once closed
    second.close()


def test_same_process_second_writer_is_refused(tmp_path):
    first = TantivyBackend(tmp_path)
    first.write(sample_articles(2))
    with pytest.raises(WriterBusyError):
        TantivyBackend(tmp_path).write(sample_articles(1))
    first.close()


def test_reader_sees_commits_of_another_writer(tmp_path):
    writer, reader = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    articles = sample_articles(10)
    writer.write(articles[:4])
    assert reader.search(SearchRequest()).total == 4
    writer.write(articles[4:])
    assert reader.search(SearchRequest()).total == 10
    writer.close()


def test_reader_sees_every_quick_commit_and_delete(tmp_path):
    """The reader reloads only when meta.json changed: commits a moment apart, and deletes, still show."""
    writer, reader = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    articles = sample_articles(12)
    for number, article in enumerate(articles, start=1):
        writer.write([article])
        assert reader.search(SearchRequest()).total == number
        assert reader.search(SearchRequest()).total == number  # unchanged: no reload needed, same answer
    writer.delete([articles[0].id, articles[5].id])
    assert reader.search(SearchRequest()).total == 10
    writer.close()


def test_alias_switch_is_picked_up_by_readers(tmp_path):
    backend = TantivyBackend(tmp_path)
    backend.write(sample_articles(5))
    backend.close()
    store = backend.store
    fresh = backend.create_physical(store.next_version())
    fresh.write(sample_articles(8))
    fresh.close()
    reader = TantivyBackend(tmp_path)
    assert reader.count() == 5
    store.point_alias("articles-v2", ["articles-v1"])
    assert reader.count() == 8
    assert store.versions() == ["articles-v1", "articles-v2"]


def test_empty_data_dir_searches_empty(tmp_path):
    backend = TantivyBackend(tmp_path / "nothing-here")
    result = backend.search(SearchRequest(query="port"))
    assert result.total == 0 and result.hits == []
    assert backend.count() == 0 and backend.get("x") is None and list(backend.scan()) == []


def test_stored_article_round_trips(tmp_path):
    backend = TantivyBackend(tmp_path)
    article = sample_articles(1)[0]
    backend.write([article])
    stored = backend.get(article.id)
    assert stored.to_dict() | {"indexed_at": None} == article.to_dict() | {"indexed_at": None}
    assert stored.indexed_at is not None
