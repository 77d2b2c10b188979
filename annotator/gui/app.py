"""Starting the application: QApplication, the project to open, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.core.paths import data_dir
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services.demo import ensure_demo_project

log = logging.getLogger(__name__)


def _project_to_open(argument: str | None, settings: Settings) -> Path:
    if argument:
        return Path(argument)
    last = settings.last_project()
    if last is not None and last.exists():
        return last
    return ensure_demo_project()


def run_gui(project: str | None, *, screenshot: str | None = None, coder: str | None = None) -> int:
    """Run the app; return its exit code. ``screenshot``: save the window as PNG and quit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Annotator")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Annotator")
    icon = data_dir("resources") / "icons" / "annotator.svg"
    app.setWindowIcon(QIcon(str(icon)))
    settings = Settings()
    window = MainWindow(settings, coder=coder)
    try:
        path = _project_to_open(project, settings)
    except AnnotatorError as error:
        QMessageBox.critical(None, "Annotator", str(error))
        return 1
    if not window.open_path(path):
        return 1
    window.show()
    if screenshot:
        # A local event loop, not app.exec(): quitting the application's loop would leave
        # Qt refusing to run any later event loop in this process (dialogs, tests).
        loop = QEventLoop()
        QTimer.singleShot(400, loop.quit)
        loop.exec()
        saved = window.grab().save(screenshot, "PNG")
        window.close()
        return 0 if saved else 1
    return app.exec()
