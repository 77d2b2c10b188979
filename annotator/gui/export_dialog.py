"""File → Export Dataset: the format, and for CSV the variant and the document text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QWidget,
)

from annotator.services.dataset_export import FORMATS, ExportOptions


class ExportDialog(QDialog):
    """Asks how to write the dataset; :meth:`options` gives the answer."""

    def __init__(self, parent: QWidget | None = None, default_format: str = "") -> None:
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QFormLayout(self)
        layout.addRow(self.tr("Format:"), self.format_box)
        layout.addRow(self.exact_box)
        layout.addRow(self.text_box)
        layout.addRow(buttons)
        self.format_box.currentTextChanged.connect(self._on_format_changed)
        self._on_format_changed(self.format_box.currentText())

    def _on_format_changed(self, fmt: str) -> None:
        # Only CSV has variants; JSONL always carries the text, XLSX cannot hold it.
        for box in (self.exact_box, self.text_box):
            box.setEnabled(fmt == "csv")

    def options(self) -> ExportOptions:
        fmt = self.format_box.currentText()
        csv = fmt == "csv"
        return ExportOptions(
            fmt=fmt,
            csv_variant="exact" if csv and self.exact_box.isChecked() else "spreadsheet",
            with_text=csv and self.text_box.isChecked(),
        )
