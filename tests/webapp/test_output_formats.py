"""Arbitrary Unicode in every field of an article, and in the query, through every output format:
each response is parsed with a real parser (XML, JSON, CSV, HTML) and the article's title survives.

Characters XML 1.0 forbids (NUL, C0 controls, U+FFFE/U+FFFF) and lone surrogates (which JSON input
can carry) are drawn on purpose, besides whatever Hypothesis picks from all of Unicode.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import UTC, datetime
from urllib.parse import quote
from xml.etree import ElementTree

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.model import Article
from newsfacet.webapp.atom import xml_text

ATOM = "{http://www.w3.org/2005/Atom}"
FORBIDDEN = ("\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\ud800", "\udfff", "\ufffe", "\uffff", "\u2028")
CHARACTERS = st.one_of(st.characters(), st.sampled_from(FORBIDDEN))
HOSTILE = st.text(CHARACTERS, min_size=1, max_size=24)
MARKERS = (f"zqmark{number}" for number in itertools.count())
EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from newsfacet.webapp import create_app

    data_dir = tmp_path_factory.mktemp("formats")
    writer = TantivyBackend(data_dir)
    app = create_app({"data_dir": str(data_dir), "secret_key": "formats", "TESTING": True})
    yield writer, app.test_client()
    app.extensions["newsfacet"].close()
    writer.close()


def same_text(got: str | None, expected: str) -> bool:
    """Equal after XML end-of-line handling (a parser reads CR and CRLF as LF)."""
    def lines(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return lines(got or "") == lines(expected)


def index_one(writer: TantivyBackend, title: str, outlet: str, author: str, body: str) -> tuple[str, Article]:
    marker = next(MARKERS)
    article = Article(title=title, body=f"{marker} {body}", url=f"https://news.example/{marker}", outlet=outlet,
                      authors=[author], published=datetime(2024, 5, 1, 12, tzinfo=UTC), language="en",
                      entities={"person": [author], "organization": [outlet], "location": [title]})
    assert all(result.ok for result in writer.write([article]))
    return marker, article


@EXAMPLES
@given(title=HOSTILE, outlet=HOSTILE, author=HOSTILE, body=HOSTILE)
def test_every_format_parses_and_keeps_the_title(site, title, outlet, author, body) -> None:
    writer, client = site
    marker, article = index_one(writer, title, outlet, author, body)

    data = client.get(f"/search.json?q={marker}").get_json()
    assert [hit["id"] for hit in data["hits"]] == [article.id]
    assert data["hits"][0]["title"] == article.title

    feed = ElementTree.fromstring(client.get(f"/search.atom?q={marker}").data)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert same_text(entry.find(f"{ATOM}title").text, xml_text(article.title) or "(untitled)")

    csv_text = client.get(f"/search.csv?q={marker}").get_data(as_text=True)
    header, row = list(csv.reader(io.StringIO(csv_text, newline="")))
    title_cell = row[header.index("title")]
    assert title_cell in (article.title, "'" + article.title)

    lines = [line for line in client.get(f"/search.jsonl?q={marker}").get_data(as_text=True).split("\n") if line]
    assert [json.loads(line)["title"] for line in lines] == [article.title]

    for path in (f"/search?q={marker}", f"/article/{article.id}"):
        response = client.get(path)
        assert response.status_code == 200, path
        tree = lxml.html.document_fromstring(response.get_data(as_text=True))
        assert marker in tree.text_content() or path.startswith("/article/")


@EXAMPLES
@given(query=HOSTILE)
def test_any_query_gives_a_parseable_feed_or_a_clean_refusal(site, query) -> None:
    _, client = site
    # Raw bytes as a client may send them: lone surrogates become invalid UTF-8 on the wire.
    raw = quote(query.encode("utf-8", "surrogatepass"), safe="")
    for path in ("/search.atom", "/search.json", "/search"):
        response = client.get(f"{path}?q={raw}")
        assert response.status_code in (200, 302, 400), (path, response.status_code)
        if path == "/search.atom" and response.status_code == 200:
            feed = ElementTree.fromstring(response.data)
            assert feed.tag == f"{ATOM}feed"
            assert feed.find(f"{ATOM}title").text.startswith("newsfacet:")
        if path == "/search.json":
            assert response.is_json and (response.status_code == 200 or response.get_json()["error"])


def test_forbidden_characters_leave_the_feed_and_nothing_else() -> None:
    assert xml_text("a\x00b\x0bc\ud800d\ufffee\uffff") == "abcde"
    assert xml_text("tab\tline\nreturn\r é 東 \U0001f600") == "tab\tline\nreturn\r é 東 \U0001f600"
