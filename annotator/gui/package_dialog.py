"""File → Make Coding Package…: which documents a coder's package gets (all, those a search
finds, a random sample with its seed) and whether the lead's annotations go along."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class PackageChoice:
    query: str | None
    """None: every document."""
    sample: int | None
    seed: int
    with_annotations: bool


class PackageDialog(QDialog):
    def __init__(self, parent: QWidget | None, documents: int) -> None:
        super().__init__(parent)
        self.setObjectName("packageDialog")
        self.setWindowTitle(self.tr("Make Coding Package"))
        self.all_documents = QRadioButton(self.tr("All {0} documents").format(documents))
        self.all_documents.setChecked(True)
        self.by_query = QRadioButton(self.tr("The documents a search finds:"))
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr('e.g. "Kim Jong Un" AND sanction*'))
        self.query.textEdited.connect(lambda _text: self.by_query.setChecked(True))
        self.sampled = QCheckBox(self.tr("Only a random sample of them"))
        self.sample = QSpinBox()
        self.sample.setRange(1, max(documents, 1))
        self.sample.setValue(min(10, max(documents, 1)))
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(1)
        self.seed.setToolTip(self.tr("The same seed draws the same documents again"))
        for box in (self.sample, self.seed):  # a sample's size and seed, once one is asked
            box.setEnabled(False)
            self.sampled.toggled.connect(box.setEnabled)
        self.with_annotations = QCheckBox(self.tr("Include this project's annotations"))
        sample_form = QFormLayout()
        sample_form.addRow(self.tr("Documents:"), self.sample)
        sample_form.addRow(self.tr("Seed:"), self.seed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.all_documents, self.by_query, self.query, self.sampled):
            layout.addWidget(widget)
        layout.addLayout(sample_form)
        layout.addWidget(self.with_annotations)
        layout.addWidget(self.buttons)

    def choice(self) -> PackageChoice:
        query = self.query.text().strip() if self.by_query.isChecked() else ""
        return PackageChoice(
            query=query or None,
            sample=self.sample.value() if self.sampled.isChecked() else None,
            seed=self.seed.value(),
            with_annotations=self.with_annotations.isChecked(),
        )
