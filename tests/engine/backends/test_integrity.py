"""Index integrity on real damage: `newsfacet check` (a real CLI process) and `/healthz` (the app's
test client over the damaged data dir) must both see each kind of damage, and messages and pages
must never show the server's paths.

Every case damages a copy of one real tantivy index (three commits, so three segments) the way a
disk, an operator or a crash would: deleting or rewriting files, truncating, flipping bytes.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from newsfacet.engine.backends.base import IndexDamagedError
from newsfacet.engine.backends.tantivy_backend import TantivyBackend
from newsfacet.engine.backends.tantivy_check import HealthMonitor

from tests.articles import sample_articles
from tests.indexing import run_subprocess

ARTICLES = 90


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("pristine")
    backend = TantivyBackend(data_dir)
    articles = sample_articles(ARTICLES)
    for start in range(0, ARTICLES, 30):  # one commit each: three segments
        assert all(result.ok for result in backend.write(articles[start:start + 30]))
    backend.close()
    return data_dir


@pytest.fixture
def data_dir(pristine: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(pristine, copy)
    return copy


def physical_dir(data_dir: Path) -> Path:
    alias = json.loads((data_dir / "tantivy" / "articles.alias.json").read_text())
    return data_dir / "tantivy" / alias["current"]


def largest(data_dir: Path, extension: str) -> Path:
    return max(physical_dir(data_dir).glob(f"*.{extension}"), key=lambda path: path.stat().st_size)


def flip_bytes(path: Path, offset: int, count: int = 4) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        original = handle.read(count)
        handle.seek(offset)
        handle.write(bytes(byte ^ 0xFF for byte in original))


def remove_alias(data_dir: Path) -> None:
    (data_dir / "tantivy" / "articles.alias.json").unlink()


def alias_to_missing(data_dir: Path) -> None:
    (data_dir / "tantivy" / "articles.alias.json").write_text('{"current": "articles-v9", "history": []}')


def truncate_store(data_dir: Path) -> None:
    path = largest(data_dir, "store")
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def flip_doc_store(data_dir: Path) -> None:
    flip_bytes(largest(data_dir, "store"), 100)


def flip_postings(data_dir: Path) -> None:
    flip_bytes(largest(data_dir, "idx"), 40)


def garbage_meta(data_dir: Path) -> None:
    (physical_dir(data_dir) / "meta.json").write_text("{not json at all")


# (damage, the check that must fail, words its reason must contain)
DAMAGE: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "alias removed": (remove_alias, "alias", "no alias"),
    "alias to a missing index": (alias_to_missing, "alias", "articles-v9, which is not on disk"),
    "segment file truncated": (truncate_store, "segments", ".store"),
    "bytes flipped in the doc store": (flip_doc_store, "checksums", "fails its checksum"),
    "bytes flipped in the postings": (flip_postings, "checksums", "fails its checksum"),
    "meta.json garbage": (garbage_meta, "segments", "meta.json is not valid JSON"),
}


def check_cli(data_dir: Path, *args: str) -> tuple[int, dict]:
    done = run_subprocess(data_dir, "check", "--json", *args, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def healthz(data_dir: Path):
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(data_dir), "secret_key": "k", "TESTING": True})
    try:
        return app.test_client().get("/healthz")
    finally:
        app.extensions["newsfacet"].close()


def test_clean_index_passes_check_and_healthz(data_dir: Path) -> None:
    code, report = check_cli(data_dir)
    assert code == 0 and report["ok"], report
    assert [c["check"] for c in report["checks"]] == ["alias", "segments", "checksums", "documents"]
    assert all(c["status"] == "ok" for c in report["checks"])
    assert f"{ARTICLES} articles decode" in report["checks"][3]["reason"]
    response = healthz(data_dir)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["backend"]["documents"] == ARTICLES


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damage_is_reported_by_check_and_healthz(data_dir: Path, case: str) -> None:
    damage, failing, words = DAMAGE[case]
    damage(data_dir)
    code, report = check_cli(data_dir)
    assert code == 1 and not report["ok"]
    verdicts = {c["check"]: c for c in report["checks"]}
    assert verdicts[failing]["status"] == "FAILED" and words in verdicts[failing]["reason"], verdicts
    assert str(data_dir) not in json.dumps(report)
    response = healthz(data_dir)
    body = response.get_json()
    assert response.status_code == 503 and body["status"] == "unavailable", body
    assert body["reason"] and str(data_dir) not in response.get_data(as_text=True)


def test_missing_alias_refuses_index_and_repair_restores_the_data(data_dir: Path, tmp_path: Path) -> None:
    remove_alias(data_dir)
    versions_before = sorted(p.name for p in (data_dir / "tantivy").iterdir() if p.is_dir())
    story = tmp_path / "in" / "story.txt"
    story.parent.mkdir()
    story.write_text("Harbour pilots return\n\nThe harbour pilots went back to work on Monday morning.\n")
    done = run_subprocess(data_dir, "index", "--no-progress", "--workers", "1", "--no-entities", str(story))
    assert done.returncode != 0 and "newsfacet check --repair" in done.stderr, done.stderr
    assert sorted(p.name for p in (data_dir / "tantivy").iterdir() if p.is_dir()) == versions_before
    with pytest.raises(IndexDamagedError, match="no alias"):
        TantivyBackend(data_dir).count()  # never silently empty
    code, report = check_cli(data_dir, "--repair")
    assert code == 0 and "now points to articles-v1" in report["repaired"], report
    assert TantivyBackend(data_dir).count() == ARTICLES


def test_healthz_of_a_running_app_sees_damage_after_a_healthy_poll(data_dir: Path) -> None:
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(data_dir), "secret_key": "k", "TESTING": True})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    flip_doc_store(data_dir)  # rewriting the file changes its mtime, so the cached verdict is redone
    response = client.get("/healthz")
    assert response.status_code == 503 and "fails its checksum" in response.get_json()["reason"]
    app.extensions["newsfacet"].close()


def test_healthz_checksums_are_spread_over_polls(data_dir: Path) -> None:
    flip_doc_store(data_dir)
    monitor = HealthMonitor(TantivyBackend(data_dir).store, budget=4096)
    total = sum(path.stat().st_size for path in physical_dir(data_dir).glob("*.*") if path.suffix != ".json")
    polls = []
    for _ in range(total // 4096 + 40):
        polls.append(monitor.poll())
        if polls[-1][1]:
            break
    _, problems, _ = polls[-1]
    assert polls[0][2] > 0, "a small budget must leave files pending after the first poll"
    assert len(polls) > 1 and any("fails its checksum" in problem for problem in problems), polls[-1]


def test_error_page_and_article_page_show_no_server_path(data_dir: Path) -> None:
    from newsfacet.webapp import create_app

    backend = TantivyBackend(data_dir)
    article = sample_articles(1)[0]
    article.source = str(data_dir / "inbox" / "wire" / "port-strike.html")
    backend.write([article])
    backend.close()
    client = create_app({"data_dir": str(data_dir), "secret_key": "k", "TESTING": True}).test_client()
    page = client.get(f"/article/{article.id}").get_data(as_text=True)
    assert "<code>port-strike.html</code>" in page and str(data_dir) not in page
    for segment_file in physical_dir(data_dir).glob("*.fast"):
        segment_file.unlink()  # tantivy's own error quotes the absolute path of the missing file
    broken = create_app({"data_dir": str(data_dir), "secret_key": "k", "TESTING": True}).test_client()
    for url in ("/search?q=port", "/search.json?q=port", f"/article/{article.id}"):
        response = broken.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 503 and "articles-v1" in body, body
        assert str(data_dir) not in body and str(data_dir.resolve()) not in body, body


def test_tantivy_panics_on_damaged_postings_become_a_503_naming_the_index(data_dir: Path) -> None:
    for postings in physical_dir(data_dir).glob("*.idx"):
        flip_bytes(postings, 40)  # the id field's postings come first: lookups by id hit the damage
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(data_dir), "secret_key": "k", "TESTING": True})
    client = app.test_client()
    statuses = {}
    for article in sample_articles(ARTICLES):
        response = client.get(f"/article/{article.id}")
        statuses[article.id] = (response.status_code, response.get_data(as_text=True))
    assert {status for status, _ in statuses.values()} <= {200, 404, 503}  # never a 500 or a dead worker
    damaged = [body for status, body in statuses.values() if status == 503]
    assert damaged and all("could not be read" in body and str(data_dir) not in body for body in damaged)
    app.extensions["newsfacet"].close()


@pytest.mark.parametrize("alias", ['{"current": "../../etc", "history": []}', '["articles-v1"]', '{"current": 1}'])
def test_an_alias_naming_no_version_is_damage_not_a_path(data_dir: Path, alias: str) -> None:
    (data_dir / "tantivy" / "articles.alias.json").write_text(alias)
    code, report = check_cli(data_dir)
    assert code == 1 and "names no version of this index" in report["checks"][0]["reason"], report
    assert healthz(data_dir).status_code == 503


def test_an_index_of_another_schema_names_the_fix_without_a_path(tmp_path: Path) -> None:
    import tantivy
    from newsfacet.webapp import create_app

    physical = tmp_path / "tantivy" / "articles-v1"
    physical.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("headline", stored=True)
    other = tantivy.Index(builder.build(), path=str(physical))  # as an older release would have left it
    writer = other.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(headline="Port reopens"))
    writer.commit()
    writer.wait_merging_threads()
    (tmp_path / "tantivy" / "articles.alias.json").write_text('{"current": "articles-v1", "history": []}')
    response = create_app({"data_dir": str(tmp_path), "secret_key": "k"}).test_client().get("/search?q=port")
    body = response.get_data(as_text=True)
    assert response.status_code == 503 and "newsfacet reindex --from-sources" in body, body
    assert str(tmp_path) not in body and "articles-v1" in body


def test_untitled_articles_with_empty_bodies_pass_the_documents_check(tmp_path: Path) -> None:
    from newsfacet.engine.model import Article

    backend = TantivyBackend(tmp_path)
    backend.write([Article(title="", body="", url="https://news.example/empty"), *sample_articles(3)])
    verdicts = {check.name: check for check in backend.check()}
    assert verdicts["documents"].ok and "4 articles decode" in verdicts["documents"].reason, verdicts
    backend.close()


def test_healthz_stays_healthy_while_commits_and_merges_replace_segments(tmp_path: Path) -> None:
    """Each commit rewrites meta.json and merges delete superseded segment files: a poll that read
    the old meta.json must not report those files as missing (it did, before the retry)."""
    import threading

    writer, reader = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    articles = sample_articles(240)
    writer.write(articles[:4])
    finished = threading.Event()

    def write_in_small_commits() -> None:
        try:
            for start in range(4, len(articles), 4):
                writer.write(articles[start:start + 4])  # one segment per commit: tantivy merges them
        finally:
            finished.set()

    thread = threading.Thread(target=write_in_small_commits)
    thread.start()
    polls, unhealthy = 0, []
    while not finished.is_set():
        health = reader.health()
        polls += 1
        if not health["ok"]:
            unhealthy.append(health["error"])
    thread.join()
    writer.close()
    assert polls > 100 and unhealthy == [], (polls, unhealthy[:3])
    assert reader.health()["ok"] and reader.count() == len(articles)


def test_check_of_an_index_being_written_reports_no_false_damage(tmp_path: Path) -> None:
    import threading

    writer, checker = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    articles = sample_articles(160)
    writer.write(articles[:4])
    finished = threading.Event()

    def write_in_small_commits() -> None:
        try:
            for start in range(4, len(articles), 4):
                writer.write(articles[start:start + 4])
        finally:
            finished.set()

    thread = threading.Thread(target=write_in_small_commits)
    thread.start()
    runs = []
    while not finished.is_set():
        runs.append(checker.check())
    thread.join()
    writer.close()
    damage = [c for run in runs for c in run if not c.ok and not c.skipped]
    assert len(runs) > 3 and damage == [], damage[:3]
    assert all(c.ok for c in checker.check())


def test_damage_to_the_current_version_names_rollback_to_the_intact_one(data_dir: Path) -> None:
    from newsfacet.engine.reindex import reindex

    backend = TantivyBackend(data_dir)
    reindex(backend, keep=1)  # articles-v2 current, articles-v1 kept for rollback
    backend.close()
    flip_doc_store(data_dir)  # damages articles-v2 only
    code, report = check_cli(data_dir)
    checksums = {c["check"]: c for c in report["checks"]}["checksums"]
    assert code == 1 and "articles-v2" in checksums["reason"], report
    assert "`newsfacet reindex --rollback` goes back to articles-v1" in checksums["reason"]
    rolled = run_subprocess(data_dir, "reindex", "--rollback", timeout=120)
    assert rolled.returncode == 0, rolled.stderr
    assert check_cli(data_dir)[0] == 0


def test_repair_that_cannot_write_the_alias_says_so_without_a_path(data_dir: Path) -> None:
    alias = data_dir / "tantivy" / "articles.alias.json"
    alias.unlink()
    alias.mkdir()  # a real fault that even root cannot write through: the alias name is taken by a folder
    (alias / "keep").write_text("x")
    done = run_subprocess(data_dir, "check", "--repair", timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "cannot write the alias of index 'articles'" in done.stderr and str(data_dir) not in done.stderr
    assert healthz(data_dir).status_code == 503


def test_check_prints_one_line_per_check(data_dir: Path) -> None:
    truncate_store(data_dir)
    done = run_subprocess(data_dir, "check", timeout=120)
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and len(lines) == 4, done.stdout
    assert [line.split()[:2] for line in lines] == [["ok", "alias"], ["FAILED", "segments"],
                                                    ["skipped", "checksums"], ["skipped", "documents"]]
    assert "tantivy/articles-v1/" in lines[1] and str(data_dir) not in done.stdout
