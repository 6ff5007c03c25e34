"""Where the embedded indexes live on disk: versioned physical indexes behind an alias file.

`<data_dir>/tantivy/articles.alias.json` names the current physical index (`articles-v3`) and the
previous ones kept for rollback. The alias file is replaced atomically (write + rename), so a
reader sees either the old index or the new one, never a half-built one.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class IndexStore:
    """The folder of one logical index's versions and its alias file."""

    def __init__(self, data_dir: str | os.PathLike, name: str) -> None:
        self.root = Path(data_dir).expanduser() / "tantivy"
        self.name = name
        self.alias_path = self.root / f"{name}.alias.json"

    def read_alias(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.alias_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def alias_stamp(self) -> int | None:
        """Changes whenever the alias is rewritten (a reindex switched versions)."""
        try:
            return self.alias_path.stat().st_mtime_ns
        except FileNotFoundError:
            return None

    def current(self) -> str | None:
        alias = self.read_alias()
        return alias["current"] if alias else None

    def path_of(self, physical: str) -> Path:
        return self.root / physical

    def versions(self) -> list[str]:
        """Physical index names on disk, oldest first."""
        prefix = f"{self.name}-v"
        found = [p.name for p in self.root.glob(f"{prefix}*") if p.is_dir() and p.name[len(prefix):].isdigit()]
        return sorted(found, key=lambda n: int(n[len(prefix):]))

    def next_version(self) -> str:
        numbers = [int(v.rsplit("-v", 1)[1]) for v in self.versions()]
        return f"{self.name}-v{max(numbers, default=0) + 1}"

    def point_alias(self, physical: str, history: list[str] | None = None) -> None:
        """Atomically make `physical` the current index, remembering earlier ones in `history`."""
        self.root.mkdir(parents=True, exist_ok=True)
        data = {"current": physical, "history": history or []}
        handle, temp = tempfile.mkstemp(dir=self.root, prefix=".alias-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.alias_path)

    def size_bytes(self, physical: str) -> int:
        return sum(f.stat().st_size for f in self.path_of(physical).rglob("*") if f.is_file())
