"""Every setting in the one settings table is documented in README.md, and loading honours env."""
from __future__ import annotations

import pytest
from newsfacet.engine.settings import SETTINGS, load_settings

from tests.indexing import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting):
    assert f"`{setting.env}`" in README, f"{setting.env} is missing from README.md's settings table"


def test_environment_then_overrides(monkeypatch):
    monkeypatch.setenv("NEWSFACET_PAGE_SIZE", "42")
    monkeypatch.setenv("NEWSFACET_BACKEND", "elasticsearch")
    values = load_settings({"backend": "tantivy", "data_dir": None})
    assert values["page_size"] == 42
    assert values["backend"] == "tantivy"
    assert values["data_dir"]


def test_unknown_override_is_refused():
    with pytest.raises(KeyError):
        load_settings({"colour": "blue"})
