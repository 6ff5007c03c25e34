"""Text analysis shared by the backends: one tokenizer rule and the stemmed languages.

The word pattern approximates Elasticsearch's `standard` tokenizer for news text (apostrophes and
dots inside words and commas inside numbers keep a token whole), so both engines split text the
same way and match the same documents.
"""
from __future__ import annotations

import re

# Rust-regex syntax (tantivy) and Python-compatible too.
WORD_PATTERN = r"\w+(?:['’.]\w+|,\d+)*"

# Languages whose text also goes into a stemmed field; value = Snowball stemmer name.
STEMMED_LANGUAGES = {
    "en": "english",
    "ru": "russian",
    "de": "german",
    "fr": "french",
    "tr": "turkish",
}


def stemmed_field(language: str) -> str:
    """Name of the stemmed full-text field for a language code."""
    return f"stem_{language}"


# -- CJK: words inside Korean, Japanese and Chinese text ----------------------------------------
# Those scripts do not put spaces between words (Chinese, Japanese) or glue particles to them
# (Korean `부산의`), so whole-word tokens miss most occurrences. Runs of these characters are indexed
# as overlapping character bigrams (a one-character run as itself), the scheme of Lucene's
# `cjk_bigram`; a query word becomes the phrase of its bigrams, so `부산` matches `부산의`. The tokens
# are made here, once, and handed to both engines as space-separated text that each splits on
# whitespace only: Elasticsearch's own `cjk_bigram` is absent from builds without analysis-common,
# and one tokenizer guarantees the same answers on both engines.
_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007"  # ideographic iteration mark, closing mark, number zero
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (with the prolonged sound mark)
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK unified ideographs extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f"  # Hangul Jamo extended-A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul Jamo extended-B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uffdc"  # half-width Katakana and Hangul
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
CJK_RUN = re.compile(f"[{_CJK_RANGES}]+")
_CJK_OR_OTHER = re.compile(f"[{_CJK_RANGES}]+|[^{_CJK_RANGES}]+")
_WORDS = re.compile(WORD_PATTERN)
# Elasticsearch's whitespace tokenizer cuts tokens at 255 characters and tantivy's cannot index
# terms over 65,530 bytes: a longer "word" (base64, a run-on URL) is dropped from the CJK fields.
MAX_CJK_TOKEN_CHARS = 200
CJK_FIELDS = {"title": "cjk_title", "body": "cjk_body"}


def has_cjk(text: str) -> bool:
    """Whether `text` holds a character of the CJK scripts (Han, Hiragana, Katakana, Hangul)."""
    # Most news text is Latin-1 (English, German): every CJK range lies above it, and both checks
    # below are far cheaper than the regex (isascii reads a flag; a Latin-1 string encodes by copy).
    if text.isascii():
        return False
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return CJK_RUN.search(text) is not None
    return False


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping two-character tokens of a CJK run; a one-character run is its own token."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def cjk_tokens(text: str) -> list[str]:
    """The tokens of the CJK fields: words by the shared word rule, lowercased, with each CJK run
    inside a word split into bigrams (`3월부터` -> `3`, `월부`, `부터`)."""
    tokens: list[str] = []
    for word in _WORDS.findall(text.lower()):
        for part in _CJK_OR_OTHER.findall(word):
            if CJK_RUN.fullmatch(part):
                tokens += cjk_bigrams(part)
            elif len(part) <= MAX_CJK_TOKEN_CHARS:
                tokens.append(part)
    return tokens


def cjk_field_text(text: str) -> str:
    """`text` as the CJK fields store it: its tokens separated by single spaces."""
    return " ".join(cjk_tokens(text))


def ends_in_cjk(text: str) -> bool:
    """Whether the last character of `text` that counts for search is CJK (prefix rule)."""
    tokens = _WORDS.findall(text)
    return bool(tokens) and CJK_RUN.search(tokens[-1][-1]) is not None


def cjk_fields(title: str, body: str) -> dict[str, str]:
    """The CJK fields of an article (field name -> token text), only for the parts holding CJK."""
    return {CJK_FIELDS[name]: cjk_field_text(text)
            for name, text in (("title", title), ("body", body)) if has_cjk(text)}
