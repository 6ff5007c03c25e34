"""The search page in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Playwright rather than Selenium: it speaks to Chromium directly (no chromedriver whose version must
match the browser), waits for navigations itself, and can grant clipboard access for the copy-link
button. Skipped with a clear message when Chromium or Playwright is missing, except in CI.
"""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.indexing import REPO

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.conftest_web"]  # fixtures: web_data_dir

CHROMIUM = os.environ.get("NEWSFACET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = REPO / "test-output"


def _missing(reason: str) -> None:
    message = f"browser test needs {reason} (apt-get install -y chromium; pip install playwright)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def served(data_dir: Path) -> Iterator[str]:
    """The app over `data_dir` on a free 127.0.0.1 port, served by werkzeug in a background thread."""
    from newsfacet.webapp import create_app
    from werkzeug.serving import make_server

    app = create_app({"data_dir": str(data_dir), "secret_key": "browser-test"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["newsfacet"].close()


@pytest.fixture(scope="module")
def base_url(web_data_dir: Path) -> Iterator[str]:
    with served(web_data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def stories_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the BBC stories of test_collapse.py (two told by several outlets)."""
    from newsfacet.engine.backends.tantivy_backend import TantivyBackend

    from tests.webapp.test_collapse import index_versions

    data_dir = tmp_path_factory.mktemp("stories")
    backend = TantivyBackend(data_dir)
    index_versions(backend)
    backend.close()
    with served(data_dir) as url:
        yield url


def shown_result(page) -> tuple[str, list[str]]:
    """The total line and the hit ids as the page shows them."""
    total = " ".join(page.locator("#result-count").inner_text().split())
    ids = [link.get_attribute("href") for link in page.locator(".hit-title a").all()]
    return total, ids


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_faceted_search_link_round_trip(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{base_url}/search")
    page.fill("#q", "story")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert "q=story" in page.url

    # Two outlets (OR): ticking a box submits at once thanks to app.js.
    click_and_wait(page, page.get_by_label("Harbour Times", exact=False).first)
    click_and_wait(page, page.get_by_label("Nordlicht Zeitung", exact=False).first)
    assert "outlet=Harbour+Times" in page.url and "outlet=Nordlicht+Zeitung" in page.url
    with_both = shown_result(page)

    # Exclude one language through its exclude link.
    click_and_wait(page, page.get_by_role("link", name="Exclude Language German"))
    assert "not_language=de" in page.url
    assert page.locator(".facet-value.is-excluded").count() == 1
    assert shown_result(page) != with_both

    # Zoom into the first non-empty histogram bar.
    bars = [bar for bar in page.locator("a.bar-link").all()
            if not bar.get_attribute("aria-label").endswith(": 0 articles")]
    click_and_wait(page, bars[0])
    assert "from=" in page.url and "to=" in page.url
    expected = shown_result(page)
    assert expected[1], "the zoomed search should still have hits"

    # Copy the link with the button, as a person would, and read it back from the clipboard.
    page.click("#copy-link")
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("#share-url") == page.url

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "search.png"), full_page=True)

    other = context.new_page()
    other.goto(copied)
    assert other.url == copied  # already canonical: no redirect
    assert shown_result(other) == expected
    assert problems == []  # no script errors, no Content-Security-Policy violations
    context.close()


def test_works_without_javascript(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/search?q=story")
    page.get_by_label("Harbour Times", exact=False).first.check()
    with page.expect_navigation():
        page.locator(".sidebar .apply-button").click()
    assert page.url.endswith("/search?q=story&outlet=Harbour+Times")
    total, ids = shown_result(page)
    assert ids and total.split()[0].isdigit()
    context.close()


def test_phone_layout_folds_filters_and_keeps_focus_after_toggle(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}/search?q=story")
    assert page.evaluate("document.getElementById('filters').open") is False
    assert page.locator(".hit").first.is_visible()
    page.click(".filters-summary")
    box = page.get_by_label("Daily Ledger", exact=False).first
    box.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "outlet=Daily+Ledger" in page.url
    # After the reload the filters are open again and focus is back on the same checkbox.
    assert page.evaluate("document.activeElement.value") == "Daily Ledger"
    assert page.evaluate("document.getElementById('filters').open") is True
    context.close()


def test_see_all_versions_leads_to_the_story_page(browser, stories_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1100}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{stories_url}/search?sort=oldest")
    total = " ".join(page.locator("#result-count").inner_text().split())
    assert total.startswith("7 stories (10 articles)")
    first = page.locator(".hit").first
    first.locator("details.versions summary").click()  # opens without JavaScript: <details>
    assert first.locator("details.versions li").count() == 2
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "search-collapsed.png"), full_page=True)
    headline = first.locator(".hit-title a").inner_text()
    click_and_wait(page, first.get_by_role("link", name="See all versions"))
    assert "/story/" in page.url
    assert page.locator("body").inner_text().count(headline) >= 1
    page.goto(f"{stories_url}/search?sort=oldest")
    click_and_wait(page, page.get_by_role("link", name="Every article"))
    assert page.url.endswith("/search?sort=oldest&collapse=0") and page.locator(".hit").count() == 10
    context.close()
