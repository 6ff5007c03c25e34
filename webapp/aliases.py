"""An entity value's aliases for the sidebar, the facet pages and the JSON twins.

The choices are read at most once per request (kept in `flask.g`); the backend's store reuses what
it parsed while the stored choices are unchanged (file stamp, or Elasticsearch document version).
"""
from __future__ import annotations

import hashlib
import logging
from typing import Any

from flask import Flask, g
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.entity_choices import EntityChoices
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.webapp.context import get_backend

log = logging.getLogger("newsfacet.web")


def init_app(app: Flask) -> None:
    app.jinja_env.globals["value_aliases"] = value_aliases


def _choices() -> EntityChoices:
    if "entity_choices" not in g:
        try:
            g.entity_choices = get_backend().entity_choices().load()
        except BackendError as error:
            # Damaged choices must not take the search page down; values are shown without aliases.
            log.warning("entity aliases not shown: %s", error)
            g.entity_choices = EntityChoices()
    return g.entity_choices


def value_aliases(facet: str, value: str) -> list[str]:
    """Other names of an entity value (none for the other facets)."""
    return _choices().aliases(facet, value) if facet in ENTITY_TYPES else []


def choices_stamp() -> str:
    """Changes with the user's entity choices, which cached pages show as aliases (webapp.cache)."""
    global _stamped
    choices, stamped = _choices(), _stamped
    # Asked on every cached answer: the store hands back the same object while the stored choices are
    # unchanged, so they are written out and hashed again only when they change (it was 7% of a hit).
    if stamped is None or not (stamped[0] is choices or stamped[0] == choices):
        stamped = _stamped = (choices, hashlib.blake2b(choices.to_json().encode("utf-8"), digest_size=8).hexdigest())
    return stamped[1]


_stamped: tuple[EntityChoices, str] | None = None  # the last choices seen by choices_stamp, and their stamp


def add_aliases(facets: dict[str, Any]) -> dict[str, Any]:
    """Facets as `SearchResult.to_dict()` writes them, each entity bucket given its `aliases`."""
    for name, facet in facets.items():
        if name in ENTITY_TYPES:
            for bucket in facet["buckets"]:
                bucket["aliases"] = value_aliases(name, bucket["value"])
    return facets
