"""The team workflow in the window (docs/team.md): File → Make Coding Package… (the lead),
the coder's name asked when a package is first opened (the coder), and File → Merge Coders'
Projects… (the lead again), one undo step with a report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.paths import PROJECT_SUFFIX
from annotator.gui.dialogs import Dialogs
from annotator.gui.operation_runner import Cancelled, Progress, run_operation
from annotator.gui.package_dialog import PackageDialog
from annotator.gui.session import ProjectSession
from annotator.gui.settings import Settings
from annotator.gui.tasks import Task, run_task
from annotator.services.merge_operations import MergeProjects, MergeReport
from annotator.services.merging import foreign_paths, read_merge
from annotator.services.packages import PackageReport, choose_documents, make_package
from annotator.services.project import ProjectService

SHOWN_LINES = 40


class TeamActions:
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
        self.task: Task | None = None
        session.choose_coder = self.coder_for

    def _tr(self, text: str) -> str:
        return self._parent.tr(text)

    # --- the coder ---------------------------------------------------------------------------

    def coder_for(self, project: ProjectService) -> str | None:
        """The coder's name in ``project``: the one given before; in a coding package opened
        for the first time, asked (and kept for next time)."""
        preferences = self._settings.preferences()
        if preferences.coder_name or project.info().lead_project_id is None:
            return preferences.coder_name or None
        dialog = QInputDialog(self._parent)
        dialog.setObjectName("coderNameDialog")
        dialog.setWindowTitle(self._tr("Your coder name"))
        dialog.setLabelText(
            self._tr(
                "This is a coding package. Your annotations are recorded under\n"
                "your coder name, which the lead sees when your work is merged.\n\n"
                "Your name:"
            )
        )
        if not self._dialogs.run(dialog) or not dialog.textValue().strip():
            return None  # the user name of this computer, as in any project
        name = " ".join(dialog.textValue().split())
        # Kept as the Preferences' coder name (Edit → Preferences shows and changes it).
        self._settings.set_preferences(dataclasses.replace(preferences, coder_name=name))
        return name

    # --- the lead ----------------------------------------------------------------------------

    def make_package(self) -> None:
        """File → Make Coding Package…: a new project file for a coder."""
        project = self._session.project
        if project is None:
            return
        dialog = PackageDialog(self._parent, len(project.document_summaries()))
        if not self._dialogs.run(dialog):
            return
        choice = dialog.choice()
        target = self._dialogs.save_file(
            self._tr("Write the coding package to"),
            self._tr("Annotator projects (*{0})").format(PROJECT_SUFFIX),
            suggested=f"{project.path.stem}-coder{PROJECT_SUFFIX}",
        )
        if target is None:
            return
        if target.suffix != PROJECT_SUFFIX:
            target = target.with_suffix(PROJECT_SUFFIX)
        replace = target.exists()  # the file dialog has asked before replacing it

        def work(_progress: Progress, cancelled: Cancelled) -> PackageReport:
            chosen = choose_documents(
                project, query=choice.query, sample=choice.sample, seed=choice.seed
            )
            return make_package(
                project,
                target,
                chosen,
                with_annotations=choice.with_annotations,
                force=replace,
                cancelled=cancelled,
            )

        self.task = self._session.adopt(
            run_task(self._parent, self._tr("Making the coding package"), work)
        )
        self.task.done.connect(
            lambda report: self._dialogs.information(self._tr("Coding package"), report.summary())
        )
        self.task.failed.connect(
            lambda message: self._dialogs.warning(self._tr("Not done"), message)
        )

    def merge(self, paths: list[Path] | None = None) -> None:
        """File → Merge Coders' Projects…: their annotations come in as one undo step."""
        project = self._session.project
        if project is None:
            return
        if project.read_only_reason:
            self._dialogs.warning(self._tr("Read-only project"), project.read_only_reason)
            return
        if paths is None:
            paths = self._dialogs.open_files(
                self._tr("Merge coders' projects"),
                self._tr("Annotator projects (*{0})").format(PROJECT_SUFFIX),
            )
        if not paths:
            return
        chosen = list(paths)
        try:
            problems = foreign_paths(project, chosen)
        except AnnotatorError as error:
            self._dialogs.warning(self._tr("Not done"), str(error))
            return
        if problems and not self._dialogs.confirm(
            self._tr("Merge them anyway?"),
            "\n".join(problems)
            + "\n\n"
            + self._tr(
                "Their annotations are matched to this project's documents by text and to "
                "its codes by id or name. Merge them anyway?"
            ),
        ):
            return

        def plan(progress: Progress, cancelled: Cancelled) -> tuple[MergeProjects, MergeReport]:
            op = read_merge(project, chosen, force=True, progress=progress, cancelled=cancelled)
            return op, op.report

        self.task = run_operation(
            self._session,
            self._parent,
            self._tr("Merging coders' projects"),
            plan,
            undo_text=lambda _report: self._tr("Merge Coders' Projects"),
            on_done=self._show_merge_report,
            on_failed=lambda message: self._dialogs.warning(self._tr("Not done"), message),
        )

    def _show_merge_report(self, report: MergeReport) -> None:
        lines = report.lines()
        if len(lines) > SHOWN_LINES:
            more = len(lines) - SHOWN_LINES
            lines = [*lines[:SHOWN_LINES], self._tr("… and {0} more").format(more)]
        self._report(report.summary())
        self._dialogs.information(self._tr("Merge of coders' projects"), "\n".join(lines))
