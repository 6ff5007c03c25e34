"""Enrichment: the article's language and the people, organisations and places it names.

The public API of this stage: `enrich(article)`, and the two functions it is made of,
`detect_language(text)`, `extract_entities(text, language)` (names as the text writes them) and
`consolidate(entities, text, language)` (junk out, one name per person, place and acronym).
"""
from __future__ import annotations

from newsfacet.engine.model import Article
from newsfacet.indexer.consolidate import consolidate
from newsfacet.indexer.entities import Entity, entity_dict, extract_entities
from newsfacet.indexer.language import UNDETERMINED, detect_language

__all__ = ["Entity", "consolidate", "detect_language", "enrich", "extract_entities"]


def enrich(article: Article) -> Article:
    """Set `language` (detected from title + body) and `entities` (kind -> sorted names).

    A language the cleaner found (say an HTML `lang` attribute) is kept when the text is too
    short or too mixed to tell; otherwise the text decides.
    """
    text = f"{article.title}\n{article.body}"
    detected = detect_language(text)
    if detected != UNDETERMINED or not article.language:
        article.language = detected
    found = extract_entities(text, article.language)
    article.entities = entity_dict(consolidate(found, text, article.language))
    return article
