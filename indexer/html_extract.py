"""Our own main-text extractor on a bs4 tree: drop boilerplate, score containers, keep paragraphs.

The scoring follows the readability idea: paragraphs of real prose (long, with commas, few links)
vote for their parent and grandparent; the best voted container, plus siblings that also carry
prose, is the article.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

# Elements that never hold article text.
_DROP_TAGS = ("script", "style", "noscript", "svg", "iframe", "form", "button", "nav", "aside",
              "footer", "figcaption", "select", "textarea", "template", "canvas", "video", "audio",
              "object", "embed", "input", "label", "dialog", "menu")
_DROP_ROLES = re.compile(r"^(?:navigation|banner|contentinfo|complementary|dialog|alert|search|menu)$", re.I)
_BOILERPLATE = re.compile(
    r"comment|share|sharing|social|related|recommend|cookie|consent|gdpr|banner|advert|\bads?\b|"
    r"ad[-_](?:slot|unit|container|wrapper)|sponsor|promo|newsletter|subscri|signup|sidebar|"
    r"breadcrumb|\bmenu\b|navbar|\bnav\b|footer|masthead|popup|modal|overlay|paywall|outbrain|taboola|"
    r"\btags?\b|tag-?list|read-?more|more-?stories|most-?popular|trending|author-?bio|pagination|"
    r"caption|credit|toolbar|skip-?link|\bprint\b|disclaimer",
    re.I)
# Class names that say "this is the article" win over a boilerplate word in the same attribute.
_CONTENT_HINT = re.compile(r"article|content|entry|post-?body|story|main|text|body", re.I)
_BLOCKS = frozenset("p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd pre blockquote "
                    "table tr td th header figure address center hr br".split())
PROSE_CHARS = 60
BAD_WEIGHT = 1.0
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


def _attr_text(tag: Tag) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = [classes]
    return " ".join(classes) + " " + str(tag.get("id") or "")


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    role = str(tag.get("role") or "")
    if _DROP_ROLES.match(role) or tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    style = str(tag.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    attrs = _attr_text(tag)
    if not attrs.strip() or not _BOILERPLATE.search(attrs):
        return False
    return not _CONTENT_HINT.search(attrs.replace("comment", ""))


def preclean(soup: BeautifulSoup) -> None:
    """Remove elements that are never article text (in place)."""
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.parent is None:
            continue
        if _is_boilerplate(tag):
            tag.decompose()


def _block_of(node: NavigableString) -> Tag | None:
    parent = node.parent
    while parent is not None and parent.name not in _BLOCKS and parent.name not in ("body", "html"):
        parent = parent.parent
    return parent


def _in_link(node: NavigableString, block: Tag | None) -> bool:
    parent = node.parent
    while parent is not None and parent is not block:
        if parent.name == "a":
            return True
        parent = parent.parent
    return False


def _text_scores(root: Tag) -> dict[int, list]:
    """For every element: [element, score], score = prose characters - BAD_WEIGHT * other characters.

    Prose is text in a block of at least PROSE_CHARS characters, outside links; everything else
    (menus, link lists, labels) counts against the containers that hold it. The element with the
    highest score is the smallest one that holds most of the prose and little else.
    """
    block_length: dict[int, int] = {}
    scores: dict[int, list] = {}
    for node in root.find_all(string=True):
        if isinstance(node, _SKIP_STRINGS):
            continue
        length = len(node.strip())
        if not length:
            continue
        block = _block_of(node)
        key = id(block)
        if key not in block_length:
            block_length[key] = len(" ".join(block.get_text(" ").split())) if block is not None else 0
        prose = block_length[key] >= PROSE_CHARS and not _in_link(node, block)
        value = length if prose else -BAD_WEIGHT * length
        parent = node.parent
        while parent is not None:
            entry = scores.setdefault(id(parent), [parent, 0.0])
            entry[1] += value
            parent = parent.parent
    return scores


def best_container(soup: BeautifulSoup) -> list[Tag]:
    """The element whose text is most prose and least everything else."""
    root = soup.body or soup
    scores = _text_scores(root)
    if not scores:
        return [root]
    tag, _ = max(scores.values(), key=lambda entry: entry[1])
    return [tag]


def block_text(tags: list[Tag]) -> str:
    """Text of the tags with a blank line between block-level elements."""
    pieces: list[str] = []
    for tag in tags:
        for node in tag.descendants:
            if isinstance(node, Tag):
                if node.name in _BLOCKS:
                    pieces.append("\n\n")
            elif isinstance(node, NavigableString) and not isinstance(node, _SKIP_STRINGS):
                if isinstance(node.previous_sibling, Tag) and node.previous_sibling.name in _BLOCKS:
                    pieces.append("\n\n")  # text after a block closes belongs to a new paragraph
                pieces.append(str(node))
        pieces.append("\n\n")
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", "".join(pieces)))
    return "\n\n".join(p for p in paragraphs if p)


def extract_main(soup: BeautifulSoup) -> str:
    """Main text of an already pre-cleaned page, paragraphs separated by blank lines."""
    return block_text(best_container(soup))
