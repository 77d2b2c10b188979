"""The box that ends an import: counts first, then every rejection (with its reason),
duplicate and near-duplicate in a selectable, copyable details area."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.gui.plain_text import message_box, set_informative_text
from annotator.services.importing import ImportReport

SHOWN_INLINE = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportSummary", text)


def import_summary_box(parent: QWidget, report: ImportReport) -> QMessageBox:
    """A message box describing ``report`` (not yet shown: call ``open()``)."""
    icon = QMessageBox.Icon.Warning if report.rejected else QMessageBox.Icon.Information
    # Plain text: file names are shown as they are, never read as HTML (plain_text.py).
    box = message_box(icon, _tr("Import"), report.summary(), parent)
    box.setObjectName("importSummary")
    # QMessageBox sizes itself to its first line; reasons are long, so give them room.
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 36em; }")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    details = report.details()
    lines = details.splitlines()
    informative = lines[:SHOWN_INLINE]
    if len(lines) > SHOWN_INLINE:
        informative.append(_tr("… {0} more under Show Details").format(len(lines) - SHOWN_INLINE))
    if report.cancelled:
        informative.append(_tr("Cancelled: what was imported before stays (Undo removes it)."))
    set_informative_text(box, "\n".join(informative))
    if details:
        box.setDetailedText(details)
    return box
