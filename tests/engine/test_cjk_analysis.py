"""CJK tokens, compiled CJK queries and CJK snippets: pure functions, no engine needed."""
from __future__ import annotations

import pytest
from newsfacet.engine.analysis import cjk_fields, cjk_tokens, has_cjk
from newsfacet.engine.backends.es_query import compile_query
from newsfacet.engine.highlight import cjk_pattern, cjk_snippet, cjk_words
from newsfacet.engine.query import parse_query


@pytest.mark.parametrize(("text", "tokens"), [
    ("부산의 항구", ["부산", "산의", "항구"]),
    ("東京都に行く", ["東京", "京都", "都に", "に行", "行く"]),
    ("北京大学", ["北京", "京大", "大学"]),
    ("コンピューター", ["コン", "ンピ", "ピュ", "ュー", "ータ", "ター"]),
    ("北 京", ["北", "京"]),  # a one-character run is its own token
    ("3월부터 Samsung갤럭시 U.S.", ["3", "월부", "부터", "samsung", "갤럭", "럭시", "u.s"]),
    ("no cjk here", ["no", "cjk", "here"]),
])
def test_runs_of_cjk_characters_become_overlapping_bigrams(text, tokens):
    assert cjk_tokens(text) == tokens


def test_a_run_on_word_too_long_for_elasticsearchs_whitespace_tokenizer_is_dropped():
    assert cjk_tokens("부산 " + "x" * 300 + " 항구") == ["부산", "항구"]
    assert cjk_tokens("부" * 300)[:2] == ["부부", "부부"]  # CJK runs are bigrams, never long tokens


def test_only_parts_with_cjk_get_cjk_fields():
    assert cjk_fields("Busan port", "부산의 항구") == {"cjk_body": "부산 산의 항구"}
    assert cjk_fields("Busan port", "Harbour") == {}
    assert has_cjk("ソウル") and has_cjk("한") and not has_cjk("Ἀθῆναι")


def test_a_cjk_word_is_the_phrase_of_its_bigrams_on_the_cjk_fields():
    query = compile_query(parse_query("부산대학교"), stemming=True)
    assert query["bool"]["should"] == [
        {"match_phrase": {"cjk_title": {"query": "부산 산대 대학 학교", "boost": 2.0}}},
        {"match_phrase": {"cjk_body": {"query": "부산 산대 대학 학교"}}},
    ]
    assert compile_query(parse_query("title:부산"), stemming=True) == {
        "match_phrase": {"cjk_title": {"query": "부산"}}}


def test_cjk_prefix_is_the_word_unless_it_ends_in_another_script():
    assert compile_query(parse_query("부산*"), True) == compile_query(parse_query("부산"), True)
    should = compile_query(parse_query("갤럭시s*"), True)["bool"]["should"]
    assert should[1] == {"match_phrase_prefix": {"cjk_body": {"query": "갤럭 럭시 s", "max_expansions": 1000}}}


def test_words_without_cjk_keep_their_fields():
    fields = [next(iter(c["match_phrase"])) for c in compile_query(parse_query("harbour"), False)["bool"]["should"]]
    assert fields == ["title", "body"]


def test_cjk_snippet_marks_the_word_inside_longer_runs_and_escapes():
    body = "서론 " * 60 + "오늘 <b>부산의</b> 날씨는 맑고 부산은 덥다. " + "결론 " * 80
    snippet = cjk_snippet(body, cjk_pattern(cjk_words(parse_query("부산 -서울"))))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert snippet.count("<mark>부산</mark>") == 2
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet
    assert cjk_snippet("다른 이야기", cjk_pattern(["부산"])) == ""
    phrase = cjk_pattern(cjk_words(parse_query('"부산의 날씨"')))
    assert "<mark>부산의  날씨</mark>" not in cjk_snippet("부산의\n날씨", phrase)
    assert cjk_snippet("부산의\n날씨", phrase) == "<mark>부산의 날씨</mark>"
    assert cjk_snippet("부산의, 날씨", phrase) == "<mark>부산의, 날씨</mark>"


@pytest.mark.parametrize(("text", "expected"), [
    ("Harbour strike", False),  # ASCII: answered from the string's flag
    ("Straße in Zürich, 5 °C", False),  # Latin-1: answered by encoding
    ("it’s “quoted” — Москва", False),  # wider than Latin-1 but no CJK: the regex answers
    ("Zürich und 서울", True),  # Latin-1 letters beside Hangul
    ("café 東京", True),
    ("", False),
])
def test_has_cjk_agrees_with_the_cjk_regex_on_every_kind_of_text(text, expected):
    from newsfacet.engine.analysis import CJK_RUN

    assert has_cjk(text) is expected is (CJK_RUN.search(text) is not None)
