"""The story page and its JSON twin, over HTTP (Flask's test client) on a real tantivy index.

Two outlets run one real BBC story (read in place): the wire's text first, a day later a version with
another headline, its last paragraph dropped and the outlet's own line added. Both are indexed through
the real CLI from a JSONL feed written to a temporary folder.
"""
from __future__ import annotations

import json

import pytest

from tests.corpora import corpus
from tests.indexing import index, search

pytestmark = pytest.mark.corpus

OUTLET_LINE = "Sign up for the Courier business newsletter."


@pytest.fixture(scope="module")
def story_app(tmp_path_factory: pytest.TempPathFactory):
    text = (corpus("bbc-news") / "bbc" / "business" / "001.txt").read_text(encoding="utf-8")
    title, _, rest = text.partition("\n")
    paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
    records = [
        {"title": title.strip(), "text": "\n\n".join(paragraphs), "outlet": "Wire Service",
         "published": "2005-01-10T08:00:00Z", "url": "https://wire.example/time-warner"},
        {"title": "Time Warner profit jumps on adverts", "text": "\n\n".join([*paragraphs[:-1], OUTLET_LINE]),
         "outlet": "Daily Courier", "published": "2005-01-11T09:30:00Z", "url": "https://courier.example/tw"},
    ]
    folder = tmp_path_factory.mktemp("story")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    data = folder / "data"
    assert index(data, "--no-entities", str(feed))["indexed"] == 2
    hits = search(data, "", "--sort", "oldest")["hits"]
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(data), "secret_key": "test-secret", "TESTING": True})
    yield app.test_client(), hits, paragraphs
    app.extensions["newsfacet"].close()


def test_story_json_lists_versions_outlets_and_the_changes(story_app) -> None:
    client, hits, paragraphs = story_app
    assert hits[0]["story_id"] == hits[1]["story_id"]
    response = client.get(f"/story/{hits[0]['story_id']}.json")
    assert response.status_code == 200
    page = response.get_json()
    assert [v["outlet"] for v in page["versions"]] == ["Wire Service", "Daily Courier"]
    assert [v["published"][:10] for v in page["versions"]] == ["2005-01-10", "2005-01-11"]
    assert page["outlets"] == [{"outlet": "Daily Courier", "versions": 1}, {"outlet": "Wire Service", "versions": 1}]
    parts = page["diff"]["parts"]

    def words(*kinds: str) -> list[str]:
        return " ".join(p["text"] for p in parts if p["kind"] in kinds).split()

    # Same + removed words rebuild the earliest text; same + added words the latest.
    assert words("same", "removed") == " ".join(paragraphs).split()
    assert words("same", "added") == " ".join([*paragraphs[:-1], OUTLET_LINE]).split()
    assert "newsletter." in words("added") and len(words("removed")) > len(paragraphs[-1].split()) - 5
    assert page["diff"]["from"] == page["versions"][0]["id"] and page["diff"]["to"] == page["versions"][1]["id"]


def test_story_page_html_shows_both_versions_and_the_diff(story_app) -> None:
    client, hits, _ = story_app
    response = client.get(f"/story/{hits[0]['story_id']}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Time Warner profit jumps on adverts" in html and "Daily Courier" in html
    assert "<ins>" in html and "newsletter.</ins>" in html and "<del>" in html


@pytest.mark.parametrize("story_id", ["nothing-here-0000", "<script>alert(1)</script>", "a" * 65, "..%2f..%2fetc"])
def test_unknown_or_forged_story_ids_are_not_found(story_app, story_id: str) -> None:
    client, _, _ = story_app
    for path in (f"/story/{story_id}", f"/story/{story_id}.json"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "<script>alert" not in response.get_data(as_text=True)
