"""clean_text: title, byline, dateline, boilerplate, on invented texts and the shared corpora."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from newsfacet.indexer.clean import clean_text
from newsfacet.indexer.clean_text import bare_byline, parse_byline
from newsfacet.indexer.errors import InputSkipped

from tests.corpora import corpus
from tests.indexing import REPO

FIXTURES = REPO / "tests" / "fixtures" / "clean"


def test_fixture_with_caption_byline_dateline_and_trailer() -> None:
    path = FIXTURES / "story_byline.txt"
    article = clean_text(path.read_text(encoding="utf-8"), str(path))
    assert article.title == "New container terminal opens in Lisbon"
    assert article.authors == ["Anna Keller"]
    assert article.outlet == "Harbour Gazette"
    assert article.published == datetime(2024, 3, 12, tzinfo=UTC)
    assert article.source == str(path)
    assert article.body.startswith("The new container terminal on the south bank")
    assert article.body.endswith("berths for the coming summer.")
    for junk in ("Photo", "Read more", "Follow us", "subscribe", "Thank you", "LISBON,"):
        assert junk not in article.body
    assert article.body.count("\n\n") == 2  # three paragraphs


@pytest.mark.parametrize("line,authors,outlet", [
    ("By AzerNEWS Staff", [], "AzerNEWS"),
    ("by AzerNEWS Staff", [], "AzerNEWS"),
    ("By Anna Keller, Harbour Gazette", ["Anna Keller"], "Harbour Gazette"),
    ("By Anna Keller and Tom Ruiz", ["Anna Keller", "Tom Ruiz"], None),
    ("By Anna Keller, Tom Ruiz and Li Wei", ["Anna Keller", "Tom Ruiz", "Li Wei"], None),
    ("By Mara Olsen | March 3, 2024", ["Mara Olsen"], None),
    ("Par Sophie Laurent, Le Courrier du Port", ["Sophie Laurent"], "Le Courrier du Port"),
    ("Von Katrin Vogel und Jonas Brandt, Nordlicht Zeitung", ["Katrin Vogel", "Jonas Brandt"],
     "Nordlicht Zeitung"),
    ("Por María García, El Puerto", ["María García"], "El Puerto"),
    ("이도현 기자, 한빛일보", ["이도현"], "한빛일보"),
])
def test_bylines(line: str, authors: list[str], outlet: str | None) -> None:
    assert parse_byline(line) == (authors, outlet)


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    assert parse_byline("By the end of the year the bridge will be finished and the ferry will stop.") is None


def test_dateline_without_year_takes_no_year_from_the_story() -> None:
    # Changed on purpose (issue 13): a year the story mentions is not the dateline's year.
    text = ("Gas exports grow\nBaku, Azerbaijan, Feb. 3\n"
            "Azerbaijan exported more gas in January 2024 than in any month before.")
    article = clean_text(text)
    assert article.published is None
    assert article.body.startswith("Azerbaijan exported")


def test_dateline_without_any_year_gives_no_date() -> None:
    article = clean_text("Gas exports grow\nBaku, Azerbaijan, Feb. 3\nExports grew again last month.")
    assert article.published is None
    assert article.body == "Exports grew again last month."


def test_blank_line_paragraphs_and_crlf() -> None:
    article = clean_text("Title line\r\n\r\nFirst paragraph here.\r\n\r\nSecond paragraph here.\r\n")
    assert article.title == "Title line"
    assert article.body == "First paragraph here.\n\nSecond paragraph here."


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Only a title"])
def test_nothing_to_index_is_skipped(text: str) -> None:
    with pytest.raises(InputSkipped):
        clean_text(text)


def test_seed_article_with_staff_byline_and_trailer() -> None:
    path = corpus("seed-articles") / "004_82ef0fe26c118cce.txt"
    article = clean_text(path.read_text(encoding="utf-8"), str(path))
    assert article.title == "Why Khojaly still haunts conscience of divided world"
    assert article.outlet == "AzerNEWS"
    assert article.authors == []
    assert article.body.startswith("Writing about the Khojaly tragedy")
    assert article.body.endswith("heard across the world.")
    for junk in ("subscribe", "Twitter", "Thank you", "by AzerNEWS"):
        assert junk not in article.body


def test_seed_article_with_caption_fragment_first() -> None:
    path = corpus("seed-articles") / "000_560df1b5d2ed1116.txt"
    article = clean_text(path.read_text(encoding="utf-8"), str(path))
    assert "Photo Courtesy" not in article.body and "Photo Courtesy" not in article.title
    assert article.title.startswith("February 26 marks the 33rd anniversary")
    assert len(article.title) <= 200
    assert article.body.startswith("February 26 marks the 33rd anniversary")
    # Changed on purpose (issue 13): its only full date is an event inside the story, not a dateline.
    assert article.published is None
    assert "The Korea Global Times" in article.body


def test_bbc_articles_title_on_line_one() -> None:
    folder = corpus("bbc-news")
    paths = sorted(folder.rglob("*.txt"))[:50]
    assert paths
    for path in paths:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        article = clean_text(raw, str(path))
        assert article.title == raw.strip().splitlines()[0].strip()
        assert article.word_count > 20
        assert article.body.split("\n\n")[0] != article.title


def test_no_bbc_story_gets_a_date() -> None:
    # The BBC corpus carries no dates: any date would come from the story's sentences
    # (business/261.txt mentions 11 September 2001; sport fixtures write "Tuesday, 1 March").
    paths = sorted(corpus("bbc-news").rglob("*.txt"))
    assert len(paths) > 2000
    dated = []
    for path in paths:
        try:
            article = clean_text(path.read_bytes().decode("utf-8", errors="replace"), str(path))
        except InputSkipped:
            continue
        if article.published is not None:
            dated.append(path.name)
    assert dated == []


def test_a_date_in_the_story_is_not_the_publication_date() -> None:
    article = clean_text("Markets a year on\nShares recovered after the attacks of 11 September 2001 "
                         "and were higher on 12 March 2004 than before.")
    assert article.published is None


@pytest.mark.parametrize("text,day", [
    ("La BCE maintient ses taux\nPar Sophie Laurent, Le Courrier du Port\nPARIS, 14 mars 2024 -\n"
     "La Banque centrale européenne a laissé ses taux directeurs inchangés cette semaine.", (2024, 3, 14)),
    ("EZB senkt die Leitzinsen\nFRANKFURT, 6. Juni 2024 -\n"
     "Die Europäische Zentralbank hat am Donnerstag ihre Leitzinsen gesenkt.", (2024, 6, 6)),
    ("Снежный шторм в Москве\nМОСКВА, 19 января 2023 -\n"
     "Сильнейший за последние годы снегопад обрушился на Москву в ночь на четверг.", (2023, 1, 19)),
    ("서울 보궐선거 투표율 예상 웃돌아\n서울, 2025년 1월 22일 -\n"
     "24일 치러진 서울 한 자치구의 구청장 보궐선거 투표율이 45%를 넘어서며 당초 예상을 크게 웃돌았다.", (2025, 1, 22)),
    ("Port strike\nWASHINGTON, D.C., March 3, 2024 - Dockworkers walked out on Tuesday.", (2024, 3, 3)),
    ("Port strike\nBy Mara Olsen | March 3, 2024\nDockworkers walked out on Tuesday morning.", (2024, 3, 3)),
])
def test_datelines_and_bylines_in_every_language(text: str, day: tuple[int, int, int]) -> None:
    article = clean_text(text)
    assert article.published == datetime(*day, tzinfo=UTC)
    assert not re.match(r"\w+,", article.body)  # the dateline left the body


@pytest.mark.parametrize("line", ["LISBON, March 2024 -", "LISBON, 2024 -", "LISBON, yesterday -"])
def test_a_month_a_year_or_a_relative_word_is_not_a_day(line: str) -> None:
    assert clean_text(f"Port strike\n{line}\nDockworkers walked out on Tuesday morning.").published is None


def test_german_and_french_bylines_leave_the_body() -> None:
    article = clean_text("EZB senkt die Leitzinsen\nVon Katrin Vogel und Jonas Brandt, Nordlicht Zeitung\n"
                         "FRANKFURT, 6. Juni 2024 -\nDie Europäische Zentralbank hat ihre Leitzinsen gesenkt.")
    assert article.authors == ["Katrin Vogel", "Jonas Brandt"]
    assert article.outlet == "Nordlicht Zeitung"
    assert article.body.startswith("Die Europäische Zentralbank")
    assert parse_byline("Par ailleurs, le port restera fermé jusqu'à lundi.") is None


def test_every_text_sample_gets_the_date_the_samples_readme_gives() -> None:
    samples = REPO / "samples"
    table = dict(re.findall(r"^\| `([^`]+\.txt)` \|[^|]+\|[^|]+\|[^|]+\| ([0-9-]{10}|\u2014) \|",
                            (samples / "README.md").read_text(encoding="utf-8"), re.M))
    assert len(table) >= 15
    for name, want in table.items():
        article = clean_text((samples / name).read_text(encoding="utf-8"))
        got = article.published.date().isoformat() if article.published else "\u2014"
        assert got == want, name


@pytest.mark.parametrize("line", ["Par ailleurs, la banque centrale reste prudente.",
                                  "Von Montag an gilt die neue Regel", "By clicking here you agree"])
def test_sentences_starting_with_a_byline_word_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize("sample,authors,outlet", [
    ("fr/bce-taux.txt", ["Sophie Laurent"], "Le Courrier du Port"),
    ("de/ezb-zinsen.txt", ["Katrin Vogel", "Jonas Brandt"], "Nordlicht Zeitung"),
    ("ko/samsung-launch.txt", ["이도현"], "한빛일보"),
    ("ru/kaspiyskiy-koridor.txt", ["Ирина Соколова"], "Московский вестник"),  # no "By": above a dateline
])
def test_sample_bylines_leave_the_body(sample: str, authors: list[str], outlet: str) -> None:
    path = REPO / "samples" / sample
    article = clean_text(path.read_text(encoding="utf-8"), str(path))
    assert (article.authors, article.outlet) == (authors, outlet)
    assert f", {outlet}" not in article.body and authors[0] not in article.body


@pytest.mark.parametrize("line,following,expected", [
    ("Алексей Громов, Дарья Ким", "МОСКВА, 3 декабря 2024 -", (["Алексей Громов", "Дарья Ким"], None)),
    ("Ирина Соколова, Московский вестник", "БАКУ, 11 июня 2025 -", (["Ирина Соколова"], "Московский вестник")),
    ("Ирина Соколова, Московский вестник", "Объём грузов вырос вдвое.", None),  # no dateline below
    ("Грузы идут через Баку, сообщили в порту", "БАКУ, 11 июня 2025 -", None),  # a sentence
])
def test_bare_bylines_above_a_dateline(line: str, following: str, expected: tuple | None) -> None:
    assert bare_byline(line, following) == expected
