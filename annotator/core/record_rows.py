"""ORM rows <-> frozen records (the only module that knows both)."""

from __future__ import annotations

from annotator.core import models
from annotator.core.records import (
    ActorRecord,
    AliasRecord,
    AnnotationRecord,
    ClaimRecord,
    DocumentRecord,
    ProjectInfo,
)


def project_info(row: models.Project) -> ProjectInfo:
    return ProjectInfo(
        row.id,
        row.name,
        row.schema_version,
        tuple(row.stance_scale),
        row.created_at,
        row.lead_project_id,
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
        status=row.status,
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
        merge_source_id=row.merge_source_id,
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
        merge_source_id=record.merge_source_id,
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
