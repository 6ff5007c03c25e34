"""The API's own description."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify
from newsfacet.webapp.context import get_settings
from newsfacet.webapp.openapi import openapi_document

blueprint = Blueprint("api", __name__)


@blueprint.get("/api/openapi.json")
def openapi() -> Response:
    settings = get_settings()
    return jsonify(openapi_document(settings["max_query_length"], settings["max_page"],
                                   settings["export_max_rows"], settings["max_facet_values"]))
