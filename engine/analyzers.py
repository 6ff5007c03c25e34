"""The embedded index's text analyzers, by name: how tantivy turns text into terms.

The schema names them for its fields (engine.backends.tantivy_schema), the query compiler analyzes
query words with them, and the article page marks the words a search found (engine.highlight) with
the very same ones, so what is marked is what matched.
"""
from __future__ import annotations

import tantivy
from newsfacet.engine.analysis import STEMMED_LANGUAGES, WORD_PATTERN

NEUTRAL = "newsfacet_words"
# The CJK fields hold tokens made in Python (engine.analysis.cjk_tokens): split on spaces only.
CJK_ANALYZER = "newsfacet_cjk"


def stem_analyzer_name(language: str) -> str:
    return f"newsfacet_stem_{language}"


def build_analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """The neutral word analyzer, the CJK token splitter and one stemming analyzer per stemmed language."""
    def base() -> tantivy.TextAnalyzerBuilder:
        return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_PATTERN)).filter(
            tantivy.Filter.lowercase())

    analyzers = {NEUTRAL: base().build(),
                 CJK_ANALYZER: tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()}
    for language, stemmer in STEMMED_LANGUAGES.items():
        analyzers[stem_analyzer_name(language)] = base().filter(tantivy.Filter.stemmer(stemmer)).build()
    return analyzers
