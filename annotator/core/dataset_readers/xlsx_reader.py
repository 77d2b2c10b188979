"""XLSX as ``exporters/xlsx_writer`` writes it: one sheet per table, named after it, a header
row naming the columns. Read in openpyxl's read-only mode (streamed, constant memory).

Cells are read as they are: a workbook needs no formula guard (its cells are strings, never
formulas), so nothing is undone. C0 control characters other than tab, LF and CR, which a
worksheet cannot hold, were written as U+FFFD and stay so (:func:`as_written`). A cell an
analyst typed in Excel may come back as a number or a date: it is turned back into the text
JSONL has (``rows.typed_value``). A formula or an error value (``#N/A``) refuses its row: the
dataset holds values. Rows are numbered as Excel shows them: the header is row 1.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from annotator.core.dataset_readers.rows import RowProblemError, Rows, header_problem, typed_row
from annotator.core.errors import AnnotatorError
from annotator.core.exporters.xlsx_writer import CONTROL_REPLACEMENT, ILLEGAL_CHARACTERS

_UNREADABLE: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    ParseError,
    ExpatError,
)


def _unreadable() -> tuple[type[BaseException], ...]:
    """What reading a damaged workbook raises (an except clause evaluates it only then)."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (InvalidFileException, *_UNREADABLE)


def as_written(text: str) -> str:
    """What an XLSX export makes of ``text`` (C0 controls but tab, LF, CR become U+FFFD)."""
    return ILLEGAL_CHARACTERS.sub(CONTROL_REPLACEMENT, text)


class XlsxWorkbook:
    """An open workbook; :meth:`rows` reads one table's sheet. Close it (or use ``with``)."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook  # here: a quarter of a second of every start

        self.path = path
        try:
            self._book = load_workbook(path, read_only=True, data_only=False)
        except _unreadable() as error:
            raise AnnotatorError(f"{path.name}: not an XLSX workbook ({error})") from error

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> XlsxWorkbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def rows(self, table: str) -> Rows:
        """(row number, the row as JSONL has it, or the row's problem) of each non-empty row
        of the sheet named ``table``."""
        sheet = self._book[table]
        sheet.reset_dimensions()  # a size stated wrongly by another tool would cut rows off
        header: list[str] | None = None
        number = 0
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values = [cell.value for cell in cells]
                if header is None:
                    header = ["" if v is None else str(v) for v in values]
                    problem = header_problem(header)
                    if problem is not None:
                        yield number, problem
                        return
                    continue
                values = values[: len(header)]  # cells right of the header: the analyst's
                if all(v is None or v == "" for v in values):
                    continue
                problem = _cell_problem(cells[: len(header)], number)
                yield number, problem or typed_row(table, header, values)
        except _unreadable() as error:  # a damaged file: the rows before this one are read
            yield number + 1, RowProblemError(f"the sheet cannot be read from here ({error})")


def _cell_problem(cells: Any, number: int) -> RowProblemError | None:
    for index, cell in enumerate(cells):
        kind = getattr(cell, "data_type", None)
        if kind in ("f", "e"):
            from openpyxl.utils import get_column_letter  # only for the rare bad cell

            where = f"{get_column_letter(index + 1)}{number}"
        if kind == "f":
            return RowProblemError(
                f"cell {where} holds a formula ({str(cell.value)[:40]!r}), not a value"
            )
        if kind == "e":
            return RowProblemError(f"cell {where} holds the error {cell.value}")
    return None
