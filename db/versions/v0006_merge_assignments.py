"""Which documents each coder was given (#19.3): a merge of a coding package records, with
its ``merge_source`` row, the documents the package held and the coders who coded in it, so
that agreement compares every coder who was given a document, whether they annotated it or
(rightly) found nothing in it.

- ``merge_source.coder_ids``: JSON list of the (lead project's) ids of the coders who made
  or changed annotations in the package;
- ``merge_source.document_ids``: JSON list of the (lead project's) ids of the package's
  documents.

Rows of earlier merges (and of files that are no coding package) hold NULL in both: their
coders count where they annotated, as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("merge_source") as batch:
        batch.add_column(sa.Column("coder_ids", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("document_ids", sa.JSON(), nullable=True))
    op.execute("UPDATE project SET schema_version = 6")


def downgrade() -> None:
    with op.batch_alter_table("merge_source") as batch:
        batch.drop_column("document_ids")
        batch.drop_column("coder_ids")
    op.execute("UPDATE project SET schema_version = 5")
