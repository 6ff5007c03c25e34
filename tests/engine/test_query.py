"""The query language: what parses to what, where errors point, and that nothing else escapes."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsfacet.engine.backends.es_query import compile_query, highlight_query
from newsfacet.engine.query import (
    MAX_DEPTH,
    MAX_PREFIXES,
    And,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    parse_query,
    positive_terms,
)


@pytest.mark.parametrize("text,expected", [
    ("port", Term("port")),
    ("port strike", And((Term("port"), Term("strike")))),
    ("port AND strike", And((Term("port"), Term("strike")))),
    ('"port strike"', Phrase("port strike")),
    ("port OR harbour", Or((Term("port"), Term("harbour")))),
    ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
    ("port -strike", And((Term("port"), Not(Term("strike"))))),
    ("port NOT strike", And((Term("port"), Not(Term("strike"))))),
    ("(port OR harbour) storm", And((Or((Term("port"), Term("harbour"))), Term("storm")))),
    ("title:storm", Term("storm", "title")),
    ('person:"Oleg Petrov"', Phrase("Oleg Petrov", "person")),
    ("org:UN", Term("UN", "organization")),
    ("lang:de", Term("de", "language")),
    ("harb*", Prefix("harb")),
    ("location:Lis*", Prefix("Lis", "location")),
    ("or and not", And((Term("or"), Term("and"), Term("not")))),
    ("10:30 well-known", And((Term("10:30"), Term("well-known")))),
    ("Москва 서울", And((Term("Москва"), Term("서울")))),
])
def test_parses(text, expected):
    assert parse_query(text) == expected


@pytest.mark.parametrize("text,position,fragment", [
    ("", 0, "empty"),
    ("   ", 0, "empty"),
    ('port "strike', 5, "quote"),
    ("(port OR harbour", 0, "never closed"),
    ("port)", 4, "unbalanced ')'"),
    ("colour:red", 0, "unknown field 'colour'"),
    ("port OR", 5, "OR needs"),
    ("OR port", 0, "OR needs"),
    ("port AND", 5, "AND needs"),
    ("()", 0, "empty parentheses"),
    ("p*", 0, "at least 2"),
    ("po*rt", 2, "only allowed at the end"),
    ("title:", 0, "needs a value"),
    ("- port", 0, "no letters"),
    ('""', 0, "no words"),
    ("NOT", 0, "needs a word"),
])
def test_errors_say_where(text, position, fragment):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert caught.value.position == position
    assert fragment in caught.value.message
    assert f"character {position + 1}" in str(caught.value)


def test_nesting_is_bounded():
    with pytest.raises(QuerySyntaxError, match="nest deeper"):
        parse_query("(" * 100 + "a" + ")" * 100)


@pytest.mark.parametrize("text", ["-" * 490 + "oil", "NOT " * 120 + "oil", "(-" * 17 + "oil" + ")" * 17,
                                  "-(" * 17 + "oil" + ")" * 17])
def test_negation_chains_count_toward_the_nesting_bound(text):
    """490 leading '-' used to pass the parser and overflow Python's stack while compiling."""
    with pytest.raises(QuerySyntaxError, match=f"nest deeper than {MAX_DEPTH} levels"):
        parse_query(text)


def test_every_tree_within_the_bound_compiles_for_elasticsearch_and_highlights():
    node = parse_query("-" * MAX_DEPTH + "oil")
    depth = 0
    while isinstance(node, Not):
        node, depth = node.item, depth + 1
    assert depth == MAX_DEPTH and node == Term("oil")
    deepest = parse_query("(" * (MAX_DEPTH // 2) + "-oil OR port" + ")" * (MAX_DEPTH // 2))
    assert compile_query(deepest)["bool"] and highlight_query(deepest)


def test_positive_terms_skip_negations():
    assert positive_terms(parse_query('port -strike "big ships" OR harb*')) == [
        Term("port"), Phrase("big ships"), Prefix("harb")]


QUERY_ALPHABET = st.sampled_from(list('ab Z:()"-*') + ["OR", "AND", "NOT", "title:", "person:", "x:", " ", "ü", "한"])


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_syntax_error(text):
    try:
        parse_query(text)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=25).map("".join))
def test_query_shaped_text_parses_or_raises_syntax_error(text):
    try:
        parse_query(text)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(text)


def test_prefixes_are_bounded():
    assert parse_query(" ".join(["ha*"] * MAX_PREFIXES))
    text = " ".join(["ha*"] * (MAX_PREFIXES + 1))
    with pytest.raises(QuerySyntaxError, match=f"at most {MAX_PREFIXES} words may end in"):
        parse_query(text)
