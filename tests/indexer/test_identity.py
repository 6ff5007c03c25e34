"""Article identity through the real pipeline: inputs with different text never replace each other."""
from __future__ import annotations

import json
from pathlib import Path

from newsfacet.indexer.pipeline import SAME_ID_OTHER_TEXT, UPDATED

from tests.indexing import index, report_lines, stats

STORY = ("The harbour authority said on Tuesday that the northern pier would reopen after repairs. "
         "Dock workers had walked out last month over pay and the length of night shifts. ")
URL = "https://www.harbour-gazette.com/2024/03/pier-reopens"


def line(title: str, text: str, url: str = URL) -> str:
    return json.dumps({"title": title, "text": text, "url": url}) + "\n"


def reasons(summary: dict) -> dict:
    return dict(summary.get("reasons", {}).get("indexed", []))


def test_same_url_other_text_keeps_both(tmp_path: Path) -> None:
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text(line("Pier reopens", STORY) + line("Ferry fares rise", STORY.replace("pier", "ferry")))
    data = tmp_path / "data"
    first = index(data, "--no-entities", "--workers", "1", str(feed.parent))
    assert first["indexed"] == 2 and reasons(first) == {SAME_ID_OTHER_TEXT: 1}
    assert stats(data)["documents"] == 2
    assert [r["reason"] for r in report_lines(first)] == [SAME_ID_OTHER_TEXT]

    # A later run, another input claiming the same URL: kept beside them too.
    other = tmp_path / "later" / "more.jsonl"
    other.parent.mkdir()
    other.write_text(line("Bridge toll dropped", STORY.replace("harbour", "bridge")))
    later = index(data, "--no-entities", "--workers", "1", str(other.parent))
    assert later["indexed"] == 1 and reasons(later) == {SAME_ID_OTHER_TEXT: 1}
    assert stats(data)["documents"] == 3


def test_same_input_with_new_text_is_an_update(tmp_path: Path) -> None:
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text(line("Pier reopens", STORY))
    data = tmp_path / "data"
    index(data, "--no-entities", "--workers", "1", str(feed.parent))
    feed.write_text(line("Pier reopens", STORY + "The mayor thanked both sides."))
    again = index(data, "--no-entities", "--workers", "1", str(feed.parent))
    assert again["indexed"] == 1 and reasons(again) == {UPDATED: 1}
    assert stats(data)["documents"] == 1
