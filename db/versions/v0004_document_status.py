"""A coding status per document: "not started", "in progress" or "done", set by the coder.

The analyst's workbench (#21.2) filters the document list by it and shows overall progress.
Existing documents start as "not started": nobody has said otherwise.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATUSES = ("not started", "in progress", "done")
CHECK = "status IN ({})".format(", ".join(repr(status) for status in STATUSES))


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(
            sa.Column("status", sa.String(), nullable=False, server_default="not started")
        )
        batch.create_check_constraint("status", CHECK)
    op.execute("UPDATE project SET schema_version = 4")


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_constraint("ck_document_status", type_="check")
        batch.drop_column("status")
    op.execute("UPDATE project SET schema_version = 3")
