"""File → Export Dataset: the format, for CSV the variant and the document text, and whose
annotations (every coder's, or one coder's, such as the adjudicated ``gold``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from annotator.services.agreement.measure import GOLD
from annotator.services.dataset_export import FORMATS, ExportOptions


class ExportDialog(QDialog):
    """Asks how to write the dataset; :meth:`options` and :meth:`coder` give the answer."""

    def __init__(
        self, parent: QWidget | None = None, default_format: str = "", coders: Sequence[str] = ()
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export dataset"))
        self.format_box = QComboBox(self)
        self.format_box.setObjectName("exportFormat")
        self.format_box.addItems(list(FORMATS))
        if default_format in FORMATS:  # Edit → Preferences → Export format
            self.format_box.setCurrentText(default_format)
        self.exact_box = QCheckBox(self.tr("Exact CSV for R and pandas (no formula guard)"), self)
        self.exact_box.setObjectName("exportExactCsv")
        self.exact_box.setToolTip(
            self.tr(
                "Without it, cells that a spreadsheet could run as a formula get a leading "
                "apostrophe (safe in Excel and LibreOffice). With it, every cell is the text "
                "as coded, so quotes equal the text at their offsets."
            )
        )
        self.text_box = QCheckBox(self.tr("Include each document's text in documents.csv"), self)
        self.text_box.setObjectName("exportWithText")
        self.coder_box = QComboBox(self)
        self.coder_box.setObjectName("exportCoder")
        self.coder_box.addItem(self.tr("Every coder"), None)
        if GOLD in coders:  # what an adjudicator exports: first
            self.coder_box.addItem(self.tr("{0} (adjudicated)").format(GOLD), GOLD)
        for name in coders:
            if name != GOLD:
                self.coder_box.addItem(name, name)
        self.coder_box.setToolTip(
            self.tr("Only this coder's annotations (gold: what adjudication accepted)")
        )
        self.coder_box.setEnabled(len(coders) > 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QFormLayout(self)
        layout.addRow(self.tr("Format:"), self.format_box)
        layout.addRow(self.tr("Annotations of:"), self.coder_box)
        layout.addRow(self.exact_box)
        layout.addRow(self.text_box)
        layout.addRow(buttons)
        self.format_box.currentTextChanged.connect(self._on_format_changed)
        self._on_format_changed(self.format_box.currentText())

    def _on_format_changed(self, fmt: str) -> None:
        # Only CSV has variants; JSONL always carries the text, XLSX cannot hold it.
        for box in (self.exact_box, self.text_box):
            box.setEnabled(fmt == "csv")

    def coder(self) -> str | None:
        """The one coder whose annotations are exported (None: every coder's)."""
        data = self.coder_box.currentData()
        return None if data is None else str(data)

    def options(self) -> ExportOptions:
        fmt = self.format_box.currentText()
        csv = fmt == "csv"
        return ExportOptions(
            fmt=fmt,
            csv_variant="exact" if csv and self.exact_box.isChecked() else "spreadsheet",
            with_text=csv and self.text_box.isChecked(),
        )
