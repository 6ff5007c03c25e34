"""The CSV export: absolute article page URL, snippet as plain text, optional UTF-8 byte-order mark."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.model import Article


@pytest.fixture(scope="module")
def client_and_article(tmp_path_factory):
    from newsfacet.webapp import create_app

    data_dir = tmp_path_factory.mktemp("csv")
    writer = TantivyBackend(data_dir)
    article = Article(title="Нефть и 석유", body="zqcsv oil & gas <b>prices</b> rose", url="https://news.example/1",
                      outlet="BBC", authors=["Ann Lee"], published=datetime(2024, 5, 1, 12, tzinfo=UTC),
                      language="en", entities={})
    assert all(result.ok for result in writer.write([article]))
    app = create_app({"data_dir": str(data_dir), "secret_key": "csv", "TESTING": True})
    yield app.test_client(), article
    app.extensions["newsfacet"].close()
    writer.close()


def rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def test_csv_has_absolute_page_url_and_plain_snippet(client_and_article) -> None:
    client, article = client_and_article
    response = client.get("/search.csv?q=zqcsv")
    assert not response.data.startswith(b"\xef\xbb\xbf")
    header, row = rows(response.data)
    assert row[header.index("page_url")] == f"http://localhost/article/{article.id}"
    snippet = row[header.index("snippet")]
    assert "zqcsv" in snippet and "oil & gas" in snippet
    assert "<mark>" not in snippet and "&amp;" not in snippet


def test_bom_option_starts_with_utf8_bom_and_keeps_cyrillic_hangul(client_and_article) -> None:
    client, _ = client_and_article
    response = client.get("/search.csv?q=zqcsv&bom=1")
    assert response.data.startswith(b"\xef\xbb\xbf")
    header, row = rows(response.data[3:])
    assert row[header.index("title")] == "Нефть и 석유"


def test_bad_bom_value_is_a_clear_400(client_and_article) -> None:
    client, _ = client_and_article
    response = client.get("/search.csv?q=zqcsv&bom=<x>")
    assert response.status_code == 400
    assert b"bom" in response.data and b"Traceback" not in response.data


def test_export_twins_sit_beside_the_result_count(client_and_article) -> None:
    import lxml.html

    client, _ = client_and_article
    page = lxml.html.fromstring(client.get("/search?q=zqcsv").data)
    links = page.xpath("//div[@class='summary']//span[@class='summary-twins']/a")
    assert [link.text for link in links] == ["JSON", "Atom", "CSV"]
    csv_href = links[2].get("href")
    assert csv_href.startswith("/search.csv?") and "q=zqcsv" in csv_href
    assert client.get(csv_href).status_code == 200


def test_collapsed_csv_has_story_url(client_and_article) -> None:
    client, article = client_and_article
    header, row = rows(client.get("/search.csv?q=zqcsv&collapse=1").data)
    assert row[header.index("story_url")] == f"http://localhost/story/{article.story_id or article.id}"
    header, _ = rows(client.get("/search.csv?q=zqcsv&collapse=0").data)
    assert "story_url" not in header
