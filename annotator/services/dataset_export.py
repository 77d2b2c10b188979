"""Export the coded dataset (DESIGN.md §8a) as JSONL, CSV or XLSX.

Rows are streamed from SQLite, never all held in memory, and written into a staging folder;
:mod:`annotator.core.exporters.dataset_folder` puts them in place only when everything,
manifest included, is written, and never touches a file an earlier export did not write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from annotator import __version__
from annotator.core import models
from annotator.core.backup import backup_dir_for
from annotator.core.dataset_schema import (
    ACTORS,
    CLAIMS,
    CODEBOOK_FILE,
    DATASET_FORMAT_VERSION,
    DOCUMENT_TEXT,
    DOCUMENTS,
    MANIFEST_FILE,
    MENTIONS,
    OFFSET_UNIT,
    STATEMENTS,
    WORKBOOK_FILE,
    Table,
)
from annotator.core.errors import AnnotatorError
from annotator.core.exporters import formula_guard
from annotator.core.exporters.csv_writer import (
    LIST_SEPARATOR,
    VARIANTS,
    CsvVariant,
    write_csv,
)
from annotator.core.exporters.dataset_folder import dataset_folder
from annotator.core.exporters.jsonl import write_json, write_jsonl
from annotator.core.exporters.span_sql import SpanFilter
from annotator.core.exporters.xlsx_writer import CONTROL_REPLACEMENT, XlsxBook
from annotator.core.lock import lock_path_for
from annotator.core.memory import reusing_freed_memory
from annotator.services import codebook_rows, span_export
from annotator.services.codebook_rows import Lookups, actor_rows, claim_rows, null_if_empty
from annotator.services.project import ProjectService

FORMATS = ("jsonl", "csv", "xlsx")
Cancelled = Callable[[], bool]
SPAN_TABLES = (STATEMENTS, MENTIONS)
OTHER_TABLES = (DOCUMENTS, ACTORS, CLAIMS)


class ExportCancelledError(AnnotatorError):
    """The export was cancelled; nothing was written to the output folder."""


@dataclass(frozen=True)
class ExportReport:
    folder: Path
    rows: dict[str, int]
    removed: tuple[str, ...] = ()
    """Files of an earlier export in the folder that this one did not write, and removed (a
    folder holds one dataset): said, so that a CSV export followed by a JSONL one into the
    same folder does not lose the CSV files without a word."""

    def summary(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.rows.items())
        said = f"exported {counts} to {self.folder}"
        if self.removed:
            said += f"; removed the earlier export's {', '.join(self.removed)}"
        return said


@dataclass(frozen=True)
class ExportOptions:
    """How to write: the format, and for CSV the variant and whether documents carry text."""

    fmt: str = "jsonl"
    csv_variant: CsvVariant = "spreadsheet"
    with_text: bool = False
    force: bool = False
    """Write into a non-empty folder that is no dataset of ours (beside its files), and
    replace files of our earlier export that were changed since."""

    def check(self) -> None:
        if self.fmt not in FORMATS:
            raise AnnotatorError(
                f"export format {self.fmt!r} is not available (have: {', '.join(FORMATS)})"
            )
        if self.csv_variant not in VARIANTS:
            raise AnnotatorError(f"no CSV variant {self.csv_variant!r}")
        if self.csv_variant != "spreadsheet" and self.fmt != "csv":
            raise AnnotatorError("--exact is for CSV (JSONL and XLSX are always exact)")
        if self.with_text and self.fmt != "csv":
            raise AnnotatorError(
                "--with-text is for CSV: JSONL always carries the text, and a worksheet "
                "cell holds too little of it"
            )

    def file_names(self) -> list[str]:
        names = [CODEBOOK_FILE, MANIFEST_FILE]
        if self.fmt == "xlsx":
            return [WORKBOOK_FILE, *names]
        return [f"{t.name}.{self.fmt}" for t in (*SPAN_TABLES, *OTHER_TABLES)] + names


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value.isoformat()


@dataclass(frozen=True)
class Selection:
    """Which part of the dataset to export (None: no restriction on that axis)."""

    document_ids: frozenset[str] | None = None
    coder_ids: frozenset[str] | None = None
    claim_ids: frozenset[str] | None = None
    description: dict[str, Any] = field(default_factory=dict)
    """The filters as given, for the manifest."""

    def spans(self) -> SpanFilter:
        def listed(ids: frozenset[str] | None) -> list[str] | None:
            return None if ids is None else sorted(ids)

        return SpanFilter(
            document_ids=listed(self.document_ids),
            coder_ids=listed(self.coder_ids),
            claim_ids=listed(self.claim_ids),
        )

    def documents(self, query: Any) -> Any:
        if self.document_ids is not None:
            query = query.where(col(models.Document.id).in_(self.document_ids))
        return query


EVERYTHING = Selection()


def documents_table(with_text: bool) -> Table:
    """The documents table as written, with the text column when asked."""
    if not with_text:
        return DOCUMENTS
    return Table(DOCUMENTS.name, DOCUMENTS.description, (*DOCUMENTS.columns, DOCUMENT_TEXT))


def export_dataset(
    project: ProjectService,
    out: Path,
    *,
    fmt: str = "jsonl",
    cancelled: Cancelled | None = None,
    selection: Selection = EVERYTHING,
    options: ExportOptions | None = None,
) -> ExportReport:
    """Write the coded dataset of ``project`` into the folder ``out``.

    ``options`` (when given, its format wins over ``fmt``) chooses the CSV variant, the
    document text and whether a folder that is not ours is written into.

    Raises:
        ExportTargetError: ``out`` is refused (nothing was written).
        ExportCancelledError: ``cancelled`` said so (nothing was written).
    """
    options = options or ExportOptions(fmt=fmt)
    options.check()
    lookups = Lookups(project)
    info = project.info()
    protected = [project.path, backup_dir_for(project.path), lock_path_for(project.path)]
    removed: list[str] = []
    with (
        reusing_freed_memory(),
        dataset_folder(
            out,
            protected=protected,
            force=options.force,
            names=options.file_names(),
            removed=removed,
        ) as staging,
        project.database.read_together(span_export.READERS) as sessions,
    ):
        span_export.begin(sessions)
        try:
            files = _write_tables(sessions, staging, lookups, options, selection, cancelled)
        except InterruptedError as stop:
            raise ExportCancelledError("export cancelled; nothing was written") from stop
        finally:
            span_export.end(sessions)
        codebook = codebook_rows.codebook(info.stance_scale, lookups)
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
            "format": options.fmt,
            "offset_unit": OFFSET_UNIT,
            "empty_values": "null" if options.fmt == "jsonl" else "empty string",
            **_format_notes(options),
            "selection": selection.description or "everything",
            "files": files,
        }
        write_json(staging / MANIFEST_FILE, manifest)
    counts = {
        name.split("#")[-1].split(".")[0]: int(meta["rows"])
        for name, meta in files.items()
        if meta["rows"] is not None
    }
    return ExportReport(Path(out).resolve(), counts, tuple(removed))


def _write_tables(
    sessions: Sequence[Session],
    staging: Path,
    lookups: Lookups,
    options: ExportOptions,
    selection: Selection,
    cancelled: Cancelled | None,
) -> dict[str, dict[str, Any]]:
    """Write every table; return the manifest's entry for each file."""
    session = sessions[0]
    fmt, where = options.fmt, selection.spans()
    files: dict[str, dict[str, Any]] = {}
    book = XlsxBook() if fmt == "xlsx" else None
    documents = documents_table(options.with_text or fmt == "jsonl")
    for table in SPAN_TABLES:
        name = f"{table.name}.{fmt}"
        if book is not None:
            rows = span_export.span_rows(session, table, where, cancelled)
            name = f"{WORKBOOK_FILE}#{table.name}"
            count, digest = book.add_sheet(table.name, table.column_names, rows), ""
        else:
            count, digest = span_export.write_span_file(
                sessions,
                table,
                "csv" if fmt == "csv" else "jsonl",
                where,
                staging / name,
                variant=options.csv_variant,
                should_stop=cancelled,
            )
        files[name] = {"rows": count, "sha256": digest}
    for table, rows in (
        (documents, document_rows(session, documents, selection)),
        (ACTORS, actor_rows(lookups)),
        (CLAIMS, claim_rows(lookups)),
    ):
        if cancelled is not None and cancelled():
            raise InterruptedError(f"stopped before {table.name}")
        name = f"{table.name}.{fmt}"
        if book is not None:
            name = f"{WORKBOOK_FILE}#{table.name}"
            count, digest = book.add_sheet(table.name, table.column_names, rows), ""
        elif fmt == "csv":
            count, digest = write_csv(staging / name, table.column_names, rows, options.csv_variant)
        else:
            count, digest = write_jsonl(staging / name, rows)
        files[name] = {"rows": count, "sha256": digest}
    if book is not None:
        digest = book.save(staging / WORKBOOK_FILE)
        for name in files:
            files[name]["sha256"] = digest  # the sheets share their file's digest
    return files


def _format_notes(options: ExportOptions) -> dict[str, Any]:
    """What the manifest says about how a format writes values (so it can be undone)."""
    if options.fmt == "csv":
        spreadsheet = options.csv_variant == "spreadsheet"
        return {
            "csv": {
                "variant": options.csv_variant,
                "encoding": "utf-8 with byte-order mark",
                "dialect": "RFC 4180 (comma, double quotes, CRLF)",
                "formula_guard": formula_guard.describe() if spreadsheet else None,
                "list_separator": LIST_SEPARATOR,
                "nul_character": "written as U+FFFD (the replacement character)",
                "documents_text": options.with_text,
            }
        }
    if options.fmt == "xlsx":
        return {
            "xlsx": {
                "file": WORKBOOK_FILE,
                "sheets": "one per table, named after it; header frozen and filtered",
                "cells": "strings or numbers, never formulas",
                "control_characters": "C0 control characters other than tab, LF and CR, "
                "which a worksheet cannot hold, are written as U+FFFD (the replacement "
                f"character, {CONTROL_REPLACEMENT!r})",
                "list_separator": LIST_SEPARATOR,
                "documents_text": False,
            }
        }
    return {"jsonl": {"documents_text": True}}


def document_rows(
    session: Session, table: Table = DOCUMENTS, selection: Selection = EVERYTHING
) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` (documents, with or without the text column)."""
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
            "status": row.status,
            "imported_at": _iso(row.imported_at),
        }
        if DOCUMENT_TEXT.name in table.column_names:
            values[DOCUMENT_TEXT.name] = row.text  # exact: an empty text stays ""
        session.expunge(row)
        yield {
            name: values[name] if name == DOCUMENT_TEXT.name else null_if_empty(values[name])
            for name in table.column_names
        }
