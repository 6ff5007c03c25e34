"""The search experience (issue 10, items 1, 2, 4, 5): errors that keep the form, reading in context."""
from __future__ import annotations

import re

pytest_plugins = ["tests.conftest_web"]  # fixtures: client (tantivy index of conftest_web articles)


def test_from_after_to_renders_the_search_page_with_the_form_filled(client) -> None:
    response = client.get("/search?q=harbour&outlet=Harbour+Times&from=2024-05-01&to=2024-01-01&sort=oldest")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="search-form"' in page and 'id="param-error"' in page and "after the &#39;to&#39; date" in page
    assert 'id="q" name="q" type="search" value="harbour"' in page
    assert 'value="2024-05-01"' in page and 'value="2024-01-01"' in page
    assert '<input type="hidden" name="outlet" value="Harbour Times">' in page
    assert '<input type="hidden" name="sort" value="oldest">' in page
    assert "Traceback" not in page


def test_bad_parameter_keeps_the_typed_values_escaped(client) -> None:
    response = client.get('/search?q=port&from=%22%3E%3Cscript%3Ex&size=ten')
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="param-error"' in page
    assert "<script>x" not in page and "&#34;&gt;&lt;script&gt;x" in page
    assert re.search(r'id="q"[^>]*value="port"', page)


def test_json_twin_keeps_its_json_error(client) -> None:
    response = client.get("/search.json?from=2024-05-01&to=2024-01-01")
    assert response.status_code == 400 and "after" in response.get_json()["error"]["message"]
