"""Message boxes and tooltips that show file names and user text as plain text.

Qt guesses whether a label's text is rich text (``Qt.mightBeRichText``): a file named
``<font color=white size=1>hidden.txt`` turned the import summary into HTML that hid the
rejections after it (issue #13). A box that shows such text is made with
:func:`message_box` and :func:`set_informative_text`, which set both of its labels to plain
text; a tooltip, which cannot be set so, gets its text through :func:`plain_tooltip`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

INFORMATIVE_LABEL = "qt_msgbox_informativelabel"


def message_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    parent: QWidget | None,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A box showing ``text`` (and any informative text set later) exactly as written."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def set_informative_text(box: QMessageBox, text: str) -> None:
    """``box``'s informative text, as plain text (QMessageBox's own setter leaves it to
    Qt's guess, whatever ``setTextFormat`` says)."""
    box.setInformativeText(text)
    label = box.findChild(QLabel, INFORMATIVE_LABEL)
    if label is not None:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written (tooltips are always guessed)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
