"""The user's query language, parsed once into a small AST that each backend compiles.

Syntax: words (AND by default), "exact phrases", OR, -word / NOT word, parentheses,
field:value (field:"a phrase", field:pre*), and prefix* on words. Operators are upper case;
lower-case "or" is an ordinary word. Anything else raises `QuerySyntaxError` with the character
position where the query goes wrong.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsfacet.engine.facets import FACETS, TEXT_FIELDS, query_field_aliases, queryable_facets

# Parentheses and NOT/- together may nest this deep: every later recursion (compiling for either
# engine, highlighting) walks the tree, so its depth is what keeps them far from Python's limit.
MAX_DEPTH = 32
MIN_PREFIX_CHARS = 2
# Each prefix expands to every matching term of several fields: a query of 120 `th*` took 0.4 s on
# 20,000 articles, and the cost grows with the index. Ten is more than a person types.
MAX_PREFIXES = 10

_WORD_CHARS = re.compile(r"\w")
_FIELD = re.compile(r"([A-Za-z_]+):")
_SPECIAL = '()"'


class QuerySyntaxError(ValueError):
    """A query that cannot be parsed; `position` is the 0-based character offset of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class Prefix:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | Prefix | And | Or | Not


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, OR, AND, NOT, MINUS
    text: str
    position: int
    field: str | None = None


def parse_query(text: str) -> Node:
    """Parse a query string into an AST; raises `QuerySyntaxError` for anything malformed."""
    tokens = _tokenize(text)
    if not tokens:
        raise QuerySyntaxError("the query is empty", 0)
    prefixes = [token for token in tokens if token.kind == "PREFIX"]
    if len(prefixes) > MAX_PREFIXES:
        raise QuerySyntaxError(f"at most {MAX_PREFIXES} words may end in '*'", prefixes[MAX_PREFIXES].position)
    parser = _Parser(tokens, len(text))
    node = parser.parse_or(depth=0)
    if parser.peek() is not None:
        token = parser.peek()
        message = "unbalanced ')'" if token.kind == "RPAREN" else f"unexpected {token.text!r}"
        raise QuerySyntaxError(message, token.position)
    return node


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token("LPAREN" if char == "(" else "RPAREN", char, i))
            i += 1
        elif char == '"':
            end = _closing_quote(text, i)
            tokens.append(_phrase_token(text[i + 1:end], i, None))
            i = end + 1
        elif char == "-" and i + 1 < len(text) and not text[i + 1].isspace() and text[i + 1] != ")":
            tokens.append(_Token("MINUS", char, i))
            i += 1
        else:
            i = _read_word(text, i, tokens)
    return tokens


def _closing_quote(text: str, start: int) -> int:
    end = text.find('"', start + 1)
    if end < 0:
        raise QuerySyntaxError("unbalanced quote: this phrase is never closed", start)
    return end


def _phrase_token(inner: str, position: int, field: str | None) -> _Token:
    if not _WORD_CHARS.search(inner):
        raise QuerySyntaxError("the phrase has no words in it", position)
    return _Token("PHRASE", _facet_value(" ".join(inner.split()), field), position, field)


def _facet_value(typed: str, field: str | None) -> str:
    """A facet value typed as the label pages show (`language:English`) means the value (`en`)."""
    return FACETS[field].value_of(typed) if field in FACETS else typed


def _read_word(text: str, start: int, tokens: list[_Token]) -> int:
    """Read a bare word or a field:value starting at `start`; return the index after it."""
    field = None
    match = _FIELD.match(text, start)
    i = start
    if match:
        field = _resolve_field(match.group(1), start)
        i = match.end()
        if i < len(text) and text[i] == '"':
            end = _closing_quote(text, i)
            tokens.append(_phrase_token(text[i + 1:end], start, field))
            return end + 1
    end = i
    while end < len(text) and not text[end].isspace() and text[end] not in _SPECIAL:
        end += 1
    word = text[i:end]
    if field and not word:
        raise QuerySyntaxError(f"'{match.group(1)}:' needs a value after the colon", start)
    if field is None and word in ("OR", "AND", "NOT"):
        tokens.append(_Token(word, word, start))
    else:
        tokens.append(_word_token(word, start, field))
    return end


def _resolve_field(name: str, position: int) -> str:
    lowered = name.lower()
    resolved = query_field_aliases().get(lowered, lowered)
    fields = query_fields()
    if resolved not in fields:
        known = ", ".join(fields)
        raise QuerySyntaxError(f"unknown field '{name}' (known fields: {known})", position)
    return resolved


def query_fields() -> tuple[str, ...]:
    """Every field a user may name in `field:value`."""
    return (*TEXT_FIELDS, *queryable_facets())


def _word_token(word: str, position: int, field: str | None) -> _Token:
    stem = word.removesuffix("*")
    if "*" in stem:
        raise QuerySyntaxError("'*' is only allowed at the end of a word", position + word.index("*"))
    if not _WORD_CHARS.search(stem):
        raise QuerySyntaxError(f"'{word}' has no letters or digits to search for", position)
    if word.endswith("*"):
        if len(stem) < MIN_PREFIX_CHARS:
            raise QuerySyntaxError(f"a prefix needs at least {MIN_PREFIX_CHARS} characters before '*'", position)
        return _Token("PREFIX", stem, position, field)
    return _Token("WORD", _facet_value(word, field), position, field)


class _Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary+."""

    def __init__(self, tokens: list[_Token], length: int) -> None:
        self.tokens = tokens
        self.index = 0
        self.length = length

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse_or(self, depth: int) -> Node:
        items = [self.parse_and(depth)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RPAREN"):
                raise QuerySyntaxError("OR needs something on its right", token.position)
            items.append(self.parse_and(depth))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self, depth: int) -> Node:
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in ("OR", "RPAREN"):
            if token.kind == "AND":
                self.take()
                if not items or self.peek() is None or self.peek().kind in ("OR", "AND", "RPAREN"):
                    raise QuerySyntaxError("AND needs something on both sides", token.position)
                continue
            items.append(self.parse_unary(depth))
        if not items:
            token = self.peek()
            position = token.position if token else self.length
            what = "OR needs something on its left" if token and token.kind == "OR" else "expected a word here"
            raise QuerySyntaxError(what, position)
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self, depth: int) -> Node:
        token = self.take()
        if token.kind in ("MINUS", "NOT"):
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RPAREN"):
                raise QuerySyntaxError(f"{token.text} needs a word after it", token.position)
            if depth + 1 > MAX_DEPTH:
                raise QuerySyntaxError(f"negations and parentheses nest deeper than {MAX_DEPTH} levels",
                                       token.position)
            return Not(self.parse_unary(depth + 1))
        if token.kind == "LPAREN":
            return self.parse_group(token, depth + 1)
        if token.kind == "PHRASE":
            return Phrase(token.text, token.field)
        if token.kind == "PREFIX":
            return Prefix(token.text, token.field)
        return Term(token.text, token.field)

    def parse_group(self, opening: _Token, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise QuerySyntaxError(f"parentheses nest deeper than {MAX_DEPTH} levels", opening.position)
        if self.peek() is None:
            raise QuerySyntaxError("unbalanced '(': it is never closed", opening.position)
        if self.peek().kind == "RPAREN":
            raise QuerySyntaxError("empty parentheses", opening.position)
        node = self.parse_or(depth)
        if self.peek() is None:
            raise QuerySyntaxError("unbalanced '(': it is never closed", opening.position)
        self.take()
        return node


def body_terms(node: Node | None) -> list[Term | Phrase | Prefix]:
    """The positive leaves that search article bodies, what a body snippet marks: unfielded words
    (`title:` words search titles only, so their hits' bodies are not worth a snippet)."""
    return [leaf for leaf in positive_terms(node) if leaf.field is None] if node is not None else []


def positive_terms(node: Node) -> list[Term | Phrase | Prefix]:
    """The leaves that are not negated: what a highlighter should mark."""
    if isinstance(node, (Term, Phrase, Prefix)):
        return [node]
    if isinstance(node, Not):
        return []
    return [leaf for item in node.items for leaf in positive_terms(item)]
