"""XLSX: one sheet per table, written in openpyxl's write-only mode (streams, constant memory).

Every cell is a string or a number and never a formula, whatever its text starts with; the
header row is frozen and has filter buttons. Characters a worksheet cannot hold (C0 controls
other than tab, LF and CR) are replaced with U+FFFD, and the manifest says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from annotator.core.errors import AnnotatorError

MAX_ROWS = 1_048_575  # a worksheet's rows, less the header
LIST_SEPARATOR = " | "
CONTROL_REPLACEMENT = "\ufffd"
"""What a character a worksheet cannot hold (C0 controls but tab, LF, CR) is written as."""


def _cell(sheet: Any, value: Any) -> WriteOnlyCell:
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if value is None:
        value = ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(CONTROL_REPLACEMENT, str(value)))
    cell.data_type = "s"  # never a formula, even for "=SUM(A1)"
    return cell


class XlsxBook:
    """Collects the sheets of one workbook; :meth:`save` writes it."""

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)

    def add_sheet(
        self, name: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]
    ) -> int:
        sheet = self._book.create_sheet(title=name[:31])
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(1, len(columns)))
        sheet.auto_filter.ref = f"A1:{last}1"
        sheet.append([_cell(sheet, column) for column in columns])
        count = 0
        for row in rows:
            count += 1
            if count > MAX_ROWS:
                raise AnnotatorError(
                    f"{name} has more than {MAX_ROWS:,} rows, more than a worksheet holds; "
                    "export CSV or JSONL instead"
                )
            sheet.append([_cell(sheet, row.get(column)) for column in columns])
        return count

    def save(self, path: Path) -> str:
        """Write the workbook; return its SHA-256."""
        self._book.save(path)
        return hashlib.sha256(path.read_bytes()).hexdigest()
