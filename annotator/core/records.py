"""Frozen records handed from the data layer upward (ORM objects never leave a session)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from annotator.core import models


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    id: str
    name: str
    schema_version: int
    stance_scale: tuple[str, ...]
    created_at: dt.datetime


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


def project_info(row: models.Project) -> ProjectInfo:
    return ProjectInfo(
        row.id, row.name, row.schema_version, tuple(row.stance_scale), row.created_at
    )


def document_record(row: models.Document) -> DocumentRecord:
    return DocumentRecord(
        id=row.id,
        title=row.title,
        source=row.source,
        url=row.url,
        author=row.author,
        published_at=row.published_at,
        language=row.language,
        text=row.text,
        text_sha256=row.text_sha256,
        origin=row.origin,
        imported_at=row.imported_at,
        extra=dict(row.extra),
    )


def annotation_record(row: models.Annotation) -> AnnotationRecord:
    return AnnotationRecord(
        id=row.id,
        document_id=row.document_id,
        coder_id=row.coder_id,
        kind=row.kind,
        start=row.start,
        end=row.end,
        exact=row.exact,
        prefix=row.prefix,
        suffix=row.suffix,
        actor_id=row.actor_id,
        claim_id=row.claim_id,
        stance=row.stance,
        note=row.note,
        created_at=row.created_at,
        updated_at=row.updated_at,
        anchor_status=row.anchor_status,
    )


def annotation_row(record: AnnotationRecord) -> models.Annotation:
    return models.Annotation(
        id=record.id,
        document_id=record.document_id,
        coder_id=record.coder_id,
        kind=record.kind,
        start=record.start,
        end=record.end,
        exact=record.exact,
        prefix=record.prefix,
        suffix=record.suffix,
        actor_id=record.actor_id,
        claim_id=record.claim_id,
        stance=record.stance,
        note=record.note,
        created_at=record.created_at,
        updated_at=record.updated_at,
        anchor_status=record.anchor_status,
    )


def actor_record(row: models.Actor, aliases: list[models.ActorAlias]) -> ActorRecord:
    return ActorRecord(
        id=row.id,
        name=row.name,
        kind=row.kind,
        description=row.description,
        colour=row.colour,
        aliases=tuple(AliasRecord(a.id, a.alias) for a in sorted(aliases, key=lambda a: a.alias)),
    )


def claim_record(row: models.Claim) -> ClaimRecord:
    return ClaimRecord(
        id=row.id,
        label=row.label,
        description=row.description,
        parent_id=row.parent_id,
        colour=row.colour,
        shortcut=row.shortcut,
        position=row.position,
    )
