"""Concurrent requests for the same uncached answer: it is made once per worker, the others wait for it.

Before, every thread that asked for a body while another was making it ran the same search again:
after a start or a commit, each visitor of a hot page paid for a search (the repeat benchmark saw up
to 4 makes of one URL in a worker at 1M articles).
"""
from __future__ import annotations

import threading
import time

import pytest
from newsfacet.webapp import create_app
from newsfacet.webapp.cache import CACHE_HEADER, HIT, MEGABYTE, MISS, WAIT, Body, ResponseCache

from tests.articles import sample_articles
from tests.conftest_web import app_settings

FOLLOWERS = 3
SETTLE_SECONDS = 0.3  # for the followers to reach the cache while the first make() is held


def ask_while_held(cache: ResponseCache, make) -> tuple[list, list]:
    """The first thread's make() is held until FOLLOWERS more threads have asked for the same key.
    Returns the answers (body, source) or exceptions, the first's last, and the make() calls."""
    started, release, calls, answers = threading.Event(), threading.Event(), [], []

    def held():
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            started.set()
            release.wait(10)
        return make(len(calls))

    def ask():
        try:
            answers.append(cache.body(("generation", "json", "/search.json?q=x"), held))
        except RuntimeError as error:
            answers.append(error)

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    followers = [threading.Thread(target=ask) for _ in range(FOLLOWERS)]
    for thread in followers:
        thread.start()
    time.sleep(SETTLE_SECONDS)
    release.set()
    for thread in [first, *followers]:
        thread.join(10)
    return answers, calls


def test_a_body_being_made_is_waited_for_not_made_again():
    cache = ResponseCache(MEGABYTE)
    answers, calls = ask_while_held(cache, lambda number: Body.of(f'{{"made": {number}}}', "application/json"))
    assert len(calls) == 1
    bodies = {id(body) for body, _ in answers}
    assert len(answers) == FOLLOWERS + 1 and len(bodies) == 1
    assert sorted(source for _, source in answers) == sorted([MISS] + [WAIT] * FOLLOWERS)
    assert cache.body(("generation", "json", "/search.json?q=x"), lambda: None) == (answers[0][0], HIT)


def test_a_cut_answer_is_shared_with_the_waiters_but_not_kept():
    cache = ResponseCache(MEGABYTE)
    answers, calls = ask_while_held(cache, lambda number: Body.of("{}", "application/json", keep=False))
    assert len(calls) == 1 and {source for _, source in answers} == {MISS, WAIT}
    again = Body.of("{}", "application/json")
    assert cache.body(("generation", "json", "/search.json?q=x"), lambda: again) == (again, MISS)


def test_when_the_first_make_fails_each_waiter_makes_its_own():
    def make(number: int) -> Body:
        if number == 1:
            raise RuntimeError("the first search failed")
        return Body.of(f'{{"made": {number}}}', "application/json")

    cache = ResponseCache(MEGABYTE)
    answers, calls = ask_while_held(cache, make)
    failures = [answer for answer in answers if isinstance(answer, RuntimeError)]
    assert len(failures) == 1 and len(calls) == FOLLOWERS + 1
    assert all(source == MISS for _, source in (answer for answer in answers if answer not in failures))
    assert not cache._making  # nothing left waiting after a failure


@pytest.fixture
def app(backend, tmp_path):
    assert all(result.ok for result in backend.write(sample_articles(60)))
    app = create_app(app_settings(backend, tmp_path / "data"))
    yield app
    app.extensions["newsfacet"].close()


@pytest.mark.parametrize("path", ["/search.json?q=harbour", "/search?q=harbour", "/search.atom?q=harbour"])
def test_simultaneous_requests_through_the_app_make_one_answer(app, path):
    """Real requests at once: one miss, the same document for all (the page's form token aside)."""
    barrier, answers = threading.Barrier(6), []

    def ask():
        client = app.test_client()
        barrier.wait(10)
        answers.append(client.get(path, headers={"Accept-Encoding": "gzip"}))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [answer.status_code for answer in answers] == [200] * 6
    sources = [answer.headers[CACHE_HEADER] for answer in answers]
    assert sources.count(MISS) == 1 and set(sources) <= {MISS, WAIT, HIT}
    if not path.startswith("/search?"):
        assert len({answer.get_data() for answer in answers}) == 1
