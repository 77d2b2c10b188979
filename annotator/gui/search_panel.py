"""The search panel: a query box and the ranked results with their snippets."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from annotator.core.search import Mark, Snippet
from annotator.gui.result_delegate import HtmlRole, ResultDelegate
from annotator.gui.roles import IdRole
from annotator.gui.session import ProjectSession
from annotator.gui.status_counts import plural
from annotator.gui.tasks import Task, run_task
from annotator.services.search import SearchHit, SearchResults, SearchService, StatementHit

HitsRole = Qt.ItemDataRole.UserRole + 10
FocusRole = Qt.ItemDataRole.UserRole + 11
"""Where in the document a row opens it: the start of its statement (statement rows)."""
StatementRole = Qt.ItemDataRole.UserRole + 12
QUOTE_CHARS = 160
MARK_OPEN = "<span style='background-color:#ffe066; font-weight:600'>"
MARK_CLOSE = "</span>"
"""How a matched word looks in a result (Qt's rich text has no <mark>)."""


class SearchPanel(QWidget):
    """Emits ``result_opened(document_id, hits, focus)`` with the hits as code-point spans and
    where to go: the start of the statement a row stands for, or -1 for the first hit."""

    result_opened = Signal(str, list, int)
    searched = Signal()
    started = Signal()
    """A new search began: the old one's hits are no longer what the user asked for."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = False
        """True while the index is built or a search runs in the background."""
        self.task: Task | None = None
        self.input = QLineEdit()
        self.input.setObjectName("searchInput")
        self.input.setPlaceholderText(self.tr('Search: words, "phrases", actor:"Kim Jong Un"…'))
        self.input.setClearButtonEnabled(True)
        self.input.returnPressed.connect(self.run)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setItemDelegate(ResultDelegate(self.results))
        # Rows differ in height (wrapped snippets): lay them out again when the width changes.
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.activated.connect(self._on_activated)
        self.results.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.input)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        session.closing.connect(self._on_closing)

    @property
    def search(self) -> SearchService | None:
        return self._session.search

    def _on_closing(self) -> None:
        if self.task is not None and self.task.running:
            # Its answer is for the project being closed: neither results nor "cancelled".
            self.task.done.disconnect(self._on_results)
            self.task.failed.disconnect(self._on_failed)
            self.task.cancel_and_wait()  # marking stops at the next hit
        self.task = None
        self.busy = False
        self.model.clear()
        self.status.clear()
        self.input.clear()  # the next project's search starts empty

    def run(self) -> None:
        """Search in the background (a large index can take a few hundred ms) and show the
        hits when they come; a search typed meanwhile waits for the one running."""
        self.model.clear()
        search = self.search
        if search is None:
            self.status.setText(self.tr("Open a project to search it."))
            return
        if self.busy:
            self.status.setText(self.tr("The search index is being built; try again shortly."))
            return
        text = self.input.text()
        self.started.emit()
        self.busy = True
        self.status.setText(self.tr("Searching…"))
        self.task = run_task(
            self,
            self.tr("Searching"),
            lambda _p, cancelled: (
                search.ensure_current(cancelled=cancelled),
                search.search(text, limit=50, cancelled=cancelled),
            )[1],
            quiet=True,
        )
        self.task.done.connect(self._on_results)
        self.task.failed.connect(self._on_failed)

    def _on_failed(self, message: str) -> None:
        self.busy = False
        self.status.setText(self.tr("Query problem: {0}").format(message))

    def _on_results(self, results: SearchResults) -> None:
        self.busy = False
        self.status.setText(
            plural(
                results.total,
                self.tr("{n} document matches"),
                self.tr("{n} documents match"),
            )
            + self.tr(" ({0:.0f} ms)").format(results.took_ms)
            + "".join("\n" + note[:1].upper() + note[1:] + "." for note in results.notes)
        )
        for hit in results.hits:
            self.model.appendRow(self._item(hit))
            for said in hit.statements:
                self.model.appendRow(self._statement_item(hit, said))
        if results.hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        self.searched.emit()

    def _item(self, hit: SearchHit) -> QStandardItem:
        meta = " · ".join(x for x in (hit.source, hit.published_at or "") if x)
        snippet = " … ".join(" ".join(s.text.split()) for s in hit.snippets[:2])
        item = QStandardItem(f"{hit.title}\n{meta}\n{snippet}".strip())
        item.setEditable(False)
        # Drawn as rich text, with the matched words marked; everything in it escaped.
        marked = _short_snippet(hit.snippets[0]) if hit.snippets else ""
        parts = [f"<b>{escape(hit.title)}</b>"]
        if meta:
            parts.append(f"<span style='color:{self._secondary()}'>{escape(meta)}</span>")
        if marked:
            parts.append(marked)
        item.setData("<br>".join(parts), HtmlRole)
        item.setData(hit.document_id, IdRole)
        item.setData([(m.start, m.end) for m in hit.offsets], HitsRole)
        item.setToolTip("<br>".join(s.html() for s in hit.snippets))
        return item

    def _secondary(self) -> str:
        return str(self.palette().color(QPalette.ColorRole.PlaceholderText).name())

    def _statement_item(self, hit: SearchHit, said: StatementHit) -> QStandardItem:
        """A statement the document was found by (``statement:( … )``), under its document;
        activating it opens the document at the statement."""
        who = " · ".join(
            x for x in (said.speaker or self.tr("(no speaker)"), said.stance, said.claim) if x
        )
        quote = " ".join(said.quote.split())
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "…"
        item = QStandardItem(f"    ▸ {who}\n      “{quote}”")
        item.setEditable(False)
        # Set apart from the articles: italic, in the palette's secondary text colour.
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        item.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))
        item.setData(hit.document_id, IdRole)
        item.setData(said.id, StatementRole)
        item.setData(said.start, FocusRole)
        item.setData([(m.start, m.end) for m in hit.offsets], HitsRole)
        item.setToolTip(self.tr("Open the article at this statement"))
        return item

    def _on_activated(self, index: QModelIndex) -> None:
        document_id = index.data(IdRole)
        if document_id:
            focus = index.data(FocusRole)
            self.result_opened.emit(
                document_id, list(index.data(HitsRole) or []), -1 if focus is None else focus
            )


def _short_snippet(snippet: Snippet, around: int = 50, most: int = 150) -> str:
    """About ``most`` characters of ``snippet`` from a little before its first match, as
    HTML with the matches marked: a row of the list shows a line or three, not the whole
    snippet (the tooltip has them all)."""
    first = snippet.marks[0].start if snippet.marks else snippet.start
    start = max(snippet.start, first - around)
    end = min(snippet.end, start + most)
    part = Snippet(
        start,
        end,
        snippet.text[start - snippet.start : end - snippet.start],
        tuple(
            Mark(max(m.start, start), min(m.end, end))
            for m in snippet.marks
            if m.end > start and m.start < end
        ),
    )
    html = " ".join(part.html().split()).replace("<mark>", MARK_OPEN)
    return (
        ("…" if start > 0 else "")
        + html.replace("</mark>", MARK_CLOSE)
        + ("…" if end < snippet.end else "")
    )
