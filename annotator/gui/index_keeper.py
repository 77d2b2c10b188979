"""Keeps the search index of the open project current, in the background: built or repaired
at open, rebuilt on request, its segments merged when the analyst pauses."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from annotator.gui.search_panel import SearchPanel
from annotator.gui.session import ProjectSession
from annotator.gui.tasks import Work, run_task

IDLE_MERGE_MS = 60_000


class IndexKeeper(QObject):
    def __init__(self, session: ProjectSession, panel: SearchPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._panel = panel
        self._parent = parent
        # Many small index commits slow queries 3-6x (DESIGN.md §6): merge the index's
        # segments once the analyst has paused for a while.
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_MERGE_MS)
        self.idle.timeout.connect(self.merge_when_idle)
        session.opened.connect(self._prepare)
        session.closing.connect(self.idle.stop)
        session.bus.changed.connect(lambda _changes, _initiator: self.idle.start())

    def _prepare(self) -> None:
        """Bring the index up to date (a first open or a damaged index means a rebuild,
        which must not freeze the window)."""
        search = self._session.search
        assert search is not None
        if not search.index.status().usable:
            self._work(
                self.tr("Building the search index"),
                lambda progress, cancelled: search.ensure_current(progress, cancelled),
            )

    def rebuild(self) -> None:
        search = self._session.search
        if search is not None and not self._panel.busy:
            self._work(
                self.tr("Rebuilding the search index"),
                lambda progress, cancelled: search.rebuild(progress, cancelled),
            )

    def merge_when_idle(self) -> None:
        search = self._session.search
        if search is None or self._panel.busy or not search.index.status().usable:
            return
        self._work(
            self.tr("Optimising the search index"), lambda _p, _c: search.merge_segments(), True
        )

    def _work(self, title: str, work: Work, quiet: bool = False) -> None:
        """Run index work in the background; searching waits until it is done."""
        self._panel.busy = True
        task = self._session.adopt(run_task(self._parent, title, work, quiet=quiet))
        task.done.connect(self._on_ready)
        task.failed.connect(self._on_ready)

    def _on_ready(self, _result: object) -> None:
        self._panel.busy = False
