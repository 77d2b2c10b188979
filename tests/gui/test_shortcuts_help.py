"""Help → Keyboard Shortcuts lists the keys a user can press, as the platform writes them:
never the special keys some platforms add to a standard key (X11's F14 for Undo, the Open
key of Sun keyboards), and every readable binding (Ctrl+Y for Redo too)."""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox

from annotator.gui.help_dialogs import OTHER_KEYS
from annotator.gui.keys import readable
from tests.gui.helpers import answer
from tests.gui.test_window_paths import menu_action

NATIVE = QKeySequence.SequenceFormat.NativeText


def _shortcut_rows(window) -> dict[str, list[str]]:
    """What the box shows: the keys of each line, by what they do."""
    texts: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        texts.append(dialog.text())
        dialog.accept()

    answer(window, look)
    menu_action(window, "Help", "Keyboard Shortcuts").trigger()
    assert texts, "no Keyboard Shortcuts box"
    # Two columns of (keys, what) pairs side by side: each pair is a cell with bold keys.
    rows = re.findall(r"<td><b>(.*?)</b>[^<]*</td><td>(.*?)</td>", texts[0])
    return {html.unescape(what): html.unescape(keys).split(" / ") for keys, what in rows}


def test_the_shortcuts_list_shows_only_readable_keys(window):
    rows = _shortcut_rows(window)
    other = {what for _keys, what in OTHER_KEYS}
    commands = {what: keys for what, keys in rows.items() if what not in other}
    assert len(commands) > 15
    for what, keys in commands.items():
        for key in keys:
            sequence = QKeySequence.fromString(key, NATIVE)
            assert readable(sequence), f"{what}: {key!r} in {keys}"
            assert key not in ("F14", "Open", "New", "Exit", "Close", "Find", "Undo", "Redo")
    assert rows["Undo"][0] == QKeySequence("Ctrl+Z").toString(NATIVE)
    redo = [QKeySequence.fromString(key, NATIVE) for key in rows["Redo"]]
    assert QKeySequence("Ctrl+Y") in redo
    assert QKeySequence("Ctrl+Shift+Z") in redo
    assert rows["Open Project…"] == [QKeySequence("Ctrl+O").toString(NATIVE)]


def test_the_edit_menu_shows_the_platforms_primary_redo_key(window):
    redo = menu_action(window, "Edit", "Redo")
    bindings = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    primary = next(key for key in bindings if readable(key))
    assert redo.shortcut() == primary  # the key the menu item shows
    assert QKeySequence("Ctrl+Y") in redo.shortcuts()


def test_the_shortcuts_box_fits_a_720_pixel_screen(window):
    """Walkthrough: the box was 716 pixels of text tall and its OK button was off a 1280x720
    screen. (The test's virtual screen is 800 wide, narrower than any real one.)"""
    heights: list[int] = []

    def look(dialog: QDialog) -> None:
        heights.append(dialog.sizeHint().height())
        dialog.accept()

    answer(window, look)
    menu_action(window, "Help", "Keyboard Shortcuts").trigger()
    assert heights
    assert heights[0] <= 720
