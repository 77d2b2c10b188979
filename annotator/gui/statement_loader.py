"""Reading the Statements view's ids: the filter bar's choices and search query turned into
the ordered ids of the rows, off the GUI thread once the project is large.

A filter over 100,000 rows takes SQLite 0.1-0.5 s and a search query's matches up to a
second (benchmarks/statements_bench.py); on the GUI thread every typed filter would freeze
the window that long. Small projects are read at once (no flicker, nothing to wait for);
large ones in the background, the table showing the previous rows meanwhile, and only the
answer to the latest request is used.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.statement_table import StatementFilter, StatementSort
from annotator.gui.session import ProjectSession
from annotator.gui.tasks import run_task
from annotator.services.statement_table import SearchScope, StatementTable, with_search

log = logging.getLogger(__name__)

IN_BACKGROUND_ROWS = 20_000
"""Projects with more annotations than this are read off the GUI thread."""


@dataclasses.dataclass(frozen=True, slots=True)
class Request:
    """What to read: the filter bar's choices, its search query and scope, the order."""

    chosen: StatementFilter
    query: str
    scope: str
    sort: StatementSort


class StatementLoader(QObject):
    """``loaded(ids)`` with the ids of the latest request; ``failed(message)`` when its
    query cannot be run (a malformed search query)."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, session: ProjectSession, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self.service: StatementTable | None = None
        self.in_background_rows = IN_BACKGROUND_ROWS
        self._annotations: int | None = 0
        self._latest = 0
        self.running = 0
        """Requests still being read in the background."""
        self._searched: dict[tuple[str, str, int], StatementFilter] = {}

    @property
    def annotations(self) -> int | None:
        """How many annotations the project holds (None until a read counted them)."""
        return self._annotations

    def start(self, service: StatementTable | None) -> None:
        """Read from ``service`` from now on (None: no project)."""
        self.service = service
        self._searched.clear()
        self._latest += 1  # answers for the project before are dropped
        self._annotations = None  # counted when first needed

    def changed(self) -> None:
        """The project changed: what a query matches, and how big the project is, may too."""
        self._searched.clear()
        self._annotations = None  # counted again at the next read, not at every change

    def resolve(self, request: Request) -> StatementFilter:
        """The request's filter with its search query's matches (any thread); raises
        ``QueryError`` for a malformed query."""
        search, project = self._session.search, self._session.project
        if not request.query or search is None or project is None:
            return request.chosen
        key = (request.query, request.scope, project.watermark())
        found = self._searched.get(key)
        if found is None:
            search.ensure_current()
            scope: SearchScope = "statements" if request.scope == "statements" else "documents"
            found = with_search(StatementFilter(), search, request.query, scope)
            self._searched[key] = found
        return dataclasses.replace(
            request.chosen, document_ids=found.document_ids, annotation_ids=found.annotation_ids
        )

    def load(self, request: Request) -> None:
        """Read the ids ``request`` asks for; ``loaded`` or ``failed`` follows (at once for a
        small project)."""
        service = self.service
        if service is None:
            return
        self._latest += 1
        number = self._latest

        def work(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            return service.ids(self.resolve(request), request.sort)

        if self._annotations is None:
            self._annotations = service.count(StatementFilter())
        if self._annotations <= self.in_background_rows:
            try:
                ids = work(lambda _d, _t: None, lambda: False)
            except AnnotatorError as error:
                self.failed.emit(str(error))
                return
            except Exception as error:  # as the background runner does: report, go on
                log.exception("reading the statements table failed")
                self.failed.emit(f"{type(error).__name__}: {error}")
                return
            self.loaded.emit(ids)
            return
        self.running += 1
        task = self._session.adopt(run_task(self._parent, "", work, quiet=True))
        task.done.connect(lambda ids: self._answer(number, ids, None))
        task.failed.connect(lambda message: self._answer(number, None, message))

    def _answer(self, number: int, ids: object, message: str | None) -> None:
        self.running -= 1
        if number != self._latest:
            return  # a newer request (or another project) came meanwhile
        if message is not None:
            self.failed.emit(message)
        else:
            self.loaded.emit(ids)
