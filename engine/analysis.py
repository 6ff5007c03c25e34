"""Text analysis shared by the backends: one tokenizer rule and the stemmed languages.

The word pattern approximates Elasticsearch's `standard` tokenizer for news text (apostrophes and
dots inside words and commas inside numbers keep a token whole), so both engines split text the
same way and match the same documents.
"""
from __future__ import annotations

# Rust-regex syntax (tantivy) and Python-compatible too.
WORD_PATTERN = r"\w+(?:['’.]\w+|,\d+)*"

# Languages whose text also goes into a stemmed field; value = Snowball stemmer name.
STEMMED_LANGUAGES = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "fr": "french",
    "tr": "turkish",
}


def stemmed_field(language: str) -> str:
    """Name of the stemmed full-text field for a language code."""
    return f"stem_{language}"
