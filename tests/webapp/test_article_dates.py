"""The article page and the hit list show the day the outlet printed, and the time in its own zone."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.model import Article

ARTICLES = {
    "seoul": Article(title="Busan typhoon", body="The harbour closed before the typhoon arrived.",
                     url="https://example.kr/busan", language="en",
                     published=datetime(2025, 1, 22, 6, 30, tzinfo=timezone(timedelta(hours=9)))),
    "day": Article(title="Harbour fair", body="The harbour fair opened with music.", url="https://example.org/fair",
                   language="en", published=datetime(2025, 1, 22)),
    "no zone": Article(title="Harbour pilots", body="The harbour pilots met at dawn.", url="https://example.org/pilots",
                       language="en", published=datetime(2025, 1, 22, 9, 5)),
    "utc": Article(title="Harbour dues", body="The harbour raised its dues.", url="https://example.org/dues",
                   language="en", published=datetime(2025, 1, 21, 23, 50, tzinfo=UTC)),
}


@pytest.fixture
def client(tmp_path):
    from newsfacet.webapp import create_app

    backend = TantivyBackend(tmp_path)
    assert all(result.ok for result in backend.write(list(ARTICLES.values())))
    backend.close()
    app = create_app({"data_dir": str(tmp_path), "secret_key": "test-secret", "TESTING": True})
    yield app.test_client()
    app.extensions["newsfacet"].close()


@pytest.mark.parametrize("key,shown,stamp", [
    ("seoul", "2025-01-22 06:30 +09:00", "2025-01-22T06:30:00+09:00"),
    ("day", "2025-01-22<", "2025-01-22T00:00:00+00:00"),
    ("no zone", "2025-01-22 09:05<", "2025-01-22T09:05:00+00:00"),
    ("utc", "2025-01-21 23:50 +00:00", "2025-01-21T23:50:00+00:00"),
])
def test_article_page_shows_the_local_time_and_zone(client, key, shown, stamp):
    page = client.get(f"/article/{ARTICLES[key].id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<time datetime="{stamp}">{shown}' in html
    assert "UTC</time>" not in html


def test_hits_and_histogram_use_the_local_day(client):
    found = client.get("/search.json?q=harbour&from=2025-01-22&to=2025-01-22")
    assert found.status_code == 200
    assert {hit["title"] for hit in found.json["hits"]} == {"Busan typhoon", "Harbour fair", "Harbour pilots"}
    seoul = next(hit for hit in found.json["hits"] if hit["title"] == "Busan typhoon")
    assert seoul["published"] == "2025-01-22T06:30:00+09:00"
    listed = client.get("/search?q=typhoon").get_data(as_text=True)
    assert '<time datetime="2025-01-22T06:30:00+09:00">2025-01-22</time>' in listed
