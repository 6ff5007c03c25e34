"""The access logger (webapp.gunicorn_log) writes what gunicorn's own would, with fewer fields made."""
from __future__ import annotations

import datetime
import io
import logging

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger
from newsfacet.webapp.gunicorn_log import AccessLogger

from tests.indexing import REPO


class Response:
    status = "200 OK"
    sent = 5120
    headers = [("Content-Type", "text/html"), ("X-Newsfacet-Cache", "hit")]


class Request:
    headers = [("HOST", "127.0.0.1:8000"), ("USER-AGENT", "curl/8"), ("X-FORWARDED-FOR", "203.0.113.9")]


ENVIRON = {"REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "RAW_URI": "/search?q=port&outlet=A%20B",
           "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/search", "QUERY_STRING": "q=port&outlet=A%20B",
           "HTTP_USER_AGENT": "curl/8", "HTTP_REFERER": "https://news.example/", "wsgi.url_scheme": "http"}


def line(logger_class: type, access_format: str) -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", access_format)
    logger = logger_class(config)
    written = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(written)]
    logger.now = lambda: "[04/Dec/2026:08:00:00 +0000]"  # both loggers stamp the same second
    logger.access(Response(), Request(), ENVIRON, datetime.timedelta(seconds=1, microseconds=2345))
    return written.getvalue()


def configured_format() -> str:
    settings: dict = {}
    exec((REPO / "webapp" / "gunicorn.conf.py").read_text(encoding="utf-8"), settings)
    assert settings["logger_class"] == "newsfacet.webapp.gunicorn_log.AccessLogger"
    return settings["access_log_format"]


@pytest.mark.parametrize("access_format", [
    configured_format(),
    '%(h)s %(l)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(m)s %(U)s %(q)s %(H)s',  # every plain field
    '%(h)s "%(r)s" %(s)s %({x-forwarded-for}i)s %({x-newsfacet-cache}o)s %(T)s %(p)s',  # headers: gunicorn's
])
def test_the_line_is_gunicorns_own(access_format):
    ours = line(AccessLogger, access_format)
    assert ours == line(Logger, access_format)
    assert '"GET /search?q=port&outlet=A%20B HTTP/1.1" 200' in ours


def test_only_a_format_of_plain_fields_takes_the_short_way():
    config = Config()
    config.set("access_log_format", configured_format())
    assert AccessLogger(config).plain
    config.set("access_log_format", '%(h)s %({x-forwarded-for}i)s')
    assert not AccessLogger(config).plain
