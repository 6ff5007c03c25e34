"""Entity choices of an Elasticsearch index: one document in an index of its own (`<index>-entities`).

Every change is a compare-and-set on the document's sequence number, retried when another process
changed it in between, so no choice is lost. Readers fetch the document (one GET) and reuse the parsed
choices while its `_version` is unchanged.
"""
from __future__ import annotations

from collections.abc import Callable

from elasticsearch import ConflictError, Elasticsearch, NotFoundError
from newsfacet.engine.backends import es_lifecycle
from newsfacet.engine.backends.base import BackendError
from newsfacet.engine.backends.es_connect import readable_errors
from newsfacet.engine.entity_choices import EntityChoiceError, EntityChoices, EntityChoiceStore
from newsfacet.mappings import ENTITIES, load_mapping

DOCUMENT_ID = "choices"
ATTEMPTS = 5  # compare-and-set tries before giving up under heavy concurrent editing


class ElasticsearchEntityChoices(EntityChoiceStore):
    def __init__(self, client: Elasticsearch, index: str, where: str) -> None:
        self.client = client
        self.index = index
        self.where = where
        self._cached: tuple[int, EntityChoices] | None = None

    def _fetch(self) -> tuple[EntityChoices, dict[str, int] | None]:
        """The stored choices and the sequence numbers to write them back with (None: no document)."""
        with readable_errors(self.where):
            try:
                found = self.client.get(index=self.index, id=DOCUMENT_ID)
            except NotFoundError:
                return EntityChoices(), None
        version = found["_version"]
        if self._cached is not None and self._cached[0] == version:
            choices = self._cached[1]
        else:
            try:
                choices = EntityChoices.from_json(str(found["_source"].get("choices", "")))
            except EntityChoiceError as error:
                raise BackendError(f"the entity choices in {self.index} are damaged ({error}); "
                                   "fix or delete that document") from None
            self._cached = (version, choices)
        return choices, {"if_seq_no": found["_seq_no"], "if_primary_term": found["_primary_term"]}

    def load(self) -> EntityChoices:
        return self._fetch()[0]

    def update(self, change: Callable[[EntityChoices], EntityChoices]) -> EntityChoices:
        with readable_errors(self.where):
            es_lifecycle.create(self.client, self.index, load_mapping(ENTITIES))
        for _ in range(ATTEMPTS):
            current, guard = self._fetch()
            changed = change(current)
            document = {"choices": changed.to_json()}
            with readable_errors(self.where):
                try:
                    if guard is None:
                        self.client.create(index=self.index, id=DOCUMENT_ID, document=document, refresh="wait_for")
                    else:
                        self.client.index(index=self.index, id=DOCUMENT_ID, document=document, refresh="wait_for",
                                          **guard)
                except ConflictError:
                    continue  # another process changed the choices since we read them: read again
            return changed
        raise BackendError("the entity choices kept changing under this command; run it again")
