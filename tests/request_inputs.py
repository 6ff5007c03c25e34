"""Hostile search parameters for the fuzz tests: one generator feeds the web app and the CLI.

A drawn case is a list of (name, value) pairs; a cursor is drawn as a *plan* (keep a real one,
edit its text, or re-sign a hostile position with the right or a wrong key) and made concrete by
`cursor_text` once the rest of the parameters are known, so a re-signed cursor really belongs to
the search it is sent with and only the position's bounds can stop it.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from hypothesis import strategies as st
from newsfacet.engine.cursor import sign_cursor
from newsfacet.engine.facets import facet_names
from newsfacet.engine.params import EXCLUDE_PREFIX, Limits, ParamError, parse_search, search_request
from newsfacet.engine.search import RequestError

HUGE = (2**31, 2**40, 2**53, 2**63, 2**64, 2**64 - 1, 10**12, 10**30, -1, -(2**63))
# Each strategy mixes values a real user sends with hostile ones, so searches also succeed and
# the engines (not only the parameter checks) meet odd but valid requests.
NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=30).map(str),
    st.integers(min_value=-3, max_value=1200).map(str),
    st.sampled_from(HUGE).map(str),
    st.sampled_from(["²", "٣", "１", "٠١", "⑤", "1²"]),  # str.isdigit() says yes to most of these
    st.sampled_from(["1e3", "0x10", " 7 ", "+5", "-0", "5.0", "1_000", "", " "]),
)
DAYS = st.one_of(
    st.dates(min_value=date(2023, 12, 1), max_value=date(2024, 8, 1)).map(lambda day: day.isoformat()),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "1678-01-01", "2262-04-01", "1799-12-31", "1800-01-01",
                     "2261-12-31", "2262-01-01", "2024-02-30", "2024-13-01", "20240101", "2024-1-1",
                     "２０２４-01-01", "2024-01-01T00:00", "yesterday", "-2024-01-01", ""]),
)
WORDS = st.sampled_from(["oil", "harbour", "port", "strike", "Hamburg", "прибыль", "항구", "ha*", "h*",
                         "title:oil", "person:\"Anna Berg\"", "org:", "colour:red", "\"port strike\"",
                         "\"", "(", ")", "-", "NOT", "OR", "AND", "*", "\x00", "\u202e", "\ue000", "'"])
QUERIES = st.one_of(
    st.lists(st.sampled_from(["oil", "harbour", "port", "strike", "-strike", "OR", "bank*"]), max_size=4)
    .map(" ".join),
    st.lists(WORDS, max_size=12).map(" ".join),
    st.text(max_size=60),
    st.integers(min_value=1, max_value=600).map(lambda n: "-" * n + "oil"),
    st.integers(min_value=1, max_value=80).map(lambda n: "(" * n + "oil" + ")" * n),
    st.integers(min_value=1, max_value=300).map(lambda n: "NOT " * n + "oil"),
    st.integers(min_value=400, max_value=1200).map(lambda n: "a" * n),
)
# Shapes that once reached Python's recursion limit or the parser's bounds, just under the length cap.
DEEP_QUERIES = st.sampled_from(["-" * 490 + "oil", "-" * 497 + "oil", "NOT " * 120 + "oil",
                                "(-" * 16 + "oil" + ")" * 16, "(" * 33 + "oil" + ")" * 33, "a " * 240,
                                "oil OR " * 70 + "oil"])
FACET_VALUES = st.one_of(st.sampled_from(["Harbour Times", "en", "de", "Anna Berg", "Hamburg", ""]),
                         st.text(max_size=40), st.just("x" * 301))
POSITION_VALUES = st.one_of(st.sampled_from(HUGE), st.integers(), st.floats(allow_nan=True), st.booleans(),
                            st.none(), st.text(max_size=8), st.lists(st.integers(), max_size=3),
                            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
POSITIONS = st.one_of(
    st.fixed_dictionaries({"o": POSITION_VALUES}),
    st.fixed_dictionaries({"k": POSITION_VALUES, "ids": st.one_of(st.lists(st.text(max_size=70), max_size=4),
                                                                  POSITION_VALUES)}),
    st.fixed_dictionaries({"pit": st.text(max_size=20), "after": POSITION_VALUES, "n": POSITION_VALUES}),
    st.dictionaries(st.sampled_from(["o", "k", "ids", "pit", "after", "n", "zz"]), POSITION_VALUES, max_size=4),
)


@dataclass(frozen=True)
class CursorPlan:
    """How to make the cursor of one case: `kind` is real, edited, resigned, foreign_key or junk."""

    kind: str
    position: Any = None
    edit_at: int = 0
    junk: str = ""


CURSOR_PLANS = st.one_of(
    st.builds(CursorPlan, st.just("real")),
    st.builds(CursorPlan, st.just("edited"), edit_at=st.integers(min_value=0, max_value=200)),
    st.builds(CursorPlan, st.just("resigned"), position=POSITIONS),
    st.builds(CursorPlan, st.just("foreign_key"), position=POSITIONS),
    st.builds(CursorPlan, st.just("junk"), junk=st.one_of(
        st.text(max_size=80), st.sampled_from(["not-a-cursor", "e30", "e30.AAAAAAAAAAAAAAAAAAAAAA", "." * 30]),
        POSITIONS.map(lambda p: base64.urlsafe_b64encode(json.dumps(p, default=str).encode()).decode()))),
)
BENIGN = st.one_of(
    st.tuples(st.just("q"), st.lists(st.sampled_from(["oil", "harbour", "port", "-strike", "OR", "bank*"]),
                                     min_size=1, max_size=3).map(" ".join)),
    st.tuples(st.sampled_from(("size", "limit")), st.integers(min_value=1, max_value=30).map(str)),
    st.tuples(st.just("page"), st.integers(min_value=1, max_value=3).map(str)),
    st.tuples(st.sampled_from(("from", "to")),
              st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 7, 1)).map(date.isoformat)),
    st.tuples(st.just("interval"), st.sampled_from(["day", "week", "month", "year"])),
    st.tuples(st.just("sort"), st.sampled_from(["relevance", "newest", "oldest"])),
    st.tuples(st.sampled_from(("exact", "collapse")), st.sampled_from(["1", "0"])),
    st.tuples(st.sampled_from(facet_names()), st.sampled_from(["Harbour Times", "en", "Anna Berg", "Hamburg"])),
)
HOSTILE = st.one_of(
    st.tuples(st.just("q"), QUERIES),
    st.tuples(st.just("q"), DEEP_QUERIES),
    st.tuples(st.sampled_from(("size", "page", "limit")), NUMBERS),
    st.tuples(st.sampled_from(("from", "to")), DAYS),
    st.tuples(st.just("interval"), st.sampled_from(["day", "week", "month", "year", "decade", "DAY", ""])),
    st.tuples(st.just("sort"), st.sampled_from(["relevance", "newest", "oldest", "random", ""])),
    st.tuples(st.sampled_from(("exact", "collapse", "undated")),
              st.sampled_from(["1", "0", "2", "yes", "true", "-1", "１", " 1 ", "1\x00", "", "0" * 400])),
    st.tuples(st.sampled_from([*facet_names(), *(EXCLUDE_PREFIX + n for n in facet_names())]), FACET_VALUES),
    st.tuples(st.just("prefix"), st.text(max_size=120)),
    st.tuples(st.just("cursor"), CURSOR_PLANS),
    st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=8)),
)
# One or two hostile parameters, then a few ordinary ones: a hostile value is usually the only thing
# wrong with a request (and, first, the value read when a name repeats), so it reaches as deep as it can.
PARAMS = st.tuples(st.lists(HOSTILE, min_size=1, max_size=2), st.lists(BENIGN, max_size=3)).map(
    lambda parts: parts[0] + parts[1])
def cursor_text(plan: CursorPlan, pairs: list[tuple[str, Any]], key: bytes, real: str, limits: Limits) -> str:
    """The cursor string a plan stands for, given the case's other parameters."""
    if plan.kind == "real":
        return real
    if plan.kind == "edited":
        at = plan.edit_at % len(real)
        return real[:at] + ("A" if real[at] != "A" else "B") + real[at + 1:]
    if plan.kind == "junk":
        return plan.junk
    signing_key = key if plan.kind == "resigned" else b"not the app's key"
    return sign_cursor(signing_key, fingerprint_of(pairs, limits), plan.position)


def fingerprint_of(pairs: list[tuple[str, Any]], limits: Limits) -> str:
    """The fingerprint of the search these parameters ask for ("" when they do not parse)."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        if isinstance(value, str):
            values.setdefault(name, []).append(value)
    values["cursor"] = ["placeholder"]
    try:
        return search_request(parse_search(values, limits)).fingerprint()
    except (ParamError, RequestError):
        return ""
