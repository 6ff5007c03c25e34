"""The one table of settings: name, default, environment variable and help.

The CLI, the web app and the docs all read this table; `tests/test_settings.py` fails when a
setting is missing from README.md.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    env: str
    help: str
    parse: Callable[[str], Any] = str


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "newsfacet")


SETTINGS: tuple[Setting, ...] = (
    Setting("backend", "tantivy", "NEWSFACET_BACKEND", "Search engine: tantivy (embedded) or elasticsearch."),
    Setting("data_dir", _default_data_dir(), "NEWSFACET_DATA_DIR",
            "Folder of the embedded index and saved searches (default $XDG_DATA_HOME/newsfacet)."),
    Setting("index", "articles", "NEWSFACET_INDEX", "Logical index name (an alias over versioned indexes)."),
    Setting("es_url", "http://127.0.0.1:9200", "NEWSFACET_ES_URL", "Elasticsearch URL(s), comma-separated."),
    Setting("es_api_key", None, "NEWSFACET_ES_API_KEY", "Elasticsearch API key (instead of user/password)."),
    Setting("es_username", None, "NEWSFACET_ES_USERNAME", "Elasticsearch basic-auth user."),
    Setting("es_password", None, "NEWSFACET_ES_PASSWORD", "Elasticsearch basic-auth password."),
    Setting("es_ca_certs", None, "NEWSFACET_ES_CA_CERTS", "CA certificate file for an HTTPS cluster."),
    Setting("es_timeout", 30.0, "NEWSFACET_ES_TIMEOUT", "Elasticsearch request timeout in seconds.", float),
    Setting("es_retries", 5, "NEWSFACET_ES_RETRIES",
            "Retries (with exponential backoff) of an Elasticsearch bulk write on 429/503 or a lost node.", int),
    Setting("es_backoff", 1.0, "NEWSFACET_ES_BACKOFF",
            "Seconds before the first bulk-write retry; doubles per retry (at most 30 s).", float),
    Setting("page_size", 20, "NEWSFACET_PAGE_SIZE", "Default number of hits per page.", int),
    Setting("max_page", 500, "NEWSFACET_MAX_PAGE", "Deepest page number reachable without a cursor.", int),
    Setting("facet_size", 10, "NEWSFACET_FACET_SIZE", "Values shown per facet before 'more'.", int),
    Setting("facet_time_limit_ms", 1000, "NEWSFACET_FACET_TIME_LIMIT_MS",
            "Milliseconds a search may spend before no more facet counts start; those left are marked "
            "timed out, the page still answers.", int),
    Setting("max_query_length", 500, "NEWSFACET_MAX_QUERY_LENGTH",
            "Longest query (characters) the web app accepts; longer ones get a 400 page.", int),
    Setting("max_facet_values", 200, "NEWSFACET_MAX_FACET_VALUES",
            "Most values one facet's 'more' page or value search may list.", int),
    Setting("export_max_rows", 10000, "NEWSFACET_EXPORT_MAX_ROWS",
            "Most articles one CSV/JSONL export streams.", int),
    Setting("response_cache_mb", 48, "NEWSFACET_RESPONSE_CACHE_MB",
            "Megabytes of finished responses each web worker keeps (with its recent search results); "
            "0 turns the response cache off.", int),
    Setting("secret_key", None, "NEWSFACET_SECRET_KEY",
            "Flask secret key for CSRF tokens; a random one is made per process when unset."),
    Setting("max_saved_searches", 500, "NEWSFACET_MAX_SAVED_SEARCHES",
            "Most saved searches the shared list holds; saving more gets a 'list is full' page.", int),
    Setting("save_rate_limit", "10 per minute;50 per day", "NEWSFACET_SAVE_RATE_LIMIT",
            "How often one client (IP address) may save a search (Flask-Limiter notation).", str),
    Setting("rate_limit_storage", "memory://", "NEWSFACET_RATE_LIMIT_STORAGE",
            "Where rate-limit counters live: memory:// (per worker) or e.g. redis://host:6379.", str),
)
SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then environment variables, then explicit overrides (None means 'not given')."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = os.environ.get(setting.env)
        values[setting.name] = setting.parse(raw) if raw not in (None, "") else setting.default
    for name, value in (overrides or {}).items():
        if name not in SETTINGS_BY_NAME:
            raise KeyError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = value
    return values
