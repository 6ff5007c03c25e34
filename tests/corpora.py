"""Where the shared real-data corpora live, and how tests ask for one.

The corpora are read in place from ../shared/corpora (never copied into the repository). Outside
CI a missing corpus skips the test with a clear message; in CI (CI=true) it is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

_DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", _DEFAULT)).resolve()


def corpus(name: str) -> Path:
    """Path of one corpus folder; skips (or fails in CI) when it is absent."""
    path = CORPORA / name
    if path.is_dir():
        return path
    message = f"corpus {name!r} not found at {path} (set NEWSFACET_CORPORA or put ../shared beside the repo)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def wcxb_text(page_id: str) -> str:
    """Title and main text of one wcxb-dev-articles page (`0022`), as the HTML cleaner gives them."""
    import gzip

    from newsfacet.indexer.clean import clean_html

    html = gzip.decompress((corpus("wcxb-dev-articles") / "html" / f"{page_id}.html.gz").read_bytes())
    article = clean_html(html)
    return f"{article.title}\n{article.body}"
