"""Compare and adjudicate one document (issue #19.4): each coder's annotations side by side
(one copy of the text per coder, and one for gold), the disagreements listed
(services/agreement/adjudication.py), and for each: accept a coder's version (1–9), edit it
(E), or mark it resolved without a gold annotation (R). N / F8 and P / Shift+F8 go to the
next and previous disagreement. Every change is one undo step (Ctrl+Z here too)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.records import AnnotationRecord
from annotator.gui.adjudication_edit import GoldEditDialog
from annotator.gui.article_view import ArticleView
from annotator.gui.dialogs import Dialogs
from annotator.gui.keys import REDO_KEYS, UNDO_KEYS, key_sequences
from annotator.gui.session import ProjectSession
from annotator.services import operations as ops
from annotator.services.agreement.adjudication import (
    Coding,
    Comparison,
    Item,
    accept,
    accept_agreed,
    accept_all,
    compare_document,
    mark_resolved,
    set_gold,
)
from annotator.services.agreement.measure import GOLD
from annotator.services.changes import ChangeSet

CODER_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f")
GOLD_COLOUR = "#c9a227"
NEXT_KEYS, PREVIOUS_KEYS = ("N", "F8"), ("P", "Shift+F8")


class AdjudicationWindow(QWidget):
    def __init__(
        self,
        parent: QWidget,
        session: ProjectSession,
        document_id: str,
        coders: list[str],
        dialogs: Dialogs,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        assert session.project is not None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("adjudicationWindow")
        self.session, self.project, self._dialogs = session, session.project, dialogs
        self.document_id, self._wanted = document_id, list(coders)
        self.resize(1300, 800)
        self.comparison = compare_document(self.project, document_id, coders=coders)
        self.setWindowTitle(self.tr("Adjudicate — {0}").format(self.comparison.title))
        self.header = QLabel()
        self.header.setObjectName("adjudicationHeader")
        self.header.setWordWrap(True)
        self.views: dict[str, ArticleView] = {}
        panes = QSplitter(Qt.Orientation.Horizontal)
        for name in (*self.comparison.coders, GOLD):
            panes.addWidget(self._pane(name))
        self.table = QTableWidget()
        self.table.setObjectName("adjudicationItems")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_current)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit())
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.table, 1)
        bottom_layout.addLayout(self._buttons())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(panes)
        splitter.addWidget(bottom)
        splitter.setSizes([430, 370])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("adjudicationStatus")
        layout.addWidget(self.status)
        self._add_keys()
        session.bus.changed.connect(self._on_changed)
        session.bus.failed.connect(self.status.setText)
        self.refresh()

    # --- building ------------------------------------------------------------------------

    def colour(self, name: str) -> str:
        if name == GOLD:
            return GOLD_COLOUR
        index = self.comparison.coders.index(name) if name in self.comparison.coders else 0
        return CODER_COLOURS[index % len(CODER_COLOURS)]

    def _pane(self, name: str) -> QWidget:
        pane = QWidget()
        column = QVBoxLayout(pane)
        column.setContentsMargins(2, 2, 2, 2)
        title = QLabel(f"<b style='color:{self.colour(name)}'>■ {name}</b>")
        column.addWidget(title)
        view = ArticleView(pane)
        view.setObjectName(f"compareView.{name}")
        view.set_text(self.comparison.text)
        column.addWidget(view, 1)
        self.views[name] = view
        return pane

    def _buttons(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        self.accept_buttons: dict[str, QPushButton] = {}
        for number, coder in enumerate(self.comparison.coders, start=1):
            button = QPushButton(self.tr("Accept {0} ({1})").format(coder, number))
            button.clicked.connect(lambda _=False, c=coder: self.accept(c))
            self.accept_buttons[coder] = button
            first.addWidget(button)
        self.edit_button = QPushButton(self.tr("Edit… (E)"))
        self.edit_button.clicked.connect(self.edit)
        self.resolve_button = QPushButton(self.tr("Mark Resolved (R)"))
        self.resolve_button.setToolTip(
            self.tr(
                "Resolved without a gold annotation (nothing should be coded here); again: undo"
            )
        )
        self.resolve_button.clicked.connect(self.toggle_resolved)
        first.addWidget(self.edit_button)
        first.addWidget(self.resolve_button)
        first.addStretch(1)
        previous, following = (
            QPushButton(self.tr("◀ Previous (P)")),
            QPushButton(self.tr("Next (N) ▶")),
        )
        previous.clicked.connect(lambda: self.step(-1))
        following.clicked.connect(lambda: self.step(1))
        first.addWidget(previous)
        first.addWidget(following)
        self.all_of = QComboBox()
        self.all_of.addItems(list(self.comparison.coders))
        all_button = QPushButton(self.tr("Accept All of This Coder"))
        all_button.clicked.connect(lambda: self.accept_everything(self.all_of.currentText()))
        agreed_button = QPushButton(self.tr("Accept the Agreed Ones"))
        agreed_button.setToolTip(self.tr("Copy every annotation all coders agree on into gold"))
        agreed_button.clicked.connect(self.accept_agreed)
        self.show_agreed = QCheckBox(self.tr("List agreed annotations too"))
        self.show_agreed.toggled.connect(lambda _on: self.refresh())
        second.addWidget(QLabel(self.tr("Whole document:")))
        second.addWidget(self.all_of)
        second.addWidget(all_button)
        second.addWidget(agreed_button)
        second.addStretch(1)
        second.addWidget(self.show_agreed)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _add_keys(self) -> None:
        def add(keys: tuple[str, ...], run: Callable[[], object]) -> None:
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(run)
            self.addAction(action)

        add(NEXT_KEYS, lambda: self.step(1))
        add(PREVIOUS_KEYS, lambda: self.step(-1))
        add(("E",), self.edit)
        add(("R",), self.toggle_resolved)
        for number, coder in enumerate(self.comparison.coders[:9], start=1):
            add((str(number),), functools.partial(self.accept, coder))
        undo = self.session.undo_stack.createUndoAction(self, self.tr("Undo"))
        redo = self.session.undo_stack.createRedoAction(self, self.tr("Redo"))
        undo.setShortcuts(key_sequences(UNDO_KEYS))
        redo.setShortcuts(key_sequences(REDO_KEYS))
        self.addAction(undo)
        self.addAction(redo)

    # --- showing -------------------------------------------------------------------------

    def listed(self) -> list[Item]:
        items = self.comparison.items
        return list(items if self.show_agreed.isChecked() else self.comparison.disagreements)

    def refresh(self) -> None:
        """Compare again (after any change) and redraw, staying on the same item."""
        if self.project is not self.session.project:
            return
        current = self.current()
        self.comparison = compare_document(self.project, self.document_id, coders=self._wanted)
        self._paint()
        items = self.listed()
        coders = self.comparison.coders
        headers = [self.tr("Where"), self.tr("Kind"), self.tr("What differs"), *coders]
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers) + 1)
        self.table.setHorizontalHeaderLabels([*headers, self.tr("Gold")])
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = [
                f"“{_excerpt(self.comparison.text[item.start : item.end])}”",
                self.tr(item.kind),
                self._differs(item),
                *(self._version(item.versions.get(c)) for c in coders),
                self._status(item),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.key)
                cell.setToolTip(text)
                if column == len(cells) - 1 and item.resolved:
                    cell.setForeground(QColor("#2e7d32"))
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        for column in range(self.table.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        self.table.blockSignals(False)
        keys = [i.key for i in items]
        row = keys.index(current.key) if current is not None and current.key in keys else 0
        if items:
            self.table.selectRow(row)
        self._show_current()
        open_ = sum(1 for i in self.comparison.disagreements if not i.resolved)
        self.header.setText(
            self.tr(
                "<b>{0}</b> — coders {1}. Disagreements: {2}, still open: {3}; agreed by all: {4}."
            ).format(
                self.comparison.title,
                ", ".join(coders),
                len(self.comparison.disagreements),
                open_,
                len(self.comparison.items) - len(self.comparison.disagreements),
            )
        )

    def _paint(self) -> None:
        labels = {a.id: a.name for a in self.project.actors()}
        labels |= {c.id: c.label for c in self.project.claims()}
        self._labels = labels
        for name, view in self.views.items():
            annotations = list(self.comparison.annotations.get(name, ()))
            colour = self.colour(name)
            view.set_annotations(
                annotations, {a.id: (colour, f"{name}: {self._version(a)}") for a in annotations}
            )

    def _version(self, a: AnnotationRecord | None) -> str:
        if a is None:
            return "—"
        labels = getattr(self, "_labels", {})
        span = f"{a.start}–{a.end}"
        if a.kind == "mention":
            return f"{labels.get(a.actor_id or '', '?')} [{span}]"
        speaker = labels.get(a.actor_id or "", self.tr("no speaker"))
        parts = [labels.get(a.claim_id or "", "?"), speaker, a.stance or self.tr("no stance")]
        return " · ".join(parts) + f" [{span}]"

    def _differs(self, item: Item) -> str:
        parts = [self.tr(d) for d in item.differences]
        if item.missing:
            parts.append(self.tr("not marked by {0}").format(", ".join(item.missing)))
        return "; ".join(parts) or self.tr("agreed")

    def _status(self, item: Item) -> str:
        if item.gold:
            return self._version(item.gold[0])
        return self.tr("resolved, no gold") if item.marked_resolved else self.tr("open")

    def current(self) -> Item | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        cell = self.table.item(rows[0].row(), 0)
        key = cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None
        return next((i for i in self.comparison.items if i.key == key), None)

    def _show_current(self) -> None:
        item = self.current()
        if item is None:
            return
        for name, view in self.views.items():
            version = item.versions.get(name) or (
                item.gold[0] if name == GOLD and item.gold else None
            )
            start, end = (version.start, version.end) if version else (item.start, item.end)
            view.select_span(start, end)
        self.resolve_button.setText(
            self.tr("Unmark Resolved (R)") if item.marked_resolved else self.tr("Mark Resolved (R)")
        )

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) listed item, round the end."""
        count = self.table.rowCount()
        if count == 0:
            return
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else (-1 if direction > 0 else count)
        self.table.selectRow((row + direction) % count)

    # --- changing ------------------------------------------------------------------------

    def _push(self, build: Callable[[Comparison, Item], ops.Operation], text: str) -> bool:
        item = self.current()
        if item is None:
            self.status.setText(self.tr("No disagreement selected."))
            return False
        return self._apply(lambda: build(self.comparison, item), text)

    def _apply(self, build: Callable[[], ops.Operation], text: str) -> bool:
        try:
            op = build()
        except AnnotatorError as error:
            self.status.setText(str(error))
            return False
        done = self.session.push(op, text, initiator=self)
        if done:
            self.status.setText(self.tr("{0}. Ctrl+Z undoes it.").format(text))
        return done

    def accept(self, coder: str) -> bool:
        return self._push(
            lambda c, i: accept(c, i, coder), self.tr("Accept {0}'s version").format(coder)
        )

    def accept_everything(self, coder: str) -> bool:
        return self._apply(
            lambda: accept_all(self.comparison, coder),
            self.tr("Accept all of {0}'s annotations").format(coder),
        )

    def accept_agreed(self) -> bool:
        return self._apply(
            lambda: accept_agreed(self.comparison), self.tr("Accept the agreed annotations")
        )

    def toggle_resolved(self) -> bool:
        item = self.current()
        resolved = item is not None and not item.marked_resolved
        text = self.tr("Mark resolved") if resolved else self.tr("Unmark resolved")
        return self._push(lambda c, i: mark_resolved(c, i, resolved), text)

    def edit(self) -> bool:
        item = self.current()
        if item is None:
            return False
        base = item.gold[0] if item.gold else next(iter(item.versions.values()))
        dialog = GoldEditDialog(
            self,
            self.comparison.text,
            Coding.of(base),
            self.project.actors(),
            self.project.claims(),
            list(self.project.info().stance_scale),
        )
        if not self._dialogs.run(dialog):
            return False
        coding = dialog.coding()
        return self._push(
            lambda c, i: set_gold(c, i, coding, "edit gold"), self.tr("Edit the gold version")
        )

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        if (
            self.document_id in changes.annotated_documents
            or self.document_id in changes.documents
            or changes.coders
        ):
            self.refresh()


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
