"""The story page (`/story/<id>`) and its JSON twin: a story's versions, outlets and changes."""
from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template
from newsfacet.engine.story_page import StoryPage, story_page
from newsfacet.webapp.context import get_backend
from newsfacet.webapp.views_pages import ARTICLE_ID, empty_state

blueprint = Blueprint("story", __name__)


def _page(story_id: str) -> StoryPage:
    # A story id is the id of its first article: the same shape is checked before any lookup.
    if not ARTICLE_ID.match(story_id):
        abort(404, description="There is no story with this id.")
    found = story_page(get_backend(), story_id)
    if found is None:
        abort(404, description="There is no story with this id; its articles may have been removed.")
    return found


@blueprint.get("/story/<story_id>")
def story(story_id: str) -> str:
    return render_template("story.html", page=_page(story_id), state=empty_state())


@blueprint.get("/story/<story_id>.json")
def story_json(story_id: str) -> Response:
    return jsonify(_page(story_id).to_dict())
