"""The statements and mentions files of a CSV or JSONL export.

SQLite makes every line (:mod:`annotator.core.exporters.span_sql`). For a large table the
later half of the documents is formatted by a second process
(:mod:`annotator.core.exporters.span_worker`) while this one formats the first half, and its
part is appended: a million statements in ~4.8 s instead of ~7 s on two cores. The worker
reads the same snapshot as the export's session: writers are paused from before the
session's first read until the worker has begun its own. Whatever goes wrong with the
worker, the export goes on in this process, on the session's snapshot.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from annotator.core.dataset_schema import MENTIONS, STATEMENTS, Table
from annotator.core.exporters.csv_writer import csv_header
from annotator.core.exporters.line_writer import Remainder, write_query_lines
from annotator.core.exporters.span_sql import (
    KINDS,
    DocumentRange,
    Format,
    SpanFilter,
    span_lines_query,
)
from annotator.core.exporters.span_worker import (
    Part,
    SpanWorker,
    WorkerError,
    WritersPaused,
    ready_for_export,
)
from annotator.services.project import ProjectService

log = logging.getLogger(__name__)

PARALLEL_MIN_ROWS = 200_000
"""Tables smaller than this are formatted in this process alone: starting the worker costs
~0.1 s and pauses writers for as long."""


def _driver(session: Session) -> sqlite3.Connection:
    connection = session.connection().connection.driver_connection
    if not isinstance(connection, sqlite3.Connection):
        raise TypeError(f"export needs a sqlite3 connection, not {type(connection).__name__}")
    return connection


def span_counts(project: ProjectService) -> dict[str, int]:
    """Rows of each span table (statements, mentions)."""
    with project.database.read() as session:
        connection = _driver(session)
        return {
            table.name: connection.execute(
                "SELECT count(*) FROM annotation WHERE kind = ?", (KINDS[table.name],)
            ).fetchone()[0]
            for table in (STATEMENTS, MENTIONS)
        }


def median_documents(project: ProjectService, counts: dict[str, int]) -> dict[str, str]:
    """For each table of ``counts``, the document id that splits its rows (in export
    order) in two halves."""
    splits: dict[str, str] = {}
    with project.database.read() as session:
        connection = _driver(session)
        for name, rows in counts.items():
            found = connection.execute(
                "SELECT document_id FROM annotation WHERE kind = ? "
                "ORDER BY document_id, start, id LIMIT 1 OFFSET ?",
                (KINDS[name], rows // 2),
            ).fetchone()
            if found is not None:
                splits[name] = found[0]
    return splits


@dataclass
class SpanExport:
    """Writes the statements and mentions files of one export from one session."""

    project: ProjectService
    fmt: Format
    where: SpanFilter
    splits: dict[str, str] = field(default_factory=dict)
    """Tables to make in two parts, with the first document id of the worker's part."""
    second_process: list[str] = field(default_factory=list)
    """Tables whose later half the worker made."""
    _worker: SpanWorker | None = None
    _parts: dict[str, Part] = field(default_factory=dict)

    def prepare(self, split_from_rows: int = PARALLEL_MIN_ROWS) -> None:
        """For tables of at least ``split_from_rows`` rows, start the worker (it starts
        while the halves are found and the export gets ready) and find the halves."""
        counts = span_counts(self.project)
        large = {name: rows for name, rows in counts.items() if rows >= max(1, split_from_rows)}
        if not large:
            return
        try:
            self._worker = SpanWorker(self.project.path)
        except WorkerError as error:
            log.warning("export in one process: %s", error)
            return
        self.splits = median_documents(self.project, large)

    def begin(self, session: Session, staging: Path) -> None:
        """Take the session's snapshot and, for large tables, have the worker take the same
        snapshot. Call it before anything else reads through ``session``."""
        worker, self._worker = self._worker, None
        paused = None
        if worker is not None and self.splits:
            try:
                worker.wait_started()
                paused = WritersPaused(self.project.path)
            except WorkerError as error:
                log.warning("export in one process: %s", error)
                worker.stop()
                worker = None
        try:
            ready_for_export(_driver(session))
            if worker is None or paused is None:
                self.splits = {}
                return
            session.execute(text("SELECT 1 FROM annotation LIMIT 1"))  # our snapshot
            self._parts = {name: self._part(name, s, staging) for name, s in self.splits.items()}
            try:
                worker.take_snapshot(list(self._parts.values()))
            except WorkerError as error:
                log.warning("export in one process: %s", error)
                worker.stop()
                self.splits = {}
                return
        finally:
            if paused is not None:
                paused.release()
            if worker is not None and not self.splits:
                worker.stop()
        worker.go()
        self._worker = worker

    def _part(self, name: str, split: str, staging: Path) -> Part:
        table = STATEMENTS if name == STATEMENTS.name else MENTIONS
        sql, params = span_lines_query(table, self.fmt, self.where, DocumentRange(start=split))
        return Part(sql, params, staging / f".{name}.part")

    def write(
        self, session: Session, table: Table, path: Path, should_stop: Callable[[], bool] | None
    ) -> tuple[int, str]:
        """Write ``table``'s file; return (rows, SHA-256). Raises ``InterruptedError`` when
        ``should_stop`` says so."""
        split = self.splits.get(table.name)
        sql, params = span_lines_query(
            table, self.fmt, self.where, None if split is None else DocumentRange(stop=split)
        )
        rest = None
        if split is not None:
            rest = lambda: self._rest(table.name, should_stop)  # noqa: E731 - one use
        try:
            return write_query_lines(
                _driver(session),
                sql,
                params,
                path,
                head=csv_header(table.column_names) if self.fmt == "csv" else b"",
                should_stop=should_stop,
                rest=rest,
            )
        finally:
            part = self._parts.get(table.name)
            if part is not None:
                part.out.unlink(missing_ok=True)

    def _rest(self, name: str, should_stop: Callable[[], bool] | None) -> Remainder:
        part = self._parts[name]
        if self._worker is not None:
            try:
                rows = self._worker.wait_part(should_stop)
                if not part.out.is_file():
                    raise WorkerError(f"the export worker wrote no {part.out.name}")
                self.second_process.append(name)
                return Remainder(part=part.out, rows=rows)
            except WorkerError as error:
                log.warning("formatting the rest of %s in this process: %s", name, error)
                self._worker.stop()
                self._worker = None
        if should_stop is not None and should_stop():
            raise InterruptedError(f"stopped writing {name}")
        return Remainder(sql=part.sql, params=part.params)

    def end(self, session: Session | None = None) -> None:
        """Stop the worker (finished or not) and unmap the file from the session."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        if session is not None:
            _driver(session).execute("PRAGMA mmap_size = 0")
