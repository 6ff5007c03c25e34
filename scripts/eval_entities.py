"""Document-level quality of indexer.entities.extract_entities: English CoNLL-2003, Russian FactRuEval.

Usage: .venv/bin/python scripts/eval_entities.py [--limit N] [--no-fold-people] [--skip-russian]

A document's prediction and its gold are each a set of (type, name) for PER/ORG/LOC (MISC is
ignored); precision, recall and F1 are micro-averaged over documents, per type and overall.
"baseline" is spaCy's small English pipeline as it comes: its PERSON/ORG/GPE/LOC spans against
the gold spans, both as written. "ours" is extract_entities, with the gold spans put through the
same cleaning and per-document folding (indexer.entity_names), so both sides name things alike.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsfacet.engine.model import ENTITY_TYPES  # noqa: E402 - after the sys.path line on purpose
from newsfacet.indexer import entities, entity_names  # noqa: E402 - after the sys.path line on purpose
from newsfacet.indexer.entity_names import Entity  # noqa: E402

CORPORA = Path(os.environ.get("NEWSFACET_CORPORA", ROOT.parent / "shared" / "corpora"))
CONLL_KINDS = {"PER": "person", "ORG": "organization", "LOC": "location"}
PLAIN_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location"}
FACTRUEVAL_KINDS = {"Person": "person", "Org": "organization", "Location": "location",
                    "LocOrg": "location"}
# Tokens written without a space before them (CoNLL keeps no original white space).
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re", "'ll"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}

Spans = list[tuple[str, str]]  # (kind, surface text)


def join_tokens(tokens: list[str]) -> str:
    """Tokens as running text: spaces between, none before closing punctuation."""
    text = ""
    for token in tokens:
        glue = "" if not text or token in _NO_SPACE_BEFORE or text[-1] in _NO_SPACE_AFTER else " "
        text += glue + token
    return text


def _sentence(rows: list[list[str]]) -> tuple[str, Spans]:
    """One CoNLL sentence's text and its gold (kind, text) spans from the IOB2 tags."""
    spans: list[tuple[str, list[str]]] = []
    for token, tag in ((row[0], row[-1]) for row in rows):
        if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][0] != tag[2:])):
            spans.append((tag[2:], [token]))
        elif tag.startswith("I-"):
            spans[-1][1].append(token)
        else:
            spans.append(("O", []))
    gold = [(CONLL_KINDS[kind], join_tokens(words)) for kind, words in spans if kind in CONLL_KINDS]
    return join_tokens([row[0] for row in rows]), gold


def conll_documents(path: Path) -> Iterator[tuple[str, Spans]]:
    """(text, gold spans) per -DOCSTART- document; sentences on lines of their own."""
    sentences: list[str] = []
    gold: Spans = []
    rows: list[list[str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "-DOCSTART- -X- -X- O", ""]:
        if line.startswith("-DOCSTART-"):
            if sentences:
                yield "\n".join(sentences), gold
            sentences, gold = [], []
        elif line.strip():
            rows.append(line.split())
        elif rows:
            text, spans = _sentence(rows)
            sentences.append(text)
            gold.extend(spans)
            rows = []


def factrueval_documents() -> Iterator[tuple[str, Spans]]:
    """(text, gold spans) per FactRuEval document; an object's text runs from its first to last span."""
    for txt in sorted((CORPORA / "factrueval-2016").glob("*set/book_*.txt")):
        text = txt.read_text(encoding="utf-8")
        offsets = {}
        for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) > 3:
                offsets[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
        gold = []
        for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            kind = FACTRUEVAL_KINDS.get(fields[1]) if len(fields) > 2 else None
            ranges = [offsets[span] for span in fields[2:] if span in offsets]
            if kind and ranges:
                gold.append((kind, text[min(r[0] for r in ranges):max(r[1] for r in ranges)]))
        yield text, gold


def gold_entities(spans: Spans, language: str, fold_people: bool) -> set[Entity]:
    """Gold spans cleaned and folded exactly as predictions are."""
    cleaned = [Entity(kind, name) for kind, surface in spans
               if (name := entity_names.clean_name(surface, kind, language))]
    # No kind vote on gold: a name the annotators gave two kinds keeps both.
    return set(entity_names.fold_document(cleaned, fold_people=fold_people, vote_kinds=False))


def score(pairs: Iterable[tuple[set[Entity], set[Entity]]]) -> dict[str, Counter]:
    """True/false positives and false negatives per kind and overall."""
    counts: dict[str, Counter] = {kind: Counter() for kind in (*ENTITY_TYPES, "all")}
    for predicted, gold in pairs:
        for kind in ENTITY_TYPES:
            mine = {e for e in predicted if e.type == kind}
            theirs = {e for e in gold if e.type == kind}
            for bucket in (kind, "all"):
                counts[bucket].update(tp=len(mine & theirs), fp=len(mine - theirs), fn=len(theirs - mine))
    return counts


def prf(count: Counter) -> tuple[float, float, float]:
    """Precision, recall, F1 from tp/fp/fn."""
    p = count["tp"] / max(count["tp"] + count["fp"], 1)
    r = count["tp"] / max(count["tp"] + count["fn"], 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def evaluate(name: str, documents: list[tuple[str, Spans]],
             predict: Callable[[str], set[Entity]], gold: Callable[[Spans], set[Entity]]) -> float:
    """Run one system over the documents, print per-type P/R/F1 and ms per document; F1 back."""
    pairs = []
    start = time.perf_counter()
    for text, spans in documents:
        pairs.append((predict(text), gold(spans)))
    ms = 1000 * (time.perf_counter() - start) / max(len(documents), 1)
    counts = score(pairs)
    cells = "  ".join(f"{kind[:3].upper()} P {p:.3f} R {r:.3f} F1 {f:.3f}"
                      for kind, (p, r, f) in ((k, prf(c)) for k, c in counts.items()))
    print(f"  {name:<9} {cells}  {ms:6.1f} ms/doc")
    return prf(counts["all"])[2]


def english(limit: int | None, fold_people: bool, vote_kinds: bool) -> None:
    """CoNLL-2003 valid: plain spaCy small against ours."""
    path = CORPORA / "conll2003" / "data" / "valid.txt"
    documents = list(conll_documents(path))[:limit]
    print(f"corpus: {path} ({len(documents)} documents)")
    import spacy

    entities.english_pipeline()  # load before timing
    full_pipeline = spacy.load(entities.ENGLISH_MODEL)  # as it comes: every component, whole text

    def plain(text: str) -> set[Entity]:
        return {Entity(kind, span.text) for span in full_pipeline(text).ents
                if (kind := PLAIN_KINDS.get(span.label_))}

    def ours(text: str) -> set[Entity]:
        found = [Entity(kind, name) for kind, surface in entities.raw_spans(text, "en")
                 if (name := entity_names.clean_name(surface, kind, "en"))]
        return set(entity_names.fold_document(found, fold_people=fold_people, vote_kinds=vote_kinds))

    evaluate("baseline", documents, plain, lambda spans: {Entity(k, s) for k, s in spans})
    evaluate("ours", documents, ours, lambda spans: gold_entities(spans, "en", fold_people))


def russian(limit: int | None, fold_people: bool) -> None:
    """FactRuEval-2016 dev+test: names compared by their lemmas, so case endings do not count."""
    documents = list(factrueval_documents())[:limit]
    print(f"corpus: {CORPORA / 'factrueval-2016'} ({len(documents)} documents)")
    vocab = entities.russian_pipeline()["vocab"]

    def lemmas(found: Iterable[Entity]) -> set[Entity]:
        return {Entity(e.type, " ".join(vocab.parse(word)[0].normal for word in e.name.split()))
                for e in found}

    def ours(text: str) -> set[Entity]:
        found = [Entity(kind, name) for kind, surface in entities.raw_spans(text, "ru")
                 if (name := entity_names.clean_name(surface, kind, "ru"))]
        return lemmas(entity_names.fold_document(found, fold_people=fold_people))

    evaluate("ours", documents, ours, lambda spans: lemmas(gold_entities(spans, "ru", fold_people)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each corpus")
    parser.add_argument("--no-fold-people", action="store_true", help="keep bare surnames apart")
    parser.add_argument("--no-vote-kinds", action="store_true", help="keep a name's conflicting kinds")
    parser.add_argument("--skip-russian", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.platform()} cpus={os.cpu_count()} python {platform.python_version()}  "
          f"model: {entities.ENGLISH_MODEL}  max_chars={entities.MAX_CHARS}  "
          f"fold_people={not args.no_fold_people}")
    english(args.limit, not args.no_fold_people, not args.no_vote_kinds)
    if not args.skip_russian:
        russian(args.limit, not args.no_fold_people)


if __name__ == "__main__":
    main()
