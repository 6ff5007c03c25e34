"""Files: open one (plain or gzip), read its bytes, and name what went wrong reading it.

Every format reads its files through here, so a permission error, a truncated gzip member or a
container cut short reads the same in the report whatever the format.
"""
from __future__ import annotations

import gzip
import zlib

from newsfacet.indexer.errors import InputFailed, InputSkipped

# Added to the reason when a container stops being readable part-way.
REST_NOT_READ = "the rest of the file was not read"
def open_input(path: str):
    """A binary file object over the (decompressed) contents of a file."""
    try:
        if path.lower().endswith(".gz"):
            return gzip.open(path, "rb")
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        raise read_error(error) from error


def read_error(error: BaseException) -> InputFailed:
    """A reason a person can read for an error met while reading an input."""
    if isinstance(error, PermissionError):
        return InputFailed("permission denied")
    if isinstance(error, IsADirectoryError):
        return InputFailed("is a folder, not a file")
    if isinstance(error, EOFError):
        return InputFailed("truncated gzip data")
    if isinstance(error, (gzip.BadGzipFile, zlib.error)):
        return InputFailed(f"corrupt gzip data: {error}")
    if isinstance(error, OSError):
        return InputFailed(f"cannot read: {error.strerror or error}")
    return InputFailed(f"cannot read: {type(error).__name__}: {error}")


def container_error(error: BaseException) -> InputFailed:
    """The reason for a container that stopped being readable after some records."""
    return InputFailed(f"{read_error(error).reason}; {REST_NOT_READ}")


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The whole (decompressed) file, or InputSkipped/InputFailed with the reason."""
    try:
        with open_input(path) as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise read_error(error) from error
    if len(data) > max_bytes:
        raise InputSkipped(f"larger than the {max_bytes // 1_000_000} MB limit (--max-mb)")
    if not data.strip():
        raise InputSkipped("empty file")
    return data
