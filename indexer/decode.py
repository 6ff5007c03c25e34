"""Bytes to text: find the encoding a document was written in, and refuse binary data.

Order of evidence, strongest first: a byte-order mark, the HTTP Content-Type charset, an HTML
`<meta charset>` / `http-equiv` declaration, then statistical detection (charset-normalizer).
Undecodable bytes are replaced, never raised on: a page with one bad byte is still a page.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from newsfacet.indexer.errors import InputFailed

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_META = re.compile(rb"<meta\b[^>]*>", re.I)
# Only the head of a page is searched for a declaration; browsers look at the first 1024 bytes,
# we are a little more generous because real pages put scripts first.
_META_WINDOW = 8192
_SAMPLE = 4096
# Labels that pages declare but mean something wider (WHATWG encoding standard mappings).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874", "x-sjis": "shift_jis",
            "gb2312": "gb18030", "gbk": "gb18030", "ks_c_5601-1987": "cp949", "euc-kr": "cp949"}


def _codec(label: bytes | str | None) -> str | None:
    """A Python codec name for a declared label, or None when Python does not know it."""
    if not label:
        return None
    name = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_binary(data: bytes) -> bool:
    """True for data that is clearly not text: NUL bytes or many control characters."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if sample.count(0) > max(2, len(sample) // 100):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(sample) * 0.05


def _from_bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _from_meta(data: bytes) -> str | None:
    for tag in _META.findall(data[:_META_WINDOW]):
        match = _CHARSET.search(tag)
        if match:
            name = _codec(match.group(1))
            # A page served as bytes cannot really be UTF-16 when its meta tag is readable ASCII.
            if name and not name.startswith("utf-16") and not name.startswith("utf-32"):
                return name
    return None


def _detect(data: bytes) -> str:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    results = list(from_bytes(data[:200_000]))
    if not results:
        return "cp1252"
    best = results[0]
    # Short Western text often ties between cp1250 and cp1252; on a tie take cp1252, the web's
    # default single-byte encoding (as browsers do).
    for result in results:
        if result.encoding == "cp1252" and result.chaos <= best.chaos + 0.005 \
                and result.coherence >= best.coherence - 0.01:
            return "cp1252"
    return best.encoding


def decode_document(data: bytes, *, content_type: str | None = None, is_html: bool = False) -> str:
    """Decode a document's bytes to text; raises InputFailed only for clearly binary data."""
    bom = _from_bom(data)
    if bom is not None:
        name, skip = bom
        return data[skip:].decode(name, errors="replace")
    if _looks_binary(data):
        raise InputFailed("binary data, not a text document")
    name = None
    if content_type:
        match = _CHARSET.search(content_type.encode("latin-1", "ignore"))
        name = _codec(match.group(1)) if match else None
    if name is None and is_html:
        name = _from_meta(data)
    if name is None:
        name = _detect(data)
    text = data.decode(name, errors="replace")
    return text
