"""Light, dark or the system's look (Edit → Preferences → Theme).

Light and dark use Qt's Fusion style with a palette of our own, the same on every platform
(a native style may ignore a palette: the Windows styles draw their own colours); "system"
puts back the style and palette the application started with, so that the platform's own
light or dark mode applies. Views that paint colours of their own (the article's highlights,
the codebook's actor names) refit them when the palette changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

DARK = {
    Role.Window: "#2b2d30",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#1e1f22",
    Role.AlternateBase: "#26282b",
    Role.ToolTipBase: "#3c3f41",
    Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#8c8c8c",
    Role.Text: "#e6e6e6",
    Role.Button: "#3c3f41",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ff6b6b",
    Role.Light: "#4e5155",
    Role.Midlight: "#404347",
    Role.Mid: "#313335",
    Role.Dark: "#19191b",
    Role.Shadow: "#000000",
    Role.Highlight: "#2f5fb3",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#6cb6ff",
    Role.LinkVisited: "#b99cff",
}
"""Text #e6e6e6 on the page #1e1f22: 14:1; the selection's white on #2f5fb3: 6.6:1."""
DARK_DISABLED = {Role.WindowText: "#7a7a7a", Role.Text: "#7a7a7a", Role.ButtonText: "#7a7a7a"}


class _Original:
    """The style the application had before a theme was first chosen."""

    style: str | None = None
    known = False


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def apply_theme(theme: str) -> None:
    """Give the whole application the ``theme`` ("system", "light" or "dark")."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not _Original.known:
        _Original.style, _Original.known = app.style().name(), True
    hints = QGuiApplication.styleHints()
    if theme == "system":
        hints.unsetColorScheme()
        if _Original.style and app.style().name() != _Original.style:
            app.setStyle(_Original.style)
        # A palette with no role of its own: the platform's, which follows the system's
        # light or dark mode when it changes (a copy of the first palette would not).
        app.setPalette(QPalette())
        return
    # Window frames and native dialogs follow where the platform lets them (Qt 6.8+); the
    # roles of our palette are all set, so a palette the platform sends back keeps them.
    hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    fusion = QStyleFactory.create("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else fusion.standardPalette())
    log.debug("theme %s", theme)
