"""The alias of an embedded index (engine.backends.tantivy_store), read once per change."""
from __future__ import annotations

import pytest
from newsfacet.engine.backends.base import IndexDamagedError
from newsfacet.engine.backends.tantivy_store import IndexStore


def test_every_switch_of_the_alias_is_seen_at_once(tmp_path):
    store = IndexStore(tmp_path, "articles")
    for number in range(1, 30):  # many switches within the same clock tick: a new file each time
        store.point_alias(f"articles-v{number}")
        assert store.current() == f"articles-v{number}"
        assert store.current() == f"articles-v{number}"  # the kept reading


def test_an_alias_damaged_in_place_is_damage_not_the_kept_reading(tmp_path):
    store = IndexStore(tmp_path, "articles")
    store.point_alias("articles-v1")
    assert store.current() == "articles-v1"
    store.alias_path.write_text('{"current": "../elsewhere"}', encoding="utf-8")
    with pytest.raises(IndexDamagedError):
        store.current()
