"""The embedded index's schema and the Article <-> tantivy document mapping (its analyzers: engine.analyzers)."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import tantivy
from newsfacet.engine.analysis import CJK_FIELDS, STEMMED_LANGUAGES, cjk_fields, stemmed_field
from newsfacet.engine.analyzers import CJK_ANALYZER, NEUTRAL, stem_analyzer_name
from newsfacet.engine.facets import FACETS, LOCAL_DAY_FIELD
from newsfacet.engine.model import Article
from newsfacet.engine.sampling import SAMPLE_BUCKET_FIELD, SAMPLE_KEY_FIELD, sample_bucket, sample_key

# sort_key = seconds since 1800 (34 bits) << 30 | 30 bits of the id: orders by date and breaks
# ties by id, so a keyset cursor is stable. Undated articles get 0 (last when newest first).
_EPOCH_1800 = datetime(1800, 1, 1, tzinfo=UTC)
TIE_BITS = 30


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("fingerprint", tokenizer_name="raw")
    builder.add_text_field("story_id", fast=True, tokenizer_name="raw")
    builder.add_text_field("story_keys", tokenizer_name="raw")
    builder.add_bytes_field("doc", stored=True)
    builder.add_text_field("title", tokenizer_name=NEUTRAL)
    builder.add_text_field("body", tokenizer_name=NEUTRAL)
    for field in CJK_FIELDS.values():
        builder.add_text_field(field, tokenizer_name=CJK_ANALYZER)
    for language in STEMMED_LANGUAGES:
        builder.add_text_field(stemmed_field(language), tokenizer_name=stem_analyzer_name(language))
    for facet in FACETS.values():
        builder.add_text_field(facet.tantivy_field, fast=True, tokenizer_name="raw")
        builder.add_text_field(facet.tantivy_text_field, tokenizer_name=NEUTRAL)
    builder.add_date_field("published", indexed=True, fast=True)
    builder.add_integer_field("published_month", fast=True)  # of the local day
    builder.add_date_field(LOCAL_DAY_FIELD, indexed=True, fast=True)
    builder.add_unsigned_field("sort_key", indexed=True, fast=True)
    builder.add_unsigned_field(SAMPLE_KEY_FIELD, indexed=True, fast=True)
    # Postings only: whole buckets select a sample cheaply (engine.sampling.BUCKET_KEYS). An index
    # built before this field ignores it on write and selects its samples by the key's range.
    builder.add_unsigned_field(SAMPLE_BUCKET_FIELD, indexed=True)
    return builder.build()


def sort_key(article: Article) -> int:
    seconds = int((article.published - _EPOCH_1800).total_seconds()) if article.published else 0
    seconds = min(max(seconds, 0), (1 << 34) - 1)
    return (seconds << TIE_BITS) | (int(article.id[:8], 16) & ((1 << TIE_BITS) - 1))


def month_number(day: date) -> int:
    """Calendar months since year 0: histogram buckets of width 1 are exactly calendar months."""
    return day.year * 12 + day.month - 1


def month_start(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


def stored_form(article: Article) -> dict:
    """The stored document: the Article, with its story keys so that `newsfacet reindex` copies them
    instead of hashing every text again (the costliest step of a reindex; engine.reindex)."""
    data = article.to_dict()
    data["story_keys"] = list(article.story_keys)
    return data


def to_document(article: Article) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    doc.add_text("fingerprint", article.fingerprint)
    doc.add_text("story_id", article.story_id)
    for key in article.story_keys:
        doc.add_text("story_keys", key)
    doc.add_bytes("doc", json.dumps(stored_form(article), ensure_ascii=False).encode("utf-8"))
    doc.add_text("title", article.title)
    doc.add_text("body", article.body)
    for field, tokens in cjk_fields(article.title, article.body).items():
        doc.add_text(field, tokens)
    if article.language in STEMMED_LANGUAGES:
        doc.add_text(stemmed_field(article.language), f"{article.title}\n{article.body}")
    for facet in FACETS.values():
        for value in facet.values(article):
            doc.add_text(facet.tantivy_field, value)
            doc.add_text(facet.tantivy_text_field, value)
    if article.published and (day := article.local_day):
        doc.add_date("published", article.published)
        doc.add_integer("published_month", month_number(day))
        doc.add_date(LOCAL_DAY_FIELD, datetime.combine(day, time(), UTC))
    doc.add_unsigned("sort_key", sort_key(article))
    key = sample_key(article.id)
    doc.add_unsigned(SAMPLE_KEY_FIELD, key)
    doc.add_unsigned(SAMPLE_BUCKET_FIELD, sample_bucket(key))
    return doc


def stored_dict(doc: tantivy.Document) -> dict:
    """The stored `Article.to_dict()` of a document."""
    return json.loads(bytes(doc.get_first("doc")).decode("utf-8"))


def from_document(doc: tantivy.Document) -> Article:
    return Article.from_stored(stored_dict(doc))
