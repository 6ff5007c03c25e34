"""Highlighted snippets on the embedded index, cheap enough for every hit of every page.

tantivy's snippet generator re-tokenises the whole text it is given, which made highlighting
the dearest part of a search. We hand it a window around the first place a query word occurs
(a plain substring search) and fall back to the whole body only when that window holds no match.
"""
from __future__ import annotations

import tantivy
from newsfacet.engine.analyzers import NEUTRAL
from newsfacet.engine.backends.tantivy_query import QueryCompiler
from newsfacet.engine.highlight import SNIPPET_CHARS, cjk_pattern, cjk_snippet, cjk_words, mark_byte_ranges
from newsfacet.engine.query import Node, body_terms

WINDOW_BEFORE, WINDOW_AFTER = 200, 600


class SnippetMaker:
    """Marks the query's words in article bodies; built once per search."""

    def __init__(self, searcher: tantivy.Searcher, compiler: QueryCompiler, node: Node) -> None:
        query = compiler.highlight_query(node)
        self.generator = None
        if query is not None:
            self.generator = tantivy.SnippetGenerator.create(searcher, query, compiler.schema, "body")
            self.generator.set_max_num_chars(SNIPPET_CHARS)
        self.cjk = cjk_pattern(cjk_words(node))
        analyzer = compiler.analyzers[NEUTRAL]
        self.needles = [token for leaf in body_terms(node) for token in analyzer.analyze(leaf.text)[:1]]

    def snippet(self, body: str) -> str:
        """Safe HTML with <mark> around matches, or "" when the body holds none."""
        marked = ""
        if self.generator is not None:
            window = self._window(body)
            marked = self._mark(window, body)
            if not marked and len(window) < len(body):
                marked = self._mark(body, body)
        return marked or cjk_snippet(body, self.cjk)

    def _window(self, body: str) -> str:
        lowered = body.lower()
        hits = [at for at in (lowered.find(needle) for needle in self.needles) if at >= 0]
        if not hits or len(body) <= WINDOW_BEFORE + WINDOW_AFTER:
            return body
        first = min(hits)
        return body[max(0, first - WINDOW_BEFORE):first + WINDOW_AFTER]

    def _mark(self, text: str, body: str) -> str:
        doc = tantivy.Document()
        doc.add_text("body", text)
        found = self.generator.snippet_from_doc(doc)
        ranges = [(r.start, r.end) for r in found.highlighted()]
        return mark_byte_ranges(found.fragment(), ranges, body) if ranges else ""
