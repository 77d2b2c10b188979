"""The statements and mentions files of an export, read through the export's session.

CSV and JSONL lines are made by SQLite (:mod:`annotator.core.exporters.span_sql`) and
written by :mod:`annotator.core.exporters.line_writer`; XLSX rows are the plain values of a
query made from the same column definitions.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlmodel import Session

from annotator.core.dataset_schema import Table
from annotator.core.exporters.csv_writer import CsvVariant, csv_header
from annotator.core.exporters.line_writer import FETCH_ROWS, Query, write_queries_lines
from annotator.core.exporters.span_sql import (
    RANGE_ROWS,
    Format,
    SpanFilter,
    document_ranges,
    ready_for_export,
    span_lines_query,
    span_values_query,
)


def driver(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under ``session``."""
    connection = session.connection().connection.driver_connection
    if not isinstance(connection, sqlite3.Connection):
        raise TypeError(f"export needs a sqlite3 connection, not {type(connection).__name__}")
    return connection


READERS = max(1, min(4, os.cpu_count() or 1))
"""Reading threads of a large export (one connection each): the lines are made by SQLite, one
core per query."""


def begin(sessions: Sequence[Session]) -> None:
    """Get the sessions' connections ready for the export queries (memory map, functions)."""
    for session in sessions:
        ready_for_export(driver(session))


def end(sessions: Sequence[Session]) -> None:
    """Unmap the file from the sessions' connections."""
    for session in sessions:
        driver(session).execute("PRAGMA mmap_size = 0")


def write_span_file(
    sessions: Sequence[Session],
    table: Table,
    fmt: Format,
    where: SpanFilter,
    path: Path,
    *,
    variant: CsvVariant = "spreadsheet",
    should_stop: Callable[[], bool] | None = None,
    range_rows: int = RANGE_ROWS,
) -> tuple[int, str]:
    """Write ``table``'s CSV or JSONL file; return (rows, SHA-256). Raises
    ``InterruptedError`` when ``should_stop`` says so.

    The sessions must share one snapshot (``Database.read_together``); the rows are read
    in ranges of about ``range_rows``, by as many threads as there are sessions."""
    connections = [driver(session) for session in sessions]
    ranges = document_ranges(connections[0], table, where, range_rows)
    queries = [Query(*span_lines_query(table, fmt, part, variant)) for part in ranges]
    return write_queries_lines(
        connections[: len(queries)],
        queries,
        path,
        head=csv_header(table.column_names) if fmt == "csv" else b"",
        should_stop=should_stop,
    )


def span_rows(
    session: Session,
    table: Table,
    where: SpanFilter,
    should_stop: Callable[[], bool] | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` as plain values (empty text as None), in the export order."""
    sql, params = span_values_query(table, where)
    names = table.column_names
    numbers = {c.name for c in table.columns if c.kind == "number"}
    cursor = driver(session).execute(sql, params)
    try:
        while batch := cursor.fetchmany(FETCH_ROWS):
            if should_stop is not None and should_stop():
                raise InterruptedError(f"stopped reading {table.name}")
            for values in batch:
                yield {
                    name: value if name in numbers or value != "" else None
                    for name, value in zip(names, values, strict=True)
                }
    finally:
        cursor.close()
