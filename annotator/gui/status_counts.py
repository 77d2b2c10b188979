"""The status bar's counts: the coding progress ("12 of 40 documents done"), statements and
mentions (with correct plurals)."""

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
        if changes.documents or changes.annotations or changes.statuses:
            self.update_counts()

    def update_counts(self) -> None:
        project = self._session.project
        if project is None:
            self.clear()
            return
        stats = project.stats()
        statuses = project.status_counts()
        # The coding progress first: how far the project has come, "12 of 40 documents done".
        self.setText(
            " · ".join(
                (
                    (
                        self.tr("{done} of {n} document done")
                        if stats["documents"] == 1
                        else self.tr("{done} of {n} documents done")
                    ).format(done=statuses["done"], n=stats["documents"]),
                    plural(
                        stats["statements"], self.tr("{n} statement"), self.tr("{n} statements")
                    ),
                    plural(stats["mentions"], self.tr("{n} mention"), self.tr("{n} mentions")),
                )
            )
        )
        self.setToolTip(
            self.tr("Coding status: {0} not started, {1} in progress, {2} done").format(
                *statuses.values()
            )
        )
