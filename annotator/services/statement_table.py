"""The Statements view's use cases (issue #21.1): every statement and mention of the project,
filtered by any column, kind, claim subtree, dates, coder, stance and a search query, sorted
by any column, read a page (or a window of ids) at a time, and the rows shown written to CSV.

The filtering and sorting are SQL (:mod:`annotator.core.statement_table`); a search query is
turned into the set of documents or statements it matches by the search service first.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from annotator.core.errors import AnnotatorError
from annotator.core.exporters.csv_writer import write_csv
from annotator.core.fileops import fsync_file
from annotator.core.statement_table import (
    COLUMNS,
    StatementFilter,
    StatementRow,
    StatementSort,
    count_rows,
    iter_rows,
    ordered_ids,
    page,
    rows_by_id,
)
from annotator.services.project import ProjectService
from annotator.services.search import SearchService
from annotator.services.span_export import driver

__all__ = [
    "COLUMNS",
    "SearchScope",
    "StatementFilter",
    "StatementRow",
    "StatementSort",
    "StatementTable",
    "export_statement_rows",
    "with_search",
]

SearchScope = Literal["statements", "documents"]
"""What a search query filters: the statements it matches (their quote, speaker, claim,
stance, coder), or every annotation of the documents it matches."""


def with_search(
    filter_: StatementFilter, search: SearchService, query: str, scope: SearchScope
) -> StatementFilter:
    """``filter_`` narrowed to what the query matches (raises ``QueryError`` when the query
    is malformed). Mentions are never statement hits: a statement-scoped query leaves only
    statements."""
    if not query.strip():
        return filter_
    if scope == "statements":
        ids = frozenset(search.matching(query, kind="statement"))
        if filter_.annotation_ids is not None:
            ids &= filter_.annotation_ids
        return dataclasses.replace(filter_, annotation_ids=ids)
    documents = frozenset(search.matching(query, kind="document"))
    if filter_.document_ids is not None:
        documents &= filter_.document_ids
    return dataclasses.replace(filter_, document_ids=documents)


class StatementTable:
    """Reads of the statements table of one open project (any thread: each call opens its
    own read session)."""

    def __init__(self, project: ProjectService) -> None:
        self.project = project

    def count(self, filter_: StatementFilter) -> int:
        with self.project.database.read() as session:
            return count_rows(driver(session), filter_)

    def ids(self, filter_: StatementFilter, sort: StatementSort) -> list[str]:
        """Every id ``filter_`` lets through, in ``sort``'s order."""
        with self.project.database.read() as session:
            return ordered_ids(driver(session), filter_, sort)

    def page(
        self, filter_: StatementFilter, sort: StatementSort, offset: int, limit: int
    ) -> list[StatementRow]:
        """Rows ``offset`` to ``offset + limit`` of the filtered, sorted table."""
        with self.project.database.read() as session:
            return page(driver(session), filter_, sort, offset, limit)

    def rows(self, ids: Sequence[str]) -> dict[str, StatementRow]:
        """The rows of ``ids`` (those deleted meanwhile are absent)."""
        if not ids:
            return {}
        with self.project.database.read() as session:
            return rows_by_id(driver(session), ids)


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def export_statement_rows(
    project: ProjectService,
    filter_: StatementFilter,
    sort: StatementSort,
    columns: Sequence[str],
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the rows ``filter_`` lets through, in ``sort``'s order, with ``columns`` (keys of
    :data:`COLUMNS`, in the order given), to the CSV file ``path``; return how many.

    The file is written beside its target and moved over it only when whole and on disk, so
    an older file is never half replaced; text cells get the spreadsheet formula guard.
    Raises AnnotatorError (nothing written) for an unknown column, a target that is the
    project's own file or a folder, a failure to write, or when ``cancelled`` says so.
    """
    path = Path(path)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown or not columns:
        raise AnnotatorError(f"no column {unknown[0]!r} to export" if unknown else "no columns")
    if path.resolve() == project.path.resolve():
        raise AnnotatorError(f"{path.name} is the project's own file: choose another name")
    if path.is_dir():
        raise AnnotatorError(f"{path} is a folder: name the file to write")
    staging = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with project.database.read() as session:
            connection = driver(session)
            total = count_rows(connection, filter_)
            rows = _watched(iter_rows(connection, filter_, sort), total, progress, cancelled)
            written, _digest = write_csv(
                staging, list(columns), ({c: row.value(c) for c in columns} for row in rows)
            )
        fsync_file(staging)
        os.replace(staging, path)
    except OSError as error:
        raise AnnotatorError(
            f"{path.name}: could not be written ({error.strerror or error})"
        ) from error
    except sqlite3.Error as error:
        raise AnnotatorError(f"{project.path.name} could not be read: {error}") from error
    finally:
        staging.unlink(missing_ok=True)
    return written


class ExportCancelledError(AnnotatorError):
    """The export was cancelled; nothing was written."""


def _watched(
    rows: Iterator[StatementRow],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Iterator[StatementRow]:
    for done, row in enumerate(rows):
        if done % 2000 == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelledError("the export was cancelled: nothing was written")
            if progress is not None:
                progress(done, total)
        yield row
    if progress is not None:
        progress(total, total)
