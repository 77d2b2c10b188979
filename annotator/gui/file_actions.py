"""The File menu: new, open, recent projects, import (and drag and drop), export, close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.paths import PROJECT_SUFFIX
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_summary import import_summary_box
from annotator.gui.tasks import Task, Work, run_task
from annotator.services.changes import ChangeSet
from annotator.services.dataset_export import ExportReport, export_dataset
from annotator.services.dataset_load import LoadReport, load_dataset
from annotator.services.importing import SUPPORTED, ImportReport, import_paths
from annotator.services.operations import Batch
from annotator.services.project import ProjectService

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

MAX_RECENT = 8


class FileActions:
    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.recent_menu = QMenu(window.tr("Open &Recent"), window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.task: Task | None = None
        self.summary_box: QMessageBox | None = None
        """The last import's summary (kept so it stays open while the window is used)."""

    def _tr(self, text: str) -> str:
        return self._window.tr(text)

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._window,
            self._tr("New project"),
            "",
            self._tr("Annotator projects (*{0})").format(PROJECT_SUFFIX),
        )
        if not name:
            return
        path = Path(name)
        if path.suffix != PROJECT_SUFFIX:
            path = path.with_suffix(PROJECT_SUFFIX)
        try:
            project = ProjectService.create(path)
        except AnnotatorError as error:
            QMessageBox.warning(self._window, self._tr("Cannot create project"), str(error))
            return
        self._window.set_project(project)

    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window,
            self._tr("Open project"),
            "",
            self._tr("Annotator projects (*{0})").format(PROJECT_SUFFIX),
        )
        if name:
            self._window.open_path(Path(name))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._window.settings.recent_projects():
            action = QAction(str(path), self.recent_menu)
            action.triggered.connect(self._opener(path))
            action.setEnabled(path.exists())
            self.recent_menu.addAction(action)
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self._tr("(none)")).setEnabled(False)

    def _opener(self, path: Path) -> Callable[[], object]:
        return lambda: self._window.open_path(path)

    def import_files(self, paths: list[Path] | None = None) -> None:
        project = self._window.project
        if project is None or project.read_only_reason:
            return
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(
                self._window,
                self._tr("Import articles"),
                "",
                self._tr("Articles ({0});;All files (*)").format(
                    " ".join(f"*{suffix}" for suffix in SUPPORTED)
                ),
            )
            paths = [Path(n) for n in names]
        if not paths:
            return
        chosen = list(paths)
        self._start(
            self._tr("Importing"),
            lambda progress, cancelled: import_paths(
                project, chosen, progress=progress, cancelled=cancelled
            ),
            self._on_imported,
        )

    def _start(self, title: str, work: Work, on_done: Callable[[Any], None]) -> None:
        """Run ``work`` in the background; its result goes to ``on_done``, errors to a box."""
        self.task = run_task(self._window, title, work)
        self.task.done.connect(on_done)
        self.task.failed.connect(self._on_failed)

    def _on_imported(self, report: ImportReport) -> None:
        if report.inverses:
            # The import becomes one undoable step (its documents go again on undo).
            self._window.record_applied(
                Batch(tuple(report.inverses), "import"),
                self._tr("Import {0} documents").format(len(report.imported)),
                report.changes,
            )
        self.summary_box = import_summary_box(self._window, report)
        self.summary_box.open()  # window-modal, not blocking: the window stays responsive

    def _on_failed(self, message: str) -> None:
        QMessageBox.warning(self._window, self._tr("Not done"), message)

    def load_dataset(self, path: Path | None = None) -> None:
        """File → Import Coded Dataset: a dataset folder (or one .jsonl) upserted in."""
        project = self._window.project
        if project is None or project.read_only_reason:
            return
        if path is None:
            folder = QFileDialog.getExistingDirectory(
                self._window, self._tr("Import a coded dataset (folder with statements.jsonl)")
            )
            if not folder:
                return
            path = Path(folder)
        chosen = path
        self._start(
            self._tr("Importing coded dataset"),
            lambda _progress, _cancelled: load_dataset(project, chosen),
            self._on_loaded,
        )

    def _on_loaded(self, result: tuple[LoadReport, ChangeSet]) -> None:
        report, changes = result
        # Loading is not undoable (it can touch thousands of rows); every view redraws.
        self._window.bus.changed.emit(changes, None)
        lines = [report.summary(), *report.messages[:50]]
        if len(report.messages) > 50:
            lines.append(self._tr("… and {0} more").format(len(report.messages) - 50))
        QMessageBox.information(self._window, self._tr("Coded dataset"), "\n".join(lines))

    def export(self) -> None:
        project = self._window.project
        if project is None:
            return
        folder = QFileDialog.getExistingDirectory(self._window, self._tr("Export dataset to"))
        if not folder:
            return
        dialog = ExportDialog(self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        options = dialog.options()
        target = Path(folder) / f"{project.path.stem}-dataset-{options.fmt}"
        self._start(
            self._tr("Exporting"),
            lambda _progress, cancelled: export_dataset(
                project, target, cancelled=cancelled, options=options
            ),
            self._on_exported,
        )

    def _on_exported(self, report: ExportReport) -> None:
        self._window.statusBar().showMessage(report.summary())
