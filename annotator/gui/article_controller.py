"""The shown document: its text in the article view and its annotations in the article's
highlights and the Annotations table. Redraws from change sets, touching only what changed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelection, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from annotator.core.records import AnnotationRecord
from annotator.gui.annotation_model import AnnotationRow, AnnotationTableModel
from annotator.gui.article_view import ArticleView
from annotator.gui.codebook_cache import CodebookCache
from annotator.gui.session import ProjectSession
from annotator.services.changes import ChangeSet


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArticleController", text)


class ArticleController(QObject):
    def __init__(
        self,
        session: ProjectSession,
        codebook: CodebookCache,
        view: ArticleView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._codebook = codebook
        self.view = view
        self.model = AnnotationTableModel(self)
        self.table = _annotation_table(self.model, view.fontMetrics().height())
        self.annotations: list[AnnotationRecord] = []
        """The shown document's annotations, by position."""
        self.table.selectionModel().selectionChanged.connect(self._on_row_selected)
        view.cursorPositionChanged.connect(self._on_cursor_moved)
        session.document_shown.connect(self._on_document_shown)
        session.bus.changed.connect(self._on_changed)
        codebook.changed.connect(self.refresh)

    def _on_document_shown(self, document_id: str | None) -> None:
        self._show_text(document_id)
        self.refresh()

    def _show_text(self, document_id: str | None) -> None:
        """The document's text in the view; none when it is gone (an undone import or load
        takes the shown document away, and its redo brings it back)."""
        project = self._session.project
        try:
            text = project.document(document_id).text if project and document_id else ""
        except KeyError:
            text = ""
        self.view.set_text(text)

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        document_id = self._session.document_id
        if document_id is not None and document_id in changes.documents:
            # The shown document itself went or came back: its text and all it carries.
            self._show_text(document_id)
            self.refresh()
            return
        # Codebook changes redraw everything through the cache's ``changed``.
        if not (changes.actors or changes.claims) and document_id in changes.annotated_documents:
            self.refresh(sorted(changes.annotations))

    def refresh(self, changed_ids: list[str] | None = None) -> None:
        """Reload the shown document's annotations (only ``changed_ids`` when given)."""
        project, document_id = self._session.project, self._session.document_id
        if project is None or document_id is None:
            self.annotations = []
            self.model.set_rows([])
            self.view.set_annotations([], {})
            return
        if changed_ids is not None:
            fresh = project.annotations_by_id(changed_ids)
            kept = [a for a in self.annotations if a.id not in fresh and a.id not in changed_ids]
            mine = [a for a in fresh.values() if a.document_id == document_id]
            self.annotations = sorted([*kept, *mine], key=lambda a: (a.start, a.end, a.id))
        else:
            self.annotations = project.annotations(document_id)
        rows = [self._row(a) for a in self.annotations]
        describe = {
            a.id: (self._codebook.colour_of(a), _describe(a, row))
            for a, row in zip(self.annotations, rows, strict=True)
        }
        self.model.set_rows(rows)
        if changed_ids is None:
            self.view.set_annotations(self.annotations, describe)
        else:
            by_id = {a.id: a for a in self.annotations}
            self.view.update_annotations({i: by_id.get(i) for i in changed_ids}, describe)

    def _row(self, a: AnnotationRecord) -> AnnotationRow:
        actor, claim = self._codebook.actor(a.actor_id), self._codebook.claim(a.claim_id)
        return AnnotationRow(
            a.id,
            a.kind,
            a.start,
            a.end,
            a.exact,
            actor.name if actor else "",
            claim.label if claim else "",
            a.stance or "",
            a.note,
        )

    def annotation(self, annotation_id: str) -> AnnotationRecord | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def current_id(self) -> str | None:
        """The annotation selected in the table."""
        index = self.table.currentIndex()
        return self.model.annotation(index.row()).id if index.isValid() else None

    def select(self, annotation_id: str) -> None:
        row = self.model.row_of(annotation_id)
        if row >= 0:
            self.table.selectRow(row)

    def default_speaker(self, start: int) -> str | None:
        """The actor of the last mention that starts before ``start`` (DESIGN.md §7)."""
        before = [a for a in self.annotations if a.kind == "mention" and a.start < start]
        return max(before, key=lambda a: a.start).actor_id if before else None

    def _on_row_selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        if selected.indexes():
            row = self.model.annotation(selected.indexes()[0].row())
            self.view.select_span(row.start, row.end)

    def _on_cursor_moved(self) -> None:
        position = self.view.to_codepoint(self.view.textCursor().position())
        for a in self.annotations:
            if a.start <= position < a.end:
                row = self.model.row_of(a.id)
                if row != self.table.currentIndex().row():
                    blocker = self.table.selectionModel().blockSignals(True)
                    self.table.selectRow(row)
                    self.table.selectionModel().blockSignals(blocker)
                return


def _describe(annotation: AnnotationRecord, row: AnnotationRow) -> str:
    if annotation.kind == "mention":
        return _tr("Mention of {0}").format(row.actor)
    speaker = row.actor or _tr("(no speaker)")
    text = _tr("{s} — {c}: {st}").format(s=speaker, c=row.claim, st=row.stance or "–")
    return text + (f"\n{row.note}" if row.note else "")


def _annotation_table(model: AnnotationTableModel, line_height: int) -> QTableView:
    table = QTableView()
    table.setObjectName("annotationTable")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    # Fixed widths and row heights: sizing to contents asks every cell of a 1,000-row
    # table for its size on each change (2.4 million data() calls, measured).
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the quote
    for column, width in ((0, 80), (2, 160), (3, 240), (4, 80), (5, 160), (6, 90)):
        header.resizeSection(column, width)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(line_height + 8)
    table.setWordWrap(False)
    return table
