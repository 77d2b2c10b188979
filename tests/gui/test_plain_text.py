"""File names and user text are shown as plain text, never read as HTML (issue #13.10): a file
named ``<font color=white size=1>hidden.txt`` turned the import summary into rich text that
hid the rejections after it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from annotator.gui.import_summary import import_summary_box
from annotator.gui.plain_text import INFORMATIVE_LABEL, message_box, plain_tooltip
from annotator.services.importing import ImportReport

HIDING = "<font color=white size=1>hidden.txt"


def _shows_as_rich_text(label: QLabel) -> bool:
    """What Qt does with the label's text: rich text when so set, or when guessed so."""
    if label.textFormat() == Qt.TextFormat.RichText:
        return True
    return label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(label.text())


def _labels(box: QMessageBox) -> list[QLabel | None]:
    return [box.findChild(QLabel, "qt_msgbox_label"), box.findChild(QLabel, INFORMATIVE_LABEL)]


def test_the_import_summary_is_plain_text_whatever_the_file_names(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    report = ImportReport()
    report.rejected.append((HIDING, f"{HIDING}: the file is empty"))
    report.rejected.append(("later.txt", "later.txt: looks like a binary file"))
    box = import_summary_box(parent, report)
    text, informative_label = _labels(box)
    assert text is not None
    assert informative_label is not None
    assert not _shows_as_rich_text(text)
    assert not _shows_as_rich_text(informative_label)
    informative = informative_label.text()
    assert HIDING in informative  # shown literally, tags and all
    assert "later.txt: looks like a binary file" in informative


def test_message_boxes_and_tooltips_show_text_as_written(qtbot):
    box = message_box(QMessageBox.Icon.Warning, "Not done", f"{HIDING} could not be read", None)
    qtbot.addWidget(box)
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None
    assert not _shows_as_rich_text(label)
    tooltip = plain_tooltip(HIDING)
    assert "<font" not in tooltip
    assert "&lt;font color=white size=1&gt;hidden.txt" in tooltip
