"""The histogram, entity and compare pages in a real headless Chromium (fixtures of test_browser.py).

Zoom in by a bar, zoom out by the link, drag a range with the mouse and with a touch pointer; compare
two queries and open the shared link in a fresh page; reach an entity page from a chip. Screenshots
at 1400 and 390 pixels wide go to test-output/.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.webapp.test_browser import OUTPUT, base_url, browser, click_and_wait  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.conftest_web"]
WIDTHS = (1400, 390)


def new_page(browser, width: int = 1400):  # noqa: F811 - the imported fixture's value
    context = browser.new_context(viewport={"width": width, "height": 1000}, has_touch=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def range_in(url: str) -> tuple[date, date]:
    from urllib.parse import parse_qs, urlsplit

    params = parse_qs(urlsplit(url).query)
    return date.fromisoformat(params["from"][0]), date.fromisoformat(params["to"][0])


def shot(page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / name), full_page=True)


def test_histogram_zoom_in_then_out(browser, base_url: str) -> None:  # noqa: F811
    page, problems = new_page(browser)
    page.goto(f"{base_url}/search")
    bars = page.locator("a.bar-link")
    assert bars.count() > 1
    label = bars.first.get_attribute("aria-label")
    assert label.split(",")[0].endswith((" article", " articles"))
    assert page.locator(".histogram-chart g.bar-empty a").count() == 0
    click_and_wait(page, bars.first)
    first_from, first_to = range_in(page.url)
    assert (first_to - first_from).days < 31
    click_and_wait(page, page.get_by_role("link", name="← Zoom out"))
    wider = range_in(page.url) if "from=" in page.url else (date.min, date.max)
    assert wider[0] <= first_from and wider[1] >= first_to and wider != (first_from, first_to)
    # Down to a single day: the chart says it cannot zoom further and its bar is no link.
    page.goto(f"{base_url}/search?from=2024-01-03&to=2024-01-03")
    assert "cannot zoom further" in page.locator(".histogram figcaption").inner_text()
    assert page.locator("a.bar-link").count() == 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(f"{base_url}/search?q=harbour")
        shot(page, f"search-histogram-{width}.png")
    assert problems == []


def drag(page, start: float, end: float, touch: bool = False) -> None:
    """Drag across the chart from `start` to `end` (fractions of its width) with pointer events."""
    box = page.locator(".histogram-chart").bounding_box()
    y = box["y"] + box["height"] / 2
    xs = [box["x"] + box["width"] * (start + (end - start) * step / 8) for step in range(9)]
    if not touch:
        page.mouse.move(xs[0], y)
        page.mouse.down()
        for x in xs[1:]:
            page.mouse.move(x, y)
        with page.expect_navigation():
            page.mouse.up()
        return
    kind = {"pointerType": "touch", "isPrimary": True, "pointerId": 7, "bubbles": True}
    chart = page.locator(".histogram-chart")
    chart.dispatch_event("pointerdown", {**kind, "clientX": xs[0], "clientY": y, "button": 0})
    for x in xs[1:]:
        page.evaluate("([kind, x, y]) => window.dispatchEvent(new PointerEvent('pointermove', "
                      "{...kind, clientX: x, clientY: y}))", [kind, x, y])
    with page.expect_navigation():
        page.evaluate("([kind, x, y]) => window.dispatchEvent(new PointerEvent('pointerup', "
                      "{...kind, clientX: x, clientY: y}))", [kind, xs[-1], y])


@pytest.mark.parametrize("touch", [False, True], ids=["mouse", "touch"])
def test_dragged_range_sets_from_and_to(browser, base_url: str, touch: bool) -> None:  # noqa: F811
    page, problems = new_page(browser)
    page.goto(f"{base_url}/search")
    first = date.fromisoformat(page.locator("figure.histogram").get_attribute("data-first"))
    last = date.fromisoformat(page.locator("figure.histogram").get_attribute("data-last"))
    drag(page, 0.1, 0.45, touch)
    start, end = range_in(page.url)
    span = (last - first).days
    assert first < start < end < last
    assert abs((start - first).days - 0.1 * span) <= 8 and abs((end - first).days - 0.45 * span) <= 8
    assert page.input_value("#from") == start.isoformat() and page.input_value("#to") == end.isoformat()
    assert problems == []


def test_compare_two_queries_and_open_the_shared_link(browser, base_url: str) -> None:  # noqa: F811
    page, problems = new_page(browser)
    page.goto(f"{base_url}/compare")
    page.fill("#cq-0", "oil")
    page.fill("#cq-1", "harbour")
    click_and_wait(page, page.get_by_role("button", name="Compare"))
    legend = page.locator(".legend").inner_text()
    assert "oil" in legend and "harbour" in legend
    assert page.locator(".measure-count polyline").count() == 2
    page.get_by_role("link", name="share of all articles").click()
    assert page.locator(".measure-share").is_visible() and not page.locator(".measure-count").is_visible()
    assert "measure=share" in page.url
    shared = page.input_value("#share-url")
    other, _ = new_page(browser)
    other.goto(page.url)
    assert other.locator(".legend").inner_text() == legend
    assert other.locator(".measure-share").is_visible()
    other.goto(shared)
    assert other.locator(".legend").inner_text() == legend
    for width in WIDTHS:
        other.set_viewport_size({"width": width, "height": 1000})
        other.goto(shared)
        shot(other, f"compare-{width}.png")
    assert problems == []


def test_entity_page_reached_from_a_chip(browser, base_url: str) -> None:  # noqa: F811
    page, problems = new_page(browser)
    page.goto(f"{base_url}/search?q=oil")
    chip = page.locator("a.chip-person").first
    name = chip.inner_text()
    click_and_wait(page, chip)
    assert "/entity/person/" in page.url
    assert name in page.locator("h1").inner_text()
    assert page.locator("#outlets-title").is_visible()
    related = page.locator(".related a")
    assert related.count() > 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.reload()
        shot(page, f"entity-{width}.png")
    click_and_wait(page, related.first)
    assert "/entity/" in page.url and page.locator("h1").is_visible()
    assert problems == []
