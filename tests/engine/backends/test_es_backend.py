"""Elasticsearch-specific behaviour on a real node: lifecycle, fallback, errors, cursors, saved searches.

One fault cannot be caused with a real Elasticsearch 8 node: a server of another major version. For
that test a tiny HTTP server (a fake, and named so) answers `_cluster/health` and `_cat/nodes` as a
9.x cluster would.
"""
from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.model import Article
from newsfacet.engine.search import RequestError, SearchRequest, decode_cursor

from tests.articles import sample_articles

pytestmark = pytest.mark.elasticsearch
pytest.importorskip("elasticsearch")

from newsfacet.engine.backends.es_backend import ElasticsearchBackend  # noqa: E402

from tests.es_support import open_backend  # noqa: E402


@pytest.fixture
def es(request):
    from tests.es_support import elasticsearch_backend

    backend = elasticsearch_backend(request, "specific")
    yield backend
    backend.close()


def test_first_write_creates_version_one_behind_both_aliases(es):
    assert es.count() == 0 and es.search(SearchRequest(query="x")).total == 0  # nothing yet: empty, no error
    es.write(sample_articles(10))
    assert es.current_physical() == f"{es.index}-v1" == es.physical_indexes()[0]
    aliases = es.client.indices.get_alias(index=f"{es.index}-v1")[f"{es.index}-v1"]["aliases"]
    assert set(aliases) == {es.index, f"{es.index}-write"}
    mapping = es.client.indices.get_mapping(index=es.index)[f"{es.index}-v1"]["mappings"]
    assert mapping["dynamic"] == "strict"
    stats = es.stats()
    assert stats["documents"] == 10 and stats["physical"] == f"{es.index}-v1" and stats["version"].startswith("8.")
    assert stats["size_bytes"] > 0 and stats["facets"]["outlet"]


def test_missing_analyzers_fall_back_with_a_warning_and_no_stemming_capability(es, caplog):
    with caplog.at_level(logging.WARNING, logger="newsfacet.es"):
        es.write(sample_articles(3))
    fallback = es.client.indices.get_mapping(index=es.index)[es.current_physical()]["mappings"]["_meta"]
    missing = fallback["newsfacet"]["analysis_fallback"]
    if not missing:
        assert "stemming" in es.capabilities  # a full distribution: nothing to fall back from
        return
    assert "stemming" not in es.capabilities
    assert any("newsfacet_stem_en" in record.getMessage() for record in caplog.records)


def test_document_the_mapping_refuses_is_a_per_document_failure(es):
    good, bad = sample_articles(2)
    bad.word_count = 2 ** 40  # beyond an integer field: Elasticsearch refuses this one document
    results = es.write([good, bad])
    assert results[0].ok and not results[1].ok
    assert "Elasticsearch refused the document" in results[1].error
    assert es.count() == 1


def test_expired_cursor_is_a_request_error(es):
    es.write(sample_articles(30))
    first = es.search(SearchRequest(page_size=5, sort="newest", facets=()))
    position = decode_cursor(SearchRequest(page_size=5, sort="newest", facets=(), cursor=first.next_cursor))
    es.client.close_point_in_time(id=position["pit"])
    with pytest.raises(RequestError, match="expired"):
        es.search(SearchRequest(page_size=5, sort="newest", facets=(), cursor=first.next_cursor))


def test_saved_searches_live_in_their_own_index(es):
    store = es.saved_searches()
    assert store.get("none") is None and store.all() == []
    store.save("ports", "Port news", "q=port&outlet=Harbour+Gazette")
    store.save("storms", "Storms", "q=storm")
    again = open_backend(es.where, es.index).saved_searches()
    assert again.get("ports").query_string == "q=port&outlet=Harbour+Gazette"
    assert [saved.slug for saved in again.all()] == ["storms", "ports"]


def test_health_and_undated_articles(es):
    es.write([Article(title="No date here", body="harbour", url="https://x.example/1",
                      indexed_at=datetime(2024, 1, 1, tzinfo=UTC))])
    health = es.health()
    assert health["ok"] and health["documents"] == 1
    assert es.get(es.search(SearchRequest(query="harbour")).hits[0].id).published is None


def test_unreachable_cluster_is_one_readable_line():
    backend = ElasticsearchBackend.from_settings({"es_url": "http://127.0.0.1:9", "es_timeout": 2.0})
    with pytest.raises(BackendError, match=r"cannot reach Elasticsearch at http://127.0.0.1:9: .*refused"):
        backend.count()
    assert backend.health()["ok"] is False


def test_error_messages_never_show_the_password_in_the_url():
    backend = ElasticsearchBackend.from_settings({"es_url": "http://elastic:s3cret@127.0.0.1:9, https://[::1]:9",
                                                  "es_timeout": 2.0})
    with pytest.raises(BackendError) as raised:
        backend.count()
    assert "s3cret" not in str(raised.value) and "elastic:" not in str(raised.value)
    assert "http://127.0.0.1:9,https://[::1]:9" in str(raised.value)
    assert "s3cret" not in json.dumps(backend.health())


class _NineHandler(BaseHTTPRequestHandler):
    """Fake server (the fault cannot be caused with a real 8.x node): answers like a 9.x cluster."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = [{"version": "9.1.0"}] if self.path.startswith("/_cat/nodes") else {"status": "green"}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def test_other_major_version_is_refused_by_name():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NineHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backend = ElasticsearchBackend.from_settings({"es_url": f"http://127.0.0.1:{server.server_port}"})
        with pytest.raises(BackendError, match=r"version 9\.1\.0; newsfacet supports 8\.x"):
            backend.count()
    finally:
        server.shutdown()


def test_check_passes_a_healthy_index_and_reports_a_deleted_alias(es, tmp_path):
    """`newsfacet check` (real CLI process) on the real node; then the read alias is deleted."""
    from newsfacet.engine.backends.base import IndexDamagedError

    from tests.indexing import run_subprocess

    es.write(sample_articles(25))

    def check(*args):
        done = run_subprocess(tmp_path, "--backend", "elasticsearch", "--es-url", es.where, "--index", es.index,
                              "check", "--json", *args, timeout=300)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, json.loads(done.stdout)

    code, report = check()
    assert code == 0 and report["ok"], report
    verdicts = {c["check"]: c for c in report["checks"]}
    assert set(verdicts) == {"cluster", "alias", "index health", "documents"}
    assert "25 articles scanned" in verdicts["documents"]["reason"]
    physical = es.current_physical()
    es.client.indices.delete_alias(index=physical, name=es.index)  # the physical index stays
    code, report = check()
    verdicts = {c["check"]: c for c in report["checks"]}
    assert code == 1 and verdicts["alias"]["status"] == "FAILED", report
    assert physical in verdicts["alias"]["reason"] and "newsfacet check --repair" in verdicts["alias"]["reason"]
    assert es.health()["ok"] is False
    fresh = open_backend(es.where, es.index)  # as the next `newsfacet index` would be
    with pytest.raises(IndexDamagedError, match="no alias"):
        fresh.write(sample_articles(1))  # used to create -v2 beside the orphaned data
    with pytest.raises(IndexDamagedError):
        fresh.search(SearchRequest())  # never silently empty
    fresh.close()
    assert es.physical_indexes() == [physical]
    code, report = check("--repair")
    assert code == 0 and report["ok"] and physical in report["repaired"], report
    assert es.count() == 25


def test_check_reports_stored_documents_that_are_not_complete_articles(es):
    es.write(sample_articles(5))
    physical = es.current_physical()
    # Written past newsfacet, as another tool or a bad migration could: no body, and an id that is not its _id.
    es.client.index(index=physical, id="stray-1", document={"id": "stray-1", "title": "Half an article"},
                    refresh=True)
    es.client.index(index=physical, id="stray-2", document={**sample_articles(6)[5].to_dict(), "id": "other"},
                    refresh=True)
    verdicts = {check.name: check for check in es.check()}
    documents = verdicts["documents"]
    assert not documents.ok and "stray-1: the stored article lacks fingerprint, body" in documents.reason, documents
    assert "document stray-2 stores another article's id" in documents.reason
    assert verdicts["alias"].ok and verdicts["index health"].ok and verdicts["cluster"].ok


def test_a_missing_write_alias_is_reported_refused_and_repaired(es):
    from newsfacet.engine.backends.base import IndexDamagedError

    es.write(sample_articles(4))
    physical = es.current_physical()
    es.client.indices.delete_alias(index=physical, name=f"{es.index}-write")
    verdicts = {check.name: check for check in es.check()}
    assert not verdicts["alias"].ok and f"{es.index}-write points to nothing" in verdicts["alias"].reason
    fresh = open_backend(es.where, es.index)
    with pytest.raises(IndexDamagedError, match="newsfacet check --repair"):
        fresh.write(sample_articles(5)[4:])  # would have auto-created a stray index named like the alias
    assert not es.client.indices.exists(index=f"{es.index}-write")
    assert "now points to" in fresh.repair_alias()
    assert all(r.ok for r in fresh.write(sample_articles(5)[4:])) and fresh.count() == 5
    fresh.close()
