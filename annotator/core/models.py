"""SQLModel tables of one project file (DESIGN.md §3).

The schema itself is created and changed only by the Alembic migrations in ``db/``; a test
checks that migrating an empty file to head gives exactly these tables. ORM objects never
leave a session: services turn them into the frozen records of :mod:`annotator.core.records`.

Names that must be unique regardless of case (actor names, aliases, claim labels, coder
names) carry a ``*_key`` column holding :func:`name_key` of the name; SQLite's NOCASE only
folds ASCII, so "ÉLYSÉE" and "élysée" would otherwise both go in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from annotator.core.records import (  # the vocabularies, re-exported for the storage layer
    ACTOR_KINDS as ACTOR_KINDS,
)
from annotator.core.records import (
    ANCHOR_STATUSES as ANCHOR_STATUSES,
)
from annotator.core.records import (
    ANNOTATION_KINDS as ANNOTATION_KINDS,
)
from annotator.core.records import (
    DEFAULT_STANCE_SCALE as DEFAULT_STANCE_SCALE,
)
from annotator.core.records import (
    DOCUMENT_STATUSES as DOCUMENT_STATUSES,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def new_id() -> str:
    """A new random UUID in canonical text form (ids are made by the client, DESIGN.md §3)."""
    return str(uuid.uuid4())


_PLAIN_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.:-]{0,127}")


def is_plain_id(value: str) -> bool:
    """Whether ``value`` has the shape of an id: letters, digits, ``_ . : -``, not starting
    with a punctuation mark, at most 128 characters. Ids from outside (a loaded dataset) must
    have it: the exporter writes ids unquoted and unguarded (exporters/span_sql.py)."""
    return _PLAIN_ID.fullmatch(value) is not None


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC, at millisecond precision (stable round trips)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def name_key(name: str) -> str:
    """The case- and form-insensitive key under which a name must be unique."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes stored as ISO 8601 text (sortable, readable in sqlite3)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: every stored time must be timezone-aware UTC")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC)


class ISODate(TypeDecorator[dt.date]):
    """Calendar dates stored as ``YYYY-MM-DD`` text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: dt.date | None, dialect: Dialect) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.date | None:
        return None if value is None else dt.date.fromisoformat(value)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Project(SQLModel, table=True):
    """The one row describing this project file."""

    __tablename__ = "project"
    __table_args__ = (CheckConstraint("singleton = 1", name="one_row"),)

    id: str = Field(primary_key=True, default_factory=new_id)
    singleton: int = Field(default=1, unique=True)
    name: str
    schema_version: int
    stance_scale: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STANCE_SCALE), sa_column=Column(JSON, nullable=False)
    )
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    lead_project_id: str | None = None
    """In a coding package: the id of the lead's project it was made from (docs/team.md)."""


class Document(SQLModel, table=True):
    """One article. ``text`` is normalised (DESIGN.md §4) and never silently changed."""

    __tablename__ = "document"
    __table_args__ = (CheckConstraint(_in("status", DOCUMENT_STATUSES), name="status"),)

    id: str = Field(primary_key=True, default_factory=new_id)
    title: str = ""
    source: str = ""
    url: str = ""
    author: str = ""
    published_at: dt.date | None = Field(default=None, sa_column=Column(ISODate, nullable=True))
    language: str = ""
    text: str
    text_sha256: str = Field(unique=True)
    origin: str = ""
    imported_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(
        default=DOCUMENT_STATUSES[0],
        sa_column=Column(String, nullable=False, server_default=DOCUMENT_STATUSES[0]),
    )


class Actor(SQLModel, table=True):
    """A speaker or mentioned party: a person, organisation, state, media outlet..."""

    __tablename__ = "actor"
    __table_args__ = (CheckConstraint(_in("kind", ACTOR_KINDS), name="kind"),)

    id: str = Field(primary_key=True, default_factory=new_id)
    name: str
    name_key: str = Field(unique=True)
    kind: str = "person"
    description: str = ""
    colour: str = ""


class ActorAlias(SQLModel, table=True):
    """Another name of an actor ("the North Korean leader"); unique across all actors."""

    __tablename__ = "actor_alias"

    id: str = Field(primary_key=True, default_factory=new_id)
    actor_id: str = Field(foreign_key="actor.id", index=True, ondelete="CASCADE")
    alias: str
    alias_key: str = Field(unique=True)


class Claim(SQLModel, table=True):
    """A category of the codebook; claims form a tree through ``parent_id``."""

    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: str = Field(primary_key=True, default_factory=new_id)
    label: str
    label_key: str = Field(unique=True)
    description: str = ""
    parent_id: str | None = Field(
        default=None, foreign_key="claim.id", index=True, ondelete="RESTRICT"
    )
    colour: str = ""
    shortcut: str | None = Field(default=None, unique=True)
    position: int = 0


class Coder(SQLModel, table=True):
    """A person who codes; every annotation records its coder."""

    __tablename__ = "coder"

    id: str = Field(primary_key=True, default_factory=new_id)
    name: str
    name_key: str = Field(unique=True)


class Annotation(SQLModel, table=True):
    """A coded span: an actor ``mention`` or a ``statement`` (speaker, claim, stance).

    Offsets are code points, half-open, into the document's text; ``exact``, ``prefix`` and
    ``suffix`` form a W3C TextQuoteSelector so the span can be found again if offsets drift.
    """

    __tablename__ = "annotation"
    __table_args__ = (
        CheckConstraint(_in("kind", ANNOTATION_KINDS), name="kind"),
        CheckConstraint(_in("anchor_status", ANCHOR_STATUSES), name="anchor_status"),
        CheckConstraint('0 <= start AND start < "end"', name="span"),
        CheckConstraint(
            "kind <> 'mention' OR (actor_id IS NOT NULL AND claim_id IS NULL AND stance IS NULL)",
            name="mention_fields",
        ),
        CheckConstraint("kind <> 'statement' OR claim_id IS NOT NULL", name="statement_claim"),
        Index("ix_annotation_document_id_start", "document_id", "start"),
        # the dataset export order (db/versions/v0003_export_order_index.py)
        Index("ix_annotation_kind_document_id_start_id", "kind", "document_id", "start", "id"),
    )

    id: str = Field(primary_key=True, default_factory=new_id)
    document_id: str = Field(foreign_key="document.id", ondelete="RESTRICT")
    coder_id: str = Field(foreign_key="coder.id", index=True, ondelete="RESTRICT")
    kind: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    actor_id: str | None = Field(
        default=None, foreign_key="actor.id", index=True, ondelete="RESTRICT"
    )
    claim_id: str | None = Field(
        default=None, foreign_key="claim.id", index=True, ondelete="RESTRICT"
    )
    stance: str | None = None
    note: str = ""
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    anchor_status: str = "ok"
    merge_source_id: str | None = Field(
        default=None, foreign_key="merge_source.id", index=True, ondelete="RESTRICT"
    )
    """The merge that brought the annotation in from a coder's project (None: made here)."""


class MergeSource(SQLModel, table=True):
    """One merge that brought annotations in from a coder's project file (docs/team.md)."""

    __tablename__ = "merge_source"

    id: str = Field(primary_key=True, default_factory=new_id)
    project_id: str = Field(index=True)
    """The id of the merged file's project (a coding package's own id)."""
    path: str
    """The merged file, as it was named when merged."""
    merged_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class ChangeLog(SQLModel, table=True):
    """Journal of committed changes; its highest ``seq`` is the watermark derived caches
    (the search index) compare with to know whether they are behind the database."""

    __tablename__ = "change_log"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    entity: str
    entity_id: str
    document_id: str | None = Field(default=None, index=True)
    action: str
