"""Known-names matching: pyahocorasick (indexer.known_names.NameMatcher) against one compiled regex.

Usage: .venv/bin/python scripts/bench_known_names.py [--names 20000] [--articles 100] [--rounds 3]

Names: the distinct PER/ORG/LOC spans of CoNLL-2003 train + valid (real names, ~9k), topped up to
--names with first-name x surname pairs made from those person spans. Texts: the first --articles
German 10kGNAD test articles (the regex is too slow for all 1,028 in a few minutes). Both matchers
find whole-word, case-sensitive matches; the regex is one alternation, longest names first, between
Unicode-aware lookarounds. Also prints what shipping the table to a worker costs: pickled with
every chunk of inputs, or a JSON file loaded once.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_entities import CORPORA, conll_documents  # noqa: E402 - after the sys.path lines on purpose
from eval_language import gnad  # noqa: E402
from newsfacet.indexer.known_names import KnownName, NameMatcher, load_matcher, write_table  # noqa: E402


def real_names(limit: int) -> list[KnownName]:
    """CoNLL names, then first x last name pairs of its people, up to `limit`."""
    seen: dict[str, KnownName] = {}
    for split in ("train.txt", "valid.txt"):
        for _, spans in conll_documents(CORPORA / "conll2003" / "data" / split):
            for kind, name in spans:
                if len(name) >= 3:
                    seen.setdefault(name, KnownName("person" if kind == "person" else "organization", name))
    people = [name.split() for name in seen if seen[name].kind == "person" and len(name.split()) == 2]
    firsts, lasts = sorted({p[0] for p in people}), sorted({p[1] for p in people})
    for index in range(len(firsts) * len(lasts)):
        if len(seen) >= limit:
            break
        name = f"{firsts[index % len(firsts)]} {lasts[(index * 7919) % len(lasts)]}"
        seen.setdefault(name, KnownName("person", name))
    return list(seen.values())[:limit]


def regex_matcher(names: list[KnownName]) -> re.Pattern:
    """One alternation, longest first, not inside a word on either side."""
    alternation = "|".join(re.escape(n.name) for n in sorted(names, key=lambda n: -len(n.name)))
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")


def timed(action, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = action(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    names = real_names(args.names)
    texts = list(gnad())[:args.articles]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"corpus: {len(names)} names (CoNLL-2003 spans + person pairs) over {len(texts)} 10kGNAD articles "
          f"({sum(map(len, texts)) / 1e6:.1f} M characters)")
    build_ac, automaton = timed(NameMatcher, names)
    build_re, pattern = timed(regex_matcher, names)
    print(f"build: pyahocorasick {build_ac * 1000:.0f} ms, regex {build_re * 1000:.0f} ms")
    ac_times, re_times, ac_found, re_found = [], [], 0, 0
    for _ in range(args.rounds):  # interleaved, so both see the same machine load
        seconds, found = timed(lambda: [list(automaton.find(t, "de")) for t in texts])
        ac_times.append(seconds)
        ac_found = sum(map(len, found))
        seconds, found = timed(lambda: [pattern.findall(t) for t in texts])
        re_times.append(seconds)
        re_found = sum(map(len, found))
    ac, rx = min(ac_times), min(re_times)
    print(f"match per article: pyahocorasick {ac / len(texts) * 1000:.3f} ms ({ac_found} matches), "
          f"regex {rx / len(texts) * 1000:.3f} ms ({re_found} matches); regex / pyahocorasick = {rx / ac:.1f}x")
    ship(names)


def ship(names: list[KnownName]) -> None:
    """Cost of handing the table to workers: per chunk (pickle) against once per worker (file)."""
    rows = [[n.kind, n.name, list(n.aliases)] for n in names]
    pickled = pickle.dumps(rows)
    seconds = min(timed(lambda: pickle.loads(pickle.dumps(rows)))[0] for _ in range(3))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "known-names.json"
        write_table(names, path)
        size = path.stat().st_size
        load, _ = timed(load_matcher, str(path))
    print(f"shipping: pickled with every chunk {len(pickled) / 1e6:.2f} MB and {seconds * 1000:.1f} ms "
          f"(pickle + unpickle) per chunk of 4 inputs; as a file {size / 1e6:.2f} MB, loaded and compiled "
          f"once per worker in {load * 1000:.0f} ms; json rows {len(json.dumps(rows)) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
