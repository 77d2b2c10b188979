"""The Statements view's filter bar on a 1280-pixel screen: every box shows what it says
in full (the kind box once read "Statements an", the date boxes "from (…" and "fr…").
Measured against the style's own text rectangles and the font's advance widths."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyleOptionComboBox

from tests.gui.test_window_paths import menu_action


def _combo_text_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def _line_text_room(edit: QLineEdit) -> int:
    margins = edit.textMargins()
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    return edit.width() - 2 * frame - margins.left() - margins.right() - 4  # 2 px each side


def test_every_filter_shows_its_text_in_full_on_a_1280_pixel_screen(window, qtbot):
    window.resize(1280, 780)
    menu_action(window, "View", "Statements").trigger()
    panel = window.statements
    qtbot.waitUntil(panel.isVisible)
    filters = panel.filters
    clipped = []
    for combo in (filters.kind, filters.stance, filters.coder, filters.scope):
        for index in range(combo.count()):
            combo.setCurrentIndex(index)
            text = combo.currentText()
            if combo.fontMetrics().horizontalAdvance(text) > _combo_text_room(combo):
                clipped.append(text)
    for edit in (filters.date_from, filters.date_to, filters.text, filters.query):
        placeholder = edit.placeholderText()
        if edit.fontMetrics().horizontalAdvance(placeholder) > _line_text_room(edit):
            clipped.append(placeholder)
    for button in (panel.recode_button, panel.export_button):
        if button.width() < button.sizeHint().width():
            clipped.append(button.text())
    assert clipped == []
