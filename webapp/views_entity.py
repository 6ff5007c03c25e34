"""Entity pages (`/entity/<type>/<name>` and its `.json` twin): mentions over time, outlets, and the
names that appear with it (engine/entity_page.py). The name is a path of its own (it may hold
slashes); chips and facet values link here through the `entity_url` filter."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, jsonify, render_template
from newsfacet.engine.entity_page import EntityPage, entity_page
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.engine.params import parse_values
from newsfacet.webapp import present
from newsfacet.webapp.context import get_backend
from newsfacet.webapp.state import SearchState

blueprint = Blueprint("entity", __name__)
JSON_SUFFIX = ".json"
# (one, many) as the page names an entity type
KIND_LABELS = {"person": ("Person", "People"), "organization": ("Organization", "Organizations"),
               "location": ("Place", "Places")}


@blueprint.app_template_filter("entity_url")
def entity_url(name: str, kind: str, suffix: str = "") -> str:
    """The entity page of `name`; every character but letters and digits escaped, slashes too."""
    return f"/entity/{quote(kind, safe='')}/{quote(name, safe='')}{suffix}"


def _page(kind: str, raw_name: str) -> EntityPage:
    if kind not in ENTITY_TYPES:
        abort(404, description=f"There are no entities of type {kind[:40]!r}; "
                               f"the types are {', '.join(ENTITY_TYPES)}.")
    names = parse_values([raw_name])  # ParamError (400) for a huge name or control characters
    if not names:
        abort(404, description="An entity page needs a name.")
    found = entity_page(get_backend(), kind, names[0])
    if found is None:
        abort(404, description=f"No article names the {kind} {names[0][:80]!r}.")
    return found


@blueprint.get("/entity/<kind>/<path:name>")
def entity(kind: str, name: str) -> Response | str:
    if name.endswith(JSON_SUFFIX):
        return jsonify(_page(kind, name[:-len(JSON_SUFFIX)]).to_dict())
    page = _page(kind, name)
    state = SearchState(include={kind: (page.name,)})
    bars = present.histogram_bars(page.histogram, page.interval, state)
    return render_template("entity.html", page=page, state=state, bars=bars, kind_labels=KIND_LABELS,
                           chart_span=present.chart_span(page.histogram))
