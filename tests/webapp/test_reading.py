"""The search experience (issue 10, items 1, 2, 4, 5): errors that keep the form, reading in context."""
from __future__ import annotations

import re
from html import unescape

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


def hit_links(page: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'<a id="hit-[^"]+" href="([^"]+)"', page)]


def test_hit_links_carry_the_search_and_the_article_page_keeps_it(client) -> None:
    results = client.get("/search?q=turnout&sort=newest&size=3&page=2")
    links = hit_links(results.get_data(as_text=True))
    assert len(links) == 3 and all("q=turnout" in link and "sort=newest" in link for link in links)
    assert links[0].endswith("rank=4") and links[2].endswith("rank=6")
    first = client.get(links[0]).get_data(as_text=True)
    assert 'href="/search?q=turnout&amp;sort=newest&amp;size=3&amp;page=2"' in first  # back to the same page
    assert 'class="previous-hit"' in first and 'class="next-hit"' in first
    previous = re.search(r'class="previous-hit" rel="prev" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    earlier = hit_links(client.get("/search?q=turnout&sort=newest&size=3").get_data(as_text=True))
    assert previous == earlier[2]  # across the page edge: the last hit of page 1
    following = re.search(r'class="next-hit" rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert following == links[1]
    assert re.search(r'id="q" name="q" type="search" value="turnout"', first)
    assert "<mark>turnout</mark>" in first


def test_marks_stems_of_the_query_words_in_the_body(client) -> None:
    results = client.get("/search?q=rising+district")
    link = hit_links(results.get_data(as_text=True))[0]
    body = client.get(link).get_data(as_text=True).split('class="article-body"', 1)[1]
    assert "<mark>rises</mark>" in body or "<mark>rose</mark>" in body or "<mark>districts</mark>" in body
    assert "<mark>districts</mark>" in body  # 'district' finds 'districts' by its stem


def test_a_forged_rank_or_parameter_is_a_clear_400_or_ignored(client) -> None:
    link = hit_links(client.get("/search?q=turnout").get_data(as_text=True))[0]
    article = link.split("?")[0]
    assert client.get(article + "?q=turnout&rank=abc").status_code == 400
    assert client.get(article + "?q=turnout&rank=999999999").status_code == 400
    moved = client.get(article + "?q=turnout&rank=3")  # another article's place: no prev/next, still readable
    assert moved.status_code == 200 and "next-hit" not in moved.get_data(as_text=True)
    bad_query = client.get(article + '?q=%22open')
    assert bad_query.status_code == 200 and "<mark>" not in bad_query.get_data(as_text=True)


def test_no_query_lists_newest_first_and_says_so(client) -> None:
    page = client.get("/search").get_data(as_text=True)
    assert '<option value="" selected>Newest first (default with no query)</option>' in page
    dates = re.findall(r'<time datetime="([^"]+)"', page)
    assert dates and dates == sorted(dates, reverse=True)
    assert client.get("/search?sort=relevance").headers["Location"] == "/search"  # nothing to rank
    ranked = client.get("/search?q=turnout").get_data(as_text=True)
    assert '<option value="" selected>Relevance (default)</option>' in ranked


def test_facet_page_orders_by_count_or_name_and_chooses_several_values(client) -> None:
    by_count = client.get("/facet/person?q=harbour").get_data(as_text=True)
    by_name = client.get("/facet/person?q=harbour&order=name").get_data(as_text=True)
    names = [unescape(n) for n in re.findall(r'class="value-link" href="[^"]+">([^<]+)</a>', by_name)]
    assert len(names) >= 3 and names == sorted(names, key=str.casefold)
    counts = [int(n.replace(",", "")) for n in re.findall(r'<td class="num">([\d,]+)</td>', by_count)]
    assert counts == sorted(counts, reverse=True)
    assert 'href="/facet/person?q=harbour&amp;order=name"' in by_count
    form = by_name.split('class="facet-choose"', 1)[1].split("</form>", 1)[0]
    assert 'action="/search"' in by_name and '<input type="hidden" name="q" value="harbour">' in form
    assert form.count('type="checkbox" ') == len(names)
    chosen = client.get("/search?q=harbour&person=Anna+Berg&person=Marc+Dubois").get_data(as_text=True)
    assert chosen.count('class="hit"') > 0
    assert client.get("/facet/person?order=random").status_code == 400
    assert client.get("/facet/person?prefix=dubois").get_data(as_text=True).count("Marc Dubois") >= 1
