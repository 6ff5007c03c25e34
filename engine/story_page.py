"""What a story page shows (`/story/<id>` and its `.json` twin): versions, outlets, what changed.

Built once here for both views from one `Backend.story_articles` lookup. The diff compares the
earliest and the latest version word by word (difflib), bounded so a forged huge text cannot make
the page slow.
"""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsfacet.engine.model import Article
from newsfacet.engine.search import StoryVersion

if TYPE_CHECKING:
    from newsfacet.engine.backends.base import Backend

MAX_VERSIONS = 500  # listed on one page, the earliest; a larger story says how many it left out
DIFF_WORDS = 3_000  # words of each text compared


@dataclass(frozen=True)
class DiffPart:
    """A run of words the two versions share (`same`), or that only the earliest (`removed`) or
    only the latest (`added`) has."""

    kind: str
    text: str


@dataclass
class StoryPage:
    story_id: str
    versions: list[Article]
    outlets: list[tuple[str, int]]
    diff: list[DiffPart]
    versions_total: int  # every version in the index; `versions` lists at most MAX_VERSIONS of them

    @property
    def complete(self) -> bool:
        return len(self.versions) >= self.versions_total

    @property
    def left_out_note(self) -> str | None:
        """What the page says when the story has more versions than it lists, or None."""
        if self.complete:
            return None
        left_out = self.versions_total - len(self.versions)
        later = "1 later one is" if left_out == 1 else f"{left_out:,} later ones are"
        return f"showing the earliest {len(self.versions):,} of {self.versions_total:,} versions; {later} left out"

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "version_count": len(self.versions), "complete": self.complete,
                "versions_shown": len(self.versions), "versions_total": self.versions_total,
                "note": self.left_out_note,
                "versions": [StoryVersion(a.id, a.title, a.outlet, a.published).to_dict() for a in self.versions],
                "outlets": [{"outlet": name, "versions": count} for name, count in self.outlets],
                "diff": {"from": self.versions[0].id, "to": self.versions[-1].id,
                         "parts": [{"kind": part.kind, "text": part.text} for part in self.diff]}}


def time_order(articles: list[Article]) -> list[Article]:
    """Earliest first; undated versions last, then by id so the order is stable."""
    return sorted(articles, key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0, a.id))


def word_diff(earlier: str, later: str) -> list[DiffPart]:
    """Word-level differences between two texts, as runs of same / removed / added words."""
    old, new = earlier.split()[:DIFF_WORDS], later.split()[:DIFF_WORDS]
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            parts.append(DiffPart("removed", " ".join(old[old_start:old_end])))
        if new_end > new_start:
            parts.append(DiffPart("added", " ".join(new[new_start:new_end])))
    return parts


def story_page(backend: Backend, story_id: str) -> StoryPage | None:
    """The story's page, or None when no article belongs to it."""
    found = backend.story_articles([story_id], MAX_VERSIONS + 1)
    if not found:
        return None
    versions = time_order(found[:MAX_VERSIONS])
    outlets = Counter(article.outlet or "unknown outlet" for article in versions)
    diff = word_diff(versions[0].body, versions[-1].body) if len(versions) > 1 else []
    # Counted only when the lookup was cut: the count of a story that fits is the lookup itself.
    total = len(found) if len(found) <= MAX_VERSIONS else backend.story_sizes([story_id]).get(story_id, len(found))
    return StoryPage(story_id, versions, sorted(outlets.items(), key=lambda item: (-item[1], item[0])), diff,
                     max(total, len(versions)))
