"""The File menu: new, open, recent projects, import (and drag and drop), load a coded
dataset, export, save a copy. Opening and closing go through the :class:`ProjectSession`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.paths import PROJECT_SUFFIX
from annotator.gui.dialogs import Dialogs
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_summary import import_summary_box
from annotator.gui.operation_runner import Cancelled, Progress, run_operation
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Settings
from annotator.gui.status_counts import plural
from annotator.gui.tasks import Task, Work, run_task
from annotator.gui.team_actions import TeamActions
from annotator.services.codebook_files import export_codebook, read_codebook
from annotator.services.dataset_export import EVERYTHING, ExportReport, export_dataset
from annotator.services.dataset_load import read_dataset
from annotator.services.export_selection import build_selection
from annotator.services.importing import SUPPORTED, ImportReport, read_import
from annotator.services.load_report import LoadReport
from annotator.services.maintenance import save_copy
from annotator.services.operations import LoadDataset
from annotator.services.project import ProjectService


class FileActions:
    def __init__(
        self,
        parent: QWidget,
        session: ProjectSession,
        settings: Settings,
        dialogs: Dialogs,
        report: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._session = session
        self._settings = settings
        self._dialogs = dialogs
        self._report = report
        self.recent_menu = QMenu(parent.tr("Open &Recent"), parent)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.task: Task | None = None
        self.summary_box: QMessageBox | None = None
        """The last import's summary (kept so it stays open while the window is used)."""
        self.team = TeamActions(parent, session, settings, dialogs, report)
        """Coding packages and merges (File menu), and a package's coder name."""

    def _tr(self, text: str) -> str:
        return self._parent.tr(text)

    def _projects_filter(self) -> str:
        return self._tr("Annotator projects (*{0})").format(PROJECT_SUFFIX)

    # --- projects ------------------------------------------------------------------------

    def new_project(self) -> None:
        path = self._dialogs.save_file(self._tr("New project"), self._projects_filter())
        if path is None:
            return
        if path.suffix != PROJECT_SUFFIX:
            path = path.with_suffix(PROJECT_SUFFIX)
        self._session.close()  # the old project goes first, whatever happens next
        try:
            project = ProjectService.create(path)
        except AnnotatorError as error:
            self._dialogs.warning(self._tr("Cannot create project"), str(error))
            return
        self._start(project)

    def open_project(self) -> None:
        path = self._dialogs.open_file(self._tr("Open project"), self._projects_filter())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        try:
            project = ProjectService.open(path, fallback_read_only=True, backup=False)
        except AnnotatorError as error:
            self._dialogs.warning(self._tr("Cannot open project"), str(error))
            return False
        self._start(project)
        if not project.read_only_reason:
            # The periodic backup copies the whole file: seconds for a large project.
            work: Work = lambda _p, _c: project.backup_if_due()  # noqa: E731
            self._session.adopt(run_task(self._parent, self._tr("Backing up"), work, quiet=True))
        return True

    def _start(self, project: ProjectService) -> None:
        self._session.start(project)
        self._settings.set_last_project(project.path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._settings.recent_projects():
            action = QAction(str(path), self.recent_menu)
            action.triggered.connect(self._opener(path))
            action.setEnabled(path.exists())
            self.recent_menu.addAction(action)
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self._tr("(none)")).setEnabled(False)

    def _opener(self, path: Path) -> Callable[[], object]:
        return lambda: self.open_path(path)

    def close_project(self) -> None:
        self._session.close()

    # --- import and load -----------------------------------------------------------------

    def _writable_project(self) -> ProjectService | None:
        project = self._session.project
        if project is not None and project.read_only_reason:
            self._dialogs.warning(self._tr("Read-only project"), project.read_only_reason)
            return None
        return project

    def import_files(self, paths: list[Path] | None = None) -> None:
        project = self._writable_project()
        if project is None:
            return
        if paths is None:
            patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED)
            paths = self._dialogs.open_files(
                self._tr("Import articles"),
                self._tr("Articles ({0});;All files (*)").format(patterns),
            )
        if not paths:
            return
        chosen = list(paths)
        self.task = run_operation(
            self._session,
            self._parent,
            self._tr("Importing"),
            lambda progress, cancelled: read_import(
                project, chosen, progress=progress, cancelled=cancelled
            ),
            undo_text=lambda report: plural(
                len(report.imported),
                self._tr("Import {n} document"),
                self._tr("Import {n} documents"),
            ),
            on_done=self._on_imported,
            on_failed=lambda message: self._dialogs.warning(self._tr("Not done"), message),
        )

    def _run(self, title: str, work: Work, on_done: Callable[[Any], None]) -> None:
        """Run ``work`` in the background; its result goes to ``on_done``, errors to a box."""
        self.task = self._session.adopt(run_task(self._parent, title, work))
        self.task.done.connect(on_done)
        self.task.failed.connect(
            lambda message: self._dialogs.warning(self._tr("Not done"), message)
        )

    def _on_imported(self, report: ImportReport) -> None:
        self.summary_box = import_summary_box(self._parent, report)
        self.summary_box.open()  # window-modal, not blocking: the window stays responsive

    def load_dataset(self, path: Path | None = None) -> None:
        """File → Import Coded Dataset: a dataset folder (JSONL, CSV or XLSX) upserted in."""
        project = self._writable_project()
        if project is None:
            return
        if path is None:
            path = self._dialogs.folder(
                self._tr("Import a coded dataset (a folder an export wrote: JSONL, CSV or XLSX)")
            )
            if path is None:
                return
        self._load(
            lambda: read_dataset(path),
            self._tr("Importing coded dataset"),
            self._tr("Load Coded Dataset"),
            self._tr("Coded dataset"),
        )

    def _load(
        self, read: Callable[[], LoadDataset], title: str, undo_text: str, report_title: str
    ) -> None:
        """Read a dataset or a codebook into a LoadDataset off the GUI thread, apply it as one
        undo step, and show what it did."""

        def plan(_progress: Progress, _cancelled: Cancelled) -> tuple[LoadDataset, LoadReport]:
            op = read()
            return op, op.report

        self.task = run_operation(
            self._session,
            self._parent,
            title,
            plan,
            undo_text=lambda _report: undo_text,
            on_done=lambda report: self._show_load_report(report_title, report),
            on_failed=lambda message: self._dialogs.warning(self._tr("Not done"), message),
        )

    def _show_load_report(self, title: str, report: LoadReport) -> None:
        lines = [report.summary(), *report.by_table(), *report.file_problems]
        lines += report.messages[:50]
        if len(report.messages) > 50:
            lines.append(self._tr("… and {0} more").format(len(report.messages) - 50))
        self._dialogs.information(title, "\n".join(lines))

    # --- export --------------------------------------------------------------------------

    def export(self) -> None:
        project = self._session.project
        if project is None:
            return
        folder = self._dialogs.folder(self._tr("Export dataset to"))
        if folder is None:
            return
        coders = [c.name for c in project.coders()]
        dialog = ExportDialog(self._parent, self._settings.preferences().export_format, coders)
        if not self._dialogs.run(dialog):
            return
        options, coder = dialog.options(), dialog.coder()
        selection = EVERYTHING if coder is None else build_selection(project, coders=[coder])
        name = "" if coder is None else "-" + re.sub(r"[^\w-]+", "_", coder)
        target = folder / f"{project.path.stem}{name}-dataset-{options.fmt}"
        if target.exists() and not self._dialogs.confirm(
            self._tr("Replace the dataset?"),
            self._tr(
                "{0} already exists. Replace the dataset in it? Only the files an earlier "
                "export wrote there are replaced; any other files are kept."
            ).format(target),
        ):
            return
        self._run(
            self._tr("Exporting"),
            lambda _progress, cancelled: export_dataset(
                project, target, cancelled=cancelled, options=options, selection=selection
            ),
            self._on_exported,
        )

    def _on_exported(self, report: ExportReport) -> None:
        self._report(report.summary())

    def save_copy(self) -> None:
        """File → Save a Copy…: a verified copy of the open project (a plain file copy made
        while the project is open can miss what is still in its write-ahead log)."""
        project = self._session.project
        if project is None:
            return
        target = self._dialogs.save_file(
            self._tr("Save a copy of the project"),
            self._projects_filter(),
            suggested=f"{project.path.stem}-copy{PROJECT_SUFFIX}",
        )
        if target is None:
            return
        if target.suffix != PROJECT_SUFFIX:
            target = target.with_suffix(PROJECT_SUFFIX)
        # The file dialog has asked before replacing an existing file.
        overwrite, source = target.exists(), project.path
        self._run(
            self._tr("Saving a copy"),
            lambda _p, _c: save_copy(source, target, overwrite=overwrite),
            lambda copy: self._report(self._tr("Saved a verified copy: {0}").format(copy)),
        )

    # --- codebook files ------------------------------------------------------------------

    def export_codebook(self) -> None:
        """File → Export Codebook…: the codebook as ``codebook.json``, for another project."""
        project = self._session.project
        if project is None:
            return
        target = self._dialogs.save_file(
            self._tr("Export the codebook"),
            self._tr("Codebook (*.json)"),
            suggested=f"{project.path.stem}-codebook.json",
        )
        if target is None:
            return
        try:
            written = export_codebook(project, target)
        except AnnotatorError as error:
            self._dialogs.warning(self._tr("Not done"), str(error))
            return
        self._report(self._tr("Codebook written to {0}").format(written))

    def import_codebook(self, path: Path | None = None) -> None:
        """File → Import Codebook…: merge a codebook file in, as one undo step."""
        project = self._writable_project()
        if project is None:
            return
        if path is None:
            path = self._dialogs.open_file(
                self._tr("Import a codebook"), self._tr("Codebook (*.json);;All files (*)")
            )
            if path is None:
                return
        self._load(
            lambda: read_codebook(path),
            self._tr("Importing codebook"),
            self._tr("Import Codebook"),
            self._tr("Codebook"),
        )
