"""Every file in samples/, in every language and format: its date (the day the outlet printed, as
samples/README.md gives it), its outlet, its byline's authors, and a body that starts with the story.

The authors below were read from each file by hand (its byline, author meta tags or JSON-LD); a
file whose text names no author or no outlet must get none (nothing is guessed).
"""
from __future__ import annotations

import re

import pytest
from newsfacet.indexer.clean import clean_html, clean_text
from newsfacet.indexer.dates import TEXT_DATE

from tests.indexing import REPO

SAMPLES = REPO / "samples"
AUTHORS = {
    "de/ezb-zinsen.txt": ["Katrin Vogel", "Jonas Brandt"],
    "de/hafen-hamburg-streik.html": ["Jonas Brandt"],
    "de/kim-wechsel-hamburg.txt": ["Lena Hartmann"],
    "de/sturm-nordsee.txt": [],
    "de/wahl-berlin.html": ["Katrin Vogel"],
    "en/caspian-corridor.txt": ["Priya Nair"],
    "en/cup-final.html": ["Daniel Okafor"],
    "en/ecb-rates.html": ["Thomas Reed", "Priya Nair"],
    "en/election-berlin.txt": [],
    "en/harbour-election.txt": ["Anna Keller", "Rui Mendes"],
    "en/lighthouse-restoration.txt": ["Rui Mendes"],
    "en/museum-marseille.html": [],
    "en/port-strike-copy.txt": ["Anna Keller"],
    "en/port-strike.txt": ["Anna Keller"],
    "en/samsung-launch.html": ["Priya Nair"],
    "en/storm-coast.html": ["Rui Mendes"],
    "fr/bce-taux.txt": ["Sophie Laurent"],
    "fr/musee-marseille.html": ["Julien Marchand"],
    "fr/onu-ocean-paris.html": ["Sophie Laurent"],
    "fr/port-lisbonne-greve.html": ["Sophie Laurent", "Julien Marchand"],
    "fr/tempete-marseille.txt": [],
    "ko/busan-cup-final.html": ["박서연"],
    "ko/busan-lisbon-port.html": ["이도현"],
    "ko/busan-port-typhoon.html": ["최민준", "박서연"],
    "ko/samsung-launch.txt": ["이도현"],
    "ko/seoul-election.txt": [],
    "ru/kaspiyskiy-koridor.txt": ["Ирина Соколова"],
    "ru/oon-torgovlya.txt": ["Алексей Громов", "Дарья Ким"],
    "ru/port-gamburg.html": ["Ирина Соколова"],
    "ru/shtorm-moskva.txt": [],
    "ru/vystavka-muzey.html": ["Наталья Орлова", "Алексей Громов"],
}


def readme_table() -> dict[str, tuple[str, str]]:
    """{file: (outlet, day or —)} from samples/README.md; the outlet without its transliteration."""
    rows = re.findall(r"^\| `([^`]+)` \| \w+ \| \w+ \| ([^|]+?) \| ([0-9-]{10}|\u2014) \|",
                      (SAMPLES / "README.md").read_text(encoding="utf-8"), re.M)
    return {name: (re.sub(r"\s*\([^)]*\)$", "", outlet), day) for name, outlet, day in rows}


def sample_files() -> list[str]:
    return sorted(str(path.relative_to(SAMPLES)) for path in SAMPLES.rglob("*") if path.suffix in (".txt", ".html"))


def test_the_tables_cover_every_sample():
    assert set(sample_files()) == set(readme_table()) == set(AUTHORS)
    assert len(AUTHORS) == 31


@pytest.mark.parametrize("name", sample_files())
def test_each_sample_gets_its_date_outlet_and_byline(name: str) -> None:
    path = SAMPLES / name
    data = path.read_bytes()
    article = clean_html(data) if path.suffix == ".html" else clean_text(data.decode("utf-8"), str(path))
    outlet, day = readme_table()[name]
    assert (article.local_day.isoformat() if article.local_day else "\u2014") == day
    text = data.decode("utf-8")
    assert article.outlet == (outlet if outlet in text else None)  # never guessed
    assert article.authors == AUTHORS[name]
    first = article.body.split("\n\n", 1)[0]
    # The byline and dateline left the body: its first paragraph names no author and is no date line.
    assert not any(author in first for author in AUTHORS[name]), first
    assert not (len(first.split()) <= 8 and TEXT_DATE.search(first)), first
    assert len(first.split()) >= 8, first


def test_a_korean_page_at_0630_kst_is_on_its_own_day() -> None:
    """`datePublished` 2023-08-10T06:30+09:00 is 9 August in UTC; the article is on the 10th."""
    article = clean_html((SAMPLES / "ko/busan-port-typhoon.html").read_bytes())
    assert article.published.isoformat() == "2023-08-09T21:30:00+00:00"
    assert (article.published_offset, article.published_precision) == (540, "time")
    assert article.local_day.isoformat() == "2023-08-10"

