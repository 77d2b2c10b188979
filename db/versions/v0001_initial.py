"""The coding model: project, documents, actors and aliases, claims, coders, annotations.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column[str]:
    return sa.Column("id", sa.String(), nullable=False)


def _text(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "project",
        _id(),
        sa.Column("singleton", sa.Integer(), nullable=False),
        _text("name"),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("stance_scale", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.CheckConstraint("singleton = 1", name=op.f("ck_project_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("singleton", name=op.f("uq_project_singleton")),
    )
    op.create_table(
        "document",
        _id(),
        _text("title"),
        _text("source"),
        _text("url"),
        _text("author"),
        sa.Column("published_at", sa.Text(), nullable=True),
        _text("language"),
        _text("text"),
        _text("text_sha256"),
        _text("origin"),
        sa.Column("imported_at", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("text_sha256", name=op.f("uq_document_text_sha256")),
    )
    op.create_table(
        "actor",
        _id(),
        _text("name"),
        _text("name_key"),
        _text("kind"),
        _text("description"),
        _text("colour"),
        sa.CheckConstraint(
            "kind IN ('person', 'organization', 'state', 'media', 'other')",
            name=op.f("ck_actor_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("name_key", name=op.f("uq_actor_name_key")),
    )
    op.create_table(
        "actor_alias",
        _id(),
        _text("actor_id"),
        _text("alias"),
        _text("alias_key"),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_actor_alias_actor_id_actor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_alias")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_actor_alias_alias_key")),
    )
    op.create_index(op.f("ix_actor_alias_actor_id"), "actor_alias", ["actor_id"])
    op.create_table(
        "claim",
        _id(),
        _text("label"),
        _text("label_key"),
        _text("description"),
        _text("parent_id", nullable=True),
        _text("colour"),
        _text("shortcut", nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_claim_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["claim.id"],
            name=op.f("fk_claim_parent_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint("label_key", name=op.f("uq_claim_label_key")),
        sa.UniqueConstraint("shortcut", name=op.f("uq_claim_shortcut")),
    )
    op.create_index(op.f("ix_claim_parent_id"), "claim", ["parent_id"])
    op.create_table(
        "coder",
        _id(),
        _text("name"),
        _text("name_key"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coder")),
        sa.UniqueConstraint("name_key", name=op.f("uq_coder_name_key")),
    )
    op.create_table(
        "annotation",
        _id(),
        _text("document_id"),
        _text("coder_id"),
        _text("kind"),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        _text("exact"),
        _text("prefix"),
        _text("suffix"),
        _text("actor_id", nullable=True),
        _text("claim_id", nullable=True),
        _text("stance", nullable=True),
        _text("note"),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        _text("anchor_status"),
        sa.CheckConstraint(
            "anchor_status IN ('ok', 'reanchored', 'orphaned')",
            name=op.f("ck_annotation_anchor_status"),
        ),
        sa.CheckConstraint(
            "kind <> 'mention' OR (actor_id IS NOT NULL AND claim_id IS NULL AND stance IS NULL)",
            name=op.f("ck_annotation_mention_fields"),
        ),
        sa.CheckConstraint(
            "kind <> 'statement' OR claim_id IS NOT NULL",
            name=op.f("ck_annotation_statement_claim"),
        ),
        sa.CheckConstraint("kind IN ('mention', 'statement')", name=op.f("ck_annotation_kind")),
        sa.CheckConstraint('0 <= start AND start < "end"', name=op.f("ck_annotation_span")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actor.id"],
            name=op.f("fk_annotation_actor_id_actor"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_annotation_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"],
            ["coder.id"],
            name=op.f("fk_annotation_coder_id_coder"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_annotation_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation")),
    )
    op.create_index(op.f("ix_annotation_actor_id"), "annotation", ["actor_id"])
    op.create_index(op.f("ix_annotation_claim_id"), "annotation", ["claim_id"])
    op.create_index(op.f("ix_annotation_coder_id"), "annotation", ["coder_id"])
    op.create_index("ix_annotation_document_id_start", "annotation", ["document_id", "start"])


def downgrade() -> None:
    for table in ("annotation", "coder", "claim", "actor_alias", "actor", "document", "project"):
        op.drop_table(table)
