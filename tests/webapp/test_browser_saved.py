"""Following a saved search in a real headless Chromium: save it from the search page, rename it,
open it, see the count of articles indexed since, and read its Atom feed with a feed parser
(feedparser, the library feed readers are built on) rather than with our own XML code."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from newsfacet.engine.backends.tantivy_backend import TantivyBackend

from tests.articles import sample_articles
from tests.webapp.test_browser import OUTPUT, browser, click_and_wait, served  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
OUTLET = "Harbour Gazette"


@pytest.fixture(scope="module")
def later_articles() -> list:
    return sample_articles(30)[15:]


@pytest.fixture(scope="module")
def follow_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app over the first half of the sample articles; the test writes the second half itself."""
    data_dir = tmp_path_factory.mktemp("follow")
    backend = TantivyBackend(data_dir)
    assert all(result.ok for result in backend.write(sample_articles(30)[:15]))
    backend.close()
    with served(data_dir) as url:
        yield url, data_dir


def saved_row(page, name: str):
    row = page.locator("li.saved-item").filter(has=page.locator("a.saved-name", has_text=name))
    assert row.count() == 1, f"one saved search named {name!r}"
    return row


def new_since(row) -> str | None:
    found = re.search(r"([\d,]+\+?) new since last opened", row.inner_text())
    return found.group(1) if found else None


def test_save_rename_follow_and_read_the_feed(browser, follow_site, later_articles) -> None:  # noqa: F811
    import feedparser

    base_url, data_dir = follow_site
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{base_url}/search?outlet={OUTLET.replace(' ', '+')}")
    page.fill("#save-name", "Harbour desk")
    click_and_wait(page, page.get_by_role("button", name="Save search"))
    row = saved_row(page, "Harbour desk")
    assert OUTLET in row.locator(".saved-query").inner_text()  # the search in words, not parameters
    assert "not opened yet" in row.inner_text()

    row.locator("input[name=name]").fill("Harbour Gazette desk")
    click_and_wait(page, row.get_by_role("button", name="Rename"))
    row = saved_row(page, "Harbour Gazette desk")
    assert page.locator("a.saved-name", has_text="Harbour desk").count() == 0

    click_and_wait(page, row.locator("a.saved-name"))  # opening it is the visit that starts the count
    assert "outlet=" in page.url
    page.goto(f"{base_url}/saved")
    assert new_since(saved_row(page, "Harbour Gazette desk")) == "0"

    writer = TantivyBackend(data_dir)
    assert all(result.ok for result in writer.write(later_articles))
    writer.close()
    expected_new = [a.title for a in later_articles if a.outlet == OUTLET]
    assert len(expected_new) == 5  # from the articles themselves, not from the engine
    page.reload()
    row = saved_row(page, "Harbour Gazette desk")
    assert new_since(row) == str(len(expected_new))
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 1000})
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"saved-{width}.png"), full_page=True)

    feed_href = row.get_by_role("link", name=re.compile("Atom feed")).get_attribute("href")
    response = page.request.get(base_url + feed_href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "newsfacet: Harbour Gazette desk"
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 10  # five from each half, all from the outlet
    assert set(titles[:5]) == set(expected_new)  # newest by indexing time first
    assert all(entry.link.startswith(f"{base_url}/article/") for entry in feed.entries)
    stamps = [entry.updated_parsed for entry in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert problems == []
