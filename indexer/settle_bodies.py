"""At the end of an index run, each body the run wrote is one value across the index.

Curation folds a body's forms per write batch (engine.entity_choices: `Exxon Corp` is `Exxon`
when the index or the batch holds `Exxon` as a body), so what a run ends with depended on how it
split into batches. After the last batch, with the whole index to ask:

- a name with a short form the index holds mostly as a body (`short_form`: a legal form, a party's
  `Party`, an acronym opening it) is curated again in every article holding it;
- an acronym is shown as the one name of the index it abbreviates (`NYSE` -> `New York Stock
  Exchange`). Consolidation resolves an acronym in an article that writes both (indexer.consolidate);
  a story naming the body by its acronym alone kept it. The acronym is looked up among the index's
  bodies of several words whose initials spell it (`UK` spelled out in `UKIP`; a legal form aside:
  `Exxon Corp` is no `EC`) and
  folded into the one of them whose own articles write the acronym too, two of them at least: the
  evidence that in the index the two name one body. Two such names (`TSE`: the Tokyo and the Toronto Stock
  Exchange) leave it alone, and so does a choice the user made about it. A place's acronym (`US`) or
  a listed body's (`OPEC`, `NATO`) is a canonical name already.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from newsfacet.engine.backends.base import Backend
from newsfacet.engine.entity_choices import ACRONYM, EntityChoices, chosen_short_form, majority_type
from newsfacet.engine.legal_forms import without_legal_form
from newsfacet.engine.model import Article
from newsfacet.engine.places import canonical_place
from newsfacet.engine.search import FacetSelection, SearchRequest
from newsfacet.indexer.bodies import canonical_body
from newsfacet.indexer.consolidate import acronyms_of
from newsfacet.indexer.known_names import FacetValues
from newsfacet.indexer.settle import curate_holders

# Names spelling one acronym that are asked for evidence, the most frequent first: an acronym of
# many bodies (`GM`: General Motors, General Mills, Guilford Mills...) still names the one whose
# articles write it, and a search per name is bounded.
MAX_SPELLING_NAMES = 10
# Articles of a name read for the acronym written as a word (its search hits come first), and how
# many of them must write it: one page calling Columbia Business School `CBS` does not make every
# `CBS` the school, as several articles agreeing on a name make it trusted (indexer.known_names).
EVIDENCE_ARTICLES = 20
MIN_EVIDENCE_ARTICLES = 2


def settle_bodies(backend: Backend, written: Iterable[str], values: FacetValues | None = None) -> int:
    """Fold the bodies of `written` (names a run wrote as organisations) as above, rewriting the
    articles holding them; returns how many were written. `values`: the index's facet values, shared
    with the caller's other folds. The index must be committed."""
    names = sorted(set(written))
    choices = backend.entity_choices().load()
    acronyms = [name for name in names if ACRONYM.fullmatch(name)]
    spelled = _spelled_out(backend, choices, acronyms, values or FacetValues(backend))
    heads = {name: head for name in names if (head := chosen_short_form(name, choices))}
    stored = backend.entity_type_counts(sorted(set(heads.values()))) if heads else {}
    shortened = [name for name, head in heads.items() if majority_type(Counter(stored.get(head, {}))) == "organization"]

    def spell_out(article: Article) -> None:
        bodies = article.entities.get("organization", [])
        article.entities["organization"] = list(dict.fromkeys(spelled.get(name, name) for name in bodies))

    held = [("organization", name) for name in sorted({*spelled, *shortened})]
    return curate_holders(backend, held, backend.entity_type_counts, "kept a body's other form", spell_out)


def settle_index_bodies(backend: Backend, values: FacetValues | None = None) -> int:
    """`settle_bodies` over every organisation of the index (its TABLE_SIZE most frequent): what a
    reindex that copies stored articles runs, as the runs that wrote them may be older than a fold."""
    values = values or FacetValues(backend)
    return settle_bodies(backend, values.of("organization"), values)


def _spelled_out(backend: Backend, choices: EntityChoices, acronyms: list[str], values: FacetValues) -> dict[str, str]:
    """{acronym: the one name of the index it abbreviates} for the acronyms that have one."""
    acronyms = [name for name in acronyms if canonical_place(name) is None and canonical_body(name) is None
                and choices.resolve(name) == name and name not in choices.kinds and not choices.is_blocked(name)]
    if not acronyms:
        return {}
    spelling: dict[str, list[str]] = defaultdict(list)
    for name in values.of("organization"):
        if " " in name and not choices.is_blocked(name) and canonical_body(name) is None:
            for acronym in acronyms_of(without_legal_form(name) or name):
                spelling[acronym].append(name)
    folds = {}
    for acronym in acronyms:
        # `EC Commission` spells `EC` with it: a name holding the acronym is not what it stands for.
        names = [name for name in spelling.get(acronym, []) if acronym not in name.split()][:MAX_SPELLING_NAMES]
        beside = [name for name in names if _written_beside(backend, name, acronym) >= MIN_EVIDENCE_ARTICLES]
        # `General Motors` and `General Motors Corp` are one body before the short-form fold above.
        bodies = {without_legal_form(name) or name for name in beside}
        if len(bodies) == 1:
            body = bodies.pop()
            folds[acronym] = body if body in beside else beside[0]
    return folds


def _written_beside(backend: Backend, name: str, acronym: str) -> int:
    """How many articles holding `name` write `acronym` as a word, in capitals (up to EVIDENCE_ARTICLES)."""
    request = SearchRequest(query=f'"{acronym}"', selections={"organization": FacetSelection(include=(name,))},
                            page_size=EVIDENCE_ARTICLES, facets=(), histogram=False, highlight=False)
    ids = [hit.id for hit in backend.search(request).hits]
    word = re.compile(rf"(?<!\w){acronym}(?!\w)")
    return sum(bool(word.search(f"{article.title}\n{article.body}")) for article in backend.get_many(ids).values())


__all__ = ["settle_bodies", "settle_index_bodies"]
