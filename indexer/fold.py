"""Fold exact copies into the article they duplicate, so its page can list where else it appeared."""
from __future__ import annotations

import logging
from collections.abc import Iterable

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.stories import keys_of

log = logging.getLogger(__name__)


def fold_duplicates(backend: Backend, copies: Iterable[tuple[str, str]]) -> int:
    """Record each (original id, copy source) on the original; returns how many articles changed."""
    by_original: dict[str, set[str]] = {}
    for original_id, source in copies:
        by_original.setdefault(original_id, set()).add(source)
    changed = []
    for original_id, sources in by_original.items():
        article = backend.get(original_id)
        if article is None:
            continue
        new = sources - set(article.duplicates) - {article.source}
        if new:
            article.duplicates = sorted({*article.duplicates, *new})
            # Story keys are indexed, not stored: made again, or the rewrite would drop them and later
            # versions could no longer find this article's story.
            article.story_keys = keys_of(article)
            changed.append(article)
    for result in backend.write(changed) if changed else []:
        if not result.ok:
            log.warning("could not record duplicates on %s: %s", result.id, result.error)
    return len(changed)
