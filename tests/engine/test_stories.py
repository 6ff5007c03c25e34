"""The story primitives: shingles, keys, similarity and the choice of a story (no index needed)."""
from __future__ import annotations

from newsfacet.engine import stories
from newsfacet.engine.model import Article
from newsfacet.engine.stories import best_match, jaccard, shingles, story_keys

TEXT = ("The central bank held its main interest rate at 4.75% on Thursday, as expected by most "
        "economists, and said inflation would stay close to its target over the next two years.")


def test_shingles_fold_case_punctuation_and_white_space() -> None:
    assert shingles("A", TEXT) == shingles("Another headline", "  " + TEXT.upper().replace(",", " ;"))
    assert len(next(iter(shingles("", TEXT))).split()) == stories.SHINGLE_WORDS


def test_a_short_body_is_shingled_with_its_title() -> None:
    assert shingles("Rates held", "at 4.75%") == frozenset({"rates held at 4 75"})
    assert shingles("", "Hi") == frozenset({"hi"})
    assert shingles("", " \n ") == frozenset()


def test_keys_are_stable_short_and_one_per_band() -> None:
    keys = story_keys(shingles("", TEXT))
    assert keys == story_keys(shingles("", TEXT))
    assert len(keys) == stories.BANDS and len(set(keys)) == stories.BANDS
    assert all(len(key) == 8 for key in keys)
    assert story_keys(frozenset()) == []


def test_similar_texts_share_keys_and_different_ones_do_not() -> None:
    trimmed = TEXT.rsplit(",", 1)[0]
    other = ("Heavy rain closed the coast road for a second day and the ferry to the islands was "
             "cancelled while engineers inspected the harbour wall damaged in the storm.")
    mine = shingles("", TEXT)
    assert jaccard(mine, shingles("", trimmed)) >= stories.THRESHOLD
    assert set(story_keys(mine)) & set(story_keys(shingles("", trimmed)))
    assert jaccard(mine, shingles("", other)) == 0.0
    assert not set(story_keys(mine)) & set(story_keys(shingles("", other)))


def test_best_match_takes_the_most_similar_candidate_above_the_threshold() -> None:
    near = Article(title="Rates held", body=TEXT.rsplit(",", 1)[0], story_id="story-a")
    same = Article(title="Another headline", body=TEXT, story_id="story-b")
    far = Article(title="Weather", body="an unrelated text about the weather on the coast today", story_id="story-c")
    match = best_match(shingles("", TEXT), [near, same, far])
    assert (match.story_id, match.article_id, match.similarity) == ("story-b", same.id, 1.0)
    assert best_match(shingles("", TEXT), [far]) is None
    assert best_match(shingles("", TEXT), []) is None


def test_story_keys_are_not_in_the_stored_document() -> None:
    article = Article(title="Rates held", body=TEXT, story_keys=story_keys(shingles("", TEXT)))
    assert "story_keys" not in article.to_dict()
    assert Article.from_dict(article.to_dict()).story_id == article.story_id == article.id
