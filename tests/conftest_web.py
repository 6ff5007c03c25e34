"""Fixtures for the web app tests: a small real tantivy index with dates, outlets, languages,
authors and entities chosen so facet counts are easy to reason about.

Test modules load it with `pytest_plugins = ["tests.conftest_web"]`.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.model import Article

XSS_TITLE = 'Port <script>alert(1)</script> "><img src=x onerror=alert(1)> report'
XSS_BODY = ('The harbour <script>alert(1)</script> strike continued. '
            '"><img src=x onerror=alert(1)> Dockers met again on Tuesday.')
OUTLETS = ("Harbour Times", "Daily Ledger", "Nordlicht Zeitung", "Le Courrier du Port")
LANGUAGES = {"Harbour Times": "en", "Daily Ledger": "en", "Nordlicht Zeitung": "de", "Le Courrier du Port": "fr"}
TOPICS = (
    ("Oil prices climb as port strike drags on", "oil prices rose again while the port strike kept tankers waiting"),
    ("Central bank holds interest rates", "the central bank kept interest rates unchanged citing inflation"),
    ("Harbour authority plans new terminal", "the harbour authority announced a new container terminal"),
    ("Football club wins the cup final", "the club won the cup final after extra time in a tense match"),
    ("Elections: turnout rises in the north", "voter turnout rose sharply in the northern districts"),
)
PEOPLE = ("Anna Berg", "Marc Dubois", "Lena Schmidt", "John Carter")
ORGS = ("Port Authority", "Central Bank", "Dockers Union")
PLACES = ("Hamburg", "Marseille", "London")
SECTIONS = ("Markets", "Shipping news")


def make_articles() -> list[Article]:
    """40 ordinary articles over Jan–Jun 2024 plus two hostile ones (script in text, bad URL)."""
    start = datetime(2024, 1, 3, 9, 0, tzinfo=UTC)
    articles = []
    for number in range(40):
        outlet = OUTLETS[number % len(OUTLETS)]
        title, body = TOPICS[number % len(TOPICS)]
        articles.append(Article(
            title=f"{title} ({number})", body=f"{body}.\n\nParagraph two of story {number} about {body}.",
            url=f"https://news.example/{outlet.split()[0].lower()}/{number}", outlet=outlet,
            published=start + timedelta(days=number * 4), language=LANGUAGES[outlet],
            authors=[PEOPLE[number % 3] + " (reporter)"] if number % 2 else [],
            entities={"person": [PEOPLE[number % len(PEOPLE)]], "organization": [ORGS[number % len(ORGS)]],
                      "location": [PLACES[number % len(PLACES)]]},
            topics=[SECTIONS[number % len(SECTIONS)]] if number % 3 else []))
    articles.append(Article(title=XSS_TITLE, body=XSS_BODY, url="https://evil.example/x?a=<b>",
                            outlet='Evil "><script>alert(1)</script>', published=start + timedelta(days=10),
                            language="en", authors=["=HYPERLINK(\"http://evil.example\")", "<b>Mallory</b>"],
                            entities={"person": ['"><img src=x onerror=alert(1)>'], "organization": [],
                                      "location": []}))
    articles.append(Article(title="Harbour notes with a javascript link", body="harbour notes only",
                            url="javascript:alert(1)", outlet="Harbour Times", language="en",
                            published=start + timedelta(days=12),
                            duplicates=["wire/harbour-notes.txt", "<b>copy</b>.html"]))
    return articles


@pytest.fixture(scope="session")
def web_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("webdata")
    backend = TantivyBackend(data_dir)
    results = backend.write(make_articles())
    assert all(result.ok for result in results)
    backend.close()
    return data_dir


def app_settings(backend, data_dir: Path) -> dict:
    """Web app settings over `backend`'s index (its Elasticsearch index, or a tantivy index in data_dir)."""
    # No facet time budget to speak of: a loaded test machine must not make counts time out (the budget
    # itself is tested with 0 ms).
    settings = {"data_dir": str(data_dir), "secret_key": "test-secret", "TESTING": True, "facet_time_limit_ms": 60_000}
    if backend.name == "elasticsearch":
        from tests.es_support import es_url

        settings.update(backend="elasticsearch", es_url=es_url(), index=backend.index)
    return settings


@pytest.fixture
def app(web_data_dir: Path):
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(web_data_dir), "secret_key": "test-secret", "TESTING": True})
    yield app
    app.extensions["newsfacet"].close()


@pytest.fixture
def hostile_title() -> str:
    return XSS_TITLE


@pytest.fixture
def client(app):
    return app.test_client()
