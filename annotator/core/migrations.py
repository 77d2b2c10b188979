"""Schema migrations: Alembic, run by the data layer at open (STYLE.md, calibre's discipline).

The Alembic environment and revisions live in the top-level ``db/`` folder, shipped inside the
package. An upgrade runs in one ``BEGIN IMMEDIATE`` transaction with foreign keys off (batch
mode copies tables) and a ``foreign_key_check`` before commit, so a failed upgrade leaves the
schema, the data and ``alembic_version`` exactly as they were.
"""

from __future__ import annotations

import functools

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine

from annotator.core.paths import data_dir


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(data_dir("db")))
    return config


@functools.cache
def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script_directory().get_current_head()
    if head is None:  # pragma: no cover - the shipped folder always has revisions
        raise RuntimeError("no schema revisions shipped")
    return head


def is_known_revision(revision: str) -> bool:
    try:
        return _script_directory().get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the file (None for a new, empty file)."""
    return MigrationContext.configure(connection).get_current_revision()


def has_user_tables(connection: Connection) -> bool:
    count = connection.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).scalar_one()
    return bool(count)


def upgrade_to_head(engine: Engine, target: str = "head") -> None:
    """Upgrade the file behind ``engine`` (whose connections have foreign keys off)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if violations:
            raise RuntimeError(f"the upgrade would break {len(violations)} references")
