"""A search result's JSON form is asdict()'s, without its deep copy: same keys, same values, no shared lists."""
from __future__ import annotations

from dataclasses import asdict

from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.search import SearchRequest

from tests.articles import sample_articles


def test_hits_and_buckets_match_asdict_and_share_nothing(tmp_path):
    backend = TantivyBackend(tmp_path)
    try:
        assert all(result.ok for result in backend.write(sample_articles(30)))
        result = backend.search(SearchRequest(query="", facets=("outlet", "person"), page_size=10))
    finally:
        backend.close()
    assert result.hits and result.facets["outlet"].buckets
    for hit in result.hits:
        expected = asdict(hit)
        expected.pop("facet_values")
        expected["versions"] = [version.to_dict() for version in hit.versions]
        expected["published"] = hit.published.isoformat() if hit.published else None
        data = hit.to_dict()
        assert data == expected and list(data) == list(expected)
        data["authors"].append("forged")
        for names in data["entities"].values():
            names.append("forged")
        assert "forged" not in hit.authors and all("forged" not in names for names in hit.entities.values())
    for bucket in result.facets["outlet"].buckets:
        assert bucket.to_dict() == asdict(bucket)
