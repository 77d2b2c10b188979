"""The status bar's counts of documents, statements and mentions (with correct plurals)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from annotator.gui.session import ProjectSession
from annotator.services.changes import ChangeSet


def plural(count: int, one: str, many: str) -> str:
    """``"1 document"`` / ``"2 documents"``: the text holds ``{n}``."""
    return (one if count == 1 else many).format(n=count)


class StatusCounts(QLabel):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusCounts")
        self._session = session
        session.opened.connect(self.update_counts)
        session.closed.connect(self.clear)
        session.bus.changed.connect(self._on_changed)

    def _on_changed(self, changes: ChangeSet, _initiator: object) -> None:
        # Only what changes a count: a recolour or a note need no recount.
        if changes.documents or changes.annotations:
            self.update_counts()

    def update_counts(self) -> None:
        project = self._session.project
        if project is None:
            self.clear()
            return
        stats = project.stats()
        self.setText(
            " · ".join(
                (
                    plural(stats["documents"], self.tr("{n} document"), self.tr("{n} documents")),
                    plural(
                        stats["statements"], self.tr("{n} statement"), self.tr("{n} statements")
                    ),
                    plural(stats["mentions"], self.tr("{n} mention"), self.tr("{n} mentions")),
                )
            )
        )
