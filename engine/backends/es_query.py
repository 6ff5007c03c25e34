"""Compile the shared query AST and facet filters into Elasticsearch query DSL dicts.

Pure functions, no client: `tests/test_es_query.py` checks their output without a server. User text
only ever lands in `match_phrase` / `prefix` / `match_phrase_prefix` values, never in
`query_string`, so no character of it is query syntax.

The targets mirror `tantivy_query.QueryCompiler`: a word hits title (boost 2), body and, when the
index has stemmers, every `stem_<lang>` field; phrases and prefixes hit title and body only;
`field:value` hits the word-analysed `.text` sub-field of that facet's keyword field. A word or phrase
holding CJK characters hits `cjk_title` (boost 2) and `cjk_body` instead of title and body, as the
phrase of the tokens `engine.analysis.cjk_tokens` makes (the fields split on whitespace only).
"""
from __future__ import annotations

import re
from typing import Any

from newsfacet.engine.analysis import (
    CJK_FIELDS,
    STEMMED_LANGUAGES,
    WORD_PATTERN,
    cjk_field_text,
    ends_in_cjk,
    has_cjk,
    stemmed_field,
)
from newsfacet.engine.facets import (
    FACETS,
    LOCAL_DAY_FIELD,
    UTC_INSTANT_FIELD,
    DateFilter,
    Filter,
    IdFilter,
    SampleFilter,
    ValueFilter,
    value_search_chars,
)
from newsfacet.engine.query import And, Node, Not, Or, Phrase, Prefix, Term, body_terms
from newsfacet.engine.sampling import SAMPLE_KEY_FIELD

TITLE_BOOST = 2.0
# Multi-token prefixes expand the last word; bounded so one query cannot explode.
PHRASE_PREFIX_EXPANSIONS = 1000
_WORDS = re.compile(WORD_PATTERN)
_LUCENE_REGEX_META = re.compile(r'([.?+*|{}\[\]()"\\#@&<>~])')

Query = dict[str, Any]
MATCH_ALL: Query = {"match_all": {}}
MATCH_NONE: Query = {"match_none": {}}


def compile_query(node: Node | None, stemming: bool = True) -> Query:
    """The scoring query for an AST (match_all for an empty query)."""
    if node is None:
        return dict(MATCH_ALL)
    if isinstance(node, And):
        return _boolean(node.items, "must", stemming)
    if isinstance(node, Or):
        return _boolean(node.items, "should", stemming)
    if isinstance(node, Not):
        return _boolean((node,), "must", stemming)
    return _leaf(node, stemming)


def _boolean(items: tuple[Node, ...], occur: str, stemming: bool) -> Query:
    clauses: dict[str, list[Query]] = {}
    for item in items:
        if isinstance(item, Not):
            clauses.setdefault("must_not", []).append(compile_query(item.item, stemming))
        else:
            clauses.setdefault(occur, []).append(compile_query(item, stemming))
    if set(clauses) == {"must_not"}:
        clauses["must"] = [dict(MATCH_ALL)]
    body: dict[str, Any] = dict(clauses)
    if "should" in body and "must" not in body:
        # Explicit: a bool that gains a filter clause elsewhere must not make OR optional.
        body["minimum_should_match"] = 1
    return {"bool": body}


def _targets(leaf: Term | Phrase | Prefix, stemming: bool) -> list[tuple[str, float]]:
    """(field, boost) pairs a leaf searches."""
    if leaf.field in (None, "title") and has_cjk(leaf.text):
        title = [(CJK_FIELDS["title"], 1.0 if leaf.field else TITLE_BOOST)]
        return title if leaf.field else [*title, (CJK_FIELDS["body"], 1.0)]
    if leaf.field == "title":
        return [("title", 1.0)]
    if leaf.field is not None:
        return [(f"{FACETS[leaf.field].elasticsearch_path}.text", 1.0)]
    targets = [("title", TITLE_BOOST), ("body", 1.0)]
    if isinstance(leaf, Term) and stemming:
        targets += [(stemmed_field(language), 1.0) for language in STEMMED_LANGUAGES]
    return targets


def _leaf(leaf: Term | Phrase | Prefix, stemming: bool) -> Query:
    clauses = [query for field, boost in _targets(leaf, stemming)
               if (query := leaf_on_field(leaf, field, boost)) is not None]
    if not clauses:
        return dict(MATCH_NONE)
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def prefix_tokens(text: str) -> list[str]:
    """Words of a prefix as the index's analyzer would produce them (tokenize, lowercase).

    `prefix` queries are not analysed by Elasticsearch, so we do it here with the shared word rule.
    """
    return [token.lower() for token in _WORDS.findall(text)]


def leaf_on_field(leaf: Term | Phrase | Prefix, field: str, boost: float = 1.0) -> Query | None:
    """One leaf on one field. A word that analyses to several tokens (`U.S-led`) is a phrase,
    as in tantivy, hence `match_phrase` for words too."""
    if field in CJK_FIELDS.values():
        return _cjk_leaf(leaf, field, boost)
    if isinstance(leaf, Prefix):
        tokens = prefix_tokens(leaf.text)
        if not tokens:
            return None
        if len(tokens) == 1:
            return {"prefix": {field: _boosted({"value": tokens[0]}, boost)}}
        return {"match_phrase_prefix": {field: _boosted(
            {"query": " ".join(tokens), "max_expansions": PHRASE_PREFIX_EXPANSIONS}, boost)}}
    return {"match_phrase": {field: _boosted({"query": leaf.text}, boost)}}


def _cjk_leaf(leaf: Term | Phrase | Prefix, field: str, boost: float) -> Query | None:
    """A leaf on a CJK field: the phrase of its tokens; a prefix expands only a last non-CJK word
    (a CJK word already matches inside longer runs, so `부산*` means `부산`)."""
    tokens = cjk_field_text(leaf.text)
    if not tokens:
        return None
    if isinstance(leaf, Prefix) and not ends_in_cjk(leaf.text):
        if " " not in tokens:
            return {"prefix": {field: _boosted({"value": tokens}, boost)}}
        return {"match_phrase_prefix": {field: _boosted(
            {"query": tokens, "max_expansions": PHRASE_PREFIX_EXPANSIONS}, boost)}}
    return {"match_phrase": {field: _boosted({"query": tokens}, boost)}}


def _boosted(params: dict[str, Any], boost: float) -> dict[str, Any]:
    if boost != 1.0:
        params["boost"] = boost
    return params


def highlight_query(node: Node | None) -> Query | None:
    """The positive words of the query on the body field only: what snippets mark."""
    # CJK words are marked by engine.highlight.cjk_snippet: "body" does not hold their bigrams.
    leaves = [leaf for leaf in body_terms(node) if not has_cjk(leaf.text)]
    clauses = [query for leaf in leaves if (query := leaf_on_field(leaf, "body")) is not None]
    if not clauses:
        return None
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def filter_clauses(filters: list[Filter] | tuple[Filter, ...]) -> Query:
    """Neutral facet/date filters (engine.facets) as one non-scoring bool query."""
    must: list[Query] = []
    must_not: list[Query] = []
    for item in filters:
        if isinstance(item, ValueFilter):
            clause = {"terms": {FACETS[item.facet].elasticsearch_path: list(item.values)}}
            (must_not if item.exclude else must).append(clause)
        elif isinstance(item, DateFilter) and item.undated:
            must_not += [{"exists": {"field": LOCAL_DAY_FIELD}}, {"exists": {"field": UTC_INSTANT_FIELD}}]
        elif isinstance(item, DateFilter):
            must.append(_local_day_range(item))
        elif isinstance(item, SampleFilter):
            must.append({"range": {SAMPLE_KEY_FIELD: {"lt": item.below}}})
        elif isinstance(item, IdFilter):
            must.append({"terms": {"id": list(item.ids)}})
    body: dict[str, Any] = {}
    if must:
        body["filter"] = must
    if must_not:
        body["must_not"] = must_not
    return {"bool": body} if body else dict(MATCH_ALL)


def without_local_day() -> Query:
    """Documents of an index older than the local day field (schema 3): they count their UTC day."""
    return {"bool": {"must_not": [{"exists": {"field": LOCAL_DAY_FIELD}}]}}


def _local_day_range(item: DateFilter) -> Query:
    """The range on the local day; on an older index (no such field) on the UTC instant. One query
    serves both, so a search never needs to know which version the alias points at."""
    bounds = _date_range(item)
    older = {"bool": {"filter": [without_local_day(), {"range": {UTC_INSTANT_FIELD: bounds}}]}}
    return {"bool": {"should": [{"range": {LOCAL_DAY_FIELD: bounds}}, older], "minimum_should_match": 1}}


def _date_range(item: DateFilter) -> dict[str, str]:
    bounds = {}
    if item.start is not None:
        bounds["gte"] = item.start.isoformat()
    if item.end is not None:
        bounds["lt"] = item.end.isoformat()
    return bounds


def filtered(query: Query, filters: list[Filter] | tuple[Filter, ...]) -> Query:
    """`query` restricted by filters that do not change its scores."""
    if not filters:
        return query
    return {"bool": {"must": [query], "filter": [filter_clauses(filters)]}}


def prefix_include_regex(prefix: str) -> str:
    """Facet values with a word starting with `prefix`, whatever the case and accents, as a Lucene
    regular expression for a terms `include` (which has no case flag: letters become classes)."""
    parts = [f"[{forms}]" if len(forms) > 1 else _LUCENE_REGEX_META.sub(r"\\\1", forms)
             for forms in value_search_chars(prefix)]
    return "(.*[ \\-])?" + "".join(parts) + ".*"
