"""Production serving for real: gunicorn started from the repository's configuration file (2 workers,
a free port) over a tantivy index of samples/ built with the real CLI. Forged cursors must get 4xx
and leave both workers alive and /healthz quick; security headers come on every response the app
makes; the README's serve command starts."""
from __future__ import annotations

import base64
import http.client
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.indexing import REPO, run_subprocess, subprocess_env

CONFIG = REPO / "webapp" / "gunicorn.conf.py"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


@dataclass
class Server:
    process: subprocess.Popen
    host: str
    port: int
    log: Path

    def request(self, method: str, path: str, body: bytes | None = None, timeout: float = 40.0,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def follow(self, path: str, hops: int = 3, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
        """GET like a browser: same-site redirects (e.g. to the canonical URL) are followed."""
        status, headers, body = self.request("GET", path, timeout=timeout)
        while status in (301, 302, 303, 307, 308) and headers.get("Location", "").startswith("/") and hops:
            status, headers, body = self.request("GET", headers["Location"], timeout=timeout)
            hops -= 1
        return status, headers, body

    def get_json(self, path: str) -> dict:
        status, _, body = self.request("GET", path)
        assert status == 200, body[:300]
        return json.loads(body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(server: Server, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.process.returncode}:\n{server.log.read_text()[-3000:]}")
        try:
            if server.request("GET", "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer /healthz within {timeout:.0f} s:\n{server.log.read_text()[-3000:]}")


def start(command: list[str], env: dict[str, str], port: int, log: Path) -> Server:
    """gunicorn's stdout goes to `log`, its stderr to `log` + `.stderr`."""
    with log.open("wb") as out, log.with_suffix(".stderr").open("wb") as err:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=err)
    server = Server(process, "127.0.0.1", port, log)
    wait_healthy(server)
    return server


def stop(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def worker_pids(master: int) -> set[int]:
    """The master's children, read from /proc (field 4 of /proc/PID/stat is the parent pid)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == master:
            children.add(int(stat.parent.name))
    return children


@pytest.fixture(scope="module")
def sample_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("gunicorn-data")
    done = run_subprocess(data_dir, "index", "--no-progress", "samples/", timeout=600)
    assert done.returncode == 0, done.stderr
    return data_dir


@pytest.fixture(scope="module")
def server(sample_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    port = free_port()
    env = {**subprocess_env(), "NEWSFACET_DATA_DIR": str(sample_data), "NEWSFACET_SECRET_KEY": "gunicorn-test"}
    command = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "--workers", "2",
               "--bind", f"127.0.0.1:{port}", "newsfacet.webapp:create_app()"]
    running = start(command, env, port, tmp_path_factory.mktemp("gunicorn-log") / "gunicorn.log")
    yield running
    stop(running)


# -- forged cursors ---------------------------------------------------------------------------
def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True)
class RealCursor:
    """A real cursor's layout: dot-separated parts (today one; a signed cursor adds a signature),
    one of them base64url JSON. Forgeries keep the layout and change the JSON."""

    parts: tuple[str, ...]
    json_at: int
    payload: object

    @classmethod
    def read(cls, cursor: str) -> RealCursor:
        parts = tuple(cursor.split("."))
        for at, part in enumerate(parts):
            try:
                return cls(parts, at, json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))
            except ValueError:
                continue
        pytest.fail(f"no JSON part in the cursor {cursor[:60]!r}")

    def forged_bytes(self, data: bytes) -> str:
        parts = list(self.parts)
        parts[self.json_at] = b64(data)
        return quote(".".join(parts))

    def forged(self, payload: object) -> str:
        return self.forged_bytes(json.dumps(payload, separators=(",", ":")).encode())

    def with_position(self, position: object) -> str:
        """The same payload with its paging position (the dict holding "o" or "k") replaced."""
        return self.forged(_replace_position(self.payload, position))


def _replace_position(payload: object, position: object) -> object:
    if isinstance(payload, dict):
        if "o" in payload or "k" in payload:
            return position
        return {key: _replace_position(value, position) for key, value in payload.items()}
    if isinstance(payload, list):
        return [_replace_position(value, position) for value in payload]
    return payload


@pytest.fixture(scope="module")
def real_cursors(server: Server) -> dict[str, str]:
    """Real next-page cursors: offset paging (relevance) and keyset paging (newest)."""
    relevance = server.get_json("/search.json?size=2")["next_cursor"]
    newest = server.get_json("/search.json?size=2&sort=newest")["next_cursor"]
    assert relevance and newest, "samples/ has more than two articles, so a first page has a next cursor"
    return {"relevance": relevance, "newest": newest}


def forged_cases(real: dict[str, str]) -> dict[str, str]:
    """name -> query string of a hostile search request."""
    relevance, newest = RealCursor.read(real["relevance"]), RealCursor.read(real["newest"])
    offsets = {"offset_2_40": 2**40, "offset_2_63": 2**63, "offset_negative": -1, "offset_min": -(2**63),
               "offset_float": 1e300, "offset_string": "10", "offset_null": None, "offset_list": [1]}
    cases = {name: "size=2&cursor=" + relevance.with_position({"o": value}) for name, value in offsets.items()}
    cases |= {
        "keyset_huge_key": "sort=newest&size=2&cursor=" + newest.with_position({"k": 2**70, "ids": []}),
        "keyset_wrong_types": "sort=newest&size=2&cursor=" + newest.with_position({"k": "x", "ids": 5}),
        "position_not_a_dict": "size=2&cursor=" + relevance.with_position([2**40]),
        "payload_wrong_shape": "size=2&cursor=" + relevance.forged("o=1099511627776"),
        "deeply_nested_json": "size=2&cursor=" + relevance.forged_bytes(b"[" * 2500),
        "another_querys_cursor": "q=music&size=2&cursor=" + quote(real["relevance"]),
        "random_bytes_base64": "size=2&cursor=" + b64(os.urandom(96)),
        "random_bytes_raw": "size=2&cursor=" + quote(os.urandom(64)),
        "plain_garbage": "size=2&cursor=" + quote("!!not a cursor at all!!"),
        "too_long": "size=2&cursor=" + "A" * 5000,
        "cursor_with_page_2_40": "size=2&page=1099511627776&cursor=" + quote(real["relevance"]),
    }
    return cases


_SAMPLE = b64(b'{"r":"x","p":{"o":2}}')
CASE_NAMES = sorted(forged_cases({"relevance": _SAMPLE, "newest": _SAMPLE}))


@pytest.mark.parametrize("case", CASE_NAMES)
@pytest.mark.parametrize("path", ["/search", "/search.json"])
def test_forged_cursor_is_4xx_and_workers_survive(server: Server, real_cursors: dict[str, str], case: str,
                                                  path: str) -> None:
    before = worker_pids(server.process.pid)
    assert len(before) == 2
    status, headers, body = server.follow(f"{path}?{forged_cases(real_cursors)[case]}")
    assert 400 <= status < 500, f"{case}: {status} {body[:300]!r}"
    assert b"Traceback" not in body and str(REPO).encode() not in body
    assert all(name in headers for name in SECURITY_HEADERS)
    started = time.monotonic()
    health, _, _ = server.request("GET", "/healthz", timeout=1.0)
    assert health == 200 and time.monotonic() - started < 1.0
    assert worker_pids(server.process.pid) == before, f"{case}: a worker died and was replaced"


# -- headers on every response the app makes, through the real server ----------------------------
def test_security_headers_on_every_kind_of_response(server: Server) -> None:
    cases = [("GET", "/search?q=music", None, 200), ("HEAD", "/search?q=music", None, 200),
             ("GET", "/", None, 302), ("GET", "/search?size=0", None, 400),
             ("GET", "/search?outlet=b&q=a", None, 302), ("GET", "/no/such/page", None, 404),
             ("DELETE", "/search", None, 405), ("POST", "/saved", b"name=x", 400),
             ("POST", "/saved", b"x" * 70_000, 413), ("GET", "/static/app.css", None, 200),
             ("HEAD", "/static/app.css", None, 200), ("OPTIONS", "/search", None, 200),
             ("GET", "/s/nothing-here", None, 404), ("GET", "/healthz", None, 200)]
    for method, path, body, expected in cases:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        status, got, _ = server.request(method, path, body=body, headers=headers)
        assert status == expected, (method, path, status)
        missing = [name for name in SECURITY_HEADERS if name not in got]
        assert not missing, (method, path, status, missing)
    etag = server.request("GET", "/static/app.css")[1]["ETag"]
    status, got, _ = server.request("GET", "/static/app.css", headers={"If-None-Match": etag})
    assert status == 304 and "Content-Security-Policy" in got


def test_gunicorn_refuses_oversized_heads_itself_without_app_headers(server: Server) -> None:
    """gunicorn answers these (400 for the line, 431 for too many headers) before the app runs, so
    the app cannot add its headers there: a documented limit."""
    status, headers, _ = server.request("GET", "/search?q=" + "a" * 9000)
    assert status == 400 and "Content-Security-Policy" not in headers
    many = {f"X-Filler-{number}": "1" for number in range(60)}
    status, headers, _ = server.request("GET", "/search", headers=many)
    assert status == 431 and "Content-Security-Policy" not in headers
    assert server.request("GET", "/healthz")[0] == 200


def test_logs_go_to_stdout_with_access_lines(server: Server) -> None:
    server.request("GET", "/healthz?from-log-test")
    time.sleep(0.5)
    log = server.log.read_text()
    assert "Booting worker" not in server.log.with_suffix(".stderr").read_text()
    assert "Using worker: gthread" in log and log.count("Booting worker") >= 2
    assert '"GET /healthz?from-log-test HTTP/1.1" 200' in log


# -- the README's serve command -----------------------------------------------------------------
def readme_serve_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^(.*\bgunicorn -c \S+ \"newsfacet.webapp:create_app\(\)\".*)$", readme, re.MULTILINE)
    assert found, "README.md shows how to serve with gunicorn -c <config>"
    return found.group(1).strip()


def test_readme_serve_command_starts(sample_data: Path, tmp_path: Path) -> None:
    words = shlex.split(readme_serve_command())
    env = {**subprocess_env(), "NEWSFACET_DATA_DIR": str(sample_data)}
    while "=" in words[0]:  # leading VAR=value assignments
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    assert words[0].endswith("gunicorn") and words[1] == "-c" and (REPO / words[2]).is_file()
    port = free_port()
    env["NEWSFACET_BIND"] = f"127.0.0.1:{port}"
    server = start([sys.executable, "-m", "gunicorn", *words[1:]], env, port, tmp_path / "readme.log")
    try:
        assert len(worker_pids(server.process.pid)) == 2
        documents = server.get_json("/healthz")["backend"]["documents"]
        assert documents > 0 and server.get_json("/search.json?size=1")["total"] == documents
    finally:
        stop(server)
    assert server.process.returncode == 0


def test_security_headers_on_an_unexpected_error_page(sample_data: Path) -> None:
    """A 500 cannot be caused on purpose through the server, so this one goes through the test client."""
    from newsfacet.webapp import create_app

    app = create_app({"data_dir": str(sample_data), "secret_key": "x", "TESTING": True})
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    response = app.test_client().get("/boom")
    assert response.status_code == 500 and "ZeroDivisionError" not in response.get_data(as_text=True)
    assert all(name in response.headers for name in SECURITY_HEADERS)
    app.extensions["newsfacet"].close()


# -- a native panic must not cost a server thread ------------------------------------------------
def tantivy_panic() -> str:
    """Make tantivy panic for real: a search with an offset past 2**63 on a small in-memory index."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=True)
    index = tantivy.Index(builder.build())
    writer = index.writer(15_000_000, 1)
    for number in range(50):
        writer.add_document(tantivy.Document(text=f"word {number}"))
    writer.commit()
    index.reload()
    index.searcher().search(tantivy.Query.all_query(), 5, offset=2**63)
    return "not reached"


def panicking_app():
    """The real app plus /panic (gunicorn loads it as `tests.webapp.test_gunicorn:panicking_app()`)."""
    from newsfacet.webapp import create_app

    app = create_app()
    app.add_url_rule("/panic", "panic", tantivy_panic)
    return app


def test_native_panics_give_500_and_no_thread_is_lost(sample_data: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {**subprocess_env(), "NEWSFACET_DATA_DIR": str(sample_data), "NEWSFACET_SECRET_KEY": "panic-test"}
    command = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "--workers", "2", "--threads", "2",
               "--bind", f"127.0.0.1:{port}", "tests.webapp.test_gunicorn:panicking_app()"]
    server = start(command, env, port, tmp_path / "panic.log")
    try:
        workers = worker_pids(server.process.pid)
        for _ in range(10):  # more panics than the 2 x 2 threads: each used to kill one for good
            status, headers, body = server.request("GET", "/panic", timeout=10)
            assert status == 500 and b"unexpected error" in body and b"Panic" not in body
            assert all(name in headers for name in SECURITY_HEADERS)
        started = time.monotonic()
        assert server.request("GET", "/healthz", timeout=1.0)[0] == 200
        assert time.monotonic() - started < 1.0
        assert worker_pids(server.process.pid) == workers
    finally:
        stop(server)
    assert "uncaught PanicException on /panic" in server.log.read_text()
