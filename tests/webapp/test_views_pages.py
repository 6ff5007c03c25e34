"""Entity pages, compare and the histogram's links, over HTTP on both engines (contract tests).

Expected numbers are counted here from the articles written, independently of any engine: the
entity's articles, its outlets, its related names' JLH scores, the compared queries' monthly counts.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from urllib.parse import quote

import pytest
from newsfacet.engine.entity_page import MIN_TOGETHER, jlh
from newsfacet.engine.model import Article
from newsfacet.webapp import create_app

from tests.conftest_web import app_settings, make_articles

PERSON = "Anna Berg"
SLASHED = "AC/DC Ölgesellschaft 東京"  # a slash, non-Latin letters and spaces in one name


def corpus() -> list[Article]:
    articles = make_articles()
    # Two undated articles (one about oil) naming the slashed organization with the same person.
    for title, body in (("Undated harbour notice", "oil and harbour notice without a date"),
                        ("Second notice", "a second notice from the quay, also without a date")):
        articles.append(Article(title=title, body=body, outlet="Harbour Times", language="en",
                                entities={"person": [PERSON], "organization": [SLASHED], "location": []}))
    return articles


@pytest.fixture
def served(backend, tmp_path):
    articles = corpus()
    assert all(result.ok for result in backend.write(articles))
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield articles, app.test_client()
    app.extensions["newsfacet"].close()


def naming(articles: list[Article], kind: str, name: str) -> list[Article]:
    return [a for a in articles if name in a.entities.get(kind, [])]


def test_entity_json_counts_outlets_and_related_by_jlh(served) -> None:
    articles, client = served
    response = client.get(f"/entity/person/{quote(PERSON)}.json")
    assert response.status_code == 200
    data = response.get_json()
    own = naming(articles, "person", PERSON)
    assert data["total"] == len(own) and data["all_articles"] == len(articles)
    assert {o["name"]: o["count"] for o in data["outlets"]} == dict(Counter(a.outlet for a in own if a.outlet))
    assert sum(b["count"] for b in data["histogram"]["buckets"]) == sum(1 for a in own if a.published)
    for kind in ("person", "organization", "location"):
        together = Counter(name for a in own for name in set(a.entities[kind]) - {PERSON})
        everywhere = Counter(name for a in articles for name in a.entities[kind])
        expected = sorted(((jlh(n, len(own), everywhere[name], len(articles)), name)
                           for name, n in together.items() if n >= MIN_TOGETHER), reverse=True)
        expected = [name for score, name in expected if score > 0]
        assert [entity["name"] for entity in data["related"][kind]] == expected
    assert data["related"]["person"] == []  # in these articles no other person is named with her


def test_entity_page_with_slash_and_unicode_links_back(served) -> None:
    _, client = served
    url = f"/entity/organization/{quote(SLASHED, safe='')}"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "AC/DC Ölgesellschaft 東京" in html
    assert f'href="/entity/person/{quote(PERSON, safe="")}"' in html  # related names are links
    assert client.get(url + ".json").get_json()["total"] == 2


@pytest.mark.parametrize("url, status", [
    ("/entity/person/Nobody%20At%20All", 404),
    ("/entity/planet/Mars", 404),
    ("/entity/person/" + "x" * 5000, 400),
    ("/entity/person/a%00b", 400),
    ("/entity/person/Nobody.json", 404),
])
def test_hostile_or_unknown_entities_get_a_message(served, url: str, status: int) -> None:
    _, client = served
    response = client.get(url)
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "/tmp" not in text and "site-packages" not in text
    if url.endswith(".json"):
        assert response.get_json()["error"]["message"]
    elif status == 404:
        assert "No article names" in text or "no entities of type" in text


def test_chips_and_facet_values_link_to_entity_pages(served) -> None:
    _, client = served
    html = client.get("/search?q=oil").get_data(as_text=True)
    assert f'class="chip chip-person" href="/entity/person/{quote(PERSON, safe="")}"' in html
    assert f'class="entity-link" href="/entity/person/{quote(PERSON, safe="")}"' in html


def monthly(articles: list[Article], word: str) -> Counter:
    return Counter(a.local_day.replace(day=1).isoformat() for a in articles
                   if a.published and word in f"{a.title} {a.body}".lower())


def test_compare_json_and_csv_count_each_query_per_month(served) -> None:
    articles, client = served
    data = client.get("/compare.json?q=oil&q=elections&interval=month").get_json()
    assert data["interval"] == "month"
    starts = [period["start"] for period in data["periods"]]
    all_months = Counter(a.local_day.replace(day=1).isoformat() for a in articles if a.published)
    assert [period["all_articles"] for period in data["periods"]] == [all_months[s] for s in starts]
    for compared, word in zip(data["queries"], ("oil", "elections"), strict=True):
        expected = monthly(articles, word)
        assert dict(zip(starts, compared["counts"], strict=True)) == {s: expected[s] for s in starts}
        assert compared["shares"] == [round(c / all_months[s], 6) for c, s in zip(compared["counts"], starts,
                                                                                  strict=True)]
    rows = list(csv.DictReader(io.StringIO(client.get("/compare.csv?q=oil&q=elections&interval=month")
                                           .get_data(as_text=True))))
    assert len(rows) == 2 * len(starts) and {r["query"] for r in rows} == {"oil", "elections"}
    assert sum(int(r["count"]) for r in rows if r["query"] == "oil") == sum(monthly(articles, "oil").values())


def test_compare_top_outlets_and_hostile_parameters(served) -> None:
    _, client = served
    data = client.get("/compare.json?q=oil&q=harbour").get_json()
    oil = data["queries"][0]
    assert oil["top"]["outlet"][0]["count"] >= oil["top"]["outlet"][-1]["count"] > 0
    for url in ("/compare.json?q=oil", "/compare.json?q=a&q=b&q=c&q=d&q=e", "/compare.json?q=oil&q=(",
                "/compare.json?q=oil&q=gas&interval=hour", "/compare?q=oil&q=gas&measure=%00"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Traceback" not in response.get_data(as_text=True)


def test_histogram_links_count_undated_and_stop_at_one_day(served) -> None:
    articles, client = served
    html = client.get("/search?q=oil").get_data(as_text=True)
    undated = sum(1 for a in articles if not a.published and "oil" in a.body)
    assert undated == 1 and "1 undated match</a> not in the chart" in html
    assert 'href="/search?q=oil&amp;undated=1"' in html
    assert " articles, " in html and 'tabindex' not in html.split('class="histogram-chart"')[1][:50]
    day = next(a.local_day for a in articles if a.published and "oil" in a.body).isoformat()
    single = client.get(f"/search?q=oil&from={day}&to={day}").get_data(as_text=True)
    assert "cannot zoom further" in single and 'class="bar-link"' not in single
    assert "1 article, " in single and "Zoom out" in single


def test_undated_filter_finds_only_articles_without_a_date(served) -> None:
    articles, client = served
    undated = [a for a in articles if not a.published]
    data = client.get("/search.json?undated=1&size=50").get_json()
    assert data["total"] == len(undated) == 2
    assert sorted(hit["title"] for hit in data["hits"]) == sorted(a.title for a in undated)
    assert client.get("/search.json?q=oil&undated=1").get_json()["total"] == 1
    assert data["request"]["undated"] is True and data["histogram"]["buckets"] == []
    for url in ("/search.json?undated=1&from=2024-01-01", "/search.json?undated=yes"):
        response = client.get(url)
        assert response.status_code == 400 and response.get_json()["error"]["message"]
    page = client.get("/search?undated=1").get_data(as_text=True)
    assert "Published: no date" in page


def test_search_with_only_undated_matches_says_so_and_links_them(served) -> None:
    _, client = served
    html = client.get("/search?q=notice").get_data(as_text=True)
    assert "No match has a publication date" in html
    assert '<a href="/search?q=notice&amp;undated=1">2 undated matches</a>' in html
