"""Entity choices of an embedded index: one JSON file beside it, replaced atomically.

Writers take an exclusive lock on a sibling lock file for read-change-write, so two `newsfacet
entities` commands never lose each other's choice; readers need no lock (the file is replaced by a
rename, never written in place) and reuse the parsed choices while the file's stamp is unchanged.
"""
from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.backends.tantivy_store import file_stamp
from newsfacet.engine.entity_choices import EntityChoiceError, EntityChoices, EntityChoiceStore
from newsfacet.engine.limits import MAX_ENTITY_CHOICES_BYTES


class JsonFileEntityChoices(EntityChoiceStore):
    def __init__(self, path: Path) -> None:
        self.path = path
        self._cached: tuple[tuple[int, int, int], EntityChoices] | None = None

    def load(self) -> EntityChoices:
        stamp = file_stamp(self.path)
        if stamp is None:
            return EntityChoices()
        if self._cached is not None and self._cached[0] == stamp:
            return self._cached[1]
        choices = self._read()
        self._cached = (stamp, choices)
        return choices

    def _read(self) -> EntityChoices:
        try:
            with self.path.open("rb") as handle:
                text = handle.read(MAX_ENTITY_CHOICES_BYTES + 1)
        except FileNotFoundError:
            return EntityChoices()
        except OSError as error:
            raise BackendError(f"cannot read the entity choices ({self.path.name}): "
                               f"{error.strerror or type(error).__name__}") from None
        try:
            return EntityChoices.from_json(text)
        except EntityChoiceError as error:
            raise BackendError(f"the entity choices file {self.path.name} is damaged ({error}); "
                               "fix it or move it away") from None

    def update(self, change: Callable[[EntityChoices], EntityChoices]) -> EntityChoices:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                changed = change(self._read())
                self._write(changed)
        except OSError as error:
            raise BackendError(f"cannot write the entity choices ({self.path.name}): "
                               f"{error.strerror or type(error).__name__}") from None
        return changed

    def _write(self, choices: EntityChoices) -> None:
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".entities-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(choices.to_json())
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
