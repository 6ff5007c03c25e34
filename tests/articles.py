"""A fixed, varied set of articles for backend-neutral tests; expectations are computed from it."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsfacet.engine.model import Article

from tests.corpora import corpus

OUTLETS = ["Harbour Gazette", "Capital Ledger", "Nordlicht Zeitung"]
PEOPLE = ["Maria Lindqvist", "Oleg Petrov", "Kim Ji-woo"]
TOPICS = [
    ("Port strike halts container traffic", "Dock workers walked out and the harbour stood still for a day."),
    ("Storm batters the northern coast", "Strong winds and storms closed ferries; the harbour flooded."),
    ("Central bank raises interest rates", "The bank said inflation remained too high for comfort."),
    ("Museum opens a new maritime wing", "Visitors queued to see old ships and maps of the harbour."),
    ("Election campaign enters final week", "Candidates toured the port districts asking for votes."),
]
# The section each story of TOPICS is filed under; some articles get a second one, some none.
SECTIONS = ["Business", "Weather", "Markets", "Culture", "Politics"]


def sections(i: int) -> list[str]:
    if i % 13 == 0:
        return []
    return [SECTIONS[i % len(SECTIONS)]] + (["Local news"] if i % 6 == 0 else [])


def sample_articles(count: int = 120) -> list[Article]:
    """Deterministic articles: outlets, languages, people, dates across 2023-2024, some undated."""
    articles = []
    start = datetime(2023, 1, 1, 8, tzinfo=UTC)
    for i in range(count):
        title, body = TOPICS[i % len(TOPICS)]
        language = "en" if i % 4 else "de"
        people = [PEOPLE[(i // 2) % 3]] + ([PEOPLE[(i // 2 + 1) % 3]] if i % 5 == 0 else [])
        published = None if i % 11 == 0 else start + timedelta(days=(i * 37) % 700, hours=i % 24)
        articles.append(Article(
            title=f"{title} ({i})",
            body=f"{body} Report number {i}. " + ("Lighthouse keepers spoke. " if i == 7 else ""),
            url=f"https://news.example/{i}",
            published=published,
            outlet=OUTLETS[i % len(OUTLETS)],
            language=language,
            authors=[f"Author {i % 4}"],
            topics=sections(i),
            entities={"person": people, "organization": ["Harbour Authority"] if i % 2 else [],
                      "location": ["Lisbon" if i % 7 < 4 else "Hamburg"]},
        ))
    return articles


def bbc_politics_files(first: int, last: int) -> list[Path]:
    """BBC politics stories number `first` to `last` (from 1), in the corpus folder (read in place)."""
    return sorted((corpus("bbc-news") / "bbc" / "politics").glob("*.txt"))[first - 1:last]


def bbc_politics_stories(count: int) -> list[tuple[str, str, str]]:
    """(title, body, url) of the first `count` BBC politics stories."""
    stories = []
    for path in bbc_politics_files(1, count):
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        stories.append((lines[0].strip(), "\n".join(lines[1:]).strip(), f"https://bbc.example/politics/{path.name}"))
    return stories


def bbc_politics_article(story: tuple[str, str, str], **entities: list[str]) -> Article:
    """A story with the entity lists a test sets (the extractors' output is tested elsewhere)."""
    title, body, url = story
    return Article(title=title, body=body, url=url, language="en",
                   entities={kind: entities.get(kind, []) for kind in ("person", "organization", "location")})
