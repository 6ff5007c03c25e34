"""Compare two to four queries (`/compare?q=a&q=b`): one chart of their articles per period (counts or
share of all articles), their top outlets and entities; `.json` and `.csv` twins of the same data."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, redirect, render_template, request
from newsfacet.engine.compare import MAX_QUERIES, MEASURES, MIN_QUERIES, Comparison, compare
from newsfacet.engine.histogram import INTERVALS
from newsfacet.engine.params import ParamError, parse_choice, parse_query_text
from newsfacet.engine.query import parse_query
from newsfacet.webapp.context import get_backend, get_limits
from newsfacet.webapp.views_export import csv_cell

blueprint = Blueprint("compare", __name__)
CHART_WIDTH, CHART_HEIGHT = 600, 100


@dataclass(frozen=True)
class CompareState:
    queries: tuple[str, ...]
    interval: str | None
    measure: str

    def url(self, path: str = "/compare", **changes: str | None) -> str:
        values = {"interval": self.interval, "measure": None if self.measure == "count" else self.measure}
        values.update(changes)
        pairs = [("q", query) for query in self.queries]
        pairs += [(name, value) for name, value in values.items() if value]
        return f"{path}?{urlencode(pairs)}"


def read_compare_state() -> CompareState:
    """The queries (blank ones dropped; 2 to 4, each checked for syntax), interval and measure."""
    limit = get_limits().max_query_length
    queries = tuple(query for query in (parse_query_text(raw, limit) for raw in request.args.getlist("q"))
                    if query)
    if queries and not MIN_QUERIES <= len(queries) <= MAX_QUERIES:
        raise ParamError(f"Compare takes {MIN_QUERIES} to {MAX_QUERIES} queries, not {len(queries)}.")
    for query in queries:
        parse_query(query)  # QuerySyntaxError -> 400 with the message (webapp.errors)
    return CompareState(queries, parse_choice(request.args.get("interval", ""), "interval", INTERVALS, None),
                        parse_choice(request.args.get("measure", ""), "measure", MEASURES, "count") or "count")


def _comparison(state: CompareState) -> Comparison:
    if not state.queries:
        raise ParamError(f"Give {MIN_QUERIES} to {MAX_QUERIES} queries: /compare?q=first&q=second.")
    return compare(get_backend(), list(state.queries), state.interval)


def _series(comparison: Comparison, measure: str) -> list[list[float]]:
    return [query.counts if measure == "count" else query.shares(comparison.all_counts)
            for query in comparison.queries]


def chart_top(comparison: Comparison, measure: str) -> float:
    """The highest value of any query: the top of the chart."""
    return max((value for values in _series(comparison, measure) for value in values), default=0)


def chart_lines(comparison: Comparison, measure: str) -> list[str]:
    """SVG polyline points per query, scaled so the highest value of any query touches the top."""
    series = _series(comparison, measure)
    highest = chart_top(comparison, measure) or 1
    step = CHART_WIDTH / max(len(comparison.periods) - 1, 1)
    return [" ".join(f"{round(number * step, 2)},{round(CHART_HEIGHT * (1 - value / highest), 2)}"
                     for number, value in enumerate(values)) for values in series]


@blueprint.get("/compare")
def compare_page() -> Response | str:
    """The comparison; the form's blank fields are dropped by redirecting to the canonical link."""
    state = read_compare_state()
    raw = request.query_string.decode("utf-8", "replace")
    if raw and "?" + raw != state.url("").lstrip("/"):
        return redirect(state.url(), 302)
    comparison = compare(get_backend(), list(state.queries), state.interval) if state.queries else None
    lines = {measure: chart_lines(comparison, measure) for measure in MEASURES} if comparison else {}
    scale = {measure: chart_top(comparison, measure) for measure in MEASURES} if comparison else {}
    return render_template("compare.html", compare=state, comparison=comparison, lines=lines, scale=scale,
                           share_url=request.host_url.rstrip("/") + state.url(), intervals=INTERVALS,
                           slots=range(MAX_QUERIES))


@blueprint.get("/compare.json")
def compare_json() -> Response:
    state = read_compare_state()
    data = _comparison(state).to_dict()
    data["links"] = {"html": state.url(), "csv": state.url("/compare.csv")}
    return jsonify(data)


@blueprint.get("/compare.csv")
def compare_csv() -> Response:
    rows = _comparison(read_compare_state()).rows()
    buffer = io.StringIO()
    columns = ("query", "period_start", "period_end", "count", "all_articles", "share")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(str(row[name])) for name in columns])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="compare.csv"'
    return response
