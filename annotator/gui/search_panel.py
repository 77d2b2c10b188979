"""The search panel: a query box and the ranked results with their snippets."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from annotator.core.search import Mark, Snippet
from annotator.gui.result_delegate import (
    MARK_CLASS,
    META_CLASS,
    HtmlRole,
    ResultDelegate,
)
from annotator.gui.roles import IdRole
from annotator.gui.search_keys import SearchKeys
from annotator.gui.session import ProjectSession
from annotator.gui.status_counts import plural
from annotator.gui.tasks import Task, run_task
from annotator.services.search import SearchHit, SearchResults, SearchService, StatementHit

HitsRole = Qt.ItemDataRole.UserRole + 10
FocusRole = Qt.ItemDataRole.UserRole + 11
"""Where in the document a row opens it: the start of its statement (statement rows)."""
StatementRole = Qt.ItemDataRole.UserRole + 12
QUOTE_CHARS = 160
RERUN_MS = 300
"""How long the project stays unchanged before the shown results are searched again."""
MARK_OPEN = f"<span class='{MARK_CLASS}'>"
MARK_CLOSE = "</span>"
"""A matched word in a result (Qt's rich text has no <mark>); the delegate styles it."""


class SearchPanel(QWidget):
    """Emits ``result_opened(document_id, hits, focus, statement_id)`` with the hits as
    code-point spans and where to go: the start of the statement a row stands for, or -1 for
    the first hit; ``statement_id`` is that statement's ('' for a document row)."""

    result_opened = Signal(str, list, int, str)
    searched = Signal()
    started = Signal()
    """A new search began: the old one's hits are no longer what the user asked for."""
    cleared = Signal()
    """The search box was emptied (its clear button, or all its text deleted): no search."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.busy = False
        """True while the index is built or a search runs in the background."""
        self.task: Task | None = None
        self.query: str | None = None
        """The query whose results are shown (run again when the project changes)."""
        self._again = False
        """The search running is :attr:`query` again, not one the user just asked for."""
        self.rerun = QTimer(self)
        self.rerun.setSingleShot(True)
        self.rerun.setInterval(RERUN_MS)  # a burst of changes (an import) is one search
        self.rerun.timeout.connect(self._run_again)
        self.input = QLineEdit()
        self.input.setObjectName("searchInput")
        self.input.setPlaceholderText(self.tr('Search: words, "phrases", actor:"Kim Jong Un"…'))
        self.input.setClearButtonEnabled(True)
        self.input.setToolTip(self.tr("Help → Search Syntax lists the operators and fields"))
        self.input.returnPressed.connect(self.run)
        self.input.textChanged.connect(self._on_text_changed)
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
        self.keys = SearchKeys(self.input, self.results, session.undo_stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.input)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        session.closing.connect(self._on_closing)
        session.bus.changed.connect(self._on_changed)

    @property
    def search(self) -> SearchService | None:
        return self._session.search

    def _drop_task(self) -> None:
        """Stop the search running, if one is: its answer is no longer wanted (neither its
        results nor "cancelled")."""
        if self.task is not None and self.task.running:
            self.task.done.disconnect(self._on_results)
            self.task.failed.disconnect(self._on_failed)
            self.task.cancel_and_wait()  # marking stops at the next hit
            self.busy = False
        self.task = None
        self._again = False

    def _forget_query(self) -> None:
        self.rerun.stop()
        self.query = None
        self._drop_task()

    def _on_closing(self) -> None:
        self._forget_query()
        self.busy = False
        self.model.clear()
        self.status.clear()
        self.input.clear()  # the next project's search starts empty

    def _on_text_changed(self, text: str) -> None:
        if text:
            return
        # An empty box starts afresh: Ctrl+Z then undoes only what is typed from here on,
        # never brings back a query that was searched and cleared (walkthrough).
        QTimer.singleShot(0, self._forget_typing)
        self._forget_query()
        self.model.clear()
        self.status.clear()
        self.cleared.emit()

    def _forget_typing(self) -> None:
        if not self.input.text():  # nothing typed since it was cleared
            self.keys.forget_typing()

    def _on_changed(self, _changes: object, _initiator: object) -> None:
        """A recode, an undo, an import…: the results shown may be stale; run their query
        again once the changes pause."""
        if self.query is not None:
            self.rerun.start()

    def _run_again(self) -> None:
        search = self.search
        if search is None or self.query is None:
            return
        if self.busy:  # the index is being built or a search runs: after it
            self.rerun.start()
            return
        self._start(search, self.query, again=True)

    def run(self) -> None:
        """Search in the background (a large index can take a few hundred ms) and show the
        hits when they come. While the index is built or a search runs, say so (the shown
        query running again after a change gives way instead)."""
        self.model.clear()
        self.rerun.stop()
        search = self.search
        if search is None:
            self.status.setText(self.tr("Open a project to search it."))
            return
        if self.busy and self._again:
            self._drop_task()  # the old query run again: the new one replaces it
        if self.busy:
            self.status.setText(self.tr("The search index is being built; try again shortly."))
            return
        self.keys.forget_typing()  # Ctrl+Z now undoes coding, not the query that ran
        self.started.emit()
        self.status.setText(self.tr("Searching…"))
        self._start(search, self.input.text(), again=False)

    def _start(self, search: SearchService, text: str, *, again: bool) -> None:
        self.query, self._again = text, again
        self.busy = True
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
        self.busy = self._again = False
        self.query = None  # nothing to run again
        self.status.setText(self.tr("Query problem: {0}").format(message))

    def _on_results(self, results: SearchResults) -> None:
        self.busy = False
        again, self._again = self._again, False
        current = self.results.currentIndex()
        kept = (current.data(IdRole), current.data(StatementRole))
        scrolled = self.results.verticalScrollBar().value()
        self.model.clear()
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
        if again:  # where it was: the same scroll position, the same row if it is there
            self.results.doItemsLayout()  # now, so that the old position is there to go to
            self.results.verticalScrollBar().setValue(scrolled)
            self._select_again(*kept)
        elif results.hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        self.searched.emit()

    def _select_again(self, document_id: str | None, statement_id: str | None) -> None:
        """Select the row that was selected before the query ran again: the same statement
        or document, else its document, else none. Not the row in its place: when the
        document was deleted, that row names another article than the one the window
        opened instead (a new analyst saw one selected and the other shown)."""
        rows = [self.model.index(r, 0) for r in range(self.model.rowCount())]
        same = [
            i
            for i in rows
            if (i.data(IdRole), i.data(StatementRole)) == (document_id, statement_id)
        ]
        document = [i for i in rows if i.data(IdRole) == document_id and not i.data(StatementRole)]
        self.results.setCurrentIndex((same or document or [QModelIndex()])[0])

    def _item(self, hit: SearchHit) -> QStandardItem:
        meta = " · ".join(x for x in (hit.source, hit.published_at or "") if x)
        snippet = " … ".join(" ".join(s.text.split()) for s in hit.snippets[:2])
        item = QStandardItem(f"{hit.title}\n{meta}\n{snippet}".strip())
        item.setEditable(False)
        # Drawn as rich text, with the matched words marked; everything in it escaped.
        marked = _short_snippet(hit.snippets[0]) if hit.snippets else ""
        parts = [f"<b>{escape(hit.title)}</b>"]
        if meta:
            parts.append(f"<span class='{META_CLASS}'>{escape(meta)}</span>")
        if marked:
            parts.append(marked)
        item.setData("<br>".join(parts), HtmlRole)
        item.setData(hit.document_id, IdRole)
        item.setData([(m.start, m.end) for m in hit.offsets], HitsRole)
        item.setToolTip("<br>".join(s.html() for s in hit.snippets))
        return item

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
                document_id,
                list(index.data(HitsRole) or []),
                -1 if focus is None else focus,
                index.data(StatementRole) or "",
            )


def _short_snippet(snippet: Snippet, around: int = 50, most: int = 150) -> str:
    """About ``most`` characters of ``snippet`` from a little before its first match, as
    HTML with the matches marked: a row of the list shows a line or three, not the whole
    snippet (the tooltip has them all)."""
    first = snippet.marks[0].start if snippet.marks else snippet.start
    start = max(snippet.start, first - around)
    if start > snippet.start:  # from the next word on, not from inside one
        space = snippet.text.find(" ", start - snippet.start, first - snippet.start)
        start = snippet.start + space + 1 if space >= 0 else start
    end = min(snippet.end, start + most)
    if end < snippet.end:  # up to the last whole word that fits
        space = snippet.text.rfind(" ", first - snippet.start, end - snippet.start)
        end = snippet.start + space if space > first - snippet.start else end
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
