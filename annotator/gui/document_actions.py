"""What the analyst does to documents from the list's context menu and the Document menu:
edit a document's details, set the coding status of the selected documents, delete them
(asking first, with what goes with them). Each is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from annotator.core.records import DOCUMENT_STATUSES, DocumentSummary
from annotator.gui.dialogs import Dialogs
from annotator.gui.document_details_dialog import STATUS_TEXTS, DocumentDetailsDialog
from annotator.gui.roles import IdRole
from annotator.gui.session import ProjectSession
from annotator.gui.status_counts import plural
from annotator.services import operations as ops

if TYPE_CHECKING:
    from annotator.gui.documents_view import DocumentsView


class DocumentActions:
    def __init__(self, view: DocumentsView, session: ProjectSession, dialogs: Dialogs) -> None:
        self._view, self._session, self._dialogs = view, session, dialogs
        table = view.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_menu)
        self.show_menu: Callable[[QMenu, QPoint], object] = lambda menu, at: menu.exec(at)
        """Shows the context menu until it is closed (a seam: tests take an item instead)."""

    def _tr(self, text: str) -> str:
        return self._view.tr(text)

    # --- which documents -------------------------------------------------------------------

    def selected(self) -> list[DocumentSummary]:
        """The documents selected in the list, in list order; else the one shown."""
        table, model = self._view.table, self._view.model
        rows = sorted(table.selectionModel().selectedRows(), key=lambda index: index.row())
        ids = [index.data(IdRole) for index in rows]
        if not ids and self._session.document_id is not None:
            ids = [self._session.document_id]
        listed = {model.record(row).id: model.record(row) for row in range(model.rowCount())}
        return [listed[i] for i in ids if i in listed]

    # --- the context menu ------------------------------------------------------------------

    def _on_menu(self, position: QPoint) -> None:
        table = self._view.table
        index = table.indexAt(position)
        if not index.isValid():  # the Menu key, or a click below the rows: the current row
            index = table.currentIndex()
            position = table.visualRect(index).center()
        if not self._session.writable or not index.isValid():
            return
        if not table.selectionModel().isRowSelected(index.row(), index.parent()):
            self._view.select_only(index.row())  # a right-click elsewhere acts on that row
        self.show_menu(self.context_menu(), table.viewport().mapToGlobal(position))

    def context_menu(self) -> QMenu:
        menu = QMenu(self._view)
        menu.setObjectName("documentMenu")
        many = len(self.selected()) > 1
        details = menu.addAction(self._tr("Edit &Details…"), self.edit_details)
        details.setEnabled(not many)
        statuses = menu.addMenu(self._tr("Set &Status"))
        current = {d.status for d in self.selected()}
        group = QActionGroup(statuses)  # shown as one choice (radio marks)
        for status in DOCUMENT_STATUSES:
            action = statuses.addAction(self._tr(STATUS_TEXTS[status]))
            group.addAction(action)
            action.setCheckable(True)
            action.setChecked(current == {status})
            action.triggered.connect(self._status_slot(status))
        menu.addSeparator()
        menu.addAction(self._tr("De&lete…"), self.delete)
        return menu

    def _status_slot(self, status: str) -> Callable[[], None]:
        return lambda: self.set_status(status)

    # --- the commands ----------------------------------------------------------------------

    def edit_details(self) -> None:
        project, chosen = self._session.project, [d.id for d in self.selected()]
        if project is None or not chosen:
            return
        shown = self._session.document_id
        document = project.document(shown if shown in chosen else chosen[0])
        dialog = DocumentDetailsDialog(document, self._view.window())
        if not self._dialogs.run(dialog):
            return
        steps: list[ops.Operation] = []
        edit = dialog.edit()
        if edit is not None:
            steps.append(edit)
        if dialog.status_value() != document.status:
            steps.append(ops.SetDocumentStatus((document.id,), dialog.status_value()))
        if steps:
            text = self._tr("Edit document details")
            self._session.push(steps[0] if len(steps) == 1 else ops.Batch(tuple(steps), text), text)

    def set_status(self, status: str) -> None:
        chosen = [d.id for d in self.selected() if d.status != status]  # no empty undo steps
        if chosen:
            text = self._tr("Mark {0} {1}").format(
                plural(len(chosen), self._tr("{n} document"), self._tr("{n} documents")),
                self._tr(STATUS_TEXTS[status]).lower(),
            )
            self._session.push(ops.SetDocumentStatus(tuple(chosen), status), text)

    def delete(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        if self._dialogs.confirm(self._tr("Delete documents"), self.delete_question(chosen)):
            rows = [index.row() for index in self._view.table.selectionModel().selectedRows()]
            ids = tuple(d.id for d in chosen)
            text = self._tr("Delete {0}").format(
                plural(len(ids), self._tr("{n} document"), self._tr("{n} documents"))
            )
            if self._session.push(ops.DeleteDocuments(ids, with_annotations=True), text):
                self._view.select_row(min(rows, default=0))  # the next one, as lists do

    def delete_question(self, chosen: list[DocumentSummary]) -> str:
        """Says what goes: the documents and how much coding with them."""
        statements = sum(d.n_statements for d in chosen)
        mentions = sum(d.n_mentions for d in chosen)
        one = len(chosen) == 1
        what = (
            f"“{chosen[0].title or self._tr('(untitled)')}”"
            if one
            else self._tr("these {0} documents").format(len(chosen))
        )
        if statements or mentions:
            coded = (
                self._tr("and the {0} and {1} coded in it")
                if one
                else self._tr("and the {0} and {1} coded in them")
            )
            question = self._tr("Delete {0} {1}?").format(
                what,
                coded.format(
                    plural(statements, self._tr("{n} statement"), self._tr("{n} statements")),
                    plural(mentions, self._tr("{n} mention"), self._tr("{n} mentions")),
                ),
            )
        else:
            nothing = (
                self._tr("Nothing is coded in it.")
                if one
                else self._tr("Nothing is coded in them.")
            )
            question = self._tr("Delete {0}? {1}").format(what, nothing)
        back = (
            self._tr("Edit → Undo brings it back.")
            if one
            else self._tr("Edit → Undo brings them back.")
        )
        return f"{question}\n\n{back}"
