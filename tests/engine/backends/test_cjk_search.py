"""CJK words are found inside longer runs on both engines, checked against a plain substring count.

The Korean corpus (sci-news-sum-kr-50, 50 Naver IT/science articles) is read in place. Words are
drawn with a fixed seed from the corpus's own space-separated words of two Hangul syllables (and some
of three); an article is expected for a word when its title or body holds the word as a substring.
"""
from __future__ import annotations

import json
import random
import re

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.backends.upgrades import SCHEMA_VERSION
from newsfacet.engine.model import Article
from newsfacet.engine.reindex import reindex
from newsfacet.engine.search import SearchRequest
from newsfacet.indexer.clean import clean_html, clean_text

from tests.corpora import corpus
from tests.engine.backends.test_upgrade import older_es_index
from tests.fixtures import schema_v3
from tests.indexing import REPO

SEED = 20261203
TWO_SYLLABLES = re.compile(r"[가-힣]{2}")
THREE_SYLLABLES = re.compile(r"[가-힣]{3}")


def korean_articles() -> list[Article]:
    articles = []
    for path in sorted((corpus("sci-news-sum-kr-50") / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        articles.append(Article(title=data["title"], body="\n".join(data["sentences"]), url=data["source"],
                                language="ko", outlet="Naver"))
    return articles


def sampled_words(articles: list[Article], pattern: re.Pattern[str], count: int) -> list[str]:
    words = sorted({word for article in articles for word in f"{article.title} {article.body}".split()
                    if pattern.fullmatch(word)})
    return random.Random(SEED).sample(words, count)


def holding(articles: list[Article], word: str) -> set[str]:
    """The independent count: articles whose title or body contains `word` as plain text."""
    return {article.id for article in articles if word in article.title or word in article.body}


def found_ids(backend, query: str, size: int = 100) -> tuple[int, set[str]]:
    result = backend.search(SearchRequest(query=query, page_size=size, facets=(), histogram=False))
    return result.total, {hit.id for hit in result.hits}


@pytest.fixture
def korean(backend):
    articles = korean_articles()
    assert all(result.ok for result in backend.write(articles))
    return backend, articles


@pytest.mark.corpus
def test_every_article_holding_a_two_syllable_word_is_found(korean):
    backend, articles = korean
    words = sampled_words(articles, TWO_SYLLABLES, 20)
    inside_longer_words = 0
    for word in words:
        expected = holding(articles, word)
        total, ids = found_ids(backend, word)
        assert (total, ids) == (len(expected), expected), word
        whole = {a.id for a in articles if word in f"{a.title} {a.body}".split()}
        inside_longer_words += len(expected - whole)
    assert inside_longer_words > 20  # the words were found where whole-word search missed them


@pytest.mark.corpus
def test_three_syllable_words_phrases_and_snippets(korean):
    backend, articles = korean
    for word in sampled_words(articles, THREE_SYLLABLES, 10):
        expected = holding(articles, word)
        assert found_ids(backend, word) == (len(expected), expected), word
    first = articles[0].body.split("\n")[0].split()
    phrase = " ".join(first[1:3])  # two words as they stand in the text
    _, ids = found_ids(backend, f'"{phrase}"')
    assert articles[0].id in ids
    word = sampled_words(articles, TWO_SYLLABLES, 1)[0]
    result = backend.search(SearchRequest(query=word, page_size=100, facets=(), histogram=False))
    assert result.hits and all(f"<mark>{word}</mark>" in hit.snippet for hit in result.hits)


def sample_article(name: str) -> Article:
    path = REPO / "samples" / name
    data = path.read_bytes()
    return clean_html(data) if path.suffix == ".html" else clean_text(data.decode("utf-8"), str(path))


def test_busan_finds_all_four_sample_articles(backend):
    articles = korean_samples()
    assert all(result.ok for result in backend.write(articles))
    expected = holding(articles, "부산")
    assert len(expected) == 4
    assert found_ids(backend, "부산") == (4, expected)
    assert found_ids(backend, "부산*") == (4, expected)
    assert found_ids(backend, "부산 -부산은")[0] < 4
    hits = backend.search(SearchRequest(query="부산", facets=(), histogram=False)).hits
    assert all("<mark>부산</mark>" in hit.snippet for hit in hits)


def korean_samples() -> list[Article]:
    return [sample_article(str(p.relative_to(REPO / "samples"))) for p in sorted((REPO / "samples" / "ko").iterdir())
            if p.suffix in (".html", ".txt")]


@pytest.fixture(params=["tantivy", "elasticsearch"])
def older_korean_index(request, tmp_path):
    """(writer, reader) over an index as schema 3 left it (no CJK fields), holding the Korean samples."""
    articles = korean_samples()
    if request.param == "tantivy":
        schema_v3.write_tantivy_index(tmp_path / "data", "articles", articles)
        pair = (TantivyBackend(tmp_path / "data"), TantivyBackend(tmp_path / "data"))
    else:
        from tests.es_support import es_url, open_backend

        writer = older_es_index(request, "upgradecjk", schema_v3.es_mapping(), articles)
        pair = (writer, open_backend(es_url(), writer.index))
    yield pair
    for backend in pair:
        backend.close()


def test_reindex_fills_the_cjk_fields_of_an_older_index(older_korean_index):
    writer, reader = older_korean_index
    expected = holding(korean_samples(), "부산")
    assert found_ids(reader, "부산")[0] == 0  # an older index has no CJK fields: reindex is the way
    assert reader.schema_info()["upgrade"] and "newsfacet reindex" in reader.schema_info()["upgrade"]
    reindex(writer, keep=1, batch_size=2)
    assert reader.schema_info()["schema_version"] == SCHEMA_VERSION
    assert found_ids(reader, "부산") == (4, expected)


JAPANESE_AND_CHINESE = [
    Article(title="東京都の台風", body="東京都に台風が上陸し、コンピューターシステムが停止した。", url="https://ja.example/1",
            language="ja"),
    Article(title="京都の祭り", body="京都では夏の祭りが始まった。", url="https://ja.example/2", language="ja"),
    Article(title="北京大学发布报告", body="北京大学的研究人员发布了关于港口的报告。", url="https://zh.example/1",
            language="zh"),
]


@pytest.mark.parametrize(("query", "titles"), [
    ("京都", {"東京都の台風", "京都の祭り"}),  # inside 東京都 too: bigrams do not know word boundaries
    ("コンピューター", {"東京都の台風"}),
    ("システム", {"東京都の台風"}),
    ("大学", {"北京大学发布报告"}),
    ("研究人员", {"北京大学发布报告"}),
    ("大学发布", {"北京大学发布报告"}),
    ('"北京大学 发布"', set()),  # a space in the query ends a run: the text has 学发 between them
    ("title:祭り", {"京都の祭り"}),
    ("台風 -コンピューター", set()),
    ("京都 OR 报告", {"東京都の台風", "京都の祭り", "北京大学发布报告"}),
    ("東京大学", set()),
])
def test_japanese_and_chinese_words(backend, query, titles):
    assert all(result.ok for result in backend.write(JAPANESE_AND_CHINESE))
    result = backend.search(SearchRequest(query=query, facets=(), histogram=False))
    assert {hit.title for hit in result.hits} == titles


def test_a_long_cjk_query_is_answered_not_refused(backend):
    assert all(result.ok for result in backend.write(JAPANESE_AND_CHINESE))
    result = backend.search(SearchRequest(query="京都" * 500, facets=(), histogram=False))
    assert result.total == 0
