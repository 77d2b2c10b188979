"""The search panel: a query box and the ranked results with their snippets."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from annotator.core.search import QueryError
from annotator.gui.roles import IdRole
from annotator.services.search import SearchHit, SearchService

HitsRole = Qt.ItemDataRole.UserRole + 10


class SearchPanel(QWidget):
    """Emits ``result_opened(document_id, hits)`` with the hits as code-point spans."""

    result_opened = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search: SearchService | None = None
        self.busy = False
        """True while the index is built in the background (searching waits for it)."""
        self.input = QLineEdit()
        self.input.setObjectName("searchInput")
        self.input.setPlaceholderText(self.tr('Search: words, "phrases", actor:"Kim Jong Un"…'))
        self.input.setClearButtonEnabled(True)
        self.input.returnPressed.connect(self.run)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.activated.connect(self._on_activated)
        self.results.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.input)
        layout.addWidget(self.status)
        layout.addWidget(self.results)

    def run(self) -> None:
        self.model.clear()
        if self.search is None:
            return
        if self.busy:
            self.status.setText(self.tr("The search index is being built; try again shortly."))
            return
        text = self.input.text()
        try:
            self.search.ensure_current()
            results = self.search.search(text, limit=50)
        except QueryError as error:
            self.status.setText(self.tr("Query problem: {0}").format(error))
            return
        self.status.setText(
            self.tr("{n} documents match ({ms:.0f} ms)").format(n=results.total, ms=results.took_ms)
        )
        for hit in results.hits:
            self.model.appendRow(self._item(hit))
        if results.hits:
            self.results.setCurrentIndex(self.model.index(0, 0))

    def _item(self, hit: SearchHit) -> QStandardItem:
        meta = " · ".join(x for x in (hit.source, hit.published_at or "") if x)
        snippet = " … ".join(" ".join(s.text.split()) for s in hit.snippets[:2])
        item = QStandardItem(f"{hit.title}\n{meta}\n{snippet}".strip())
        item.setEditable(False)
        item.setData(hit.document_id, IdRole)
        item.setData([(m.start, m.end) for m in hit.offsets], HitsRole)
        item.setToolTip("<br>".join(s.html() for s in hit.snippets))
        return item

    def _on_activated(self, index: QModelIndex) -> None:
        document_id = index.data(IdRole)
        if document_id:
            self.result_opened.emit(document_id, list(index.data(HitsRole) or []))
