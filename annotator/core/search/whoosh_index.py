"""The search index on Whoosh: a cache of the project, checked before use, repaired by
rebuilding.

:class:`WhooshIndex` implements :class:`annotator.core.search.SearchIndex`. It is put
together from :mod:`.store` (the folder, its record and locks, writing, swapping in a
rebuilt folder, cleaning up), :mod:`.engine` (running queries), :mod:`.snippets` and
:mod:`.query`; every use of Whoosh internals is in :mod:`.whoosh_compat`.
"""

from __future__ import annotations

from pathlib import Path

from annotator.core.search import (
    ActorResolver,
    Cancelled,
    Mark,
    RankedHit,
    SearchOutcome,
    StatementSpans,
    TextSource,
    engine,
)
from annotator.core.search.marks import Marker
from annotator.core.search.query import QueryBuilder
from annotator.core.search.snippets import SNIPPET_CONTEXT, SNIPPETS, make_snippets
from annotator.core.search.store import (
    BULK_THRESHOLD,
    COMMIT_LOCK,
    INDEX_NAME,
    MAX_SEGMENTS,
    META_FILE,
    IndexBusyError,
    IndexCancelledError,
    IndexStore,
)


class WhooshIndex(IndexStore):
    """One project's index in ``folder``: see :mod:`.store` for how it is kept."""

    def __init__(self, folder: Path, project_id: str) -> None:
        super().__init__(folder, project_id)
        self._builder = QueryBuilder()

    def search(
        self,
        text: str,
        *,
        limit: int,
        kind: str = "document",
        resolver: ActorResolver | None = None,
        texts: TextSource | None = None,
        cancelled: Cancelled | None = None,
        spans: StatementSpans | None = None,
    ) -> SearchOutcome:
        """Ranked hits for ``text``; with ``texts``, each hit carries its marks and snippets
        (made from the text in SQLite, which the index does not store) and the statements
        that met a ``statement:( … )`` of the query, marked where ``spans`` says."""
        parsed = self._builder.parse(text, resolver)
        with self._searcher() as searcher:
            resolved, statements = engine.resolve_scopes(searcher, parsed, kind)
            found, total = engine.run_query(searcher, resolved, limit=limit, kind=kind)
            if texts is None or not found:
                return SearchOutcome(
                    [
                        RankedHit(*row, statements=tuple(statements.get(row[1], ())))
                        for row in found
                    ],
                    total,
                )
            marker = Marker(parsed, searcher.reader())
        return engine.with_snippets(found, total, marker, texts, cancelled, statements, spans)

    def marks(
        self, text: str, document_text: str, *, resolver: ActorResolver | None = None
    ) -> list[Mark]:
        """Every span of ``document_text`` that the query ``text`` matches."""
        parsed = self._builder.parse(text, resolver)
        with self._searcher() as searcher:
            return engine.marks_in(searcher, parsed, document_text, resolver)

    def documents_naming(self, actor_ids: set[str], phrases: list[tuple[str, ...]]) -> set[str]:
        """Documents indexed as naming one of ``actor_ids``, or whose text holds one of the
        word sequences ``phrases`` (to re-index when an actor's names change)."""
        with self._searcher() as searcher:
            return engine.documents_naming(searcher, actor_ids, phrases)


__all__ = [
    "BULK_THRESHOLD",
    "COMMIT_LOCK",
    "INDEX_NAME",
    "MAX_SEGMENTS",
    "META_FILE",
    "SNIPPETS",
    "SNIPPET_CONTEXT",
    "IndexBusyError",
    "IndexCancelledError",
    "WhooshIndex",
    "make_snippets",
]
