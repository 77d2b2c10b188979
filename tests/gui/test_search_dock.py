"""The Search dock after a new analyst's walkthrough: results that follow recodes and undos,
the clear button, Ctrl+Z and the arrow keys in the search box, statement hits selected in
the Annotations table, readable marks on a selected row, and Help → Search Syntax."""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QMessageBox, QToolButton

from annotator.gui.result_delegate import MARK_COLOUR
from annotator.gui.search_panel import StatementRole
from tests.gui.helpers import Coded, answer, digit, enter, press
from tests.gui.test_window_paths import menu_action


def search(coded: Coded, qtbot, text: str) -> None:
    """Ctrl+F, type ``text``, Enter; wait for the results."""
    panel = coded.panel
    qtbot.waitUntil(lambda: not panel.busy)
    press(coded.window, "Ctrl+F")
    qtbot.keyClicks(panel.input, text)
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.busy)


def rows(coded: Coded) -> list[str]:
    model = coded.panel.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_an_opened_statement_hit_is_selected_for_recoding(coded, qtbot):
    search(coded, qtbot, "statement:(stance:oppose AND speaker:KCNA)")
    results = coded.panel.results
    assert [bool(coded.panel.model.index(r, 0).data(StatementRole)) for r in range(3)] == [
        False,
        True,
        True,
    ]
    results.setFocus()
    results.setCurrentIndex(coded.panel.model.index(2, 0))
    qtbot.keyClick(results, Qt.Key.Key_Return)  # activated: open the article there
    window = coded.window
    assert window.session.document_id == coded.document_id
    assert window.article.current_id() == coded.statements[2]
    # Ctrl+R recodes it: the claim and speaker kept, the stance now support.
    answer(window, enter(), enter(), digit("1"))
    press(window, "Ctrl+R")
    qtbot.waitUntil(
        lambda: (
            window.project.annotations_by_id([coded.statements[2]])[coded.statements[2]].stance
            == "support"
        )
    )


def test_the_clear_button_clears_the_results_the_highlights_and_the_hit_count(coded, qtbot):
    search(coded, qtbot, "statement:(stance:oppose)")
    panel, window = coded.panel, coded.window
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)  # into the results; Enter opens the first
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert window.view.hits
    assert window.statusBar().currentMessage().startswith("Hit 1 of")
    (clear,) = [b for b in panel.input.findChildren(QToolButton) if b.isVisible()]
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert panel.input.text() == ""
    assert panel.model.rowCount() == 0
    assert panel.status.text() == ""
    assert window.view.hits == []
    assert window.statusBar().currentMessage() == ""


def test_down_goes_into_the_results_and_up_from_the_first_comes_back(coded, qtbot):
    search(coded, qtbot, "statement:(stance:oppose)")
    panel, window = coded.panel, coded.window
    panel.results.setCurrentIndex(panel.model.index(2, 0))
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)
    assert window.focusWidget() is panel.results
    assert panel.results.currentIndex().row() == 0
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    assert panel.results.currentIndex().row() == 1
    qtbot.keyClick(panel.results, Qt.Key.Key_Up)
    assert (window.focusWidget(), panel.results.currentIndex().row()) == (panel.results, 0)
    qtbot.keyClick(panel.results, Qt.Key.Key_Up)
    assert window.focusWidget() is panel.input
    assert panel.input.text() == "statement:(stance:oppose)"


def stance(coded: Coded, n: int) -> str | None:
    statement, project = coded.statements[n], coded.window.project
    assert project is not None
    return project.annotations_by_id([statement])[statement].stance


def test_ctrl_z_in_the_search_box_undoes_typing_not_yet_searched_then_coding(coded, qtbot):
    window, panel = coded.window, coded.panel
    search(coded, qtbot, "statement:(stance:oppose)")
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)  # the first oppose statement
    answer(window, enter(), enter(), digit("1"))
    press(window, "Ctrl+R")
    qtbot.waitUntil(lambda: stance(coded, 1) == "support")
    press(window, "Ctrl+F")
    # Right after a search, Ctrl+Z in the box undoes the coding, not the query.
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stance(coded, 1) == "oppose"
    assert panel.input.text() == "statement:(stance:oppose)"
    qtbot.keyClicks(panel.input, "kcna")  # replaces the selected query; not searched yet
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.input.text() == "statement:(stance:oppose)"  # the typing undone
    assert window.undo_stack.canRedo()  # and nothing else
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, redo)
    assert panel.input.text() == "kcna"
    assert stance(coded, 1) == "oppose"
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.canRedo()  # nothing left to undo: the box changed nothing
    qtbot.keyClick(panel.input, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stance(coded, 1) == "support"  # the box has no redo left: Ctrl+Y redoes the coding


def test_after_the_clear_button_ctrl_z_never_brings_the_cleared_query_back(coded, qtbot):
    """Walkthrough: search, clear with the button, type, Ctrl+Z twice: the second press put
    the cleared query back in the box (not searched) instead of undoing the coding."""
    window, panel = coded.window, coded.panel
    search(coded, qtbot, "statement:(stance:oppose)")
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)  # the first oppose statement
    answer(window, enter(), enter(), digit("1"))
    press(window, "Ctrl+R")
    qtbot.waitUntil(lambda: stance(coded, 1) == "support")
    (clear,) = [b for b in panel.input.findChildren(QToolButton) if b.isVisible()]
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.input.isUndoAvailable())
    qtbot.keyClicks(panel.input, "as")
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.input.text() == ""  # the typing undone
    qtbot.waitUntil(lambda: not panel.input.isUndoAvailable())
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.input.text() == ""  # not the cleared query
    assert stance(coded, 1) == "oppose"  # the coding undone


def test_the_results_follow_a_recode_and_its_undo_keeping_the_selected_row(coded, qtbot):
    window, panel = coded.window, coded.panel
    search(coded, qtbot, "statement:(stance:oppose)")
    assert len(rows(coded)) == 3  # the document, its two oppose statements
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)  # opens the first oppose statement
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)  # the second one is the selected row
    answer(window, enter(), enter(), digit("1"))
    press(window, "Ctrl+R")  # the first: oppose → support
    qtbot.waitUntil(lambda: len(rows(coded)) == 2)
    assert not panel.busy
    assert panel.results.currentIndex().data(StatementRole) == coded.statements[2]
    press(window, "Ctrl+Z")
    qtbot.waitUntil(lambda: len(rows(coded)) == 3)
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.results.currentIndex().data(StatementRole) == coded.statements[2]
    assert "1 document matches" in panel.status.text()
    press(window, "Ctrl+Y")
    qtbot.waitUntil(lambda: len(rows(coded)) == 2)
    qtbot.waitUntil(lambda: not panel.busy)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)  # opens the second
    answer(window, enter(), enter(), digit("1"))
    press(window, "Ctrl+R")  # the second too: the document no longer matches
    qtbot.waitUntil(lambda: rows(coded) == [])
    qtbot.waitUntil(lambda: "0 documents match" in panel.status.text())


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mark_boxes(image: QImage) -> list[QRect]:
    """The boxes of the marked words of a row drawn unselected (their yellow background):
    each word on its own, not touching another's (those are left out)."""
    yellow = QColor(MARK_COLOUR).rgb()
    background = Counter(
        image.pixel(x, y) for y in range(image.height()) for x in range(image.width())
    ).most_common(1)[0][0]
    seen: set[tuple[int, int]] = set()
    boxes = []
    for y in range(image.height()):
        for x in range(image.width()):
            if (x, y) in seen or image.pixel(x, y) != yellow:
                continue
            todo, part = [(x, y)], []
            seen.add((x, y))
            while todo:
                px, py = todo.pop()
                part.append((px, py))
                for nx, ny in ((px + 1, py), (px - 1, py), (px, py + 1), (px, py - 1)):
                    if (nx, ny) in seen or not image.rect().contains(nx, ny):
                        continue
                    if image.pixel(nx, ny) == yellow:
                        seen.add((nx, ny))
                        todo.append((nx, ny))
            xs, ys = [p[0] for p in part], [p[1] for p in part]
            box = QRect(QPoint(min(xs), min(ys)), QPoint(max(xs), max(ys)))
            inside = (image.pixel(bx, by) for bx, by in _points(box))
            if min(box.width(), box.height()) >= 8 and background not in inside:
                boxes.append(box)
    return boxes


def _points(box: QRect) -> list[tuple[int, int]]:
    return [
        (x, y)
        for y in range(box.top(), box.bottom() + 1)
        for x in range(box.left(), box.right() + 1)
    ]


def test_the_marked_words_of_a_selected_result_stay_readable(coded, qtbot):
    panel = coded.panel
    search(coded, qtbot, "korea russia")
    results, model = panel.results, panel.model
    assert model.rowCount() == 5

    def grab(row: int) -> QImage | None:
        place = results.visualRect(model.index(row, 0))
        if not results.viewport().rect().contains(place):
            return None  # scrolled partly out of sight
        image: QImage = results.viewport().grab(place).toImage()
        return image

    checked = 0
    qtbot.keyClick(panel.input, Qt.Key.Key_Down)  # the first row
    for row in range(4):
        qtbot.keyClick(results, Qt.Key.Key_Down)
        unselected = grab(row)
        qtbot.keyClick(results, Qt.Key.Key_Up)
        assert results.currentIndex().row() == row
        selected = grab(row)
        qtbot.keyClick(results, Qt.Key.Key_Down)
        if unselected is None or selected is None:
            continue
        for box in mark_boxes(unselected):
            pixels = [QColor(selected.pixel(x, y)) for x, y in _points(box)]
            background = QColor(Counter(p.rgb() for p in pixels).most_common(1)[0][0])
            assert max(contrast(p, background) for p in pixels) >= 3.0, (row, box)
            checked += 1
    assert checked


def test_help_shows_the_search_syntax_and_the_search_box_keys(coded, qtbot):
    window = coded.window
    shown: list[str] = []

    def read_and_close(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    remaining = answer(window, read_and_close, read_and_close)
    menu_action(window, "Help", "Search Syntax").trigger()
    menu_action(window, "Help", "Keyboard Shortcuts").trigger()
    assert remaining == []
    syntax, keys = shown
    for example in ("ANDNOT", '"kim putin"~5', "gas*", "Arsnal~", "date:[2023-01-01 TO"):
        assert html.escape(example) in syntax
    for example in ("statement:(stance:support AND", "speaker:KCNA", "NOT statement:("):
        assert html.escape(example) in syntax
    assert "Ctrl+Z in the search box" in keys
    assert "Down / Up" in keys
