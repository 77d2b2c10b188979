"""The Edit… step of adjudication: the gold version of a disagreement written by hand,
starting from one coder's version (span in characters, actor; or claim, speaker, stance)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from annotator.core.records import ActorRecord, ClaimRecord
from annotator.services.agreement.adjudication import Coding


class GoldEditDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        text: str,
        start: Coding,
        actors: list[ActorRecord],
        claims: list[ClaimRecord],
        stances: list[str],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("goldEditDialog")
        self.setWindowTitle(self.tr("Gold Version"))
        self._kind, self._text = start.kind, text
        form = QFormLayout(self)
        self.start, self.end = QSpinBox(), QSpinBox()
        for box, value in ((self.start, start.start), (self.end, start.end)):
            box.setRange(0, len(text))
            box.setValue(value)
            box.valueChanged.connect(self._show_quote)
        form.addRow(self.tr("Start"), self.start)
        form.addRow(self.tr("End"), self.end)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        form.addRow(self.tr("Text"), self.quote)
        self.actor = QComboBox()
        if start.kind == "statement":
            self.actor.addItem(self.tr("(no speaker)"), None)
        for actor in actors:
            self.actor.addItem(actor.name, actor.id)
        self.actor.setCurrentIndex(max(0, self.actor.findData(start.actor_id)))
        self.claim, self.stance = QComboBox(), QComboBox()
        if start.kind == "statement":
            for claim in claims:
                self.claim.addItem(claim.label, claim.id)
            self.claim.setCurrentIndex(max(0, self.claim.findData(start.claim_id)))
            form.addRow(self.tr("Claim"), self.claim)
            form.addRow(self.tr("Speaker"), self.actor)
            self.stance.addItem(self.tr("(no stance)"), None)
            for stance in stances:
                self.stance.addItem(stance, stance)
            self.stance.setCurrentIndex(max(0, self.stance.findData(start.stance)))
            form.addRow(self.tr("Stance"), self.stance)
        else:
            form.addRow(self.tr("Actor"), self.actor)
        self.note = QLineEdit(start.note)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._show_quote()

    def _show_quote(self) -> None:
        start, end = self.start.value(), self.end.value()
        self.quote.setText(f"“{self._text[start:end]}”" if start < end else self.tr("(empty)"))

    def coding(self) -> Coding:
        return Coding(
            self._kind,
            self.start.value(),
            self.end.value(),
            self.actor.currentData(),
            self.claim.currentData() if self._kind == "statement" else None,
            self.stance.currentData() if self._kind == "statement" else None,
            self.note.text(),
        )
