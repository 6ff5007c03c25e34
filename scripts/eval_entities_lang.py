"""People, organisations and places per language: extract_entities against hand-made labels.

Usage:
  .venv/bin/python scripts/eval_entities_lang.py --build-table DIR   # once: index the table's corpora
  .venv/bin/python scripts/eval_entities_lang.py --table DIR [--part held-out|tuning|all]

Labels (scripts/labels/*.json, written by hand for this project) name articles by their row in
a corpus file and hold only the names (the text stays in ../shared/corpora). Rows are chosen by
rule, never by look: MasakhaNEWS French test rows 0, 14, 28, ... and 10kGNAD test rows 0, 34,
68, ...; each label covers the article's first PREFIX_CHARS characters (cut back to a space),
the same prefix extract_entities reads here. The labelled rows with an even position in that
list are the tuning part, the odd ones the held-out part (see --part).

The known-names table: `--build-table DIR` indexes, with `newsfacet index` into DIR/index, what
a deployment that had English and French news before German would hold: the BBC corpus (2,225
English stories) and MasakhaNEWS English and French test sets (948 + 422) as JSONL (written to
DIR, outside the repository). `--table DIR` reads the table from that index with
indexer.known_names.read_table, the way `newsfacet index` does.

Scores are micro-averaged over articles of (kind, name) sets, after the same cleaning and folding
(indexer.entity_names) on both sides; a name counts as found only with the right kind.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_entities import gold_entities, prf, score  # noqa: E402 - after the sys.path lines on purpose
from eval_language import CORPORA, gnad, masakhanews  # noqa: E402
from newsfacet.engine.backends import open_backend  # noqa: E402
from newsfacet.indexer.entities import extract_entities  # noqa: E402
from newsfacet.indexer.known_names import NameMatcher, read_table  # noqa: E402

LABELS = ROOT / "scripts" / "labels"
PREFIX_CHARS = 1500
# Label file -> (language code, the corpus texts in file order, the step between labelled rows).
SAMPLES = {
    "fra-masakhanews.json": ("fr", lambda: masakhanews("fra"), 14),
    "deu-10kgnad.json": ("de", gnad, 34),
}


def prefix(text: str) -> str:
    """The part of an article a label covers: PREFIX_CHARS characters, not ending inside a word."""
    if len(text) <= PREFIX_CHARS:
        return text
    cut = text[:PREFIX_CHARS]
    return cut[:cut.rfind(" ")] if " " in cut else cut


def build_table_index(folder: Path) -> None:
    """Index BBC + MasakhaNEWS English and French into folder/index (the known-names table's source)."""
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = []
    for lang in ("eng", "fra"):
        path = folder / f"masakhanews-{lang}.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for text in masakhanews(lang):
                title, _, body = text.partition("\n")
                out.write(json.dumps({"title": title, "text": body}, ensure_ascii=False) + "\n")
        jsonl.append(str(path))
    command = [sys.executable, "-m", "newsfacet.cli", "--data-dir", str(folder / "index"), "index",
               "--no-progress", "--allow-failures", str(CORPORA / "bbc-news"), *jsonl]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    print(f"table index built in {time.perf_counter() - started:.0f} s: {folder / 'index'}")


def evaluate(label_file: str, part: str, matcher: NameMatcher | None, show_errors: bool) -> None:
    language, texts, step = SAMPLES[label_file]
    extract_entities("Paris", language)  # loads the model before the clock starts
    labels = json.loads((LABELS / label_file).read_text(encoding="utf-8"))
    rows = {item["row"]: item for item in labels["articles"]}
    wanted_rows = sorted(rows)
    if part != "all":
        wanted_rows = [row for i, row in enumerate(wanted_rows) if (i % 2 == 0) == (part == "tuning")]
    pairs, seconds = [], 0.0
    for row, text in enumerate(texts()):
        if row not in wanted_rows:
            continue
        assert row % step == 0, f"{label_file}: row {row} is not on the sampling rule"
        text = prefix(text)
        started = time.perf_counter()
        found = extract_entities(text, language, matcher)
        seconds += time.perf_counter() - started
        spans = [(kind, name) for kind, names in rows[row]["names"].items() for name in names]
        gold = gold_entities(spans, language, fold_people=True)
        pairs.append((set(found), gold))
        if show_errors:
            print(f"row {row}: missed {sorted(gold - set(found))}\n  wrong {sorted(set(found) - gold)}")
    method = ("model" if language in ("en", "fr", "ru") else "place gazetteer") + (
        f" + known names ({matcher.size} spellings)" if matcher else "")
    print(f"{label_file} [{part}, {len(pairs)} articles] {method}: "
          f"{1000 * seconds / max(len(pairs), 1):.0f} ms per article")
    for kind, counts in score(pairs).items():
        precision, recall, f1 = prf(counts)
        print(f"  {kind:12} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
              f"(gold {counts['tp'] + counts['fn']}, found {counts['tp'] + counts['fp']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-table", type=Path, metavar="DIR")
    parser.add_argument("--table", type=Path, metavar="DIR", help="folder made by --build-table")
    parser.add_argument("--part", choices=["held-out", "tuning", "all"], default="held-out")
    parser.add_argument("--show-errors", action="store_true", help="list each article's misses and wrong names")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, python {platform.python_version()}")
    if args.build_table:
        build_table_index(args.build_table)
        return
    matcher = None
    if args.table:
        backend = open_backend({"backend": "tantivy", "data_dir": str(args.table / "index"), "index": "articles"})
        started = time.perf_counter()
        table = read_table(backend)
        matcher = NameMatcher(table)
        print(f"known-names table: {len(table)} names from {backend.count()} articles "
              f"({args.table / 'index'}), read and compiled in {time.perf_counter() - started:.2f} s")
    print(f"corpus: labelled prefixes ({PREFIX_CHARS} characters) of {', '.join(SAMPLES)} in {LABELS}")
    evaluate("fra-masakhanews.json", args.part, None, args.show_errors)
    if matcher:
        evaluate("fra-masakhanews.json", args.part, matcher, args.show_errors)
    evaluate("deu-10kgnad.json", args.part, None, args.show_errors)
    if matcher:
        evaluate("deu-10kgnad.json", args.part, matcher, args.show_errors)


if __name__ == "__main__":
    main()
