"""The Statements table's columns and rows: which columns are shown and in what order (what
Export Shown and Copy write), the header's menu (show or hide a column, filter by it), rows
as text, and selecting rows again after the table was read anew."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QMenu, QTableView, QWidget

from annotator.core.statement_table import COLUMNS, StatementRow


def shown_columns(table: QTableView) -> list[str]:
    """The visible columns' keys, in the order they are shown."""
    header = table.horizontalHeader()
    numbers = [n for n in range(len(COLUMNS)) if not header.isSectionHidden(n)]
    return [COLUMNS[n] for n in sorted(numbers, key=header.visualIndex)]


def header_menu(
    parent: QWidget,
    table: QTableView,
    text_filter: QLineEdit,
    point: QPoint,
    changed: Callable[[], None] = lambda: None,
) -> QMenu:
    """The menu of a right-click on the header at ``point``: filter by that column (its
    ``column:`` goes into the text filter, the cursor after it), then show or hide each
    (``changed()`` after)."""
    header = table.horizontalHeader()
    model = table.model()
    menu = QMenu(parent)
    section = header.logicalIndexAt(point)
    if 0 <= section < len(COLUMNS):
        title = str(model.headerData(section, Qt.Orientation.Horizontal))
        column = COLUMNS[section]

        def filter_by() -> None:
            text = text_filter.text().rstrip()
            text_filter.setText(f"{text} {column}:".lstrip())
            text_filter.setFocus()
            text_filter.end(False)

        menu.addAction(parent.tr("Filter by {0}…").format(title)).triggered.connect(filter_by)
        menu.addSeparator()
    for number in range(len(COLUMNS)):
        action = menu.addAction(str(model.headerData(number, Qt.Orientation.Horizontal)))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(number))
        action.toggled.connect(lambda on, n=number: _show(header, n, on, changed))
    return menu


def _show(header: QHeaderView, section: int, shown: bool, changed: Callable[[], None]) -> None:
    header.setSectionHidden(section, not shown)
    changed()


def rows_as_text(rows: list[StatementRow], columns: list[str]) -> str:
    """Tab-separated lines with a header line, as spreadsheets paste them (tabs and line
    breaks inside a cell become spaces)."""

    def cell(value: object) -> str:
        return " ".join(str(value).split()) if isinstance(value, str) else str(value)

    lines = ["\t".join(columns)]
    lines += ["\t".join(cell(row.value(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def select_again(
    table: QTableView, ids: list[str], selected: set[str], current: str | None
) -> None:
    """Select the rows of ``selected`` among ``ids`` (the table's rows) and make ``current``
    current: one selection of contiguous runs (100,000 rows one by one took seconds)."""
    model = table.model()
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    last = model.columnCount() - 1
    runs = QItemSelection()
    begin = previous = -2
    for row, annotation_id in enumerate(ids):
        if annotation_id == current:
            selection.setCurrentIndex(model.index(row, 0), flags.NoUpdate)
        if annotation_id not in selected:
            continue
        if row != previous + 1:
            if begin >= 0:
                runs.select(model.index(begin, 0), model.index(previous, last))
            begin = row
        previous = row
    if begin >= 0:
        runs.select(model.index(begin, 0), model.index(previous, last))
    selection.select(runs, flags.Select)


def widen_to_fit(table: QTableView, column: str, values: Iterable[str]) -> None:
    """Widen ``column`` so that its longest value shows whole (a stance renamed to
    "ambivalent" read "amb…ent"); never narrows what the user made wider."""
    section = COLUMNS.index(column)
    header = table.horizontalHeader()
    needed = max((table.fontMetrics().horizontalAdvance(v) for v in values), default=0) + 16
    if header.sectionSize(section) < needed:
        header.resizeSection(section, needed)
