"""Enrichment: the article's language and the people, organisations and places it names.

The public API of this stage: `enrich(article)`, and the functions it is made of,
`detect_language(text)`, `extract_entities(text, language)` (names as the text writes them) and
`consolidate(entities, text, language)` (junk out, one name per person, place and acronym).
"""
from __future__ import annotations

from newsfacet.engine.model import Article
from newsfacet.indexer.consolidate import consolidate
from newsfacet.indexer.entities import Entity, entity_dict, extract_entities
from newsfacet.indexer.known_names import NameMatcher
from newsfacet.indexer.language import UNDETERMINED, detect_language

__all__ = ["Entity", "consolidate", "detect_language", "enrich", "extract_entities"]


def enrich(article: Article, known: NameMatcher | None = None) -> Article:
    """Set `language` (detected from title + body) and `entities` (kind -> sorted names).

    A language the cleaner found (say an HTML `lang` attribute) is kept when the text is too
    short or too mixed to tell; otherwise the text decides. `known` adds the names of the
    index's known-names table found in the text (indexer/known_names.py).
    """
    text = f"{article.title}\n{article.body}"
    detected = detect_language(text)
    if detected != UNDETERMINED or not article.language:
        article.language = detected
    found = extract_entities(text, article.language, known)
    article.entities = entity_dict(consolidate(found, text, article.language))
    return article
