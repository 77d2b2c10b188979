"""The window's step of ``annotator --self-test``: Qt, its platform plugin, fonts and the
main window work in this build (offscreen when there is no display)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings


def _ink_share(image: QImage) -> float:
    """Share of sampled pixels that differ from the top-left one (drawn text and frames)."""
    background = image.pixel(0, 0)
    samples = drawn = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            samples += 1
            drawn += image.pixel(x, y) != background
    return drawn / samples if samples else 0.0


def window_step(project_path: Path) -> str:
    """Open the main window on ``project_path``, draw it and check it shows the project."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(Settings(), coder="self-test")
    try:
        if not window.open_path(project_path):
            raise RuntimeError(f"the window could not open {project_path.name}")
        window.resize(1200, 800)
        window.show()
        loop = QEventLoop()
        QTimer.singleShot(200, loop.quit)
        loop.exec()
        image = window.grab().toImage()
        documents = window.documents.rowCount()
        if documents < 1:
            raise RuntimeError("the document list is empty")
        ink = _ink_share(image)
        if ink < 0.02:  # with no fonts Qt draws nothing, silently (DESIGN.md §10)
            raise RuntimeError(f"the window looks blank ({ink:.1%} drawn): fonts missing?")
        platform = QApplication.platformName() if app is not None else "?"
        return f"{platform}: {documents} documents listed, {ink:.0%} of the window drawn"
    finally:
        window.close()
