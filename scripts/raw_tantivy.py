"""The raw-tantivy side of bench_search: the same work with everything precompiled.

Queries, filters and aggregation dicts are built once up front; a timed run is only tantivy:
search, one aggregate call per facet group, doc fetch and snippets for the top 20.
"""
from __future__ import annotations

import json

import tantivy

from engine.backends.tantivy_search import _DAYS, _MONTHS, SNIPPET_CHARS, _interval_from_request, terms_agg
from engine.facets import FACETS, aggregation_groups


class RawTantivy:
    def __init__(self, backend, requests) -> None:
        self.searcher = backend._searcher()
        compiler = backend.compiler
        self.schema = backend.schema
        self.plans = []
        for request in requests:
            base = compiler.compile(request.parsed)
            groups = aggregation_groups(request)
            aggs = []
            for number, group in enumerate(groups):
                spec = {name: terms_agg(FACETS[name].field, request.facet_size) for name in group.facets}
                if number == 0:
                    daily = _interval_from_request(request) in ("day", "week")
                    spec["_dates"] = _DAYS if daily else _MONTHS
                aggs.append((compiler.filtered(base, group.filters), spec))
            order = {"newest": ("sort_key", tantivy.Order.Desc), "oldest": ("sort_key", tantivy.Order.Asc)}
            self.plans.append((aggs[0][0], aggs, compiler.highlight_query(request.parsed), order.get(request.sort)))

    def run(self, number: int) -> None:
        full, aggs, highlight, order = self.plans[number]
        if order:
            hits = self.searcher.search(full, 20, count=True, order_by_field=order[0], order=order[1]).hits
        else:
            hits = self.searcher.search(full, 20, count=True).hits
        for query, spec in aggs:
            if spec:
                self.searcher.aggregate(query, spec)
        generator = None
        if highlight is not None:
            generator = tantivy.SnippetGenerator.create(self.searcher, highlight, self.schema, "body")
            generator.set_max_num_chars(SNIPPET_CHARS)
        for _, address in hits:
            stored = json.loads(bytes(self.searcher.doc(address).get_first("doc")))
            if generator is not None:
                text = tantivy.Document()
                text.add_text("body", stored["body"])
                generator.snippet_from_doc(text)
