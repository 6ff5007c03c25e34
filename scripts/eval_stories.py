"""Story grouping on a labelled set built from real BBC and Reuters stories: pair precision and recall.

    venv/bin/python scripts/eval_stories.py --tune first --report second

Positives: a story and a version of it made the way outlets make theirs: another headline, paragraphs
dropped from the end or the middle, two paragraphs swapped, outlet boilerplate added (a seeded mix
of these per story). Negatives: a story and another story on the same topic (BBC section, Reuters
topic code): one drawn at random and the most similar of 100 drawn (hard negatives; pairs at
Jaccard >= 0.9 are the corpus's own reposts of one story and are left out). A pair is
predicted "same story" as the indexer decides it: the two share an LSH key (engine/stories.py) and
the Jaccard similarity of their shingles is at least the threshold. The threshold is chosen on the
`--tune` half (the highest that keeps recall >= 0.92) and reported on the `--report` half; stories go to
a half by a hash of their id. Prints the corpus, counts, the figures and the machine.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine import stories  # noqa: E402
from newsfacet.engine.model import fingerprint  # noqa: E402
from newsfacet.indexer.sources.reuters import _STORY, parse_story  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))
MIN_WORDS = 80
MIN_PARAGRAPHS = 3
# Outlet lines of the kind syndicating sites wrap a wire story in (written for this evaluation).
BOILERPLATE = (
    "Sign up for our morning newsletter and get the day's top stories delivered to your inbox.",
    "Copyright 2024 The Daily Courier. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Follow us on Twitter and Facebook for the latest updates.",
    "Additional reporting by our business desk; editing by the night staff.",
    "Related coverage: markets live blog, the week ahead, what analysts are saying.",
    "Click here to read more stories like this one from our partners.",
)
# Negatives: the most similar of this many same-topic stories. Pairs at REPOST or above are the
# corpus's own reposts of one story (BBC: the same text with one figure corrected), not negatives.
HARD_DRAWN = 100
TUNING_RECALL = 0.92
REPOST = 0.9
HEADLINE_PREFIXES = ("UPDATE 2-", "WRAPUP-", "Breaking: ", "Analysis: ", "")


@dataclass(frozen=True)
class Story:
    id: str
    topic: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def bbc_stories() -> list[Story]:
    found = []
    for path in sorted((CORPORA / "bbc-news" / "bbc").glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        title, _, rest = text.partition("\n")
        paragraphs = tuple(p.strip() for p in rest.split("\n\n") if p.strip())
        found.append(Story(f"bbc/{path.parent.name}/{path.name}", path.parent.name, title.strip(), paragraphs))
    return found


def reuters_stories(files: int) -> list[Story]:
    found = []
    for path in sorted((CORPORA / "reuters21578" / "reuters21578").glob("reut2-*.sgm"))[:files]:
        for number, match in enumerate(_STORY.finditer(path.read_bytes())):
            url = f"reuters21578:{path.name}:{number}"
            try:
                article = parse_story(match.group(0), path.name, url)
            except Exception:  # noqa: BLE001 - a story the indexer would skip is not in the set
                continue
            if article.topics:
                paragraphs = tuple(p.strip() for p in article.body.split("\n") if p.strip())
                found.append(Story(url, article.topics[0], article.title, paragraphs))
    return found


def eligible(all_stories: list[Story]) -> list[Story]:
    """Long enough to have a version, and one story per text (the corpora hold exact copies)."""
    seen, kept = set(), []
    for story in all_stories:
        if len(story.paragraphs) < MIN_PARAGRAPHS or len(story.body.split()) < MIN_WORDS:
            continue
        key = fingerprint("", story.body)
        if key not in seen:
            seen.add(key)
            kept.append(story)
    return kept


def version_of(story: Story, rng: random.Random) -> tuple[str, str, list[str]]:
    """Another outlet's version: title, body and the names of the changes made."""
    paragraphs, changes = list(story.paragraphs), []
    title = story.title
    if rng.random() < 0.7:
        words = title.split()
        rng.shuffle(words)
        title, changes = rng.choice(HEADLINE_PREFIXES) + " ".join(words), ["headline"]
    if rng.random() < 0.5 and len(paragraphs) > 3:
        cut = rng.randint(1, max(1, len(paragraphs) // 3))
        paragraphs, changes = paragraphs[:-cut], [*changes, f"trimmed {cut}"]
    if rng.random() < 0.4 and len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs) - 1)]
        changes.append("dropped 1")
    if rng.random() < 0.4 and len(paragraphs) > 2:
        i, j = rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
        changes.append("reordered")
    if rng.random() < 0.6 or not changes:
        lines = rng.sample(BOILERPLATE, rng.randint(1, 2))
        paragraphs = [lines[0], *paragraphs, *lines[1:]] if rng.random() < 0.5 else [*paragraphs, *lines]
        changes.append("boilerplate")
    return title, "\n\n".join(paragraphs), changes


@dataclass
class Pair:
    label: bool
    kind: str
    shares_key: bool
    similarity: float
    names: tuple[str, str]


def compare(kind: str, label: bool, first: tuple[str, str, str], second: tuple[str, str, str]) -> Pair:
    shingled = [stories.shingles(title, body) for _, title, body in (first, second)]
    keys = [set(stories.story_keys(s)) for s in shingled]
    return Pair(label, kind, bool(keys[0] & keys[1]), stories.jaccard(*shingled), (first[0], second[0]))


def labelled_pairs(half_stories: list[Story], seed: int) -> list[Pair]:
    by_topic: dict[str, list[Story]] = {}
    for story in half_stories:
        by_topic.setdefault(story.topic, []).append(story)
    pairs = []
    shingled = {story.id: stories.shingles(story.title, story.body) for story in half_stories}
    for story in half_stories:
        rng = random.Random(f"{seed}:{story.id}")
        original = (story.id, story.title, story.body)
        title, body, changes = version_of(story, rng)
        pairs.append(compare("version: " + ", ".join(changes), True, original, (story.id + "~v", title, body)))
        others = [s for s in by_topic[story.topic] if s.id != story.id]
        if not others:
            continue
        other = rng.choice(others)
        pairs.append(compare("same topic, random", False, original, (other.id, other.title, other.body)))
        drawn = rng.sample(others, min(HARD_DRAWN, len(others)))
        alike = [(stories.jaccard(shingled[story.id], shingled[s.id]), s) for s in drawn]
        similarity, nearest = max((pair for pair in alike if pair[0] < REPOST), key=lambda pair: pair[0],
                                  default=(0.0, other))
        pairs.append(compare(f"same topic, most similar of {HARD_DRAWN}", False, original,
                             (nearest.id, nearest.title, nearest.body)))
    return pairs


def scores(pairs: list[Pair], threshold: float) -> tuple[float, float, int, int, int]:
    predicted = [p.shares_key and p.similarity >= threshold for p in pairs]
    tp = sum(p.label and guess for p, guess in zip(pairs, predicted, strict=True))
    fp = sum(not p.label and guess for p, guess in zip(pairs, predicted, strict=True))
    fn = sum(p.label and not guess for p, guess in zip(pairs, predicted, strict=True))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn


def choose_threshold(pairs: list[Pair]) -> float:
    """Precision first: the highest threshold whose recall is at least TUNING_RECALL.

    The negatives here are long stories; short formulaic ones (Reuters dividend notices) share more
    wording with each other, so a higher threshold is the safer side of the trade.
    """
    for step in range(95, 4, -1):
        threshold = step / 100
        if scores(pairs, threshold)[1] >= TUNING_RECALL:
            return threshold
    return 0.05


def half_of(story: Story) -> str:
    return "first" if hashlib.sha1(story.id.encode()).digest()[0] % 2 == 0 else "second"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", choices=("first", "second"), default="first")
    parser.add_argument("--report", choices=("first", "second"), default="second")
    parser.add_argument("--reuters-files", type=int, default=4, help="reut2-*.sgm files read (of 22)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = eligible(bbc_stories()) + eligible(reuters_stories(args.reuters_files))
    print(f"corpus: {CORPORA}/bbc-news (all sections) + reuters21578 first {args.reuters_files} files; "
          f"{len(corpus)} stories with >= {MIN_PARAGRAPHS} paragraphs and >= {MIN_WORDS} words, one per text")
    halves = {name: [s for s in corpus if half_of(s) == name] for name in ("first", "second")}
    pairs = {name: labelled_pairs(halves[name], args.seed) for name in {args.tune, args.report}}
    threshold = choose_threshold(pairs[args.tune])
    print(f"shingles of {stories.SHINGLE_WORDS} words, MinHash {stories.NUM_PERM} permutations, "
          f"LSH {stories.BANDS} bands x {stories.ROWS} rows")
    print(f"threshold chosen on the {args.tune} half: {threshold:.2f} "
          f"(engine/stories.py THRESHOLD = {stories.THRESHOLD:.2f}"
          f"{'' if abs(threshold - stories.THRESHOLD) < 1e-9 else ': DIFFERS, update it'})")
    for name in dict.fromkeys((args.tune, args.report)):
        chosen = scores(pairs[name], stories.THRESHOLD)
        positives = sum(p.label for p in pairs[name])
        print(f"{name} half{' (tuning)' if name == args.tune else ' (held out)'}: {len(halves[name])} stories, "
              f"{positives} positive and {len(pairs[name]) - positives} negative pairs; at {stories.THRESHOLD:.2f}: "
              f"precision {chosen[0]:.3f}, recall {chosen[1]:.3f} (tp {chosen[2]}, fp {chosen[3]}, fn {chosen[4]})")
        missed_lsh = sum(p.label and not p.shares_key for p in pairs[name])
        print(f"  positives sharing no LSH key (lost before the exact check): {missed_lsh}")
    held_out = pairs[args.report]
    print("held-out errors (kind, similarity, pair):")
    for pair in held_out:
        guess = pair.shares_key and pair.similarity >= stories.THRESHOLD
        if guess != pair.label:
            print(f"  {'false positive' if guess else 'missed'}: {pair.kind}, {pair.similarity:.2f}, "
                  f"{pair.names[0]} ~ {pair.names[1]}")
    print(f"took {time.perf_counter() - started:.1f} s; machine: {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
