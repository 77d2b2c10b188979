"""What every dataset reader hands the loader: numbered rows shaped as JSONL has them.

A CSV or XLSX cell holds text (or, in XLSX, a number or a date) whatever its column means;
:func:`typed_row` gives each value the type its JSONL twin has (``dataset_schema`` says
which columns are numbers and lists), so the loader sees one kind of row from every format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

from annotator.core.dataset_schema import DOCUMENT_TEXT, TABLES, CellKind
from annotator.core.exporters.csv_writer import LIST_SEPARATOR

DATE_COLUMNS = frozenset({"published_at", "document_published_at"})


class RowProblemError(ValueError):
    """One row cannot be loaded; the message says why."""


Row: TypeAlias = tuple[int, Any]
"""(line or row number, the parsed row or its problem, a :class:`RowProblemError`). CSV and
XLSX rows are dicts; a JSONL row may be any JSON value (the loader refuses what is not an
object)."""
Rows: TypeAlias = Iterator[Row]

_KINDS: dict[str, dict[str, CellKind]] = {
    table.name: {column.name: column.kind for column in table.columns} for table in TABLES
}
_WHOLE = re.compile(r"[+-]?[0-9]+")


def column_kind(table: str, column: str) -> CellKind:
    return _KINDS.get(table, {}).get(column, "text")


def typed_value(table: str, column: str, value: Any) -> Any:
    """A CSV or XLSX cell's value as JSONL has it: empty -> None (the document text: ""),
    numbers as int, lists split, dates and numbers in text columns as text."""
    if column == DOCUMENT_TEXT.name and table == "documents":
        return "" if value is None else _text(column, value)
    kind = column_kind(table, column)
    if kind == "list":
        text = "" if value is None else _text(column, value)
        return text.split(LIST_SEPARATOR) if text else []
    if value is None or value == "":
        return None
    if kind == "number":
        if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
            return int(value.strip())
        return value  # the loader says why a number is not one
    return _text(column, value)


def _text(column: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # "2" typed into a stance cell is stored as the number 2
    if isinstance(value, dt.datetime):
        if column in DATE_COLUMNS and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def header_problem(header: Sequence[Any]) -> RowProblemError | None:
    """Why a CSV or XLSX header row (the first) cannot be read, or None."""
    names = [str(cell) for cell in header if cell not in (None, "")]
    if not names:
        return RowProblemError("the header (the first row) is empty")
    if len(names) == 1 and ";" in names[0]:
        return RowProblemError(
            "the header is one cell holding ';': the columns are separated by semicolons "
            "(as Excel saves CSV in some languages); save it as comma-separated CSV UTF-8"
        )
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        return RowProblemError(f"the header names {', '.join(map(repr, doubled))} twice")
    return None


def typed_row(table: str, header: Sequence[str], cells: Sequence[Any]) -> dict[str, Any]:
    """The row ``cells`` under ``header`` as JSONL has it. Columns without a name are left
    out; an analyst's own columns are passed on, and the loader ignores them as it ignores
    keys of a JSONL row it does not know."""
    return {
        name: typed_value(table, name, cells[index] if index < len(cells) else None)
        for index, name in enumerate(header)
        if name
    }
