"""The Statements table's columns: which are shown and in what order (what Export Shown and
Copy write), the header's menu (show or hide a column, filter by it), and rows as text."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMenu, QTableView, QWidget

from annotator.core.statement_table import COLUMNS, StatementRow


def shown_columns(table: QTableView) -> list[str]:
    """The visible columns' keys, in the order they are shown."""
    header = table.horizontalHeader()
    numbers = [n for n in range(len(COLUMNS)) if not header.isSectionHidden(n)]
    return [COLUMNS[n] for n in sorted(numbers, key=header.visualIndex)]


def header_menu(parent: QWidget, table: QTableView, text_filter: QLineEdit, point: QPoint) -> QMenu:
    """The menu of a right-click on the header at ``point``: filter by that column (its
    ``column:`` goes into the text filter, the cursor after it), then show or hide each."""
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
        action.toggled.connect(lambda on, n=number: header.setSectionHidden(n, not on))
    return menu


def rows_as_text(rows: list[StatementRow], columns: list[str]) -> str:
    """Tab-separated lines with a header line, as spreadsheets paste them (tabs and line
    breaks inside a cell become spaces)."""

    def cell(value: object) -> str:
        return " ".join(str(value).split()) if isinstance(value, str) else str(value)

    lines = ["\t".join(columns)]
    lines += ["\t".join(cell(row.value(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"
