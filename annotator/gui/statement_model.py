"""The Statements view's table model: the ordered ids of the rows, and the rows themselves read
a page at a time when the view first asks for one (Anki's browser, STYLE.md §5).

The ids of 100,000 rows come from one query (the scroll bar has its true size at once and
the end is one drag away); a row is read with the 200 rows around it, and only the most
recently shown pages are kept. Sorting (a click on a header) asks the owner to query the ids
again in the new order.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

from annotator.core.statement_table import COLUMNS, NUMERIC, StatementRow, StatementSort
from annotator.gui.roles import IdRole
from annotator.gui.table_model import AnyIndex

PAGE_ROWS = 200
KEPT_PAGES = 50
"""Pages kept in memory (10,000 rows); older ones are read again when shown again."""
HEADERS = {
    "document": "Document",
    "date": "Date",
    "kind": "Kind",
    "actor": "Speaker / Actor",
    "claim": "Claim",
    "stance": "Stance",
    "quote": "Quote",
    "coder": "Coder",
    "note": "Note",
    "start": "Start",
    "end": "End",
}
TIPS = {
    "actor": "A statement's speaker, or the actor a mention names",
    "claim": "The claim with the claims above it in the codebook",
    "start": "Where the quote starts in the article's text (characters)",
    "end": "Where the quote ends in the article's text (characters)",
}
Reader = Callable[[Sequence[str]], dict[str, StatementRow]]
"""Reads the rows of some ids (the service's ``StatementTable.rows``)."""


class StatementTableModel(QAbstractTableModel):
    """``sort_requested(StatementSort)`` when a header is clicked: the owner queries the ids
    in that order and hands them back with :meth:`set_ids`."""

    sort_requested = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._reader: Reader | None = None
        self._pages: OrderedDict[int, dict[str, StatementRow]] = OrderedDict()
        self.pages_read = 0
        """How many pages were read from the project (tests: the model reads by page)."""

    # --- contents ------------------------------------------------------------------------

    def set_ids(self, ids: list[str], reader: Reader | None) -> None:
        """Show the rows of ``ids``, in this order, read through ``reader`` when shown."""
        self.beginResetModel()
        self._ids = ids
        self._reader = reader
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[str]:
        return self._ids

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def loaded_rows(self) -> int:
        """How many rows are held in memory now."""
        return sum(len(page) for page in self._pages.values())

    def row(self, row: int) -> StatementRow | None:
        """The row at ``row`` (read with its page when not held); None when it was deleted
        since the ids were read."""
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE_ROWS
        page = self._pages.get(number)
        if page is None:
            page = self._read(number)
        else:
            self._pages.move_to_end(number)
        return page.get(self._ids[row])

    def _read(self, number: int) -> dict[str, StatementRow]:
        wanted = self._ids[number * PAGE_ROWS : (number + 1) * PAGE_ROWS]
        page = self._reader(wanted) if self._reader is not None else {}
        self.pages_read += 1
        self._pages[number] = page
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        return page

    # --- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole and column in TIPS:
            return self.tr(TIPS[column])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == IdRole:  # no read: selections and look-ups work on ids alone
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        record = self.row(index.row())
        if record is None:
            return self.tr("(deleted)") if index.column() == 0 else None
        value = record.value(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return value if column in ("document", "claim", "quote", "note") and value else None
        if isinstance(value, str):
            return " ".join(value.split()) if column in ("quote", "note") else value
        return value

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            descending = order == Qt.SortOrder.DescendingOrder
            self.sort_requested.emit(StatementSort(COLUMNS[column], descending))
