"""Search use cases: keep the project's index current, run queries, list hits in context.

The index is a cache in the user cache folder, one per project file. Before a search,
:meth:`SearchService.ensure_current` compares the index's watermark with the project's change
journal: equal, nothing to do; behind, the changed documents are re-indexed; anything else
(missing, damaged, foreign, older schema, ahead of the database after a restore) rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from annotator.core import models
from annotator.core.paths import user_cache_dir
from annotator.core.search import (
    Cancelled,
    IndexStatus,
    Mark,
    Progress,
    QueryError,
    SearchCancelledError,
    SearchIndex,
    Snippet,
)
from annotator.core.search.conditions import coded_conditions, unknown_values
from annotator.core.search.entries import entry_digest
from annotator.core.search.schema import name_analyzer
from annotator.core.search.whoosh_index import IndexBusyError, WhooshIndex
from annotator.services.project import ProjectService
from annotator.services.search_entries import index_entries, name_matcher, with_claim_descendants
from annotator.services.statement_hits import StatementHit, statement_hits

log = logging.getLogger(__name__)

__all__ = [
    "QueryError",
    "SearchCancelledError",
    "SearchHit",
    "SearchResults",
    "SearchService",
    "StatementHit",
]

FULL_REBUILD_SHARE = 0.3
"""When more than this share of the documents changed, rebuilding is faster than updating."""
KWIC_CONTEXT = 50
BUSY = "busy (another copy is updating it; results may miss the latest changes)"


@dataclass(frozen=True, slots=True)
class SearchHit:
    document_id: str
    title: str
    source: str
    published_at: str | None
    score: float
    snippets: tuple[Snippet, ...]
    offsets: tuple[Mark, ...]
    statement_id: str | None = None
    statements: tuple[StatementHit, ...] = ()
    """The statements that met a ``statement:( … )`` of the query, in the order of the text."""


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    took_ms: float
    total: int
    hits: list[SearchHit]
    notes: tuple[str, ...] = ()
    """What the user should know about the query beside its hits, e.g. that a ``stance:`` or
    ``claim:`` value exists nowhere in the project (and so matches nothing); shown by the
    command line and the app alike."""


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One hit in a document: ``left`` + ``match`` + ``right`` reads as the text around it."""

    start: int
    end: int
    left: str
    match: str
    right: str


def index_folder_for(project_path: Path, project_id: str) -> Path:
    """The project's index folder: per project id and file path, so copies do not share."""
    path_key = hashlib.sha256(str(project_path).encode("utf-8")).hexdigest()[:12]
    return user_cache_dir() / "index" / f"{project_id}-{path_key}"


def _name_key(words: Iterable[str]) -> str:
    return " ".join(words)


class SearchService:
    """Search over one open project."""

    def __init__(self, project: ProjectService, folder: Path | None = None) -> None:
        self.project = project
        project_id = project.info().id
        self.index: SearchIndex = WhooshIndex(
            folder or index_folder_for(project.path, project_id), project_id
        )
        self._actors: dict[str, tuple[str, list[str]]] | None = None
        self._actors_mark = -1

    # --- keeping the index current -------------------------------------------------------

    def ensure_current(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> str:
        """Bring the index to the project's watermark; return what was done, in words."""
        status = self.index.status()
        if status.busy:
            return BUSY
        mark = self.project.watermark()
        try:
            return self._bring_up_to_date(status, mark, progress, cancelled)
        except IndexBusyError:
            # Another copy of the app is writing the index; it will bring it up to date.
            return BUSY

    def _bring_up_to_date(
        self,
        status: IndexStatus,
        mark: int,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> str:
        if not status.usable:
            self.rebuild(progress, cancelled)
            return f"rebuilt ({status.problem})"
        assert status.watermark is not None
        if status.watermark > mark:
            self.rebuild(progress, cancelled)
            return "rebuilt (the index was ahead of the project: restored from a backup?)"
        if status.generation != self.project.history_stamp(status.watermark):
            self.rebuild(progress, cancelled)
            return "rebuilt (the project file was restored or replaced since the index was made)"
        if status.watermark == mark:
            return "current"
        documents = self._changed_documents(status.watermark)
        total = self.project.stats()["documents"]
        if len(documents) > max(50, FULL_REBUILD_SHARE * total):
            self.rebuild(progress, cancelled)
            return f"rebuilt ({len(documents)} documents changed)"
        with self.project.database.read() as session:
            entries = list(index_entries(session, sorted(documents)))
        self.index.update(documents, entries, mark, generation=self.project.history_stamp(mark))
        return f"updated {len(documents)} document(s)"

    def rebuild(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> None:
        """Index the whole project anew."""
        mark = self.project.watermark()
        stats = self.project.stats()
        with self.project.database.read() as session:
            self.index.rebuild(
                index_entries(session, None),
                mark,
                generation=self.project.history_stamp(mark),
                total=stats["documents"] + stats["statements"],
                progress=progress,
                cancelled=cancelled,
            )

    def differences(self) -> tuple[int, int, int]:
        """How the index's contents differ from the project's: entries (documents and
        statements) the index lacks, holds that the project has not, and holds out of date.
        Compares every entry's digest, so it is independent of watermarks (for `check`)."""
        indexed = self.index.digests()
        with self.project.database.read() as session:
            wanted = {entry.id: entry_digest(entry) for entry in index_entries(session, None)}
        missing = len(wanted.keys() - indexed.keys())
        extra = len(indexed.keys() - wanted.keys())
        stale = sum(1 for key, digest in wanted.items() if indexed.get(key, digest) != digest)
        return missing, extra, stale

    def _changed_documents(self, since: int) -> set[str]:
        with self.project.database.read() as session:
            rows = session.exec(
                select(models.ChangeLog.entity, models.ChangeLog.entity_id).where(
                    col(models.ChangeLog.seq) > since
                )
            ).all()
            documents = {i for e, i in rows if e in ("document", "annotations")}
            actors = {i for e, i in rows if e == "actor"}
            claims = with_claim_descendants(session, {i for e, i in rows if e == "claim"})
            if actors:
                # Names changed: documents that named these actors before, or name them now.
                matcher = name_matcher(session, actors)
                phrases = [words for found in matcher.phrases.values() for words in found]
                documents |= self.index.documents_naming(actors, phrases)
            if actors or claims:
                documents |= set(
                    session.exec(
                        select(models.Annotation.document_id)
                        .where(
                            or_(
                                col(models.Annotation.actor_id).in_(actors),
                                col(models.Annotation.claim_id).in_(claims),
                            )
                        )
                        .distinct()
                    )
                )
        return documents

    # --- searching -----------------------------------------------------------------------

    def _resolve_actor(self, words: Sequence[str]) -> tuple[str, list[str]] | None:
        mark = self.project.watermark()
        if self._actors is None or mark != self._actors_mark:
            analyzer = name_analyzer()
            table: dict[str, tuple[str, list[str]]] = {}
            for actor in self.project.actors():
                names = [actor.name, *(alias.alias for alias in actor.aliases)]
                for name in names:
                    table[_name_key(t.text for t in analyzer(name))] = (actor.id, names)
            self._actors, self._actors_mark = table, mark
        return self._actors.get(_name_key(words))

    def _headers(self, document_ids: list[str]) -> dict[str, tuple[str, str, dt.date | None]]:
        """Title, source and date of each document (no counts: they cost a scan)."""
        query = sa_select(
            col(models.Document.id),
            col(models.Document.title),
            col(models.Document.source),
            col(models.Document.published_at),
        ).where(col(models.Document.id).in_(document_ids))
        with self.project.database.read() as session:
            return {row[0]: (row[1], row[2], row[3]) for row in session.execute(query)}

    def _texts(self, document_ids: list[str]) -> dict[str, str]:
        with self.project.database.read() as session:
            rows = session.exec(
                select(models.Document.id, models.Document.text).where(
                    col(models.Document.id).in_(document_ids)
                )
            )
            return dict(rows.all())

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        kind: str = "document",
        highlight: bool = True,
        cancelled: Cancelled | None = None,
    ) -> SearchResults:
        """Ranked hits for the query ``text`` (raises :class:`QueryError` when malformed,
        :class:`SearchCancelledError` when ``cancelled`` says so while hits are marked)."""
        begun = time.perf_counter()
        said: dict[str, StatementHit] = {}

        def remember(ids: list[str]) -> dict[str, StatementHit]:
            """The statements ``ids``, read once (their places mark the snippets, their
            details are shown)."""
            said.update(statement_hits(self.project, [i for i in ids if i not in said]))
            return {i: said[i] for i in ids if i in said}

        outcome = self.index.search(
            text,
            limit=limit,
            kind=kind,
            resolver=self._resolve_actor,
            texts=self._texts if highlight else None,
            cancelled=cancelled,
            spans=lambda ids: {i: (h.start, h.end) for i, h in remember(ids).items()},
        )
        headers = self._headers([hit.document_id for hit in outcome.hits])
        remember([i for hit in outcome.hits for i in hit.statements if i not in said])
        hits = []
        for hit in outcome.hits:
            header = headers.get(hit.document_id)
            if header is None:  # deleted since the index was updated
                continue
            title, source, published_at = header
            hits.append(
                SearchHit(
                    document_id=hit.document_id,
                    title=title,
                    source=source,
                    published_at=published_at.isoformat() if published_at else None,
                    score=round(hit.score, 4),
                    snippets=hit.snippets,
                    offsets=hit.marks,
                    statement_id=hit.id if kind == "statement" else None,
                    statements=tuple(said[i] for i in hit.statements if i in said),
                )
            )
        took = (time.perf_counter() - begun) * 1000
        return SearchResults(text, round(took, 2), outcome.total, hits, self._notes(text))

    def matching(self, text: str, *, kind: str = "document") -> set[str]:
        """The ids of every document (``kind="document"``) or statement (``"statement"``)
        the query ``text`` matches, unranked and without snippets: a filter, not a result
        list (the Statements view's search query). Raises :class:`QueryError`."""
        stats = self.project.stats()
        limit = max(1, stats["documents"] if kind == "document" else stats["statements"])
        outcome = self.index.search(text, limit=limit, kind=kind, resolver=self._resolve_actor)
        return {hit.document_id if kind == "document" else hit.id for hit in outcome.hits}

    def _notes(self, text: str) -> tuple[str, ...]:
        """Messages on the ``stance:`` and ``claim:`` values of the query ``text`` that exist
        nowhere in the project (the codebook and stance scale are read only when it has
        some)."""
        if next(coded_conditions(text), None) is None:
            return ()
        stances = self.project.info().stance_scale
        claims = [claim.label for claim in self.project.claims()]
        return tuple(unknown_values(text, stances, claims))

    def kwic(self, document_id: str, text: str) -> list[KwicLine]:
        """Every hit of the query ``text`` in one document, with its context."""
        body = self.project.document(document_id).text
        lines = []
        for mark in self.index.marks(text, body, resolver=self._resolve_actor):
            left = body[max(0, mark.start - KWIC_CONTEXT) : mark.start]
            right = body[mark.end : mark.end + KWIC_CONTEXT]
            lines.append(
                KwicLine(
                    mark.start,
                    mark.end,
                    left.replace("\n", " "),
                    body[mark.start : mark.end],
                    right.replace("\n", " "),
                )
            )
        return lines

    def merge_segments(self) -> bool:
        """Merge the index's segments (when idle); False when another process is writing
        it (try again later)."""
        try:
            self.index.merge_segments()
        except IndexBusyError:
            return False
        return True

    def close(self) -> None:
        self.index.close()
