"""What a reader sees of sampled counts (engine.sampling): "about N", a note with a link to exact
counts, the JSON flags and the `exact` parameter, through Flask's test client on a real tantivy index.

The thresholds are lowered (more than 10 matches are sampled, about 8 of them counted) so that the
42 articles of the web fixture count as many.
"""
from __future__ import annotations

import re
from html import unescape

import pytest
from newsfacet.engine import sampling

pytest_plugins = ["tests.conftest_web"]


@pytest.fixture
def client(app, monkeypatch):
    monkeypatch.setattr(sampling, "SAMPLE_ABOVE", 10)
    monkeypatch.setattr(sampling, "SAMPLE_SIZE", 8)
    return app.test_client()


def test_json_marks_sampled_counts_and_exact_1_counts_everything(client):
    sampled = client.get("/search.json").get_json()
    assert sampled["approximate"] is True and sampled["histogram"]["approximate"] is True
    assert sampled["facets"]["outlet"]["approximate"] is True
    exact = client.get("/search.json?exact=1").get_json()
    assert exact["approximate"] is False and exact["request"]["exact"] is True
    assert "exact=1" in exact["canonical_url"]
    assert exact["total"] == sampled["total"] == 42
    outlets = {b["value"]: b["count"] for b in exact["facets"]["outlet"]["buckets"]}
    assert outlets["Harbour Times"] == 11  # 10 of the 40 ordinary articles, plus the javascript-link one


def test_page_says_about_and_links_to_exact_counts(client):
    html = client.get("/search").get_data(as_text=True)
    assert re.search(r'<span class="count"><span class="about">about </span>[0-9,]+</span>', html)
    note = re.search(r'<p class="sample-note"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "estimated from a sample" in note
    link = unescape(re.search(r'href="([^"]+)"', note).group(1))
    exact_page = client.get(link)
    assert link.endswith("exact=1") and exact_page.status_code == 200
    exact_html = exact_page.get_data(as_text=True)
    assert 'class="about"' not in exact_html and "Every match counted exactly" in exact_html
    # every link of the exact page keeps exact=1 (the state lives in the URL)
    facet_links = re.findall(r'href="(/search\?[^"]*outlet=[^"]*)"', exact_html)
    assert facet_links and all("exact=1" in unescape(href) for href in facet_links)


def test_a_selected_value_shows_its_exact_count(client):
    html = client.get("/search?outlet=Daily+Ledger").get_data(as_text=True)
    selected = re.search(r'is-selected">.*?<span class="count">(.*?)</span></label>', html, re.S).group(1)
    assert "about" not in selected and selected.strip() == "10"


@pytest.mark.parametrize("value", ["2", "yes", "true", "-1", "１", "1.0"])
def test_a_forged_exact_is_a_clear_400(client, value):
    response = client.get(f"/search.json?exact={value}")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "'exact' must be 1 (yes) or 0 (no)" in message and "Traceback" not in message
    page = client.get(f"/search?exact={value}")
    assert page.status_code == 400 and "/work" not in page.get_data(as_text=True)


def test_a_spent_facet_budget_still_answers_and_says_so(web_data_dir):
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(web_data_dir), "secret_key": "test-secret", "TESTING": True,
                      "facet_time_limit_ms": 0})
    client = app.test_client()
    data = client.get("/search.json?q=harbour").get_json()
    assert data["total"] > 0 and data["hits"] and data["timed_out"] is True
    assert data["facets"]["outlet"]["timed_out"] and data["histogram"]["timed_out"]
    html = client.get("/search?q=harbour&outlet=Harbour+Times").get_data(as_text=True)
    assert "Not counted: this search took too long" in html and "No timeline: this search took too long" in html
    assert 'class="hit"' in html and 'value="Harbour Times" checked' in html  # hits, and the selection to remove
    app.extensions["newsfacet"].close()
