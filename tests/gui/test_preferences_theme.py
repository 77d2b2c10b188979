"""Edit → Preferences → Theme (#21.4): dark and light through the dialog, with the
article's highlights and the codebook's names kept readable (WCAG contrast computed here,
not with the app's code)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.gui.preferences_dialog import PreferencesDialog
from annotator.gui.settings import Preferences, Settings
from annotator.services import operations as ops
from tests.gui.test_preferences import (  # noqa: F401  (the fixture is used by its name)
    Button,
    _system_theme_after,
    choose,
    preferences,
)


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def wcag_contrast(a: QColor, b: QColor) -> float:
    """WCAG 2.x contrast ratio, computed here from Qt's colours (not with the app's code)."""

    def luminance(c: QColor) -> float:
        return (
            0.2126 * _channel(c.redF())
            + 0.7152 * _channel(c.greenF())
            + 0.0722 * _channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _painted(window: MainWindow) -> list[tuple[int, QColor | None, QColor, bool, QColor]]:
    """Each highlighted piece of the article as painted: (position, fill or None, text
    colour, underlined, underline colour)."""
    view = window.view
    page_text = view.palette().color(QPalette.ColorRole.Text)
    pieces = []
    block = view.document().begin()
    while block.isValid():
        for piece in block.layout().formats():
            fmt = piece.format
            fill = (
                fmt.background().color()
                if fmt.background().style() != Qt.BrushStyle.NoBrush
                else None
            )
            text = (
                fmt.foreground().color()
                if fmt.foreground().style() != Qt.BrushStyle.NoBrush
                else page_text
            )
            pieces.append(
                (
                    block.position() + piece.start,
                    fill,
                    text,
                    fmt.fontUnderline(),
                    fmt.underlineColor(),
                )
            )
        block = block.next()
    return pieces


def test_the_dark_theme_keeps_text_and_marks_readable(coded, qtbot):
    window = coded.window
    window.show_document(coded.document_id)
    # Mentions of actors of every kind, inside the statements and beside them.
    kinds: dict[str, str] = {}
    for actor in window.project.actors():
        kinds.setdefault(actor.kind, actor.id)
    coder = window.session.coder_id
    assert coder is not None
    for number, actor_id in enumerate(kinds.values()):
        start, end = coded.spans[number % len(coded.spans)]
        for at in (start + 1 + 6 * (number // 3), end + 2 + 6 * (number // 3)):
            mention = ops.AddMention(coded.document_id, at, at + 4, actor_id, coder)
            assert window.session.push(mention, "Code mention")
    first = coded.spans[0]
    window.view.set_hits([(first[0], first[0] + 4), (first[1] + 20, first[1] + 26)])

    def dark(dialog: PreferencesDialog) -> None:
        choose(qtbot, dialog.theme_box, "dark")
        assert QApplication.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.2  # live

    preferences(window, dark, qtbot=qtbot)
    dark_page = QApplication.palette().color(QPalette.ColorRole.Base)
    # Qt hands a new application palette to each widget through posted events.
    qtbot.waitUntil(lambda: window.view.palette().color(QPalette.ColorRole.Base) == dark_page)
    page = window.view.palette().color(QPalette.ColorRole.Base)
    text = window.view.palette().color(QPalette.ColorRole.Text)
    assert wcag_contrast(text, page) >= 7  # the article itself
    pieces = _painted(window)
    fills = [p for p in pieces if p[1] is not None]
    lines = [p for p in pieces if p[3]]
    assert len(fills) >= 3
    assert len(lines) >= 2 * len(kinds)
    for _at, fill, colour, _u, _line in fills:
        assert fill is not None
        assert wcag_contrast(colour, fill) >= 4.5  # text on a statement or a hit
        assert fill != page  # and the statement is seen
    for _at, fill, _colour, _u, line in lines:
        assert wcag_contrast(line, fill or page) >= 3.0  # an underline on what it is on
    assert any(fill is not None for _a, fill, _c, _u, _l in lines)  # overlaps were checked
    # The codebook's actor names, each in its colour, are readable on the dark list too.
    actors = window.codebook.actors
    qtbot.waitUntil(lambda: actors.palette().color(QPalette.ColorRole.Base) == dark_page)
    model = window.codebook.actor_model
    assert model.rowCount() > 3
    for row in range(model.rowCount()):
        name = model.item(row).foreground().color()
        assert wcag_contrast(name, dark_page) >= 4.5, model.item(row).text()


ROLES = [QPalette.ColorRole.Base, QPalette.ColorRole.Text, QPalette.ColorRole.Window]
ROLES += [QPalette.ColorRole.WindowText, QPalette.ColorRole.Highlight]


def _colours() -> list[str]:
    return [QApplication.palette().color(role).name() for role in ROLES]


def test_switching_the_theme_back_gives_the_system_palette_again(window, qtbot):
    system = _colours()

    def dark(dialog: PreferencesDialog) -> None:
        choose(qtbot, dialog.theme_box, "dark")

    preferences(window, dark, qtbot=qtbot)
    assert _colours() != system

    def restore(dialog: PreferencesDialog) -> None:
        restore_button = dialog.buttons.button(Button.RestoreDefaults)
        qtbot.mouseClick(restore_button, Qt.MouseButton.LeftButton)
        assert dialog.theme_box.currentData() == "system"
        assert _colours() == system  # live

    preferences(window, restore, qtbot=qtbot)
    assert Settings().preferences() == Preferences()
