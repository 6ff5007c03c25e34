"""WARC files (plain or record-gzipped): each HTTP response record with an HTML payload is an input.

warcio (Webrecorder's streaming WARC reader) parses the records and undoes chunked transfer
and gzip/deflate content encoding of the HTTP payload, which is what a cleaner needs. Requests,
metadata and warcinfo records are not articles and are not inputs; a response that is not
HTML is an input filed as skipped, so a crawl's images show up in the report by type.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from indexer.errors import InputFailed, InputSkipped
from indexer.source_files import read_error
from indexer.sources import FileStamp, Source, rejected

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _record_source(path: str, record, number: int) -> str:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return f"{path}#{record_id.strip('<>') if record_id else number}"


def _response(path: str, stamp: FileStamp, record, number: int, max_bytes: int) -> Source:
    name = _record_source(path, record, number)
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return rejected(name, InputSkipped(f"not an HTML response ({mime})"), stamp)
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return rejected(name, InputSkipped("larger than the size limit (--max-mb)"), stamp)
    return Source(source=name, kind="html", stamp=stamp, data=data, url=url, content_type=content_type)


def warc_records(path: str, stamp: FileStamp, max_bytes: int) -> Iterator[Source]:
    """The response records of one WARC file, in file order."""
    number = 0
    try:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                number += 1
                yield _response(path, stamp, record, number, max_bytes)
    except ArchiveLoadFailed as error:
        yield rejected(f"{path}#{number + 1}", InputFailed(f"not a valid WARC record: {error}"), stamp)
    except (OSError, EOFError, zlib.error) as error:
        yield rejected(f"{path}#{number + 1}", read_error(error), stamp)
