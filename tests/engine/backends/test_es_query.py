"""Compiled Elasticsearch queries, checked as plain dicts: no server needed."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

pytest.importorskip("elasticsearch")

from newsfacet.engine.backends.es_query import (  # noqa: E402
    compile_query,
    filter_clauses,
    highlight_query,
    prefix_include_regex,
)
from newsfacet.engine.backends.es_search import search_body  # noqa: E402
from newsfacet.engine.facets import DateFilter, ValueFilter  # noqa: E402
from newsfacet.engine.query import parse_query  # noqa: E402
from newsfacet.engine.search import FacetSelection, SearchRequest  # noqa: E402


def test_word_hits_title_boosted_body_and_stemmed_fields():
    query = compile_query(parse_query("harbour"), stemming=True)
    should = query["bool"]["should"]
    assert should[0] == {"match_phrase": {"title": {"query": "harbour", "boost": 2.0}}}
    assert should[1] == {"match_phrase": {"body": {"query": "harbour"}}}
    assert {"match_phrase": {"stem_en": {"query": "harbour"}}} in should
    assert not any("cjk_body" in clause["match_phrase"] for clause in should)  # no CJK in the word
    assert query["bool"]["minimum_should_match"] == 1


def test_without_stemming_only_title_and_body():
    query = compile_query(parse_query("harbour"), stemming=False)
    assert [list(clause["match_phrase"]) for clause in query["bool"]["should"]] == [["title"], ["body"]]


def test_phrase_and_field_values():
    assert compile_query(parse_query('"container traffic"'), stemming=True)["bool"]["should"] == [
        {"match_phrase": {"title": {"query": "container traffic", "boost": 2.0}}},
        {"match_phrase": {"body": {"query": "container traffic"}}},
    ]
    assert compile_query(parse_query('person:"Oleg Petrov"')) == {
        "match_phrase": {"entities.person.text": {"query": "Oleg Petrov"}}}
    assert compile_query(parse_query("site:ledger")) == {"match_phrase": {"outlet.text": {"query": "ledger"}}}
    assert compile_query(parse_query("title:election")) == {"match_phrase": {"title": {"query": "election"}}}


def test_prefix_is_analysed_here_and_never_query_string():
    query = compile_query(parse_query("Contain*"), stemming=True)
    assert query["bool"]["should"] == [{"prefix": {"title": {"value": "contain", "boost": 2.0}}},
                                       {"prefix": {"body": {"value": "contain"}}}]
    multi = compile_query(parse_query("author:jean-pi*"))
    assert multi == {"match_phrase_prefix": {"authors.text": {"query": "jean pi", "max_expansions": 1000}}}


def test_boolean_structure_and_negation():
    query = compile_query(parse_query("harbour -storm"), stemming=False)
    assert len(query["bool"]["must"]) == 1 and len(query["bool"]["must_not"]) == 1
    only_not = compile_query(parse_query("-storm"), stemming=False)
    assert only_not["bool"]["must"] == [{"match_all": {}}]
    either = compile_query(parse_query("a1 OR b2"), stemming=False)
    assert len(either["bool"]["should"]) == 2 and either["bool"]["minimum_should_match"] == 1


@pytest.mark.parametrize("text", ['a" OR (b', "x:y", "\\\" { } [ ] ~ * ? ^", "AND OR NOT", "<script>"])
def test_user_text_never_becomes_query_syntax(text):
    try:
        node = parse_query(text)
    except ValueError:
        return
    dumped = json.dumps(compile_query(node))
    assert "query_string" not in dumped and "simple_query_string" not in dumped


def test_filters():
    start, end = datetime(2023, 3, 1, tzinfo=UTC), datetime(2023, 7, 1, tzinfo=UTC)
    clauses = filter_clauses([ValueFilter("outlet", ("A", "B")), ValueFilter("person", ("X",), exclude=True),
                              DateFilter(start, end), ValueFilter("author", ("Z",))])
    days = {"gte": "2023-03-01T00:00:00+00:00", "lt": "2023-07-01T00:00:00+00:00"}
    assert clauses == {"bool": {
        "filter": [{"terms": {"outlet": ["A", "B"]}},
                   {"bool": {"should": [
                       {"range": {"published_day": days}},
                       # An index older than the local day (schema 3) is filtered by the UTC instant.
                       {"bool": {"filter": [{"bool": {"must_not": [{"exists": {"field": "published_day"}}]}},
                                            {"range": {"published": days}}]}}],
                       "minimum_should_match": 1}},
                   {"terms": {"authors": ["Z"]}}],
        "must_not": [{"terms": {"entities.person": ["X"]}}]}}
    assert filter_clauses([]) == {"match_all": {}}


def test_search_body_uses_post_filter_and_per_facet_filter_aggregations():
    request = SearchRequest(query="harbour", date_from=date(2023, 1, 1), date_to=date(2023, 1, 31),
                            selections={"outlet": FacetSelection(include=("A",)),
                                        "language": FacetSelection(exclude=("de",))})
    body = search_body(request, stemming=False)
    full = body["post_filter"]
    assert body["aggs"]["group0"]["filter"] == full  # unselected facets and histogram: every filter
    assert "outlet" not in body["aggs"]["group0"]["aggs"]
    assert body["aggs"]["group0"]["aggs"]["_dates"]["date_histogram"]["calendar_interval"] == "day"
    outlet_group = next(g for g in body["aggs"].values() if "outlet" in g["aggs"])
    assert {"terms": {"outlet": ["A"]}} not in outlet_group["filter"]["bool"].get("filter", [])
    assert outlet_group["filter"]["bool"]["must_not"] == [{"terms": {"language": ["de"]}}]
    assert body["sort"] == [{"_score": "desc"}, {"id": "asc"}]
    assert body["aggs"]["group0"]["aggs"]["person"]["terms"]["shard_size"] >= 10_000
    assert body["highlight"]["fields"]["body"]["highlight_query"] == highlight_query(parse_query("harbour"))


def test_prefix_include_regex_is_case_and_accent_insensitive_and_escaped():
    word_start = "(.*[ \\-])?"
    assert prefix_include_regex("Пе") == word_start + "[Пп][Ее].*"
    assert prefix_include_regex("1+") == word_start + "1\\+.*"
    letters = prefix_include_regex("e.")
    assert letters.startswith(word_start + "[") and "é" in letters and "É" in letters and letters.endswith("]\\..*")
