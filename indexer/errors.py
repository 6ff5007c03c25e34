"""Why an input did not become an indexed article.

Every input ends in one bucket: indexed, duplicate, skipped or failed. Cleaning and reading code
raises one of these with a short reason; the pipeline files the input under it and goes on.
"""
from __future__ import annotations


class InputRejected(Exception):
    """Base: an input that will not be indexed, with a reason a person can read."""

    bucket = "failed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InputSkipped(InputRejected):
    """The input was read but holds nothing to index (no text, not an article, unsupported type)."""

    bucket = "skipped"


class InputFailed(InputRejected):
    """The input could not be read, decoded or parsed."""

    bucket = "failed"
