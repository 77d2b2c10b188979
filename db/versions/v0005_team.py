"""The team workflow (#19.1-2): a coding package records the project it was made from, and
annotations merged in from a coder's project record where they came from.

- ``project.lead_project_id``: in a coding package, the id of the lead's project it was
  made from (NULL in every other project);
- ``merge_source``: one row per merge that brought something in from one coder's file: the
  file's project id, its path as given and when it was merged;
- ``annotation.merge_source_id``: the merge that brought the annotation (NULL for the
  project's own annotations). The coder is the annotation's ``coder_id`` as before.

Existing projects have no packages' ids and no merged annotations: every new column starts
NULL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("lead_project_id", sa.String(), nullable=True))
    op.create_table(
        "merge_source",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("project_id", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("merged_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_source")),
    )
    op.create_index(op.f("ix_merge_source_project_id"), "merge_source", ["project_id"])
    with op.batch_alter_table("annotation") as batch:
        batch.add_column(sa.Column("merge_source_id", sa.String(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_annotation_merge_source_id_merge_source"),
            "merge_source",
            ["merge_source_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.create_index(op.f("ix_annotation_merge_source_id"), ["merge_source_id"])
    op.execute("UPDATE project SET schema_version = 5")


def downgrade() -> None:
    with op.batch_alter_table("annotation") as batch:
        batch.drop_index(op.f("ix_annotation_merge_source_id"))
        batch.drop_constraint(
            op.f("fk_annotation_merge_source_id_merge_source"), type_="foreignkey"
        )
        batch.drop_column("merge_source_id")
    op.drop_index(op.f("ix_merge_source_project_id"), table_name="merge_source")
    op.drop_table("merge_source")
    with op.batch_alter_table("project") as batch:
        batch.drop_column("lead_project_id")
    op.execute("UPDATE project SET schema_version = 4")
