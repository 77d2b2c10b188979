"""Analysis → Agreement (issue #19.3): inter-coder agreement of the chosen coders on all or
some documents (services/agreement), measured off the GUI thread with progress and Cancel:
the overall figures, αu per category, the coder × coder matrix and the per-document table
(sortable; a document opens in the compare mode of adjudication.py), exported as a folder of
CSV tables or one JSON file. docs/agreement.md explains every figure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.gui.adjudication_window import AdjudicationWindow
from annotator.gui.agreement_models import MATRIX_FIGURES, PairMatrixModel, ReportTableModel
from annotator.gui.dialogs import Dialogs
from annotator.gui.roles import IdRole, SortRole
from annotator.gui.session import ProjectSession
from annotator.gui.tasks import Task, run_task
from annotator.services.agreement import DEFAULT_MIN_OVERLAP, AgreementReport, measure_agreement
from annotator.services.agreement.measure import GOLD, annotation_counts
from annotator.services.agreement.tables import (
    category_table,
    document_table,
    overall_table,
    pair_table,
    write_report_json,
    write_tables_csv,
)
from annotator.services.changes import ChangeSet

ABOUT = """
<p><b>αu (unitizing α)</b> compares <i>where</i> the coders marked text, character by character:
mentions with the actor as category, statements with the claim as category. Each category is
its own unitization (that category or not); the overall αu adds their disagreements up.
<i>Any category</i> asks only whether the coders marked the same stretches at all.</p>
<p><b>α of claim, speaker and stance</b> compares the coding of statements that two or more
coders marked at the same place: statements of different coders are <i>paired</i> when
their spans overlap by at least the minimum overlap (shared characters over characters
covered by either), best overlap first. <b>Paired</b> counts those units; <b>unpaired</b>
statements matched no other coder's and are counted per coder, never dropped silently.</p>
<p>1 is perfect agreement, 0 what chance would give, below 0 systematic disagreement.
A figure is undefined (—) when fewer than two values could be paired or when every value is
the same; hover over it to see why. D_o and D_e are the observed and expected
disagreement. Documents coded by only one of the chosen coders are left out.</p>
<p>Coders who made no annotation, and the coder <i>gold</i> (what adjudication makes), are
not checked at first. Double-click a
document to compare its coders' annotations and adjudicate them.</p>
<p>The formulas, the pairing and a worked example: <code>docs/agreement.md</code>.</p>
"""


def _table_view(name: str, model: ReportTableModel | PairMatrixModel, sort: bool) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    if sort:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SortRole)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class AgreementWindow(QWidget):
    def __init__(self, parent: QWidget, session: ProjectSession, dialogs: Dialogs) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        assert session.project is not None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("agreementWindow")
        self.session, self.project, self._dialogs = session, session.project, dialogs
        self.setWindowTitle(self.tr("Agreement — {0}").format(self.project.path.stem))
        self.resize(1200, 760)
        self.report: AgreementReport | None = None
        self.task: Task | None = None
        self._build_controls()
        self._build_results()
        splitter = QSplitter()
        splitter.addWidget(self.controls)
        splitter.addWidget(self.results)
        splitter.setSizes([280, 920])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.session.bus.changed.connect(self.project_changed)
        self._fill_choices()

    # --- choices -------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.controls = QWidget()
        column = QVBoxLayout(self.controls)
        column.addWidget(QLabel(self.tr("Coders")))
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("agreementCoders")
        column.addWidget(self.coder_list, 1)
        self.all_documents = QCheckBox(self.tr("All documents"))
        self.all_documents.setObjectName("agreementAllDocuments")
        self.all_documents.setChecked(True)
        column.addWidget(self.all_documents)
        self.document_list = QListWidget()
        self.document_list.setObjectName("agreementDocumentChoice")
        self.document_list.setEnabled(False)
        self.all_documents.toggled.connect(lambda on: self.document_list.setEnabled(not on))
        column.addWidget(self.document_list, 2)
        form = QFormLayout()
        self.min_overlap = QDoubleSpinBox()
        self.min_overlap.setRange(0.05, 1.0)
        self.min_overlap.setSingleStep(0.05)
        self.min_overlap.setValue(DEFAULT_MIN_OVERLAP)
        self.min_overlap.setToolTip(
            self.tr(
                "Statements of two coders are paired when their spans overlap by at least "
                "this much (shared characters over characters covered by either)."
            )
        )
        form.addRow(self.tr("Minimum overlap"), self.min_overlap)
        column.addLayout(form)
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setObjectName("agreementCompute")
        self.compute_button.clicked.connect(self.compute)
        column.addWidget(self.compute_button)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.json_button = QPushButton(self.tr("Save JSON…"))
        self.csv_button.clicked.connect(self._export_csv)
        self.json_button.clicked.connect(self._save_json)
        for button in (self.csv_button, self.json_button):
            button.setEnabled(False)
            column.addWidget(button)

    def _fill_choices(self) -> None:
        """The coders, each with how many annotations they made: checked when they made
        any, but not gold (kept as the user left them when the list is filled again)."""
        items = [self.coder_list.item(i) for i in range(self.coder_list.count())]
        checked = {str(i.data(IdRole)): i.checkState() for i in items}
        self.coder_list.clear()
        for name, count in annotation_counts(self.project).items():
            item = QListWidgetItem(self.tr("{0} ({1})").format(name, count))
            item.setData(IdRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            coded = count > 0 and name != GOLD
            default = Qt.CheckState.Checked if coded else Qt.CheckState.Unchecked
            item.setCheckState(checked.get(name, default))
            self.coder_list.addItem(item)
        if self.document_list.count() == 0:
            for summary in self.project.document_summaries():
                item = QListWidgetItem(summary.title or summary.origin)
                item.setData(IdRole, summary.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.document_list.addItem(item)

    def chosen_coders(self) -> list[str]:
        items = [self.coder_list.item(i) for i in range(self.coder_list.count())]
        return [str(i.data(IdRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def chosen_documents(self) -> list[str]:
        if self.all_documents.isChecked():
            return []
        items = [self.document_list.item(i) for i in range(self.document_list.count())]
        return [str(i.data(IdRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    # --- results -------------------------------------------------------------------------

    def _build_results(self) -> None:
        self.results = QWidget()
        column = QVBoxLayout(self.results)
        self.summary = QLabel(self.tr("Choose coders and documents, then Compute."))
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.overall_model = ReportTableModel(self)
        self.overall_view = _table_view("agreementOverall", self.overall_model, False)
        column.addWidget(self.overall_view, 2)
        self.tabs = QTabWidget()
        self.category_model = ReportTableModel(self)
        self.category_view = _table_view("agreementCategories", self.category_model, True)
        self.tabs.addTab(self.category_view, self.tr("Categories"))
        matrix_page = QWidget()
        matrix_layout = QVBoxLayout(matrix_page)
        self.matrix_figure = QComboBox()
        self.matrix_figure.setObjectName("agreementMatrixFigure")
        for key, text in MATRIX_FIGURES:
            self.matrix_figure.addItem(self.tr(text), key)
        self.matrix_figure.currentIndexChanged.connect(self._show_matrix)
        matrix_layout.addWidget(self.matrix_figure)
        self.matrix_model = PairMatrixModel(self)
        self.matrix_view = _table_view("agreementMatrix", self.matrix_model, False)
        self.matrix_view.verticalHeader().show()
        matrix_layout.addWidget(self.matrix_view, 1)
        self.pair_model = ReportTableModel(self)
        self.pair_view = _table_view("agreementPairs", self.pair_model, True)
        matrix_layout.addWidget(self.pair_view, 1)
        self.tabs.addTab(matrix_page, self.tr("Coder × coder"))
        documents_page = QWidget()
        documents_layout = QVBoxLayout(documents_page)
        self.document_model = ReportTableModel(self)
        self.document_view = _table_view("agreementDocuments", self.document_model, True)
        self.document_view.doubleClicked.connect(self._adjudicate_row)
        documents_layout.addWidget(self.document_view, 1)
        buttons = QHBoxLayout()
        self.adjudicate_button = QPushButton(self.tr("Compare and Adjudicate…"))
        self.adjudicate_button.setObjectName("agreementAdjudicate")
        self.adjudicate_button.clicked.connect(
            lambda: self._adjudicate_row(self.document_view.currentIndex())
        )
        buttons.addStretch(1)
        buttons.addWidget(self.adjudicate_button)
        documents_layout.addLayout(buttons)
        self.tabs.addTab(documents_page, self.tr("Documents"))
        self.about = QTextBrowser()
        self.about.setObjectName("agreementAbout")
        self.about.setHtml(self.tr(ABOUT))
        self.tabs.addTab(self.about, self.tr("About These Figures"))
        column.addWidget(self.tabs, 3)

    # --- computing, off the GUI thread ---------------------------------------------------

    def compute(self) -> None:
        if self.task is not None and self.task.running:
            return
        project, coders, documents = self.project, self.chosen_coders(), self.chosen_documents()
        min_overlap = self.min_overlap.value()
        if len(coders) < 2:
            self.status.setText(self.tr("Check two or more coders."))
            return
        if not self.all_documents.isChecked() and not documents:
            self.status.setText(self.tr("Check the documents to compare, or All documents."))
            return

        def work(
            progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> AgreementReport:
            return measure_agreement(
                project,
                coders=coders,
                documents=documents,
                min_overlap=min_overlap,
                progress=progress,
                cancelled=cancelled,
            )

        self.status.setText(self.tr("Measuring…"))
        self.compute_button.setEnabled(False)
        self.task = run_task(self, self.tr("Measuring agreement"), work)
        self.task.done.connect(self.show_report)
        self.task.failed.connect(self._failed)

    def _failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText(message)

    def show_report(self, report: AgreementReport) -> None:
        self.compute_button.setEnabled(True)
        self.report = report
        self.overall_model.set_table(overall_table(report))
        self.category_model.set_table(category_table(report))
        self.pair_model.set_table(pair_table(report))
        self.document_model.set_table(document_table(report))
        self._show_matrix()
        skipped = len(report.skipped)
        self.summary.setText(
            self.tr("{0} coders ({1}); {2} documents coded by two or more of them{3}.").format(
                len(report.coders),
                ", ".join(report.coders),
                len(report.documents),
                self.tr(", {0} by one only (left out)").format(skipped) if skipped else "",
            )
        )
        self.summary.setToolTip("\n".join(report.notes))
        for button in (self.csv_button, self.json_button):
            button.setEnabled(True)
        self.status.setText(self.tr("Measured. Notes: {0}.").format("; ".join(report.notes)))

    def _show_matrix(self) -> None:
        figure = str(self.matrix_figure.currentData())
        self.matrix_model.set_report(self.report, self.pair_model.table, figure)

    def project_changed(self, changes: ChangeSet, _initiator: object = None) -> None:
        if changes.coders:  # a new coder (gold); counts are as they were when the window opened
            self._fill_choices()
        if self.report is not None and (changes.annotations or changes.coders):
            self.status.setText(self.tr("The coding changed since: Compute again to update."))

    # --- adjudication --------------------------------------------------------------------

    def _adjudicate_row(self, index: QModelIndex) -> None:
        if not index.isValid():
            self.status.setText(self.tr("Select a document in the table first."))
            return
        document_id = index.siblingAtColumn(0).data(IdRole)
        self.adjudicate(str(document_id))

    def adjudicate(self, document_id: str) -> AdjudicationWindow:
        """The compare mode of ``document_id`` for the coders of the report (raised when it
        is open already)."""
        for window in self.findChildren(AdjudicationWindow):
            if window.document_id == document_id:
                window.show()
                window.raise_()
                return window
        coders = [c for c in (self.report.coders if self.report else ()) if c != GOLD]
        window = AdjudicationWindow(self, self.session, document_id, coders, self._dialogs)
        window.show()
        return window

    # --- export --------------------------------------------------------------------------

    def _export_csv(self) -> None:
        folder = self._dialogs.folder(self.tr("Export the agreement tables into a folder"))
        if folder is not None:
            self.export_csv(folder / f"{self.project.path.stem}-agreement")

    def export_csv(self, folder: Path) -> None:
        """Write the tables into ``folder`` (new, empty or written by us before)."""
        if self.report is None:
            return
        try:
            write_tables_csv(self.report, folder, protected=[self.project.path])
        except AnnotatorError as error:
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Wrote the agreement tables into {0}").format(folder))

    def _save_json(self) -> None:
        suggested = f"{self.project.path.stem}-agreement.json"
        path = self._dialogs.save_file(self.tr("Save the agreement"), "JSON (*.json)", suggested)
        if path is not None:
            self.save_json(path if path.suffix.lower() == ".json" else path.with_suffix(".json"))

    def save_json(self, path: Path) -> None:
        if self.report is None:
            return
        try:
            write_report_json(self.report, path)
        except AnnotatorError as error:
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Saved {0}").format(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the measuring under way before the window (and its thread) go."""
        if self.task is not None and self.task.running:
            self.task.cancel_and_wait()
        for window in self.findChildren(AdjudicationWindow):
            window.close()
        super().closeEvent(event)
