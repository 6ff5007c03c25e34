"""WARC files (plain or record-gzipped): each HTTP response record with an HTML payload is an input.

warcio (Webrecorder's streaming WARC reader) parses the records and undoes chunked transfer
and gzip/deflate content encoding of the HTTP payload, which is what a cleaner needs. Requests,
metadata and warcinfo records are not articles and are not inputs; a response that is not
HTML is an input filed as skipped, so a crawl's images show up in the report by type.

warcio ends quietly on a file cut short: a record cut in its payload comes out short, and one cut
in its headers is not returned at all. Both are caught here (payload bytes missing against the
record's Content-Length; bytes left after the last whole record) and filed as failed.
"""
from __future__ import annotations

import os
import zlib
from collections.abc import Iterator

from newsfacet.indexer.errors import InputFailed, InputSkipped
from newsfacet.indexer.names import escape_name
from newsfacet.indexer.sources.files import REST_NOT_READ, container_error
from newsfacet.indexer.sources.model import FileStamp, Source, SourceFormat, rejected
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

_HTML_TYPES = ("text/html", "application/xhtml+xml")
TRUNCATED = "truncated: the file ends inside this record"


def _record_source(name: str, record, number: int) -> str:
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    return f"{name}#{escape_name(record_id.strip('<>')) if record_id else number}"


def _is_cut(record) -> bool:
    """After its payload was read: a record without its Content-Length or with fewer bytes than it."""
    if record.rec_headers.get_header("Content-Length") is None:  # WARC requires one: headers cut short
        return True
    return getattr(record.raw_stream, "limit", 0) > 0


def _response(name: str, stamp: FileStamp, record, number: int, max_bytes: int) -> Source:
    source = _record_source(name, record, number)
    data = record.content_stream().read(max_bytes + 1)
    too_large = len(data) > max_bytes
    if not too_large and _is_cut(record):  # read to its end: missing bytes mean the file ends here
        return rejected(source, InputFailed(TRUNCATED), stamp)
    url = record.rec_headers.get_header("WARC-Target-URI")
    content_type = record.http_headers.get_header("Content-Type") if record.http_headers else None
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return rejected(source, InputSkipped(f"not an HTML response ({mime})"), stamp)
    if too_large:
        return rejected(source, InputSkipped("larger than the size limit (--max-mb)"), stamp)
    return Source(source=source, kind="html", stamp=stamp, data=data, url=url, content_type=content_type)


def _other(name: str, stamp: FileStamp, record, number: int) -> Source | None:
    """A record that is not an input (request, metadata), or a failed one when the file ends inside it."""
    while record.raw_stream.read(1 << 16):
        pass
    return rejected(_record_source(name, record, number), InputFailed(TRUNCATED), stamp) if _is_cut(record) else None


def warc_records(path: str, stamp: FileStamp, max_bytes: int, name: str | None = None) -> Iterator[Source]:
    """The response records of one WARC file, in file order."""
    name = name or escape_name(path)
    number = 0
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            for record in records:
                if record.rec_type == "response":
                    number += 1
                    source = _response(name, stamp, record, number, max_bytes)
                else:
                    source = _other(name, stamp, record, number + 1)
                if source is None:
                    continue
                yield source
                if source.error is not None and source.error.reason == TRUNCATED:
                    return
            if records.offset < os.fstat(handle.fileno()).st_size:  # bytes warcio could not make a record of
                yield rejected(f"{name}#{number + 1}", InputFailed(TRUNCATED), stamp)
    except ArchiveLoadFailed as error:
        yield rejected(f"{name}#{number + 1}", InputFailed(f"not a valid WARC record: {error}; {REST_NOT_READ}"),
                       stamp)
    except (OSError, EOFError, zlib.error) as error:
        yield rejected(f"{name}#{number + 1}", container_error(error), stamp)
    except Exception as error:  # noqa: BLE001 - warcio fails on cut or forged headers in many ways
        reason = f"not a valid WARC record (truncated or corrupt: {type(error).__name__}); {REST_NOT_READ}"
        yield rejected(f"{name}#{number + 1}", InputFailed(reason), stamp)


# Its records are `html` inputs (documents.HTML turns them into articles), so it has no to_article.
FORMAT = SourceFormat(name="warc", extensions=(".warc",), records=warc_records,
                      no_records="no records: no HTTP response in the file")
