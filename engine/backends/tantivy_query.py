"""Compile the shared query AST and facet filters into tantivy queries.

User text never reaches tantivy's query parser: each word is analysed with the index's own
analyzers and turned into term, phrase or regex queries on named fields.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime, time

import tantivy
from newsfacet.engine.analysis import CJK_FIELDS, STEMMED_LANGUAGES, cjk_tokens, ends_in_cjk, has_cjk, stemmed_field
from newsfacet.engine.analyzers import CJK_ANALYZER, NEUTRAL, stem_analyzer_name
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
from newsfacet.engine.limits import EARLIEST_DAY
from newsfacet.engine.query import And, Node, Not, Or, Phrase, Prefix, Term, body_terms
from newsfacet.engine.sampling import SAMPLE_BUCKET_FIELD, SAMPLE_KEY_FIELD, whole_buckets
from tantivy import Occur, Query

TITLE_BOOST = 2.0
# The earliest day any article may carry: "has a day" is a range from it, open above.
ANY_DAY = datetime.combine(EARLIEST_DAY, time(), UTC)
_REGEX_META = re.compile(r"([\\.+*?()|\[\]{}^$#&\-~])")


def regex_literal(text: str) -> str:
    """`text` escaped for tantivy's (Rust) regex syntax."""
    return _REGEX_META.sub(r"\\\1", text)


def value_prefix_regex(prefix: str) -> str:
    """Facet values with a word starting with `prefix`, whatever the case and accents (tantivy
    matches the whole value)."""
    parts = [f"[{forms}]" if len(forms) > 1 else regex_literal(forms) for forms in value_search_chars(prefix)]
    return "(.*[ -])?" + "".join(parts) + ".*"


class QueryCompiler:
    """Turns AST nodes and filters into tantivy `Query` objects for one schema."""

    def __init__(self, schema: tantivy.Schema, analyzers: dict[str, tantivy.TextAnalyzer],
                 stemming: bool = True, fields: frozenset[str] | None = None) -> None:
        self.schema = schema
        self.analyzers = analyzers
        # Off only to compare like with like against an engine that has no stemmers.
        self.stemming = stemming
        # The fields the index has (None: all of today's). An index built by an older release lacks
        # newer fields; a query or filter on one then matches nothing instead of failing.
        self.fields = fields

    def has_field(self, field: str) -> bool:
        return self.fields is None or field in self.fields

    @property
    def day_field(self) -> str:
        """What date filters and the histogram count: the local day, or UTC in an index older than it."""
        return LOCAL_DAY_FIELD if self.has_field(LOCAL_DAY_FIELD) else UTC_INSTANT_FIELD

    # -- full text -------------------------------------------------------------------------
    def compile(self, node: Node | None) -> Query:
        if node is None:
            return Query.all_query()
        if isinstance(node, And):
            return self._boolean([(Occur.Must, item) for item in node.items])
        if isinstance(node, Or):
            return self._boolean([(Occur.Should, item) for item in node.items])
        if isinstance(node, Not):
            return self._boolean([(Occur.Must, node)])
        return self._leaf(node)

    def highlight_query(self, node: Node | None) -> Query | None:
        """The positive words of the query on the body field only: what snippets mark."""
        # CJK words are marked by engine.highlight.cjk_snippet: "body" does not hold their bigrams.
        leaves = [leaf for leaf in body_terms(node) if not has_cjk(leaf.text)]
        clauses = [(Occur.Should, self._on_field(leaf, "body", NEUTRAL)) for leaf in leaves]
        clauses = [clause for clause in clauses if clause[1] is not None]
        return Query.boolean_query(clauses) if clauses else None

    def _boolean(self, items: list[tuple[Occur, Node]]) -> Query:
        clauses = []
        for occur, node in items:
            if isinstance(node, Not):
                clauses.append((Occur.MustNot, self.compile(node.item)))
            else:
                clauses.append((occur, self.compile(node)))
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(clauses)

    def _leaf(self, leaf: Term | Phrase | Prefix) -> Query:
        clauses = []
        for field, analyzer, boost in self._targets(leaf):
            query = self._on_field(leaf, field, analyzer)
            if query is not None:
                clauses.append((Occur.Should, Query.boost_query(query, boost) if boost != 1 else query))
        return Query.boolean_query(clauses) if clauses else Query.empty_query()

    def _targets(self, leaf: Term | Phrase | Prefix) -> list[tuple[str, str, float]]:
        """(field, analyzer, boost) a leaf searches: words also hit the stemmed fields; a leaf with
        CJK characters searches the bigram fields instead of title and body."""
        if leaf.field in (None, "title") and has_cjk(leaf.text):
            title = [(CJK_FIELDS["title"], CJK_ANALYZER, 1.0 if leaf.field else TITLE_BOOST)]
            return title if leaf.field else [*title, (CJK_FIELDS["body"], CJK_ANALYZER, 1.0)]
        if leaf.field == "title":
            return [("title", NEUTRAL, 1.0)]
        if leaf.field is not None:
            return [(FACETS[leaf.field].tantivy_text_field, NEUTRAL, 1.0)]
        targets = [("title", NEUTRAL, TITLE_BOOST), ("body", NEUTRAL, 1.0)]
        if isinstance(leaf, Term) and self.stemming:
            targets += [(stemmed_field(lang), stem_analyzer_name(lang), 1.0) for lang in STEMMED_LANGUAGES]
        return targets

    def _on_field(self, leaf: Term | Phrase | Prefix, field: str, analyzer: str) -> Query | None:
        cjk = analyzer == CJK_ANALYZER
        tokens = cjk_tokens(leaf.text) if cjk else self.analyzers[analyzer].analyze(leaf.text)
        if not tokens or not self.has_field(field):
            return None
        # A CJK word already matches inside longer runs, so a prefix ending in CJK is that word.
        if isinstance(leaf, Prefix) and not (cjk and ends_in_cjk(leaf.text)):
            if len(tokens) == 1:
                return Query.regex_query(self.schema, field, regex_literal(tokens[0]) + ".*")
            return Query.phrase_prefix_query(self.schema, field, tokens)
        if len(tokens) == 1:
            return Query.term_query(self.schema, field, tokens[0])
        return Query.phrase_query(self.schema, field, tokens)

    # -- filters ---------------------------------------------------------------------------
    def filtered(self, query: Query, filters: list[Filter] | tuple[Filter, ...]) -> Query:
        """`query` restricted by facet and date filters (which do not change scores)."""
        if not filters:
            return query
        clauses = [(Occur.Must, query)]
        for item in filters:
            field = FACETS[item.facet].tantivy_field if isinstance(item, ValueFilter) else None
            if field is not None and not self.has_field(field):
                if not item.exclude:  # no document holds a value of a field the index lacks
                    clauses.append((Occur.Must, Query.empty_query()))
            elif isinstance(item, ValueFilter):
                value_query = Query.term_set_query(self.schema, field, list(item.values))
                clauses.append((Occur.MustNot if item.exclude else Occur.Must,
                                Query.const_score_query(value_query, 0.0)))
            elif isinstance(item, DateFilter) and item.undated:
                clauses.append((Occur.MustNot, self._date_range(DateFilter(ANY_DAY, None))))
            elif isinstance(item, DateFilter):
                clauses.append((Occur.Must, Query.const_score_query(self._date_range(item), 0.0)))
            elif isinstance(item, SampleFilter):
                clauses.append((Occur.Must, Query.const_score_query(self._sample(item.below), 0.0)))
            elif isinstance(item, IdFilter):
                clauses.append((Occur.Must, Query.const_score_query(self.ids(list(item.ids)), 0.0)))
        return Query.boolean_query(clauses)

    def _sample(self, below: int) -> Query:
        """Articles whose sample key is below `below`: by whole buckets when the cut is on a bucket
        boundary and the index files them (engine.sampling), else by the key's range."""
        buckets = whole_buckets(below)
        if buckets is not None and self.has_field(SAMPLE_BUCKET_FIELD):
            return Query.range_query(self.schema, SAMPLE_BUCKET_FIELD, tantivy.FieldType.Unsigned, 0, buckets,
                                     include_upper=False)
        return Query.range_query(self.schema, SAMPLE_KEY_FIELD, tantivy.FieldType.Unsigned, 0, below,
                                 include_upper=False)

    def _date_range(self, item: DateFilter) -> Query:
        return Query.range_query(self.schema, self.day_field, tantivy.FieldType.Date, item.start, item.end,
                                 include_lower=True, include_upper=item.end is None)

    def sort_key_range(self, bound: int, descending: bool) -> Query:
        """sort_key <= bound (newest first) or >= bound (oldest first), for keyset paging."""
        low, high = (None, bound) if descending else (bound, None)
        return Query.range_query(self.schema, "sort_key", tantivy.FieldType.Unsigned, low, high)

    def sort_key_between(self, low: int | None, high: int | None) -> Query:
        """low <= sort_key <= high (None: open)."""
        return Query.range_query(self.schema, "sort_key", tantivy.FieldType.Unsigned, low, high)

    def ids(self, ids: list[str]) -> Query:
        return Query.term_set_query(self.schema, "id", ids)
