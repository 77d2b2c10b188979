"""Alembic environment for project files.

Run through :mod:`annotator.core.migrations`, which passes the connection (already inside one
transaction) in ``config.attributes``; running ``alembic`` from the command line against a
project file is not supported.
"""

from __future__ import annotations

from alembic import context

from annotator.core.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through annotator.core.migrations.upgrade_to_head")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move instead
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
