"""Analysis → Network: the project's discourse network drawn (services/networks), with the
network's type and filters, a slider over time windows, the statements behind a clicked node
or edge (double-click opens one in the article) and PNG/SVG export. Building and laying out
run off the GUI thread; positions carry over from one drawing to the next, so a filter or a
window that changes a few nodes moves the others little."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.gui.dialogs import Dialogs
from annotator.gui.network_scene import ROLE_SOURCE, ROLE_TARGET, NetworkScene
from annotator.gui.tasks import Task, run_task
from annotator.services.networks import NetworkOptions, NetworkResult, Period
from annotator.services.networks.behind import select_behind
from annotator.services.networks.build import in_window, networks_of, time_windows
from annotator.services.networks.layout import force_layout
from annotator.services.networks.statements import NetStatement, read_statements
from annotator.services.project import ProjectService

TYPES = (
    ("two-mode", "Actors and claims"),
    ("congruence", "Agreement (congruence)"),
    ("conflict", "Conflict"),
    ("subtract", "Agreement minus conflict"),
)
PERIODS = (("", "Whole period"), ("1m", "1 month"), ("3m", "3 months"), ("1y", "1 year"))
ROLE_STATEMENT = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Drawn:
    """What the background work hands back: the networks, the statements they were made
    of, the time windows, and the chosen window's layout."""

    result: NetworkResult
    statements: tuple[NetStatement, ...]
    windows: list[tuple[dt.date | None, dt.date | None]]
    window: int
    positions: dict[str, tuple[float, float]]


class NetworkWindow(QWidget):
    def __init__(
        self,
        parent: QWidget,
        project: ProjectService,
        open_statement: Callable[[str, str], None],
        dialogs: Dialogs,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.project, self._dialogs = project, dialogs
        self.setObjectName("networkWindow")
        self.setWindowTitle(self.tr("Network — {0}").format(project.path.stem))
        self.resize(1100, 700)
        self._project, self._open_statement = project, open_statement
        self._positions: dict[str, tuple[float, float]] = {}
        self._drawn: _Drawn | None = None
        self.task: Task | None = None
        self._again = False
        self.scene = NetworkScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.scene.selectionChanged.connect(self._show_behind)
        self._build_controls()
        self.statements = QListWidget()
        self.statements.setObjectName("networkStatements")
        self.statements.itemActivated.connect(self._open)
        self.behind_label = QLabel(self.tr("Click a node or an edge to list its statements."))
        self.behind_label.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(self.form)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setObjectName("networkExplanation")
        side_layout.addWidget(self.explanation)
        self._explain()
        side_layout.addWidget(self.behind_label)
        side_layout.addWidget(self.statements, 1)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.view)
        splitter.setSizes([330, 770])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.slider_label)
        bottom.addWidget(self.slider, 1)
        bottom.addWidget(self.png_button)
        bottom.addWidget(self.svg_button)
        layout.addLayout(bottom)
        self.status = QLabel()
        layout.addWidget(self.status)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.redraw)
        self.redraw()

    # --- controls ------------------------------------------------------------------------

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for value, text in items:
            combo.addItem(self.tr(text), value)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def _build_controls(self) -> None:
        self.type_box = self._combo(list(TYPES))
        self.mode_box = self._combo([("actors", "Actors"), ("claims", "Claims")])
        self.stance_box = self._combo(
            [("subtract", "Support minus oppose"), ("ignore", "Count statements")]
        )
        claims = [("", "All claims")]
        claims += [(c.id, c.label) for c in self._project.claims()]
        self.claims_box = self._combo(claims)
        self.coder_box = self._combo(
            [("", "All coders")] + [(c.name, c.name) for c in self._project.coders()]
        )
        scale = self._project.info().stance_scale
        self.only_stance_box = self._combo([("", "All stances")] + [(v, v) for v in scale])
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
            edit.textChanged.connect(self._changed)
        self.window_box = self._combo(list(PERIODS))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Network"), self.type_box)
        self.form.addRow(self.tr("Nodes"), self.mode_box)
        self.form.addRow(self.tr("Stance"), self.stance_box)
        self.form.addRow(self.tr("Claims"), self.claims_box)
        self.form.addRow(self.tr("Coder"), self.coder_box)
        self.form.addRow(self.tr("Only"), self.only_stance_box)
        self.form.addRow(self.tr("From"), self.date_from)
        self.form.addRow(self.tr("To"), self.date_to)
        self.form.addRow(self.tr("Time windows"), self.window_box)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("networkWindowSlider")
        self.slider.valueChanged.connect(self._changed)
        self.slider_label = QLabel()
        self.png_button = QPushButton(self.tr("Save PNG…"))
        self.svg_button = QPushButton(self.tr("Save SVG…"))
        self.png_button.clicked.connect(lambda: self._save("png"))
        self.svg_button.clicked.connect(lambda: self._save("svg"))

    def options(self) -> NetworkOptions:
        """The network the controls describe (NetworkOptionsError when they contradict)."""
        network_type = self.type_box.currentData()
        period = self.window_box.currentData()
        return NetworkOptions(
            type=network_type,
            mode=self.mode_box.currentData(),
            qualifier=self.stance_box.currentData() if network_type == "two-mode" else None,
            date_from=_date(self.date_from.text(), self.tr("From")),
            date_to=_date(self.date_to.text(), self.tr("To")),
            window=Period.parse(period) if period else None,
            claims=self.claims_box.currentData() or None,
            coders=(self.coder_box.currentData(),) if self.coder_box.currentData() else (),
            stances=(self.only_stance_box.currentData(),)
            if self.only_stance_box.currentData()
            else (),
        )

    def _explain(self) -> None:
        """What an edge means in the chosen network, in words (docs/networks.md)."""
        explanations = {
            "two-mode": self.tr(
                "An edge joins an actor to a claim it spoke on; with 'support minus oppose' "
                "it is green when the actor's statements support the claim on balance, red "
                "when they oppose it."
            ),
            "congruence": self.tr(
                "An edge joins two actors who spoke on the same claims, as wide as they agree: "
                "the same stance counts 1, neighbouring stances (support and neutral) ½."
            ),
            "conflict": self.tr(
                "An edge joins two actors who spoke on the same claims, as wide as they "
                "differ: opposite stances count 1, neighbouring stances (support and "
                "neutral) ½."
            ),
            "subtract": self.tr(
                "Agreement minus conflict on the claims both spoke on: green when they agree "
                "more than they differ, red when they differ more."
            ),
        }
        self.explanation.setText(explanations.get(self.type_box.currentData(), ""))

    def _changed(self) -> None:
        self._explain()
        one_mode = self.type_box.currentData() != "two-mode"
        self.mode_box.setEnabled(one_mode)
        self.stance_box.setEnabled(not one_mode)
        self._debounce.start()

    # --- building, off the GUI thread ----------------------------------------------------

    def redraw(self) -> None:
        if self.task is not None and self.task.running:
            self._again = True  # one more once this one is done
            return
        try:
            options = self.options()
            options.check()
        except (ValueError, AnnotatorError) as error:
            self.status.setText(str(error))
            return
        project, previous, window = self._project, dict(self._positions), self.slider.value()

        def work(_progress: object, cancelled: Callable[[], bool]) -> _Drawn:
            reading = read_statements(project, options)
            result = networks_of(reading, options)
            statements = reading.statements
            windows = time_windows(options, statements)
            chosen = min(window, max(0, len(result.networks) - 1))
            network = result.networks[chosen] if result.networks else None
            positions = (
                force_layout(
                    [n.id for n in network.nodes],
                    [(e.source, e.target, e.weight) for e in network.edges],
                    previous=previous,
                    iterations=60 if previous else 120,
                    cancelled=cancelled,
                )
                if network is not None
                else {}
            )
            return _Drawn(result, statements, windows, chosen, positions)

        self.status.setText(self.tr("Drawing…"))
        self.task = run_task(self, self.tr("Network"), work, quiet=True)
        self.task.done.connect(self._drawn_now)
        self.task.failed.connect(self.status.setText)

    def _drawn_now(self, drawn: _Drawn) -> None:
        self._drawn = drawn
        self._positions.update(drawn.positions)
        count = len(drawn.result.networks)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setValue(drawn.window)
        self.slider.blockSignals(False)
        self.slider.setEnabled(count > 1)
        first, last = drawn.windows[drawn.window] if drawn.windows else (None, None)
        self.slider_label.setText(
            self.tr("Window {0} of {1}: {2} – {3}").format(
                drawn.window + 1, count, first or "…", last or "…"
            )
            if count > 1
            else self.tr("Whole period")
        )
        network = drawn.result.networks[drawn.window] if count else None
        options = self.options()
        self.scene.clearSelection()
        self._show_behind()
        if network is None:
            self.scene.clear()
            self.status.setText(self.tr("No time window holds a dated statement."))
        else:
            signed = options.type == "two-mode" and options.aggregation == "subtract"
            self.scene.draw(network, drawn.positions, options.type, signed)
            self.scene.add_title(
                " · ".join(
                    part
                    for part in (
                        self._project.info().name,
                        self.type_box.currentText(),
                        self.slider_label.text(),
                    )
                    if part
                )
            )
            self.view.fitInView(
                self.scene.itemsBoundingRect().adjusted(-40, -40, 40, 40),
                Qt.AspectRatioMode.KeepAspectRatio,
            )
            skipped = sum(drawn.result.skipped.values())
            self.status.setText(
                self.tr("{0} nodes, {1} edges; {2} statement(s) left out").format(
                    len(network.nodes), len(network.edges), skipped
                )
            )
        if self._again:
            self._again = False
            self.redraw()

    # --- what is behind a node or an edge ------------------------------------------------

    def _show_behind(self) -> None:
        self.statements.clear()
        items = self.scene.selectedItems()
        if not items or self._drawn is None:
            self.behind_label.setText(self.tr("Click a node or an edge to list its statements."))
            return
        source, target = items[0].data(ROLE_SOURCE), items[0].data(ROLE_TARGET)
        window = self._drawn.windows[self._drawn.window] if self._drawn.windows else (None, None)
        inside = in_window(self._drawn.statements, window)
        behind = select_behind(inside, source, target)
        records = self._project.annotations_by_id([s.id for s in behind])
        actors = {a.id: a.name for a in self._project.actors()}
        claims = {c.id: c.label for c in self._project.claims()}
        for statement in behind:
            record = records.get(statement.id)
            quote = record.exact if record is not None else ""
            text = " · ".join(
                part
                for part in (
                    str(statement.date or ""),
                    actors.get(statement.actor_id, ""),
                    statement.stance or "",
                    claims.get(statement.claim_id, ""),
                    f"“{quote[:90]}”",
                )
                if part
            )
            item = QListWidgetItem(text)
            item.setToolTip(f"{claims.get(statement.claim_id, '')}\n“{quote}”")
            item.setData(ROLE_STATEMENT, (statement.document_id, statement.id))
            self.statements.addItem(item)
        self.behind_label.setText(
            self.tr("{0} statement(s) behind it; double-click one to read it.").format(len(behind))
        )

    def _open(self, item: QListWidgetItem) -> None:
        document_id, statement_id = item.data(ROLE_STATEMENT)
        self._open_statement(document_id, statement_id)

    # --- export --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the drawing under way before the window (and its thread) go."""
        self._debounce.stop()
        if self.task is not None and self.task.running:
            self.task.cancel_and_wait()
        super().closeEvent(event)

    def project_changed(self) -> None:
        """A change to the project (a recode, an undo): draw again once changes pause."""
        self._debounce.start()

    def _save(self, kind: str) -> None:
        suggested = f"{self._project.path.stem}-network.{kind}"
        path = self._dialogs.save_file(
            self.tr("Save the network picture"), f"{kind.upper()} (*.{kind})", suggested
        )
        if path is not None:
            self.save(path if path.suffix.lower() == f".{kind}" else path.with_suffix(f".{kind}"))

    def save(self, path: Path) -> None:
        try:
            if path.suffix.lower() == ".svg":
                self.scene.save_svg(path, self.windowTitle())
            else:
                self.scene.save_png(path)
        except OSError as error:
            self.status.setText(str(error))
            return
        self.status.setText(self.tr("Saved {0}").format(path))


def _date(text: str, what: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None
