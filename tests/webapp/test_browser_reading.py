"""Reading in context in a real Chromium: search real BBC politics stories, open a hit, see the
query's words marked (stems too), go to the next hit and back to the same results page.
Screenshots of the search and article pages at 1400 and 390 pixels wide go to test-output/."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.articles import bbc_politics_article, bbc_politics_stories
from tests.webapp.test_browser import OUTPUT, browser, click_and_wait, served  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.corpus]
WIDTHS = (1400, 390)


@pytest.fixture(scope="module")
def bbc_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over 60 real BBC politics stories, a day apart (tantivy index)."""
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    data_dir: Path = tmp_path_factory.mktemp("reading")
    backend = TantivyBackend(data_dir)
    start = datetime(2005, 1, 3, 9, tzinfo=UTC)
    articles = []
    for number, story in enumerate(bbc_politics_stories(60)):
        article = bbc_politics_article(story)
        article.published, article.outlet = start + timedelta(days=number), "BBC Politics"
        articles.append(article)
    assert all(result.ok for result in backend.write(articles))
    backend.close()
    with served(data_dir) as url:
        yield url


def test_open_a_hit_go_to_the_next_and_back_to_the_same_results(browser, bbc_url: str) -> None:  # noqa: F811
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{bbc_url}/search?q=elections&sort=newest&size=5&page=2")
    results_url = page.url
    titles = [link.inner_text() for link in page.locator(".hit-title a").all()]
    assert len(titles) == 5
    click_and_wait(page, page.locator(".hit-title a").first)
    assert page.locator("h1#article-title").inner_text() == titles[0]
    marked = {text.lower() for text in page.locator(".article-body mark").all_inner_texts()}
    assert "election" in marked, marked  # the stem of "elections" finds "election"
    assert page.locator("nav.reading-nav input#q").input_value() == "elections"
    assert "Result 6" in page.locator(".hit-place").inner_text()
    click_and_wait(page, page.locator("a.next-hit"))
    assert page.locator("h1#article-title").inner_text() == titles[1]
    assert page.locator(".article-body mark").count() > 0
    click_and_wait(page, page.locator("a.previous-hit"))
    assert page.locator("h1#article-title").inner_text() == titles[0]
    click_and_wait(page, page.locator("a.back"))
    assert page.url == results_url
    assert [link.inner_text() for link in page.locator(".hit-title a").all()] == titles


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_the_search_and_article_pages(browser, bbc_url: str, width: int) -> None:  # noqa: F811
    OUTPUT.mkdir(exist_ok=True)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{bbc_url}/search?q=election+labour")
    page.screenshot(path=str(OUTPUT / f"reading-search-{width}.png"), full_page=True)
    click_and_wait(page, page.locator(".hit-title a").nth(1))
    assert page.locator(".article-body mark").count() > 0
    page.screenshot(path=str(OUTPUT / f"reading-article-{width}.png"), full_page=True)
    page.goto(f"{bbc_url}/search?q=election&from=2005-03-01&to=2005-01-01")
    assert "after" in page.locator("#param-error").inner_text()
    assert page.locator("input#q").input_value() == "election"
    assert page.locator("input#from").is_visible()  # folded filters open to show the refused dates
    page.screenshot(path=str(OUTPUT / f"reading-error-{width}.png"), full_page=True)
