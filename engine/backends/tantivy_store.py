"""Where the embedded indexes live on disk: versioned physical indexes behind an alias file.

`<data_dir>/tantivy/articles.alias.json` names the current physical index (`articles-v3`) and the
previous ones kept for rollback. The alias file is replaced atomically (write + rename), so a
reader sees either the old index or the new one, never a half-built one.

Each version folder also holds `newsfacet-schema.json` ({"schema_version": 3}), written once before
tantivy creates the index there. The version is a fact about that physical index that never changes,
so it lives with its files: it is dropped with them, and the alias (rewritten by reindex, rollback and
repair) never has to carry it along. A folder without the marker predates it and counts as version 2
(engine/backends/upgrades.py).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from newsfacet.engine.backends.base import REPAIR_HINT, BackendError, IndexDamagedError, orphaned
from newsfacet.engine.backends.upgrades import UNRECORDED_SCHEMA_VERSION

FileStamp = tuple[int, int, int]


def file_stamp(path: Path) -> FileStamp | None:
    """(inode, mtime, size) of `path`, None when it does not exist: it changes whenever the file is
    rewritten, and with every atomic replacement (a new inode), which is how tantivy and this store
    replace their files. What is read from such a file may be kept while its stamp stays the same."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size

SCHEMA_MARKER = "newsfacet-schema.json"


class IndexStore:
    """The folder of one logical index's versions and its alias file."""

    def __init__(self, data_dir: str | os.PathLike, name: str) -> None:
        self.data_dir = Path(data_dir).expanduser()
        self.root = self.data_dir / "tantivy"
        self.name = name
        self.alias_path = self.root / f"{name}.alias.json"
        # (inode, mtime, size) of the alias file last read, and the version it named: every request
        # asks which version is current, and the file only changes by an atomic rename (a new inode).
        self._read: tuple[FileStamp, str] | None = None

    def read_alias(self) -> dict[str, Any] | None:
        """The alias, or None when there is none; `IndexDamagedError` when it is not a valid alias."""
        try:
            alias = json.loads(self.alias_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, OSError) as error:
            raise IndexDamagedError(f"index '{self.name}': its alias file {self.alias_path.name} cannot be "
                                    f"read ({type(error).__name__}); {REPAIR_HINT}") from None
        if not isinstance(alias, dict) or not self.is_version(alias.get("current")):
            raise IndexDamagedError(f"index '{self.name}': its alias file {self.alias_path.name} names no "
                                    f"version of this index; {REPAIR_HINT}")
        return alias

    def is_version(self, physical: object) -> bool:
        """`articles-v3` for index `articles`; anything else (`../x`) never becomes a path."""
        prefix = f"{self.name}-v"
        return isinstance(physical, str) and physical.startswith(prefix) and physical[len(prefix):].isdigit()

    def alias_stamp(self) -> int | None:
        """Changes whenever the alias is rewritten (a reindex switched versions)."""
        try:
            return self.alias_path.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def meta_stamp(self, physical: str) -> FileStamp | None:
        """The stamp of a physical index's meta.json, which tantivy replaces on every commit, merge
        and delete."""
        return file_stamp(self.path_of(physical) / "meta.json")

    def current(self) -> str | None:
        """The physical index the alias names; None only when the index was never written.

        A missing alias beside physical indexes that hold data is damage, not an empty index:
        reading it as empty, or creating a new version beside it, would orphan that data.
        """
        known, stamp = self._read, file_stamp(self.alias_path)
        if stamp is not None and known is not None and known[0] == stamp:
            return known[1]
        alias = self.read_alias()
        if alias:
            if stamp is not None:
                self._read = (stamp, alias["current"])
            return alias["current"]
        orphans = [version for version in self.versions() if self._holds_data(version)]
        if orphans:
            raise orphaned(self.name, orphans, self.alias_path.name)
        return None

    def _holds_data(self, physical: str) -> bool:
        """Whether a version has committed segments (a freshly created, empty one has none)."""
        try:
            meta = json.loads((self.path_of(physical) / "meta.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return False
        except (ValueError, OSError):
            return True  # unreadable: assume it holds data rather than risk orphaning it
        return not isinstance(meta, dict) or bool(meta.get("segments"))

    def missing_message(self, physical: str) -> str:
        """Why an alias pointing at a version that is not on disk cannot be read."""
        return f"index '{self.name}' points to {physical}, which is not on disk; {REPAIR_HINT}"

    def relative(self, path: Path) -> str:
        """A path as people may see it: relative to the data dir (never the server's layout)."""
        try:
            return str(path.relative_to(self.data_dir))
        except ValueError:
            return path.name

    def scrub(self, text: str) -> str:
        """`text` (e.g. a tantivy error) with the data dir's absolute path removed."""
        for prefix in {str(self.data_dir), str(self.data_dir.resolve())}:
            text = text.replace(prefix + os.sep, "").replace(prefix, "<data dir>")
        return text

    def path_of(self, physical: str) -> Path:
        return self.root / physical

    def versions(self) -> list[str]:
        """Physical index names on disk, oldest first."""
        prefix = f"{self.name}-v"
        found = [p.name for p in self.root.glob(f"{prefix}*") if p.is_dir() and self.is_version(p.name)]
        return sorted(found, key=lambda n: int(n[len(prefix):]))

    def next_version(self) -> str:
        numbers = [int(v.rsplit("-v", 1)[1]) for v in self.versions()]
        return f"{self.name}-v{max(numbers, default=0) + 1}"

    def point_alias(self, physical: str, history: list[str] | None = None) -> None:
        """Atomically make `physical` the current index, remembering earlier ones in `history`."""
        data = {"current": physical, "history": history or []}
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.root, prefix=".alias-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.alias_path)
        except OSError as error:  # its own text would quote the absolute path
            raise BackendError(f"cannot write the alias of index '{self.name}' ({self.alias_path.name}): "
                               f"{error.strerror or type(error).__name__}") from None

    def schema_version(self, physical: str) -> int:
        """The schema version `physical` was built with (see the module docstring)."""
        try:
            marker = json.loads((self.path_of(physical) / SCHEMA_MARKER).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return UNRECORDED_SCHEMA_VERSION
        except (ValueError, OSError) as error:
            raise IndexDamagedError(f"index '{self.name}' ({physical}): {SCHEMA_MARKER} cannot be read "
                                    f"({type(error).__name__})") from None
        version = marker.get("schema_version") if isinstance(marker, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            raise IndexDamagedError(f"index '{self.name}' ({physical}): {SCHEMA_MARKER} names no schema "
                                    "version")
        return version

    def stored_field_names(self, physical: str) -> frozenset[str]:
        """The fields of the schema tantivy stored in `physical`'s meta.json."""
        meta = json.loads((self.path_of(physical) / "meta.json").read_text(encoding="utf-8"))
        return frozenset(entry["name"] for entry in meta["schema"])

    def record_schema_version(self, physical: str, version: int) -> None:
        """Write the marker of a new version folder atomically (before tantivy creates the index)."""
        folder = self.path_of(physical)
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".schema-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"schema_version": version}, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, folder / SCHEMA_MARKER)

    def size_bytes(self, physical: str) -> int:
        return sum(f.stat().st_size for f in self.path_of(physical).rglob("*") if f.is_file())
