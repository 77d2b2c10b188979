"""Help: the keyboard shortcuts, the search syntax and the About box."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__
from annotator.gui.dialogs import Dialogs

OTHER_KEYS = (
    ("1 2 3 …", "Pick a stance in the stance picker (and finish the statement)"),
    ("Enter / Esc", "Confirm / cancel a picker"),
    ("Ctrl+wheel", "Make the article's text larger or smaller"),
    ("Down / Up", "From the search box into the results / from the first result back to it"),
    (
        "Ctrl+Z in the search box",
        "Undo the typing not searched yet; when there is none (after Enter), the last coding step",
    ),
)
"""Keys that are not menu commands (the rest come from the action table)."""


SEARCH_SYNTAX = (
    ("sanction", 'Words are stemmed: finds "sanctions" too'),
    (
        "korea AND russia, korea russia, OR, NOT, A ANDNOT B, ( )",
        "Combine; A ANDNOT B: A without B",
    ),
    ("A ANDMAYBE B, A REQUIRE B", "A, with B ranked higher; both, ranked by A alone"),
    ("NOT, then AND (and side by side), then OR", "Precedence: a b OR c is (a AND b) OR c"),
    ('"invariably support"', "A phrase"),
    ('"kim putin"~5', "In that order, each within 5 words"),
    ("gas*, elect*on, ?", "Prefix, wildcard, one character: words as written, never stems"),
    ("Arsnal~, term~2", "One edit, two edits (the first two letters must match)"),
    ('title:, source:"voa news"', "The title, the source"),
    ("date:2024, date:[2023-01-01 TO 2023-12-31]", "The date"),
    ('actor:"Kim Jong Un"', "The actor is coded, or any of its names occurs as written"),
    ("claim:troops, stance:oppose, coder:", "A claim (or its parents), a stance, a coder"),
    (
        "stance:support AND claim:troops",
        "Fields combine per document: perhaps two different statements",
    ),
    (
        "statement:(stance:support AND claim:troops)",
        "One statement meets them all; inside, words search its quote, actor: is its speaker",
    ),
    ("speaker:KCNA", "Short for statement:(actor:KCNA)"),
    ("NOT statement:(stance:support)", "No support statement in the article"),
)
"""What README's "Search queries" says, in short: (example, what it does)."""


def _table(lines: list[tuple[str, str]], columns: int = 1) -> str:
    """An HTML table of (keys or example, what it does), in ``columns`` pairs of columns
    filled top to bottom (two keep the shortcuts list within a 720-pixel screen)."""
    cells = [
        f"<td><b>{html.escape(first)}</b>&nbsp;&nbsp;</td><td>{html.escape(second)}</td>"
        for first, second in lines
    ]
    height = -(-len(cells) // columns)
    rows = []
    for row in range(height):
        parts = [
            cells[row + height * col] for col in range(columns) if row + height * col < len(cells)
        ]
        rows.append("<tr>" + "<td>&nbsp;&nbsp;&nbsp;</td>".join(parts) + "</tr>")
    # An empty first row sets the column widths: keys narrow, what they do wide (left to
    # Qt, the keys took half the width and every description wrapped to three lines).
    spacer = "<td></td>"
    widths = spacer.join(['<td width="15%"></td><td width="35%"></td>'] * columns)
    return f'<table cellspacing="0"><tr>{widths}</tr>' + "".join(rows) + "</table>"


def _information(
    dialogs: Dialogs, parent: QWidget, title: str, text: str, name: str = "helpBox"
) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.RichText)  # the table (every text in it is escaped)
    # A message box keeps its text narrow, so a long table grew taller than a 720-pixel
    # screen (walkthrough): give the table the width it needs, as far as the screen allows.
    screen = parent.screen()
    room = screen.availableGeometry().width() if screen is not None else 1024
    box.setStyleSheet(f"QLabel#qt_msgbox_label {{ min-width: {min(860, room - 160)}px; }}")
    dialogs.run(box)  # the window's seam: tests answer it without a nested event loop


def show_shortcuts(dialogs: Dialogs, parent: QWidget, rows: list[tuple[str, str]]) -> None:
    lines = [(keys, what) for keys, what in rows]
    lines += [(keys, parent.tr(what)) for keys, what in OTHER_KEYS]
    _information(
        dialogs, parent, parent.tr("Keyboard shortcuts"), _table(lines, columns=2), "shortcutsBox"
    )


def show_search_syntax(dialogs: Dialogs, parent: QWidget) -> None:
    lines = [(example, parent.tr(what)) for example, what in SEARCH_SYNTAX]
    _information(dialogs, parent, parent.tr("Search syntax"), _table(lines))


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        parent.tr("About Annotator"),
        parent.tr(
            "<b>Annotator {v}</b><p>Code actors, claims and stance in news articles."
            "<p>Qt {qt}, PySide6 {ps}"
        ).format(v=__version__, qt=qVersion(), ps=pyside_version),
    )
