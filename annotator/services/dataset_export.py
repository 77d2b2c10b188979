"""Export the coded dataset (DESIGN.md §8a) as JSONL, CSV or XLSX.

Rows are streamed from SQLite, never all held in memory, and written into a staging folder
that replaces the output folder only when everything, manifest included, is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Text, cast, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from annotator import __version__
from annotator.core import models
from annotator.core.codebook import claim_chains
from annotator.core.dataset_schema import (
    ACTORS,
    CLAIMS,
    CODEBOOK_FILE,
    DATASET_FORMAT_VERSION,
    DOCUMENTS,
    MANIFEST_FILE,
    MENTIONS,
    OFFSET_UNIT,
    STATEMENTS,
)
from annotator.core.errors import AnnotatorError
from annotator.core.exporters.atomic_dir import atomic_directory
from annotator.core.exporters.csv_writer import (
    GUARD,
    GUARDED_STARTS,
    LIST_SEPARATOR,
    write_csv,
)
from annotator.core.exporters.jsonl import write_json, write_jsonl
from annotator.core.exporters.span_sql import KINDS, SpanFilter
from annotator.core.exporters.xlsx_writer import XlsxBook
from annotator.core.records import ClaimRecord
from annotator.services.project import ProjectService
from annotator.services.span_export import PARALLEL_MIN_ROWS, SpanExport

FORMATS = ("jsonl", "csv", "xlsx")
WORKBOOK_FILE = "dataset.xlsx"
Cancelled = Callable[[], bool]
STREAM_CHUNK = 2000


class ExportCancelledError(AnnotatorError):
    """The export was cancelled; nothing was written to the output folder."""


@dataclass(frozen=True)
class ExportReport:
    folder: Path
    rows: dict[str, int]
    second_process: tuple[str, ...] = ()
    """Tables whose later half a second process formatted (large exports)."""

    def summary(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        return f"exported {counts} to {self.folder}"


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value.isoformat()


def _null_if_empty(value: Any) -> Any:
    return None if value == "" else value


def claim_paths(claims: list[ClaimRecord]) -> dict[str, str]:
    """claim id -> 'Parent > Child > Claim'."""
    chains = claim_chains((c.id, c.label, c.parent_id) for c in claims)
    return {claim_id: " > ".join(chain) for claim_id, chain in chains.items()}


class _Lookups:
    def __init__(self, project: ProjectService) -> None:
        self.actors = {a.id: a for a in project.actors()}
        self.claims = project.claims()
        self.claim_by_id = {c.id: c for c in self.claims}
        self.claim_path = claim_paths(self.claims)
        self.coders = {c.id: c.name for c in project.coders()}


@dataclass(frozen=True, slots=True)
class _DocumentMeta:
    text_sha256: str
    title: str
    source: str
    published_at: dt.date | None
    url: str


def _documents_meta(session: Session) -> dict[str, _DocumentMeta]:
    """The metadata statement rows repeat, for every document (texts stay in SQLite)."""
    query = sa_select(  # sqlmodel's typed overloads stop at four columns
        col(models.Document.id),
        col(models.Document.text_sha256),
        col(models.Document.title),
        col(models.Document.source),
        col(models.Document.published_at),
        col(models.Document.url),
    )
    return {row[0]: _DocumentMeta(*row[1:]) for row in session.execute(query)}


@dataclass(frozen=True)
class Selection:
    """Which part of the dataset to export (None: no restriction on that axis)."""

    document_ids: frozenset[str] | None = None
    coder_ids: frozenset[str] | None = None
    claim_ids: frozenset[str] | None = None
    description: dict[str, Any] = field(default_factory=dict)
    """The filters as given, for the manifest."""

    def annotations(self, query: Any) -> Any:
        if self.document_ids is not None:
            query = query.where(col(models.Annotation.document_id).in_(self.document_ids))
        if self.coder_ids is not None:
            query = query.where(col(models.Annotation.coder_id).in_(self.coder_ids))
        return query

    def statements(self, query: Any) -> Any:
        query = self.annotations(query)
        if self.claim_ids is not None:
            query = query.where(col(models.Annotation.claim_id).in_(self.claim_ids))
        return query

    def spans(self) -> SpanFilter:
        return SpanFilter(
            *(
                None if ids is None else sorted(ids)
                for ids in (self.document_ids, self.coder_ids, self.claim_ids)
            )
        )

    def documents(self, query: Any) -> Any:
        if self.document_ids is not None:
            query = query.where(col(models.Document.id).in_(self.document_ids))
        return query


EVERYTHING = Selection()


def _annotation_rows(
    session: Session, kind: str, cancelled: Cancelled | None, selection: Selection = EVERYTHING
) -> Iterator[Any]:
    """Plain rows (attribute access), times as their stored ISO text: an export streams
    millions of rows, and ORM objects and datetime round trips cost most of the time."""
    table = models.Annotation.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in _EXPORTED_ANNOTATION_COLUMNS]
    query = (
        sa_select(
            *columns,
            cast(table.c.created_at, Text).label("created_at"),
            cast(table.c.updated_at, Text).label("updated_at"),
        )
        .where(table.c.kind == kind)
        .order_by(table.c.document_id, table.c.start, table.c.id)
        .execution_options(yield_per=STREAM_CHUNK)
    )
    query = selection.statements(query) if kind == "statement" else selection.annotations(query)
    for index, row in enumerate(session.execute(query)):
        if cancelled is not None and index % STREAM_CHUNK == 0 and cancelled():
            raise ExportCancelledError("export cancelled; nothing was written")
        yield row


_EXPORTED_ANNOTATION_COLUMNS = (
    "id",
    "document_id",
    "coder_id",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "actor_id",
    "claim_id",
    "stance",
    "note",
    "anchor_status",
)


def statement_rows(
    session: Session,
    lookups: _Lookups,
    cancelled: Cancelled | None = None,
    selection: Selection = EVERYTHING,
) -> Iterator[dict[str, Any]]:
    documents = _documents_meta(session)
    for row in _annotation_rows(session, "statement", cancelled, selection):
        document = documents[row.document_id]
        speaker = lookups.actors.get(row.actor_id) if row.actor_id else None
        claim = lookups.claim_by_id[row.claim_id] if row.claim_id else None
        values = {
            "statement_id": row.id,
            "document_id": row.document_id,
            "document_sha256": document.text_sha256,
            "document_title": document.title,
            "document_source": document.source,
            "document_published_at": _iso(document.published_at),
            "document_url": document.url,
            "start": row.start,
            "end": row.end,
            "quote": row.exact,
            "prefix": row.prefix,
            "suffix": row.suffix,
            "speaker": speaker.name if speaker else None,
            "speaker_id": row.actor_id,
            "speaker_kind": speaker.kind if speaker else None,
            "claim": claim.label if claim else None,
            "claim_id": row.claim_id,
            "claim_path": lookups.claim_path.get(row.claim_id) if row.claim_id else None,
            "stance": row.stance,
            "note": row.note,
            "coder": lookups.coders.get(row.coder_id),
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "anchor_status": row.anchor_status,
        }
        yield {name: _null_if_empty(values[name]) for name in STATEMENTS.column_names}


def mention_rows(
    session: Session,
    lookups: _Lookups,
    cancelled: Cancelled | None = None,
    selection: Selection = EVERYTHING,
) -> Iterator[dict[str, Any]]:
    documents = _documents_meta(session)
    for row in _annotation_rows(session, "mention", cancelled, selection):
        actor = lookups.actors.get(row.actor_id) if row.actor_id else None
        values = {
            "mention_id": row.id,
            "document_id": row.document_id,
            "document_sha256": documents[row.document_id].text_sha256,
            "start": row.start,
            "end": row.end,
            "quote": row.exact,
            "prefix": row.prefix,
            "suffix": row.suffix,
            "actor": actor.name if actor else None,
            "actor_id": row.actor_id,
            "actor_kind": actor.kind if actor else None,
            "note": row.note,
            "coder": lookups.coders.get(row.coder_id),
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "anchor_status": row.anchor_status,
        }
        yield {name: _null_if_empty(values[name]) for name in MENTIONS.column_names}


def document_rows(
    session: Session, with_text: bool, selection: Selection = EVERYTHING
) -> Iterator[dict[str, Any]]:
    counts: dict[tuple[str, str], int] = {
        (document_id, kind): n
        for document_id, kind, n in session.exec(
            select(models.Annotation.document_id, models.Annotation.kind, func.count()).group_by(
                models.Annotation.document_id, models.Annotation.kind
            )
        )
    }
    query = selection.documents(
        select(models.Document).order_by(col(models.Document.imported_at), col(models.Document.id))
    )
    for row in session.exec(query.execution_options(yield_per=200)):
        values: dict[str, Any] = {
            "document_id": row.id,
            "document_sha256": row.text_sha256,
            "title": row.title,
            "source": row.source,
            "url": row.url,
            "author": row.author,
            "published_at": _iso(row.published_at),
            "language": row.language,
            "origin": row.origin,
            "n_statements": counts.get((row.id, "statement"), 0),
            "n_mentions": counts.get((row.id, "mention"), 0),
        }
        out = {name: _null_if_empty(values[name]) for name in DOCUMENTS.column_names}
        if with_text:
            out["text"] = row.text
        session.expunge(row)
        yield out


def export_dataset(
    project: ProjectService,
    out: Path,
    *,
    fmt: str = "jsonl",
    cancelled: Cancelled | None = None,
    selection: Selection = EVERYTHING,
    split_from_rows: int = PARALLEL_MIN_ROWS,
) -> ExportReport:
    """Write the whole coded dataset of ``project`` into the folder ``out``. Statements or
    mentions of at least ``split_from_rows`` rows are formatted by two processes."""
    if fmt not in FORMATS:
        raise AnnotatorError(
            f"export format {fmt!r} is not available yet (have: {', '.join(FORMATS)})"
        )
    spans = SpanExport(project, "csv" if fmt == "csv" else "jsonl", selection.spans())
    if fmt in ("csv", "jsonl"):
        spans.prepare(split_from_rows)  # first: a worker process starts meanwhile
    try:
        return _export(project, out, fmt, cancelled, selection, spans)
    finally:
        spans.end()


def _export(
    project: ProjectService,
    out: Path,
    fmt: str,
    cancelled: Cancelled | None,
    selection: Selection,
    spans: SpanExport,
) -> ExportReport:
    lookups = _Lookups(project)
    info = project.info()
    files: dict[str, dict[str, Any]] = {}
    book = XlsxBook() if fmt == "xlsx" else None
    with atomic_directory(out) as staging, project.database.read() as session:
        spans.begin(session, staging)  # first: it takes the session's snapshot
        try:
            for table, rows in (
                (STATEMENTS, statement_rows(session, lookups, cancelled, selection)),  # XLSX
                (MENTIONS, mention_rows(session, lookups, cancelled, selection)),  # XLSX
                (DOCUMENTS, document_rows(session, with_text=fmt == "jsonl", selection=selection)),
                (ACTORS, _actor_rows(lookups)),
                (CLAIMS, _claim_rows(lookups)),
            ):
                name = f"{table.name}.{fmt}"
                if book is None and table.name in KINDS:
                    try:
                        count, digest = spans.write(session, table, staging / name, cancelled)
                    except InterruptedError as stop:
                        raise ExportCancelledError(
                            "export cancelled; nothing was written"
                        ) from stop
                elif book is not None:
                    name = f"{WORKBOOK_FILE}#{table.name}"
                    count, digest = book.add_sheet(table.name, table.column_names, rows), ""
                elif fmt == "csv":
                    count, digest = write_csv(staging / name, table.column_names, rows)
                else:
                    count, digest = write_jsonl(staging / name, rows)
                files[name] = {"rows": count, "sha256": digest}
        finally:
            spans.end(session)
        if book is not None:
            digest = book.save(staging / WORKBOOK_FILE)
            for name in [n for n in files if n.startswith(WORKBOOK_FILE)]:
                files[name]["sha256"] = digest  # the sheets share their file's digest
        codebook = {
            "stance_scale": list(info.stance_scale),
            "actors": list(_actor_rows(lookups)),
            "claims": _claim_tree(lookups),
            "actor_kinds": list(models.ACTOR_KINDS),
        }
        files[CODEBOOK_FILE] = {
            "rows": None,
            "sha256": write_json(staging / CODEBOOK_FILE, codebook),
        }
        manifest = {
            "app": "Annotator",
            "app_version": __version__,
            "dataset_format": DATASET_FORMAT_VERSION,
            "schema_version": info.schema_version,
            "project_id": info.id,
            "project_name": info.name,
            "created_at": _iso(models.utcnow()),
            "format": fmt,
            "offset_unit": OFFSET_UNIT,
            "empty_values": "null" if fmt == "jsonl" else "empty string",
            **_format_notes(fmt),
            "selection": selection.description or "everything",
            "files": files,
        }
        write_json(staging / MANIFEST_FILE, manifest)
    counts = {
        name.split("#")[-1].split(".")[0]: int(meta["rows"])
        for name, meta in files.items()
        if meta["rows"] is not None
    }
    return ExportReport(Path(out).resolve(), counts, tuple(spans.second_process))


def _format_notes(fmt: str) -> dict[str, Any]:
    """What the manifest says about how a format writes values (so it can be undone)."""
    if fmt == "csv":
        return {
            "csv": {
                "encoding": "utf-8 with byte-order mark",
                "dialect": "RFC 4180 (comma, double quotes, CRLF)",
                "formula_guard": {
                    "prefix": GUARD,
                    "added_to_text_cells_starting_with": list(GUARDED_STARTS),
                    "undo": "remove the first character of a cell that starts with the "
                    "prefix followed by one of those characters",
                },
                "list_separator": LIST_SEPARATOR,
                "nul_character": "written as U+FFFD (the replacement character)",
            }
        }
    if fmt == "xlsx":
        return {
            "xlsx": {
                "file": WORKBOOK_FILE,
                "sheets": "one per table, named after it; header frozen and filtered",
                "cells": "strings or numbers, never formulas; characters a worksheet cannot "
                "hold (C0 controls but tab, LF, CR) are replaced with U+FFFD",
                "list_separator": LIST_SEPARATOR,
            }
        }
    return {}


def _actor_rows(lookups: _Lookups) -> Iterator[dict[str, Any]]:
    for actor in lookups.actors.values():
        yield {
            "actor_id": actor.id,
            "name": actor.name,
            "kind": actor.kind,
            "description": _null_if_empty(actor.description),
            "colour": _null_if_empty(actor.colour),
            "aliases": [alias.alias for alias in actor.aliases],
        }


def _claim_rows(lookups: _Lookups) -> Iterator[dict[str, Any]]:
    for claim in lookups.claims:
        yield {
            "claim_id": claim.id,
            "label": claim.label,
            "description": _null_if_empty(claim.description),
            "parent_id": claim.parent_id,
            "path": lookups.claim_path[claim.id],
            "colour": _null_if_empty(claim.colour),
            "shortcut": claim.shortcut,
            "position": claim.position,
        }


def _claim_tree(lookups: _Lookups) -> list[dict[str, Any]]:
    nodes = {row["claim_id"]: {**row, "children": []} for row in _claim_rows(lookups)}
    roots: list[dict[str, Any]] = []
    for claim in lookups.claims:
        node = nodes[claim.id]
        parent = nodes.get(claim.parent_id) if claim.parent_id else None
        (parent["children"] if parent else roots).append(node)
    return roots
