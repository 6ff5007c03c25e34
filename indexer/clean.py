"""Public cleaning API: messy HTML or plain-text news -> `Article`.

Both functions raise only `InputSkipped` (nothing to index) or `InputFailed` (cannot be read);
any other error from the parsers on hostile input is turned into `InputFailed` with its kind,
because the pipeline must file every input in a bucket and go on.
"""
from __future__ import annotations

from newsfacet.engine.model import Article
from newsfacet.indexer.clean_html import html_to_article
from newsfacet.indexer.clean_text import text_to_article
from newsfacet.indexer.errors import InputFailed, InputRejected


def clean_html(html: str | bytes, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page (bytes are decoded: BOM, meta charset, detection)."""
    try:
        return html_to_article(html, url)
    except InputRejected:
        raise
    except RecursionError as exc:
        raise InputFailed("HTML too deeply nested to parse") from exc
    except MemoryError as exc:
        raise InputFailed("HTML too large to parse") from exc
    except Exception as exc:  # noqa: BLE001 - hostile input must never escape as a crash
        raise InputFailed(f"HTML could not be cleaned: {type(exc).__name__}") from exc


def clean_text(text: str, path: str | None = None) -> Article:
    """Title, byline, dateline and body of a plain-text article; `path` becomes `Article.source`."""
    try:
        return text_to_article(text, path)
    except InputRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - same contract as clean_html
        raise InputFailed(f"text could not be cleaned: {type(exc).__name__}") from exc
