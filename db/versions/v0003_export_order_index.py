"""An index in the dataset's export order: statements or mentions by document and position.

The exporter reads every row of one kind in (document, start, id) order; with this index it
seeks the kind and needs no sort, and counting annotations per document and kind reads only
the index (1M statements: mentions query 1.3 s -> 0 s, per-document counts 2.2 -> 0.1 s).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEX = "ix_annotation_kind_document_id_start_id"


def upgrade() -> None:
    op.create_index(INDEX, "annotation", ["kind", "document_id", "start", "id"])
    op.execute("UPDATE project SET schema_version = 3")


def downgrade() -> None:
    op.drop_index(INDEX, "annotation")
    op.execute("UPDATE project SET schema_version = 2")
