"""XLSX: one sheet per table, written in openpyxl's write-only mode (streams, constant memory).

Every cell is a string or a number and never a formula, whatever its text starts with; the
header row is frozen and has filter buttons. Characters a worksheet cannot hold (C0 controls
other than tab, LF and CR) are replaced with U+FFFD, and the manifest says so.

The same data gives the same bytes (issue #17.8: export, load, export again gives the same
file): the workbook's creation and change times and the dates of its zip entries are all
1980-01-01 (the earliest a zip holds), not the time of the export (the manifest has that).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.exporters.csv_writer import LIST_SEPARATOR

MAX_ROWS = 1_048_575  # a worksheet's rows, less the header
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
"""What a worksheet cell cannot hold: openpyxl's ``ILLEGAL_CHARACTERS_RE`` (a test holds the two
equal). openpyxl itself is imported when a workbook is made or read: importing it took a
quarter of a second of every start of the app."""
CONTROL_REPLACEMENT = "\ufffd"
"""What a character a worksheet cannot hold (C0 controls but tab, LF, CR) is written as."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every entry of the workbook's zip (the earliest a zip can hold)."""


class _FixedDateZip(zipfile.ZipFile):
    """A zip whose entries all have :data:`ZIP_DATE`, not the time they were written."""

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
        entry.compress_type = self.compression
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(  # type: ignore[override]
        self, name: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any
    ) -> None:
        entry = name if isinstance(name, zipfile.ZipInfo) else self._entry(name)
        super().writestr(entry, data, *args, **kwargs)

    def write(  # type: ignore[override]
        self, filename: str | Path, arcname: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        entry = self._entry(arcname or Path(filename).name)
        with open(filename, "rb") as source, self.open(entry, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _cell(sheet: Any, value: Any, cell_class: Any) -> Any:
    """A write-only cell (``cell_class``: openpyxl's ``WriteOnlyCell``) holding ``value``."""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if value is None:
        value = ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, int | float):
        return cell_class(sheet, value=value)
    cell = cell_class(sheet, value=ILLEGAL_CHARACTERS.sub(CONTROL_REPLACEMENT, str(value)))
    cell.data_type = "s"  # never a formula, even for "=SUM(A1)"
    return cell


class XlsxBook:
    """Collects the sheets of one workbook; :meth:`save` writes it."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)

    def add_sheet(
        self, name: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]
    ) -> int:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        sheet = self._book.create_sheet(title=name[:31])
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(1, len(columns)))
        sheet.auto_filter.ref = f"A1:{last}1"
        sheet.append([_cell(sheet, column, WriteOnlyCell) for column in columns])
        count = 0
        for row in rows:
            count += 1
            if count > MAX_ROWS:
                raise AnnotatorError(
                    f"{name} has more than {MAX_ROWS:,} rows, more than a worksheet holds; "
                    "export CSV or JSONL instead"
                )
            sheet.append([_cell(sheet, row.get(column), WriteOnlyCell) for column in columns])
        return count

    def save(self, path: Path) -> str:
        """Write the workbook; return its SHA-256."""
        from openpyxl.writer.excel import ExcelWriter

        if not self._book.worksheets:
            self._book.create_sheet()
        self._book.properties.created = dt.datetime(*ZIP_DATE)
        self._book.properties.modified = dt.datetime(*ZIP_DATE)
        archive = _FixedDateZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        ExcelWriter(self._book, archive).save()  # what Workbook.save does, without the time
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
