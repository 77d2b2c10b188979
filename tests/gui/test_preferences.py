"""Edit → Preferences (#21.4), one test per setting, driven through the dialog's own widgets
by keys and clicks, each checked by its effect on the window; then all of them kept across
a new window reading the same settings file (the tests' settings live in their own folder,
tests/conftest.py ``_isolated_home``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QWidget,
)

from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.preferences_dialog import PreferencesDialog
from annotator.gui.settings import Preferences, Settings
from annotator.gui.theme import apply_theme
from tests.gui.helpers import VOA, answer, open_document, press, type_and_enter
from tests.gui.test_window_paths import menu_action

Button = QDialogButtonBox.StandardButton
Step = Callable[[PreferencesDialog], None]


@pytest.fixture(autouse=True)
def _system_theme_after() -> Iterator[None]:
    """The theme is the application's: the next test starts from the system's again."""
    yield
    apply_theme("system")


def preferences(window: MainWindow, *steps: Step, qtbot, ok: bool = True) -> PreferencesDialog:
    """Open Edit → Preferences from the menu, run ``steps`` on the dialog, then click OK
    (``ok``) or leave it (cancelled)."""
    opened: list[PreferencesDialog] = []

    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, PreferencesDialog)
        opened.append(dialog)
        for each in steps:
            each(dialog)
        if ok:
            qtbot.mouseClick(dialog.buttons.button(Button.Ok), Qt.MouseButton.LeftButton)

    answer(window, step)
    menu_action(window, "Edit", "Preferences…").trigger()
    assert opened, "the dialog did not open"
    return opened[0]


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Replace what ``widget`` (a line, an editable combo box, a spin box) holds by typing
    ``text``, then press Tab (Enter would press the dialog's OK)."""
    widget.setFocus()
    if isinstance(widget, QAbstractSpinBox):
        widget.selectAll()
        target: QWidget = widget
    else:
        line = widget.lineEdit() if isinstance(widget, QComboBox) else widget
        assert isinstance(line, QLineEdit)
        line.selectAll()
        target = line
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Tab)


def choose(qtbot, box: QComboBox, data: str) -> None:
    """Step through ``box`` with the arrow keys to the entry holding ``data``."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentData() == data:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    raise AssertionError(f"{data!r} not offered")


# --- coder name --------------------------------------------------------------------------


def test_the_coder_name_set_codes_as_that_coder_in_the_open_project(window, qtbot):
    def name(dialog: PreferencesDialog) -> None:
        type_into(qtbot, dialog.coder_edit, "Ann Example")

    preferences(window, name, qtbot=qtbot)
    coders = {c.name: c.id for c in window.project.coders()}
    assert window.session.coder_id == coders["Ann Example"]
    open_document(window, VOA)
    start = window.view.text.index("Bruce Turner")
    window.view.select_span(start, start + len("Bruce Turner"))
    answer(window, type_and_enter("Kim Jong Un"))
    press(window, "A")
    (mention,) = window.project.annotations(window.session.document_id)
    assert mention.coder_id == coders["Ann Example"]
    assert window.statusBar().currentMessage() == "Coding as Ann Example"


# --- article font --------------------------------------------------------------------------


def test_the_article_font_and_size_show_at_once_and_cancel_puts_them_back(window, qtbot):
    before = (window.view.font().family(), window.view.font().pointSizeF())
    assert before[0] != "DejaVu Serif"

    def serif_15(dialog: PreferencesDialog) -> None:
        type_into(qtbot, dialog.font_box, "DejaVu Serif")
        type_into(qtbot, dialog.size_box, "15")
        # Live: the article shows the choice while the dialog is open.
        assert window.view.font().family() == "DejaVu Serif"
        assert window.view.font().pointSizeF() == 15

    preferences(window, serif_15, qtbot=qtbot, ok=False)  # cancelled
    assert (window.view.font().family(), window.view.font().pointSizeF()) == before
    preferences(window, serif_15, qtbot=qtbot)
    assert (window.view.font().family(), window.view.font().pointSizeF()) == ("DejaVu Serif", 15)
    # Zooming starts from it: Normal Size is the chosen size.
    press(window, "Ctrl++")
    assert window.view.font().pointSizeF() > 15
    press(window, "Ctrl+0")
    assert window.view.font().pointSizeF() == 15


def test_apply_takes_the_choices_and_keeps_the_dialog_open(window, qtbot):
    def apply_then_cancel(dialog: PreferencesDialog) -> None:
        type_into(qtbot, dialog.size_box, "17")
        qtbot.mouseClick(dialog.buttons.button(Button.Apply), Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert Settings().preferences().font_size == 17
        type_into(qtbot, dialog.size_box, "9")  # shown, then cancelled
        assert window.view.font().pointSizeF() == 9

    preferences(window, apply_then_cancel, qtbot=qtbot, ok=False)
    assert window.view.font().pointSizeF() == 17  # Cancel goes back to what was applied
    assert Settings().preferences().font_size == 17


# --- trimming selections ----------------------------------------------------------------------


def _code_spaced_mention(window: MainWindow) -> tuple[int, int, int]:
    """Code " Bruce Turner " (a space at each end) as a mention; (where the phrase starts
    with its spaces, the mention's start and end)."""
    open_document(window, VOA)
    start = window.view.text.index(" Bruce Turner ")
    window.view.select_span(start, start + len(" Bruce Turner "))
    answer(window, type_and_enter("Kim Jong Un"))
    press(window, "A")
    project, document_id = window.project, window.session.document_id
    assert project is not None
    assert document_id is not None
    mentions = project.annotations(document_id)
    (mention,) = [m for m in mentions if "Bruce" in m.exact]
    return start, mention.start, mention.end


def test_spaces_at_the_ends_of_a_selection_are_kept_when_trimming_is_off(window, qtbot):
    start, first, last = _code_spaced_mention(window)
    assert (first, last) == (start + 1, start + 13)  # trimmed, as by default
    window.undo_stack.undo()

    def keep_spaces(dialog: PreferencesDialog) -> None:
        dialog.trim_box.setFocus()
        qtbot.keyClick(dialog.trim_box, Qt.Key.Key_Space)
        assert not dialog.trim_box.isChecked()

    preferences(window, keep_spaces, qtbot=qtbot)
    start, first, last = _code_spaced_mention(window)
    assert (first, last) == (start, start + 14)
    assert window.view.text[first:last] == " Bruce Turner "


# --- export format ---------------------------------------------------------------------------


def test_the_export_format_chosen_is_offered_first(window, qtbot, tmp_path, monkeypatch):
    def xlsx(dialog: PreferencesDialog) -> None:
        choose(qtbot, dialog.export_box, "xlsx")

    preferences(window, xlsx, qtbot=qtbot)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))
    offered: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, ExportDialog)
        offered.append(dialog.format_box.currentText())

    answer(window, look)  # then cancelled
    menu_action(window, "File", "Export Dataset…").trigger()
    assert offered == ["xlsx"]


# --- kept for the next window ------------------------------------------------------------------


def test_every_preference_is_kept_for_the_next_window(window, qtbot):
    path = Path(window.project.path)

    def everything(dialog: PreferencesDialog) -> None:
        type_into(qtbot, dialog.coder_edit, "Bea")
        type_into(qtbot, dialog.font_box, "DejaVu Serif")
        type_into(qtbot, dialog.size_box, "14")
        choose(qtbot, dialog.theme_box, "dark")
        qtbot.keyClick(dialog.trim_box, Qt.Key.Key_Space)
        choose(qtbot, dialog.export_box, "csv")

    preferences(window, everything, qtbot=qtbot)
    window.close()
    apply_theme("system")
    again = MainWindow(Settings(), coder=None)
    qtbot.addWidget(again)
    assert again.open_path(path)
    try:
        assert again.shell.preferences.current == Preferences(
            "Bea", "DejaVu Serif", 14.0, "dark", False, "csv"
        )
        assert again.project is not None
        coders = {c.id: c.name for c in again.project.coders()}
        assert coders.get(again.session.coder_id or "") == "Bea"
        assert (again.view.font().family(), again.view.font().pointSizeF()) == (
            "DejaVu Serif",
            14,
        )
        assert again.view.trim_selection is False
        dark = QApplication.palette().color(QPalette.ColorRole.Base)
        assert dark.name() == "#1e1f22"

        def shown(dialog: PreferencesDialog) -> None:
            assert dialog.preferences() == again.shell.preferences.current

        preferences(again, shown, qtbot=qtbot, ok=False)
    finally:
        again.close()


def test_coder_given_on_the_command_line_wins_over_the_preference(window, qtbot):
    def name(dialog: PreferencesDialog) -> None:
        type_into(qtbot, dialog.coder_edit, "Bea")

    preferences(window, name, qtbot=qtbot)
    path = Path(window.project.path)
    window.close()
    again = MainWindow(Settings(), coder="Cli Coder")
    qtbot.addWidget(again)
    assert again.open_path(path)
    try:
        assert again.project is not None
        coders = {c.id: c.name for c in again.project.coders()}
        assert coders.get(again.session.coder_id or "") == "Cli Coder"
    finally:
        again.close()


def test_tab_goes_through_the_dialog_as_its_groups_read(qtbot):
    dialog = PreferencesDialog(Preferences(), apply=lambda _p, _s: True, scale=("a", "b"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.coder_edit.setFocus()
    seen = []
    for _ in range(8):
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.append(widget.objectName() or widget.property("text"))
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == [
        "prefsCoder",
        "prefsExportFormat",
        "prefsTrim",
        "prefsFont",
        "prefsFontSize",
        "prefsTheme",
        "stanceScaleList",
        "A&dd",
    ]
