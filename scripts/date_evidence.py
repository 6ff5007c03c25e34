"""Every date a wcxb page declares, beside wcxb's truth and our day: the evidence for classifying
date misses (is the truth the publication day, the update day, or the day the page shows?).

    python scripts/eval_extraction.py --corpus wcxb --half first --date-misses --only-ours > misses.txt
    python scripts/date_evidence.py misses.txt

Each miss is classed by where the truth day appears: `update` (a declared modified stamp, not a
declared published one), `published` (a declared publication we did not pick), `visible` (only in
a visible label or <time>), `written` (written somewhere in the raw HTML, in a shape the above
did not read), `absent` (not written anywhere on the page in any common shape: no extractor can
find it), `month-only` (the truth is not a day).
"""
from __future__ import annotations

import gzip
import os
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.indexer.dates import date_in_text, parse_date  # noqa: E402
from newsfacet.indexer.html_dom import bounded_markup, parse  # noqa: E402
from newsfacet.indexer.html_meta import json_ld, modified_stamps, published_stamps  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))

# A visible label a reader sees next to a date ("Published 3 May 2024", "Updated: ...").
_LABEL = re.compile(r"\b(published|posted|updated|last updated|modified|on)\b\W{0,3}(.{0,60})", re.I)


def _days(values) -> list[str]:
    return sorted({value.date().isoformat() for value in values})


def page(name: str) -> str:
    return gzip.decompress((CORPORA / "wcxb-dev-articles" / "html" / f"{name}.html.gz").read_bytes()).decode(
        "utf-8", "replace")


def evidence(html: str) -> dict[str, list[str]]:
    soup = parse(bounded_markup(html))
    ld = json_ld(soup)
    times = []
    for tag in soup.find_all("time", limit=10):
        value = parse_date(str(tag.get("datetime") or ""), keep_offset=True) or date_in_text(tag.get_text(" "))
        if value:
            times.append(value)
    labels: dict[str, set[str]] = {"published": set(), "updated": set()}
    text = soup.get_text(" ")
    for match in _LABEL.finditer(text):
        value = date_in_text(match.group(2))
        if value:
            kind = "updated" if match.group(1).lower() in ("updated", "last updated", "modified") else "published"
            labels[kind].add(value.date().isoformat())
    return {"published": _days(published_stamps(soup, ld)), "modified": _days(modified_stamps(soup, ld)),
            "time": _days(times), "label published": sorted(labels["published"]),
            "label updated": sorted(labels["updated"])}


def written(truth: date, html: str) -> bool:
    """Whether the raw HTML writes the day at all: "May 4, 2025", "4 May 2025", 2025/05/04, 04.05.2025,
    05/04/2025, 20250504."""
    names = f"(?:{truth:%B}|{truth:%b})\\.?"
    day, month, year = truth.day, truth.month, truth.year
    shapes = (rf"{names}\s+0?{day}(?:st|nd|rd|th)?,?\s+{year}", rf"\b0?{day}(?:st|nd|rd|th)?\s+{names},?\s+{year}",
              rf"{year}[-/.]0?{month}[-/.]0?{day}\b", rf"\b0?{day}[./-]0?{month}[./-]{year}",
              rf"\b0?{month}[./-]0?{day}[./-]{year}", rf"{year}{month:02d}{day:02d}")
    return any(re.search(shape, html, re.I) for shape in shapes)


def classify(truth: str, ev: dict[str, list[str]], html: str) -> str:
    if len(truth) < 10:
        return "month-only"
    if truth in ev["published"]:
        return "published"
    if truth in ev["modified"] or truth in ev["label updated"]:
        return "update"
    if truth in ev["time"] or truth in ev["label published"]:
        return "visible"
    return "written" if written(date.fromisoformat(truth), html) else "absent"


def main() -> None:
    classes: Counter = Counter()
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[1].startswith("truth "):
            continue
        name, truth, found = parts[0], parts[1][6:], parts[2][6:]
        html = page(name)
        ev = evidence(html)
        kind = classify(truth, ev, html)
        classes[kind] += 1
        print(f"{name} truth {truth} ours {found} -> {kind}")
        for key, days in ev.items():
            if days:
                print(f"    {key:<16} {' '.join(days)}")
    print("\nclasses:", dict(classes))


if __name__ == "__main__":
    main()
