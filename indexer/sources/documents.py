"""Single-document formats: one HTML page or one plain-text file is one input, read by a worker.

WARC response records are `html` inputs too: their bytes come from the archive, with the
record's URL and Content-Type as hints for decoding and cleaning.
"""
from __future__ import annotations

from newsfacet.engine.model import Article
from newsfacet.indexer.errors import InputSkipped
from newsfacet.indexer.sources.model import Source, SourceFormat, Timed


def _decoded(source: Source, data: bytes, timed: Timed, is_html: bool) -> str:
    # Imported here, not at the top: charset detection is worker-only, and the main process,
    # which imports the registry to walk folders, should not pay for it.
    from newsfacet.indexer.decode import decode_document

    text = timed("decode", decode_document, data, content_type=source.content_type, is_html=is_html)
    if not text.strip():
        raise InputSkipped("no text")
    return text


def page_article(source: Source, data: bytes, timed: Timed) -> Article:
    """Decode an HTML page (declared or sniffed charset) and extract its article."""
    from newsfacet.indexer.clean import clean_html  # worker-only: loads trafilatura and lxml (~0.25 s)

    return timed("clean", clean_html, _decoded(source, data, timed, is_html=True), source.url)


def text_article(source: Source, data: bytes, timed: Timed) -> Article:
    """Decode a plain-text file and take its title and body."""
    from newsfacet.indexer.clean import clean_text  # worker-only: loads trafilatura and lxml (~0.25 s)

    return timed("clean", clean_text, _decoded(source, data, timed, is_html=False), source.source)


HTML = SourceFormat(name="html", extensions=(".html", ".htm", ".xhtml"), to_article=page_article)
TEXT = SourceFormat(name="text", extensions=(".txt",), to_article=text_article)
