"""Item models of the Agreement window: one over a table of the report
(services/agreement/tables.py: what is shown is what is exported) and the coder × coder
matrix of one figure. Figures are shown to three decimals; sorting uses the numbers (an
undefined figure sorts first), and every header and undefined cell explains itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from annotator.gui.roles import IdRole, SortRole
from annotator.services.agreement.report import AgreementReport
from annotator.services.agreement.tables import Table

AnyIndex = QModelIndex | QPersistentModelIndex

HEADERS = {
    "figure": "Figure",
    "coefficient": "Coefficient",
    "value": "Value",
    "observed": "D_o",
    "expected": "D_e",
    "pairable": "Pairable",
    "percent_agreement": "% agreement",
    "undefined": "Why undefined",
    "spans": "Spans",
    "paired_units": "Paired",
    "unpaired_statements": "Unpaired",
    "layer": "Layer",
    "category": "Category",
    "coder_a": "Coder",
    "coder_b": "Coder",
    "documents": "Documents",
    "title": "Document",
    "coders": "Coders",
    "length": "Characters",
    "alpha_u_mentions": "αu mentions",
    "alpha_u_statements": "αu statements",
    "alpha_claim": "α claim",
    "alpha_speaker": "α speaker",
    "alpha_stance": "α stance",
}
TIPS = {
    "value": "The coefficient: 1 is perfect agreement, 0 what chance gives, below 0 worse "
    "than chance; empty when undefined (the last column says why).",
    "observed": "D_o, the disagreement observed between the coders.",
    "expected": "D_e, the disagreement expected by chance from how often each value was used.",
    "pairable": "n: how many values could be paired (for αu: coders × characters).",
    "percent_agreement": "Agreeing pairs of values over all pairs (not corrected for chance).",
    "spans": "How many spans the coders marked in this layer.",
    "paired_units": "Statements of two or more coders paired as one unit (overlap at least "
    "the minimum), whose claim, speaker and stance are compared.",
    "unpaired_statements": "Statements no other coder's statement pairs with, per coder: "
    "counted, never silently dropped (they still count in αu).",
    "alpha_u_mentions": "Krippendorff's αu of where the coders marked mentions of each actor.",
    "alpha_u_statements": "Krippendorff's αu of where the coders marked statements on each claim.",
    "alpha_claim": "Nominal α of the claim of paired statements.",
    "alpha_speaker": "Nominal α of the speaker of paired statements ('no speaker' is a value).",
    "alpha_stance": "Nominal α of the stance of paired statements.",
}
FIGURE_TIPS = {
    "mentions": "αu of the mentions: do the coders mark the same characters as mentions of "
    "the same actor? Each actor is a category; their disagreements are added up.",
    "mentions (any category)": "αu of where the mentions are, whatever their actor.",
    "statements": "αu of the statements: do the coders mark the same characters as "
    "statements on the same claim?",
    "statements (any category)": "αu of where the statements are, whatever their claim.",
    "claim": "α of the claim of paired statements (nominal).",
    "speaker": "α of the speaker of paired statements (nominal).",
    "stance": "α of the stance of paired statements (nominal).",
}
HIDDEN = frozenset({"category_id", "document_id"})
"""Ids go to the files, not to the screen (they are the rows' IdRole)."""


def shown_number(value: Any, column: str = "") -> str:
    """A cell's text: figures to three decimals, the pairable count as a whole number when
    it is one (αu's m × L), nothing as a dash."""
    if value is None:
        return "—"
    if column == "pairable" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class ReportTableModel(QAbstractTableModel):
    """One :class:`Table` of the report, read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = Table("", (), ())
        self._columns: tuple[str, ...] = ()
        self._numeric: set[str] = set()

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self._columns = tuple(c for c in table.columns if c not in HIDDEN)
        self._numeric = {
            c for c in table.columns if any(isinstance(r.get(c), int | float) for r in table.rows)
        }
        self.endResetModel()

    def column_names(self) -> tuple[str, ...]:
        return self._columns

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        name = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS.get(name, name))
        if role == Qt.ItemDataRole.ToolTipRole and name in TIPS:
            return self.tr(TIPS[name])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.table.rows):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        row = self.table.rows[index.row()]
        name = self._columns[index.column()]
        value = row.get(name)
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_number(value, name)
        if role == SortRole:
            if name in self._numeric:  # undefined figures first, then by value
                return float("-inf") if value is None else float(value)
            return "" if value is None else str(value)
        if role == IdRole:
            return row.get("document_id") or row.get("category_id") or row.get("figure")
        if role == Qt.ItemDataRole.ToolTipRole:
            if value is None and row.get("undefined"):
                return self.tr("Undefined: {0}").format(row["undefined"])
            if name == "figure":
                return self.tr(FIGURE_TIPS.get(str(value), ""))
            return self.tr(TIPS[name]) if name in TIPS else None
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


MATRIX_FIGURES = (
    ("alpha_u_mentions", "αu mentions"),
    ("alpha_u_statements", "αu statements"),
    ("alpha_claim", "α claim"),
    ("alpha_speaker", "α speaker"),
    ("alpha_stance", "α stance"),
)


class PairMatrixModel(QAbstractTableModel):
    """Coder × coder: one figure of each pair of coders, pooled over the documents both
    coded (the diagonal is a coder with themself: not measured)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._coders: tuple[str, ...] = ()
        self._values: dict[tuple[str, str], Any] = {}
        self._documents: dict[tuple[str, str], int] = {}

    def set_report(self, report: AgreementReport | None, pairs: Table, figure: str) -> None:
        self.beginResetModel()
        self._coders = report.coders if report is not None else ()
        self._values, self._documents = {}, {}
        for row in pairs.rows:
            for a, b in ((row["coder_a"], row["coder_b"]), (row["coder_b"], row["coder_a"])):
                self._values[a, b] = row.get(figure)
                self._documents[a, b] = row["documents"]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._coders)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt default
        return 0 if parent.isValid() else len(self._coders)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._coders):
            return self._coders[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self._coders) and 0 <= index.column() < len(self._coders)
        ):
            return None
        pair = (self._coders[index.row()], self._coders[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if pair[0] == pair[1] else shown_number(self._values.get(pair))
        if role == Qt.ItemDataRole.ToolTipRole and pair[0] != pair[1]:
            return self.tr("{0} and {1}, on the {2} document(s) both coded").format(
                pair[0], pair[1], self._documents.get(pair, 0)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
