"""The Statements view's filter bar: kind, claim (with the claims under it), stance, coder,
dates, a text filter (``column:text`` for one column) and a search query.

It says ``changed()`` when a filter changes (text after a short pause, so typing stays
smooth) and builds the :class:`StatementFilter` of what is chosen; the search query is kept
apart (:attr:`query`), as the view resolves it through the search index.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.records import ClaimRecord, CoderRecord
from annotator.core.statement_table import COLUMNS, StatementFilter

TYPING_PAUSE_MS = 250
_COLUMN_TERM = re.compile(r'(?<!\S)(\w+):(?:"([^"]*)"|(\S*))')
_COLUMN_NAMES = {
    **{key: key for key in COLUMNS},
    "speaker": "actor",
    "title": "document",
    "text": "quote",
}
"""Names a ``column:text`` term may use (the column keys, and a few the headers suggest)."""


def parse_text_filter(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(free text, ((column, text), …)) of what was typed: ``actor:kim quote:"of troops"``
    filters those columns, ``actor:""`` keeps the rows where it is empty, the rest is looked
    for in any column. ``word:`` with no column of that name stays free text (a time like
    10:30 too); a bare ``actor:`` filters nothing yet."""
    columns: list[tuple[str, str]] = []

    def take(match: re.Match[str]) -> str:
        column = _COLUMN_NAMES.get(match.group(1).casefold())
        if column is None:
            return match.group(0)
        quoted, plain = match.group(2), match.group(3)
        if quoted is not None or plain:  # a bare "actor:" (still being typed) filters nothing
            columns.append((column, quoted if quoted is not None else plain))
        return " "

    rest = _COLUMN_TERM.sub(take, text)
    return " ".join(rest.split()), tuple(columns)


def parse_date(text: str, *, end: bool) -> dt.date | None:
    """``2024``, ``2024-06`` or ``2024-06-15`` as the first (or, ``end``, the last) day it
    names; None when empty. Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    year = int(parts[0])
    if len(parts) == 3:
        return dt.date(year, int(parts[1]), int(parts[2]))
    if len(parts) == 2:
        month = int(parts[1])
        first = dt.date(year, month, 1)
        if not end:
            return first
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


class StatementFilterBar(QWidget):
    changed = Signal()
    query_entered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = self._combo("statementKind")
        for label, value in (
            (self.tr("Statements and mentions"), None),
            (self.tr("Statements"), "statement"),
            (self.tr("Mentions"), "mention"),
        ):
            self.kind.addItem(label, value)
        self.claim = self._combo("statementClaim")
        self.claim.setToolTip(self.tr("Statements of this claim or of a claim under it"))
        self.stance = self._combo("statementStance")
        self.coder = self._combo("statementCoder")
        self.date_from = self._line("statementDateFrom", self.tr("from (2024-06-15)"))
        self.date_to = self._line("statementDateTo", self.tr("to (2024-12)"))
        for edit in (self.date_from, self.date_to):
            # As wide as the example it shows, and the clear button beside a typed date.
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 40)
            edit.setToolTip(self.tr("A date: 2024, 2024-06 or 2024-06-15 (document dates)"))
        self.text = self._line("statementText", self.tr("Filter rows: words, or actor:kim"))
        self.text.setToolTip(
            self.tr(
                "Rows holding these words in any column. Filter one column with column:text"
                ' (or column:"some words"): {0}'
            ).format(", ".join(COLUMNS) + ", speaker")
        )
        self.query = self._line("statementQuery", self.tr("Search query (Enter)"))
        self.query.setToolTip(
            self.tr(
                "A search query, as in the Search panel (e.g. stance:oppose troops);"
                " Enter applies it"
            )
        )
        self.scope = self._combo("statementQueryScope")
        self.scope.addItem(self.tr("statements matching"), "statements")
        self.scope.addItem(self.tr("in documents matching"), "documents")
        self.problem = QLabel()
        self.problem.setObjectName("statementProblem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        self.date_problem = ""
        # Two rows of their own (not one grid): a wide box in one row no longer widens the
        # box above it, and the boxes of fixed choices are as wide as their longest choice.
        self._rows = (QHBoxLayout(), QHBoxLayout())
        for combo in (self.kind, self.stance, self.coder, self.scope):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for widget, stretch in (
            (self.kind, 0),
            (self.claim, 1),
            (self.stance, 0),
            (self.coder, 0),
            (self.date_from, 0),
            (self.date_to, 0),
        ):
            self._rows[0].addWidget(widget, stretch)
        self._rows[1].addWidget(self.text, 3)
        self._rows[1].addWidget(self.query, 2)
        self._rows[1].addWidget(self.scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for row in self._rows:
            row.setSpacing(4)
            layout.addLayout(row)
        layout.addWidget(self.problem)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.changed)
        for combo in (self.kind, self.claim, self.stance, self.coder):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.scope.currentIndexChanged.connect(lambda _i: self._on_scope())
        for edit in (self.text, self.date_from, self.date_to):
            edit.textChanged.connect(lambda _t: self._pause.start())
            edit.returnPressed.connect(self.apply_now)
        self.query.returnPressed.connect(self.query_entered)
        self.set_codebook([], [], ())

    def add_to_second_row(self, widget: QWidget) -> None:
        """Put ``widget`` at the end of the row of the text filters (the table keeps the
        room: a dock at the bottom of the window has little height)."""
        self._rows[1].addWidget(widget)

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _on_scope(self) -> None:
        if self.query.text().strip():
            self.query_entered.emit()

    def apply_now(self) -> None:
        """Apply typed filters without waiting for the pause (Enter)."""
        self._pause.stop()
        self.changed.emit()

    # --- choices -------------------------------------------------------------------------

    def set_codebook(
        self, claims: list[ClaimRecord], coders: list[CoderRecord], stances: tuple[str, ...]
    ) -> None:
        """Fill the claim, coder and stance lists, keeping what was chosen when it is still
        there (no ``changed`` for the refill itself)."""
        depths: dict[str, int] = {}
        for claim in claims:  # parents come before their children
            depths[claim.id] = depths.get(claim.parent_id or "", -1) + 1
        self._refill(
            self.claim,
            self.tr("Any claim"),
            [("    " * depths[c.id] + c.label, c.id) for c in claims],
        )
        self._refill(self.coder, self.tr("Any coder"), [(c.name, c.id) for c in coders])
        self._refill(
            self.stance,
            self.tr("Any stance"),
            [(s, s) for s in stances] + [(self.tr("(no stance yet)"), "")],
        )

    def _refill(self, combo: QComboBox, anything: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(anything, None)
        for label, value in items:
            combo.addItem(label.replace("\n", " "), value)
        found = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, found))
        combo.blockSignals(False)
        if chosen is not None and found < 0:
            self.changed.emit()  # what was chosen is gone (a claim deleted)

    # --- the filter ----------------------------------------------------------------------

    def statement_filter(self) -> StatementFilter:
        """What is chosen (a date that cannot be read is shown as a problem and left out)."""
        dates: list[dt.date | None] = []
        problems = []
        for edit, end in ((self.date_from, False), (self.date_to, True)):
            try:
                dates.append(parse_date(edit.text(), end=end))
            except ValueError:
                dates.append(None)
                problems.append(
                    self.tr("“{0}” is not a date (2024, 2024-06 or 2024-06-15)").format(
                        edit.text().strip()
                    )
                )
        self.date_problem = "; ".join(problems)
        self.show_problem(self.date_problem)
        free, columns = parse_text_filter(self.text.text())
        return StatementFilter(
            kind=self.kind.currentData(),
            claim_id=self.claim.currentData(),
            stance=self.stance.currentData(),
            coder_id=self.coder.currentData(),
            date_from=dates[0],
            date_to=dates[1],
            text=free,
            columns=columns,
        )

    def search_query(self) -> tuple[str, str]:
        """(query, ``"statements"`` or ``"documents"``)."""
        return self.query.text().strip(), str(self.scope.currentData())

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
