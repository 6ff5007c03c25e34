"""Elasticsearch index settings and mappings, shipped as JSON data with the package."""
from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

ARTICLES = "articles"
SAVED = "saved"
ENTITIES = "entities"


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_mapping(name: str) -> dict[str, Any]:
    """A fresh copy of `mappings/<name>.json` ({"settings": ..., "mappings": ...}), safe to edit."""
    return copy.deepcopy(_load(name))
