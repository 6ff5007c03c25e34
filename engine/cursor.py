"""Signed paging cursors: opaque to users, unforgeable, bound to one search, short-lived.

A cursor is `base64url(JSON [issued, position]) . base64url(HMAC-SHA256[:16])`. The MAC covers
the format version, the search's fingerprint and the payload, so a cursor edited in any field,
re-signed without the key or taken from another search fails the same check. The web app keys it
from its Flask SECRET_KEY, the CLI from a key file in the data folder (`read_or_create_key`).
Positions inside a valid cursor are still bounded by each backend (`bounded_int`) before use.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from newsfacet.engine.limits import MAX_CURSOR_AGE_SECONDS, MAX_CURSOR_LENGTH, RequestError

CURSOR_FORMAT = b"newsfacet-cursor-1"
MAC_BYTES = 16
# For requests built without a key (tests, scripts): cursors then only work inside this process.
PROCESS_KEY = secrets.token_bytes(32)
_TOKEN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}", re.ASCII)
RESTART = "start again from the first page"


def derive_key(secret: str | bytes) -> bytes:
    """A cursor key derived from an app secret, so the secret itself signs nothing else here."""
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, CURSOR_FORMAT, hashlib.sha256).digest()


def read_or_create_secret(path: Path) -> str | None:
    """The secret kept in `path`, created once, whole: written to a private file first and linked
    into place, which fails if another process got there first, so racing processes share one and
    none reads a file another has created but not yet filled. None when the folder cannot be written
    or read."""
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")  # mode 0600
            try:
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
                os.link(draft, path)
            finally:
                os.unlink(draft)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        return path.read_text().strip() or None
    except OSError:
        return None


def read_or_create_key(path: Path) -> bytes:
    """The cursor key from the secret kept in `path`; a folder we cannot write gives a per-process
    key, so cursors then only work within one run."""
    secret = read_or_create_secret(path)
    return derive_key(secret) if secret else PROCESS_KEY


def sign_cursor(key: bytes, scope: str, position: dict[str, Any], now: float | None = None) -> str:
    """The cursor for `position` within the search identified by `scope` (its fingerprint)."""
    issued = int(time.time() if now is None else now)
    payload = json.dumps([issued, position], separators=(",", ":")).encode()
    body = _b64(payload)
    return f"{body}.{_b64(_mac(key, scope, body))}"


def open_cursor(key: bytes, scope: str, token: str, now: float | None = None) -> dict[str, Any]:
    """The position inside a cursor made by `sign_cursor` for this scope; `RequestError` otherwise."""
    if not isinstance(token, str) or len(token) > MAX_CURSOR_LENGTH or not _TOKEN.fullmatch(token):
        raise RequestError(f"the cursor is damaged; {RESTART}")
    body, mac = token.split(".")
    if not hmac.compare_digest(_unb64(mac), _mac(key, scope, body)):
        raise RequestError(f"the cursor does not belong to this search or was altered; {RESTART}")
    try:
        issued, position = json.loads(_unb64(body))
    except (ValueError, TypeError) as error:
        raise RequestError(f"the cursor is damaged; {RESTART}") from error
    if not isinstance(issued, int) or not isinstance(position, dict):
        raise RequestError(f"the cursor is damaged; {RESTART}")
    age = (time.time() if now is None else now) - issued
    if not 0 <= age <= MAX_CURSOR_AGE_SECONDS:
        raise RequestError(f"the cursor has expired; {RESTART}")
    return position


def bounded_int(position: dict[str, Any], name: str, high: int) -> int:
    """`position[name]` if it is a whole number in 0..high, else `RequestError` (never trust depth)."""
    value = position.get(name)
    if type(value) is not int or not 0 <= value <= high:
        raise RequestError(f"the cursor points outside the results; {RESTART}")
    return value


def _mac(key: bytes, scope: str, body: str) -> bytes:
    message = b"|".join((CURSOR_FORMAT, scope.encode(), body.encode()))
    return hmac.new(key, message, hashlib.sha256).digest()[:MAC_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return b""
