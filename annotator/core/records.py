"""Frozen records handed from the data layer upward (ORM objects never leave a session).

Plain dataclasses and the vocabularies they use: importing this module does not load SQLModel,
so the GUI and the CLI can use records without reaching the storage layer
(``annotator.core.record_rows`` converts ORM rows to records and back)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ACTOR_KINDS = ("person", "organization", "state", "media", "other")
ANNOTATION_KINDS = ("mention", "statement")
ANCHOR_STATUSES = ("ok", "reanchored", "orphaned")
DOCUMENT_STATUSES = ("not started", "in progress", "done")
"""A document's coding status, set by the coder; the first is every new document's."""
DEFAULT_STANCE_SCALE = ("support", "oppose", "neutral")


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    id: str
    name: str
    schema_version: int
    stance_scale: tuple[str, ...]
    created_at: dt.datetime
    lead_project_id: str | None = None
    """In a coding package: the lead's project it was made from."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A whole document, text included."""

    id: str
    title: str
    source: str
    url: str
    author: str
    published_at: dt.date | None
    language: str
    text: str
    text_sha256: str
    origin: str
    imported_at: dt.datetime
    extra: dict[str, Any] = field(default_factory=dict)
    status: str = DOCUMENT_STATUSES[0]


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What lists show of a document: no text."""

    id: str
    title: str
    source: str
    published_at: dt.date | None
    n_statements: int
    n_mentions: int
    length: int
    origin: str = ""
    """Path of the file it came from, relative to the imported folder."""
    status: str = DOCUMENT_STATUSES[0]
    """Its coding status, one of :data:`DOCUMENT_STATUSES`."""


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    id: str
    document_id: str
    coder_id: str
    kind: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    actor_id: str | None
    claim_id: str | None
    stance: str | None
    note: str
    created_at: dt.datetime
    updated_at: dt.datetime
    anchor_status: str = "ok"
    merge_source_id: str | None = None
    """The merge that brought it from a coder's project (None: made in this project)."""


@dataclass(frozen=True, slots=True)
class MergeSourceRecord:
    """One merge of a coder's project file into this one."""

    id: str
    project_id: str
    path: str
    merged_at: dt.datetime
    coder_ids: tuple[str, ...] | None = None
    """The coders who coded in the file, when it is a coding package (None: not recorded)."""
    document_ids: tuple[str, ...] | None = None
    """The documents the package held, by this project's ids: each of ``coder_ids`` was
    given each of them (None: not recorded)."""


@dataclass(frozen=True, slots=True)
class AliasRecord:
    id: str
    alias: str


@dataclass(frozen=True, slots=True)
class ActorRecord:
    id: str
    name: str
    kind: str = "person"
    description: str = ""
    colour: str = ""
    aliases: tuple[AliasRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: str
    label: str
    description: str = ""
    parent_id: str | None = None
    colour: str = ""
    shortcut: str | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class CoderRecord:
    id: str
    name: str
