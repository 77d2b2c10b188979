"""Full-text search (DESIGN.md §6): a derived, rebuildable index of the project.

:class:`SearchIndex` is the protocol the services use; :mod:`.whoosh_index` implements it on
Whoosh. The index never holds the only copy of anything: it is rebuilt from SQLite whenever it
is missing, damaged, foreign, of an older schema, or not at the database's watermark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Protocol

from annotator.core.errors import AnnotatorError


class QueryError(AnnotatorError, ValueError):
    """A query that cannot be understood; the message says what is wrong, for the user."""


class SearchCancelledError(AnnotatorError):
    """The search was cancelled (the window closed the project or asked another)."""


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """What the index holds of one document (the text is analysed, not stored)."""

    id: str
    title: str
    source: str
    published_at: dt.date | None
    text: str
    actors: tuple[str, ...] = ()
    """Names of the actors coded in the document (mentions and speakers)."""
    actor_ids: tuple[str, ...] = ()
    named_actor_ids: tuple[str, ...] = ()
    """Actors whose name or an alias occurs in the text, coded or not."""
    claims: tuple[str, ...] = ()
    """Labels of the claims of its statements, with their ancestors' labels."""
    stances: tuple[str, ...] = ()
    coders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """What the index holds of one statement (searched with ``kind="statement"``)."""

    id: str
    document_id: str
    quote: str
    speaker: str
    speaker_id: str
    claims: tuple[str, ...]
    stance: str
    coder: str


Entry = DocumentEntry | StatementEntry


@dataclass(frozen=True, slots=True)
class Mark:
    """A matched span of a text, in code points."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Snippet:
    """An excerpt ``text[start:end]`` of a document with the matches in it."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()

    def html(self) -> str:
        """The excerpt with matches wrapped in ``<mark>``, HTML-escaped."""
        out, position = [], self.start
        for mark in self.marks:
            out.append(escape(self.text[position - self.start : mark.start - self.start]))
            matched = self.text[mark.start - self.start : mark.end - self.start]
            out.append(f"<mark>{escape(matched)}</mark>")
            position = mark.end
        out.append(escape(self.text[position - self.start :]))
        return "".join(out)


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """Whether the index can be used as it is, and if not, why it must be rebuilt."""

    watermark: int | None
    problem: str | None = None
    busy: bool = False
    """Another process is writing the index: use it as it is, do not rebuild it."""
    generation: str | None = None
    """The identity of the project's history at ``watermark`` when the index was written
    (see ``ProjectService.history_stamp``): a restored or replaced file with the same change
    number but another history has another stamp."""

    @property
    def usable(self) -> bool:
        return self.problem is None and self.watermark is not None and not self.busy


@dataclass(frozen=True, slots=True)
class RankedHit:
    id: str
    document_id: str
    score: float
    marks: tuple[Mark, ...] = ()
    snippets: tuple[Snippet, ...] = ()
    statements: tuple[str, ...] = ()
    """Ids of the statements of the document that met a ``statement:( … )`` of the query,
    in the order of the text."""


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    hits: list[RankedHit]
    total: int


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
ActorResolver = Callable[[Sequence[str]], "tuple[str, list[str]] | None"]
"""Maps the words of an ``actor:`` query to (actor id, the actor's name and aliases)."""
TextSource = Callable[[list[str]], dict[str, str]]
"""Returns the texts of the given document ids (snippets are made from SQLite's text)."""
StatementSpans = Callable[[list[str]], dict[str, tuple[int, int]]]
"""Returns (start, end) in its document's text of each of the given statement ids."""


class SearchIndex(Protocol):
    """What the app needs of a search engine, so that Whoosh could be replaced."""

    folder: Path

    def status(self) -> IndexStatus: ...

    def rebuild(
        self,
        entries: Iterable[Entry],
        watermark: int,
        *,
        generation: str = "",
        total: int = 0,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None: ...

    def update(
        self,
        document_ids: Iterable[str],
        entries: Iterable[Entry],
        watermark: int,
        *,
        generation: str = "",
    ) -> None: ...

    def digests(self) -> dict[str, str]:
        """Entry id -> :func:`entry_digest` of every entry in the index."""
        ...

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
    ) -> SearchOutcome: ...

    def marks(
        self, text: str, document_text: str, *, resolver: ActorResolver | None = None
    ) -> list[Mark]: ...

    def documents_naming(self, actor_ids: set[str], phrases: list[tuple[str, ...]]) -> set[str]: ...

    def merge_segments(self) -> None: ...

    def close(self) -> None: ...
