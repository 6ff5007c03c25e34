"""Names and text from inputs, made safe to store (UTF-8, JSON) and to show (a terminal).

File names are bytes on Linux: Python hands us the bytes that are not UTF-8 as lone surrogates,
which no UTF-8 file, SQLite row or tantivy field accepts. Names, titles and record ids may also
hold control characters: an ESC starts an ANSI sequence that recolours or rewrites the screen.
- `escape_name` is applied once, where an input gets its name: each undecodable byte becomes
  `\\xNN` and a backslash becomes `\\\\`, so two different names never share an escaped form
  (the resume journal keys inputs by it). Control characters are kept: the name stays exact.
- `printable` is applied to everything the indexer prints: control characters become escapes.
- `json_text` writes JSON whose strings carry no raw control character at all.
"""
from __future__ import annotations

import json
import re
from typing import Any

# Bytes that were not UTF-8, as Python's surrogateescape error handler decodes them.
_UNDECODABLE = "\udc80-\udcff"
# What moves the cursor, recolours or reorders a terminal line: C0 (with ESC), DEL, C1 (with
# CSI), the Unicode line and paragraph separators and the bidirectional embeddings, overrides
# and isolates (text that reads differently from what is stored).
_C0 = "\x00-\x1f"
_OTHER_CONTROLS = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_NAME_ESCAPES = re.compile(f"[\\\\{_UNDECODABLE}]")
_TERMINAL_ESCAPES = re.compile(f"[{_C0}{_OTHER_CONTROLS}{_UNDECODABLE}]")
# json.dumps escapes C0 inside strings itself (and uses only white space outside them) but
# leaves DEL, C1 and the others raw; none of these can occur outside a JSON string.
_JSON_ESCAPES = re.compile(f"[{_OTHER_CONTROLS}]")
_UNDECODABLE_CHAR = re.compile(f"[{_UNDECODABLE}]")
# Control characters that article text has no use for: all but tab, new line and carriage return.
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte: show the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_name_char(match: re.Match) -> str:
    char = match.group()
    return "\\\\" if char == "\\" else _escape(char)


def escape_name(name: str) -> str:
    """A path or record name as valid UTF-8 that still tells it apart from every other name."""
    return _NAME_ESCAPES.sub(_escape_name_char, name)


def printable(text: str) -> str:
    """Text safe to print: control characters and undecodable bytes shown as escapes."""
    return _TERMINAL_ESCAPES.sub(lambda match: _escape(match.group()), text)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON (readable UTF-8, not ASCII escapes) whose strings hold no raw control character."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # Undecodable bytes cannot be written as UTF-8: show them as the escaped name would.
    text = _UNDECODABLE_CHAR.sub(lambda match: "\\" + _escape(match.group()), text)
    return _JSON_ESCAPES.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def strip_controls(text: str) -> str:
    """Article text without control characters (ESC and CSI included); tabs and new lines kept."""
    return _TEXT_CONTROLS.sub("", text)


__all__ = ["escape_name", "json_text", "printable", "strip_controls"]
