"""Document → Edit Details…: a form for a document's title, source, date, URL, author,
language, coding status and free metadata. Each value is checked as it is typed (the same
checks the service applies), the first problem is shown under the form and OK waits until
there is none; OK makes the changes one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import OperationRefusedError
from annotator.core.records import DOCUMENT_STATUSES, DocumentRecord
from annotator.gui.dialogs import CtrlEnterAccepts
from annotator.services import document_details as details
from annotator.services import operations as ops

STATUS_TEXTS = {"not started": "Not started", "in progress": "In progress", "done": "Done"}
"""How the window writes each coding status."""


def fields_text(pairs: tuple[tuple[str, str], ...]) -> str:
    """Free metadata as the form shows it: one ``name: value`` a line."""
    return "\n".join(f"{name}: {value}" for name, value in pairs)


def parse_fields(text: str) -> tuple[tuple[str, str], ...]:
    """The form's metadata lines as (name, value) pairs; a line without ':' is refused."""
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise OperationRefusedError(
                f"metadata line {number} ({line.strip()[:30]!r}) has no ':' between name and value"
            )
        pairs.append((name, value))
    return tuple(pairs)


class DocumentDetailsDialog(QDialog):
    """``edit()`` after it is accepted: what to apply (None when nothing changed)."""

    def __init__(self, document: DocumentRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDetailsDialog")
        self.setWindowTitle(self.tr("Document details"))
        self._document = document
        self.title = self._line("title", document.title)
        self.source = self._line("source", document.source)
        self.date = self._line(
            "date", document.published_at.isoformat() if document.published_at else ""
        )
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.url = self._line("url", document.url)
        self.url.setPlaceholderText("https://")
        self.author = self._line("author", document.author)
        self.language = self._line("language", document.language)
        self.language.setPlaceholderText(self.tr("en, de, pt-BR…"))
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in DOCUMENT_STATUSES:
            self.status.addItem(self.tr(STATUS_TEXTS[status]), status)
        self.status.setCurrentIndex(DOCUMENT_STATUSES.index(document.status))
        self.metadata = QPlainTextEdit(fields_text(details.fields_of(document.extra)))
        self.metadata.setObjectName("metadata")
        self.metadata.setPlaceholderText(self.tr("name: value, one a line (e.g. section: World)"))
        self.metadata.setTabChangesFocus(True)
        self.metadata.installEventFilter(CtrlEnterAccepts(self))
        self.metadata.textChanged.connect(self._check)
        self.metadata.setFixedHeight(self.metadata.fontMetrics().lineSpacing() * 5)
        form = QFormLayout()
        for label, widget in (
            (self.tr("&Title:"), self.title),
            (self.tr("&Source:"), self.source),
            (self.tr("&Date:"), self.date),
            (self.tr("&URL:"), self.url),
            (self.tr("&Author:"), self.author),
            (self.tr("&Language:"), self.language),
            (self.tr("Codin&g status:"), self.status),
            (self.tr("&Metadata:"), self.metadata),
        ):
            form.addRow(label, widget)
        origin = QLabel(
            self.tr("Imported from {0} · {1:,} characters").format(
                document.origin or self.tr("(unknown)"), len(document.text)
            )
        )
        origin.setTextFormat(Qt.TextFormat.PlainText)
        origin.setEnabled(False)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        # Room for a two-line message from the start: the form does not jump as one comes.
        self.problem.setMinimumHeight(self.problem.fontMetrics().lineSpacing() * 2 + 4)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(origin)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(max(420, self.fontMetrics().averageCharWidth() * 80))
        self._edit: ops.EditDocument | None = None
        self._check()

    def _line(self, name: str, value: str) -> QLineEdit:
        line = QLineEdit(value)
        line.setObjectName(name)
        line.setCursorPosition(0)  # a long title shows its start
        line.textChanged.connect(self._check)
        return line

    def _wanted(self) -> ops.EditDocument:
        """The checked edit of the details typed into (raises with the first problem; a
        value left as it was is not checked again: an odd imported URL blocks nothing)."""
        values: dict[str, Any] = {}
        for name in ("title", "source", "url", "author", "language"):
            line: QLineEdit = getattr(self, name)
            if line.isModified():
                values[name] = line.text()
        if self.date.isModified():
            values["published_at"] = details.parse_date(self.date.text())
        if self.metadata.document().isModified():
            values["fields"] = parse_fields(self.metadata.toPlainText())
        return details.checked_edit(ops.EditDocument(self._document.id, **values))

    def _check(self) -> bool:
        try:
            self._wanted()
        except OperationRefusedError as error:
            text = str(error)
            self.problem.setText(text[:1].upper() + text[1:] + ".")
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        self.problem.setText("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        return True

    def accept(self) -> None:
        if self._check():  # Enter in a field reaches here even while OK is disabled
            super().accept()

    def status_value(self) -> str:
        return str(self.status.currentData())

    def edit(self) -> ops.EditDocument | None:
        """Only the details that changed (cleaned as they will be stored); None for none."""
        wanted = self._wanted()
        stored = self._document
        changed: dict[str, Any] = {
            name: getattr(wanted, name)
            for name in ("title", "source", "url", "author", "published_at", "language")
            if getattr(wanted, name) not in (ops.UNSET, getattr(stored, name))
        }
        if wanted.fields is not ops.UNSET and (wanted.fields or ()) != details.fields_of(
            stored.extra
        ):
            changed["fields"] = wanted.fields
        return ops.EditDocument(stored.id, checked=True, **changed) if changed else None
