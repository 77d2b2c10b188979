"""What the window shows when no project is open: New, Open, the recent projects and the
demo (issue #16.6), instead of an empty article with nothing to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PathRole = Qt.ItemDataRole.UserRole + 20


class StartPage(QWidget):
    """Buttons for a new, an existing or the demo project, and the recent projects (a click
    opens one)."""

    def __init__(
        self,
        *,
        new: Callable[[], None],
        open_: Callable[[], None],
        demo: Callable[[], object],
        open_path: Callable[[Path], object],
        recent: Callable[[], list[Path]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self._open_path, self._recent = open_path, recent
        heading = QLabel(self.tr("No project is open"))
        heading.setObjectName("startHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        heading.setFont(font)
        explain = QLabel(
            self.tr(
                "A project file holds your articles, codebook and coding. Start a new one, "
                "open one, or try the demo project of five news articles."
            )
        )
        explain.setWordWrap(True)
        buttons = QHBoxLayout()
        for name, text, slot in (
            ("startNew", self.tr("New Project…"), new),
            ("startOpen", self.tr("Open Project…"), open_),
            ("startDemo", self.tr("Open the Demo Project"), demo),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.itemActivated.connect(self._on_activated)
        self.recent_list.itemClicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(buttons)
        layout.addSpacing(16)
        layout.addWidget(QLabel(self.tr("Recent projects")))
        layout.addWidget(self.recent_list, 1)

    def refresh(self) -> None:
        """List the recent projects that still exist, newest first."""
        self.recent_list.clear()
        for path in self._recent():
            if not path.exists():
                continue
            item = QListWidgetItem(f"{path.stem}    {path.parent}")
            item.setData(PathRole, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        if self.recent_list.count() == 0:
            empty = QListWidgetItem(self.tr("(none yet)"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(empty)

    def _on_activated(self, item: QListWidgetItem) -> None:
        path = item.data(PathRole)
        if path:
            self._open_path(Path(path))
