r"""Whole-word mentions found without a pattern per name (the entity rules' hot path): the same
places `(?<!\w)name(?!\w)` finds, a hyphen joining words where asked, and the names of a list."""
from __future__ import annotations

import re

import pytest
from newsfacet.indexer.word_spans import (
    ends_with_name,
    is_listed_after,
    is_listed_before,
    starts_with_name,
    word_spans,
)

_TEXTS = ["Smith said Smithson and Smith-Jones met Smith.", "U.S. Steel and U.S. said; _Smith Smith_ Smith",
          "Hervé Gaymard, Gaymard's aide", "", "Smith"]


@pytest.mark.parametrize("text", _TEXTS)
@pytest.mark.parametrize("word", ["Smith", "U.S.", "Gaymard", "Hervé Gaymard"])
def test_spans_are_where_the_lookaround_pattern_finds_the_word(text: str, word: str) -> None:
    expected = [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    assert [(s.start(), s.end()) for s in word_spans(word, text)] == expected


def test_a_hyphen_joins_words_where_asked() -> None:
    text = "Hall-Jones met Hall."
    assert [s.start() for s in word_spans("Hall", text)] == [0, 15]
    assert [s.start() for s in word_spans("Hall", text, hyphen_joins=True)] == [15]


def test_the_longest_whole_name_beside_a_place_in_the_text() -> None:
    text = "Stars like Kevin Spacey, Will Smith and Keanu Reeves."
    names = ["Smith", "Will Smith", "Keanu Reeves", "Reeve"]
    assert ends_with_name(text, text.index(" and"), names) == "Will Smith"
    assert starts_with_name(text, text.index("Keanu"), names) == "Keanu Reeves"
    assert starts_with_name(text, text.index("Keanu"), ["Keanu Reeve"]) is None  # not a whole word
    assert ends_with_name(text, text.index(","), ["Spacey", "Kevin"]) == "Spacey"


def test_a_name_is_listed_beside_one_of_the_names_across_a_link() -> None:
    text = "Guests were Kevin Spacey and Will Smith, Keanu Reeves."
    link_before, link_after = re.compile(r"(?:,|\s+and)\s+$"), re.compile(r"(?:,|\s+and)\s+")
    smith = text.index("Will Smith")
    assert is_listed_after(text, smith, ["Kevin Spacey"], link_before, 40)
    assert not is_listed_after(text, smith, ["Keanu Reeves"], link_before, 40)
    assert is_listed_before(text, smith + len("Will Smith"), ["Keanu Reeves"], link_after)
    assert not is_listed_before(text, smith + len("Will Smith"), ["Keanu Reeve"], link_after)
