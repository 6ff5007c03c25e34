"""The raw-tantivy side of bench_search: the same work with everything precompiled.

Queries, filters and aggregation dicts are built once up front; a timed run is only tantivy:
search, one aggregate call per facet group, doc fetch and snippets for the top 20 (through the
same windowed snippet maker, so both sides do identical highlighting work).
"""
from __future__ import annotations

import json

import tantivy
from newsfacet.engine.backends.tantivy_search import _MONTHS, _days, terms_agg
from newsfacet.engine.backends.tantivy_snippets import SnippetMaker
from newsfacet.engine.facets import FACETS, aggregation_groups
from newsfacet.engine.histogram import requested_interval


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
                spec = {name: terms_agg(FACETS[name].aggregation(request.facet_size)) for name in group.facets}
                if number == 0:
                    daily = requested_interval(request.interval, request.date_from, request.date_to) in ("day", "week")
                    spec["_dates"] = _days(compiler.day_field) if daily else _MONTHS
                aggs.append((compiler.filtered(base, group.filters), spec))
            order = {"newest": ("sort_key", tantivy.Order.Desc), "oldest": ("sort_key", tantivy.Order.Asc)}
            snippets = SnippetMaker(self.searcher, compiler, request.parsed) if request.parsed else None
            self.plans.append((aggs[0][0], aggs, snippets, order.get(request.sort)))

    def run(self, number: int) -> None:
        full, aggs, snippets, order = self.plans[number]
        if order:
            hits = self.searcher.search(full, 20, count=True, order_by_field=order[0], order=order[1]).hits
        else:
            hits = self.searcher.search(full, 20, count=True).hits
        for query, spec in aggs:
            if spec:
                self.searcher.aggregate(query, spec)
        for _, address in hits:
            stored = json.loads(bytes(self.searcher.doc(address).get_first("doc")))
            if snippets is not None:
                snippets.snippet(stored["body"])
