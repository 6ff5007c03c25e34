"""Snippets cut between words with an ellipsis at each cut, on both engines, in several scripts
(real English, Russian and Korean news), and between characters for scripts without spaces."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape

import pytest
from newsfacet.engine.highlight import clean_cut, plain_snippet
from newsfacet.engine.model import Article
from newsfacet.engine.search import SearchRequest

from tests.corpora import corpus

pytestmark = [pytest.mark.elasticsearch, pytest.mark.corpus]
ELLIPSIS = "…"


def real_articles() -> list[Article]:
    """Long bodies in three scripts, read in place from the shared corpora."""
    bbc = sorted((corpus("bbc-news") / "bbc" / "business").glob("*.txt"))[:15]
    russian = sorted((corpus("factrueval-2016") / "devset").glob("book_*.txt"))[:15]
    korean = sorted((corpus("sci-news-sum-kr-50") / "data").glob("*.json"))[:15]
    made = [_article(path.read_text("utf-8").split("\n", 1)[1], "en") for path in bbc]
    made += [_article(path.read_text("utf-8"), "ru") for path in russian]
    made += [_article(" ".join(json.loads(path.read_text("utf-8"))["sentences"]), "ko") for path in korean]
    return made


def _article(body: str, language: str) -> Article:
    return Article(title=body[:40], body=body, url=f"https://x.example/{hash(body)}", outlet="Real",
                   published=datetime(2024, 1, 1, tzinfo=UTC), language=language)


def words_of(text: str) -> str:
    return " ".join(text.split())


def assert_clean(snippet_html: str, bodies: list[str]) -> None:
    """The snippet is a run of whole tokens (no space inside) of one body, an ellipsis where it was cut."""
    text = words_of(unescape(re.sub(r"</?mark>", "", snippet_html)))
    core = text.removeprefix(ELLIPSIS + " ").removesuffix(" " + ELLIPSIS)
    body = next((b for b in map(words_of, bodies) if core in b), None)
    assert body is not None, f"snippet not found in any body: {text[:80]!r}"
    start = body.index(core)
    end = start + len(core)
    assert text.startswith(ELLIPSIS) == (start > 0), text[:80]
    assert text.endswith(ELLIPSIS) == (end < len(body)), text[-80:]
    assert start == 0 or body[start - 1] == " ", f"starts inside a word: {body[start - 10:start + 20]!r}"
    assert end == len(body) or body[end] == " ", f"ends inside a word: {body[end - 20:end + 10]!r}"


@pytest.mark.parametrize("query", ["prices", "акции", "밝혔다", ""])
def test_snippets_cut_between_words_on_both_engines(backend, query: str) -> None:
    articles = real_articles()
    assert all(result.ok for result in backend.write(articles))
    result = backend.search(SearchRequest(query=query, page_size=50, histogram=False, facets=()))
    assert result.hits, f"no hit for {query!r}"
    bodies = [article.body for article in articles]
    for hit in result.hits:
        assert_clean(hit.snippet, bodies)
    if query:
        assert any("<mark>" in hit.snippet for hit in result.hits)
        assert any(hit.snippet.startswith(ELLIPSIS) for hit in result.hits)  # long bodies are cut in front


def test_a_title_query_makes_no_body_snippets_on_both_engines(backend) -> None:
    """Snippets come only from fields the query matched: `title:` words are not looked for in bodies,
    even where the body holds them, so those hits show the body's opening unmarked."""
    articles = [_article(f"Market notes {n}: " + "Shares moved little. " * 30 + "Oil prices rose.", "en")
                for n in range(3)]
    articles[0].title = "Oil prices rise again"
    assert all(result.ok for result in backend.write(articles))
    fielded = backend.search(SearchRequest(query="title:oil", histogram=False, facets=()))
    assert [hit.title for hit in fielded.hits] == ["Oil prices rise again"]
    assert fielded.hits[0].snippet == plain_snippet(articles[0].body)
    unfielded = backend.search(SearchRequest(query="oil", histogram=False, facets=()))
    assert len(unfielded.hits) == 3 and all("<mark>Oil</mark>" in hit.snippet for hit in unfielded.hits)


def test_scripts_without_spaces_are_cut_between_characters() -> None:
    body = "東京都は今日、新しい港の計画を発表した。" * 3
    fragment = body[5:25]
    cut = clean_cut(fragment, body)
    assert cut == f"{ELLIPSIS} {fragment} {ELLIPSIS}"


def test_a_cut_never_separates_combining_marks_or_joiners() -> None:
    body = "cafe\u0301 " * 3 + "👩\u200d🔬 lab"
    assert clean_cut(body[:9], body) == "cafe\u0301 " + ELLIPSIS  # 'cafe' without its accent is dropped
    assert clean_cut("東京e", "東京e\u0301") == "東京 " + ELLIPSIS
    family = body.index("👩")
    cut = clean_cut(body[family + 1:], body)
    assert cut.startswith(ELLIPSIS + " ") and "\u200d" not in cut and cut.endswith("lab")
    assert clean_cut("Hangul 한국어", "Hangul 한국어") == "Hangul 한국어"


def _plain_snippet_of_the_whole_body(body: str, length: int) -> str:
    """plain_snippet as it was written first: every white-space run of the body folded."""
    from html import escape

    text = " ".join(body.split())
    return escape(clean_cut(text[:length], text) if len(text) > length else text)


def test_plain_snippet_folds_only_the_opening_with_the_same_result():
    bodies = [path.read_text(encoding="utf-8") for path in
              sorted((corpus("bbc-news") / "bbc" / "business").glob("*.txt"))[:200]]
    bodies += ["word " * 30 + " " * 5000 + "tail", " \n\t" * 3000 + "late start of a body", "x" * 9000,
               "mot\u0301 " * 400, "短" * 1000, ""]
    for length in (40, 300):
        for body in bodies:
            assert plain_snippet(body, length) == _plain_snippet_of_the_whole_body(body, length)
