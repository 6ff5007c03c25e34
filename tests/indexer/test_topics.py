"""Topics from every source: Reuters TOPICS, page sections (HTML and WARC), JSONL fields, folder names.

Real files where the corpora have them (Reuters SGML, wcxb pages declaring article:section), pages
and records written here where they do not; end to end through the real CLI into a tantivy index.
"""
from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from newsfacet.indexer.clean import clean_html
from newsfacet.indexer.process import WorkOptions, process_chunk
from newsfacet.indexer.sources import iter_sources
from newsfacet.indexer.sources.jsonl import parse_line
from newsfacet.indexer.sources.reuters import parse_story
from newsfacet.indexer.topics import MAX_TOPIC_CHARS, MAX_TOPICS, normalise_topics
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.corpora import corpus
from tests.indexing import index, search

NO_ENTITIES = WorkOptions(entities=False)
PARAGRAPH = ("The council voted on Tuesday to approve the new budget for the harbour district, after a "
             "debate that lasted more than four hours and drew residents from across the city. ")


def page(head: str = "", body_extra: str = "") -> str:
    """A plain news page; `head` carries the section metadata under test."""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Budget approved</title>{head}"
            f"</head><body><article><h1>Budget approved</h1><p>{PARAGRAPH * 3}</p><p>{body_extra}"
            f"{PARAGRAPH}</p></article></body></html>")


def facet_counts(data: Path, name: str = "topic") -> dict[str, int]:
    return {b["value"]: b["count"] for b in search(data, "")["facets"][name]["buckets"]}


# -- the one normalising function ----------------------------------------------------------------

def test_normalise_folds_space_and_keeps_the_first_spelling() -> None:
    assert normalise_topics(["  Sport ", "sport", "SPORT", "Money\t\n Markets", "money markets"]) == \
        ["Sport", "Money Markets"]


def test_normalise_drops_junk() -> None:
    junk = ["", "   ", None, 7, ["nested"], "https://example.com/news", "www.example.com", "---",
            "Uncategorized", "article", "Post", "x" * (MAX_TOPIC_CHARS + 1), "\x1b\x07"]
    assert normalise_topics(junk) == []
    kept = ["Business: Markets", "x" * MAX_TOPIC_CHARS]
    assert normalise_topics(kept) == kept


def test_normalise_bounds_the_count_and_keeps_the_order() -> None:
    values = [f"topic {n}" for n in range(MAX_TOPICS + 5)]
    assert normalise_topics(values) == values[:MAX_TOPICS]


def test_normalise_strips_control_characters() -> None:
    assert normalise_topics(["Wo\x1brld\x00"]) == ["World"]


# -- Reuters-21578 ---------------------------------------------------------------------------------

def _independent_topics(sgml: str) -> dict[str, list[str]]:
    """NEWID -> TOPICS codes, read straight from the SGML (not through the indexer)."""
    found = {}
    for story in sgml.split("</REUTERS>")[:-1]:
        newid = re.search(r'NEWID="(\d+)"', story).group(1)
        block = story.split("<TOPICS>", 1)[1].split("</TOPICS>", 1)[0]
        found[newid] = [code for code in block.replace("</D>", "").split("<D>") if code]
    return found


@pytest.mark.corpus
def test_reuters_topics_are_the_stories_topics_codes() -> None:
    path = corpus("reuters21578") / "reuters21578" / "reut2-000.sgm"
    expected = _independent_topics(path.read_text(encoding="latin-1"))
    outcomes = process_chunk(list(iter_sources([str(path)], 10**8)), NO_ENTITIES).outcomes
    got = {o.source.rsplit("#", 1)[1]: o.article.topics for o in outcomes if o.article is not None}
    assert len(got) == len(expected) == 1000
    assert got == expected
    assert got["5"] == ["grain", "wheat", "corn", "barley", "oat", "sorghum"]
    assert sum(1 for topics in got.values() if topics) > 400


@pytest.mark.corpus
def test_every_reuters_story_with_topics_has_them() -> None:
    """SOURCE.txt: 11367 of the 21578 stories have at least one TOPICS category."""
    folder = corpus("reuters21578") / "reuters21578"
    sources = iter_sources([str(p) for p in sorted(folder.glob("reut2-*.sgm"))], 10**8)
    with_topics = 0
    for source in sources:
        if b"<D>" in source.data.split(b"<TOPICS>", 1)[1].split(b"</TOPICS>", 1)[0]:
            with_topics += 1
            assert normalise_topics(parse_story(source.data, source.source, source.url).topics), source.source
    assert with_topics == 11367


# -- HTML pages and WARC records ---------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize(("page_id", "expected"), [
    ("0002", ["Blog"]),         # article:section "Blog"; JSON-LD joins "Food & Drink Trends, Blog"
    ("0004", ["Diets"]),        # article:section wins over JSON-LD articleSection "Weight Loss"
    ("0031", ["crime-safety"]),  # kept as the page writes it
    ("0067", []),               # "Uncategorized" is WordPress's placeholder, not a section
])
def test_real_pages_declaring_article_section(page_id: str, expected: list[str]) -> None:
    path = corpus("wcxb-dev-articles") / "html" / f"{page_id}.html.gz"
    markup = gzip.decompress(path.read_bytes())
    assert b"article:section" in markup
    assert clean_html(markup).topics == expected


def test_json_ld_article_section_string_or_list() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Budget approved",
          "articleSection": ["Politics", "Local &amp; Regional", "politics"]}
    assert clean_html(page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')).topics == \
        ["Politics", "Local & Regional"]
    ld["articleSection"] = "Harbour"
    assert clean_html(page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')).topics == ["Harbour"]


def test_section_metas_are_the_last_resort() -> None:
    assert clean_html(page('<meta name="parsely-section" content="City Hall">')).topics == ["City Hall"]
    assert clean_html(page('<meta itemprop="articleSection" content="Harbour">')).topics == ["Harbour"]
    both = '<meta name="section" content="Metro"><meta property="article:section" content="Politics">'
    assert clean_html(page(both)).topics == ["Politics"]
    several = '<meta property="article:section" content="Politics"><meta property="article:section" content="Budget">'
    assert clean_html(page(several)).topics == ["Politics", "Budget"]


def test_no_topic_is_invented_from_the_text() -> None:
    article = clean_html(page(body_extra="Sport. Politics. Business. Section: Technology. "))
    assert article.topics == []


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                               http_headers=headers)
            writer.write_record(record)


def test_warc_pages_and_jsonl_records_reach_the_topic_facet(tmp_path: Path) -> None:
    _warc(tmp_path / "crawl.warc.gz", [
        ("https://gazette.example/1", page('<meta property="article:section" content="Politics">')),
        ("https://gazette.example/2", page('<meta property="article:section" content="Sport">',
                                           "The derby ended in a draw. ")),
        ("https://gazette.example/3", page(body_extra="Nothing declares a section here. "))])
    records = [
        {"title": "Rates held", "text": f"Rates. {PARAGRAPH}", "topic": "Business"},
        {"title": "Cup final", "text": f"Cup. {PARAGRAPH}", "topics": ["Sport", "football", " Sport "]},
        {"title": "Markets", "text": f"Markets. {PARAGRAPH}", "section": "business", "category": "Markets"},
        {"title": "Plain", "text": f"Plain. {PARAGRAPH}", "category": 3},
        {"html": page('<meta property="article:section" content="Ignored">'), "title": "Given section",
         "section": "Politics"}]
    (tmp_path / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    summary = index(data, "--workers", "1", "--no-entities", str(tmp_path / "crawl.warc.gz"),
                    str(tmp_path / "records.jsonl"))
    assert summary["indexed"] == 8
    # Case is folded within an article only: another article's spelling is another facet value.
    assert facet_counts(data) == {"Politics": 2, "Sport": 2, "Business": 1, "business": 1, "football": 1,
                                  "Markets": 1}
    assert search(data, "", "--facet", "topic=Sport")["total"] == 2


def test_jsonl_topics_win_over_the_pages_own() -> None:
    line = json.dumps({"html": page('<meta property="article:section" content="Metro">'), "section": "Politics"})
    assert normalise_topics(parse_line(line.encode(), "r.jsonl#1").topics) == ["Politics"]
    line = json.dumps({"html": page('<meta property="article:section" content="Metro">'), "section": " "})
    assert parse_line(line.encode(), "r.jsonl#1").topics == ["Metro"]


# -- folders of text files ---------------------------------------------------------------------------

def _story(folder: Path, name: str, word: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{word} story\n\n{word}: {PARAGRAPH}\n", encoding="utf-8")
    return path


def test_topic_from_folder(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "news"
    _story(corpus_dir / "sport", "1.txt", "Derby")
    _story(corpus_dir / "sport", "2.txt", "Final")
    _story(corpus_dir / "sport" / "football", "3.txt", "Transfer")  # nested: the innermost folder
    _story(corpus_dir, "4.txt", "Loose")  # directly in the folder given: that folder's name
    _story(corpus_dir / "tech", "5.html", "Ignored")  # not text: the option leaves other formats alone
    (corpus_dir / "tech" / "5.html").write_text(page(), encoding="utf-8")
    data = tmp_path / "data"
    summary = index(data, "--workers", "1", "--no-entities", "--topic-from-folder", str(corpus_dir))
    assert summary["indexed"] == 5
    assert facet_counts(data) == {"sport": 2, "football": 1, "news": 1}


def test_topic_from_folder_for_files_named_directly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    named = _story(tmp_path / "politics", "1.txt", "Vote")
    _story(tmp_path / "politics", "2.txt", "Budget")
    monkeypatch.chdir(tmp_path / "politics")
    data = tmp_path / "data"
    assert index(data, "--workers", "1", "--no-entities", "--topic-from-folder", str(named), "2.txt")["indexed"] == 2
    assert facet_counts(data) == {"politics": 2}


def test_without_the_option_text_files_have_no_topic(tmp_path: Path) -> None:
    _story(tmp_path / "news" / "sport", "1.txt", "Derby")
    data = tmp_path / "data"
    assert index(data, "--workers", "1", "--no-entities", str(tmp_path / "news"))["indexed"] == 1
    assert facet_counts(data) == {}
