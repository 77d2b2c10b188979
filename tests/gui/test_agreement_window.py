"""Analysis → Agreement (#19.3, #19.4) on the constructed three-coder project: the menu opens
the window, Compute measures off the GUI thread, the tables show the service's figures (and
the figures computed independently in tests/services/test_agreement_team.py), the CSV and
JSON exports hold what is shown, and a document opens in the compare mode, where keys step
through the disagreements and accept, edit or resolve them, one undo step each."""

from __future__ import annotations

import csv
import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from annotator.gui.adjudication_edit import GoldEditDialog
from annotator.gui.adjudication_window import AdjudicationWindow
from annotator.gui.agreement_window import AgreementWindow
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services.agreement import measure_agreement
from annotator.services.agreement.tables import tables
from annotator.services.project import ProjectService
from tests.gui.test_window_paths import all_shortcuts, menu_action
from tests.services.agreement_team import S3, SPANS, AgreementTeam, build_team, span_of


@pytest.fixture
def team(tmp_path: Path) -> AgreementTeam:
    return build_team(tmp_path / "team.annot")


@pytest.fixture
def window(qtbot, team) -> Iterator[MainWindow]:
    window = MainWindow(Settings(), coder="tester")
    qtbot.addWidget(window)
    assert window.open_path(team.path)
    window.show()
    yield window
    window.close()


def press_in(widget: QWidget, keys: str) -> None:
    """Trigger the one action of ``widget`` bound to ``keys``, as Qt's shortcut map does
    once the window is active (see tests/gui/helpers.press)."""
    wanted = QKeySequence(keys)
    matching = [
        a
        for a in widget.actions()
        if any(k.matches(wanted) == QKeySequence.SequenceMatch.ExactMatch for k in a.shortcuts())
    ]
    assert len(matching) == 1, keys
    assert matching[0].isEnabled()
    matching[0].trigger()


def computed(qtbot, window: MainWindow) -> AgreementWindow:
    menu_action(window, "Analysis", "Agreement…").trigger()
    agreement = window.findChild(AgreementWindow)
    assert agreement is not None
    coders = [agreement.coder_list.item(i) for i in range(agreement.coder_list.count())]
    # Every coder with their annotations; checked when they coded.
    made = Counter(coder for _document, coder, *_rest in SPANS)
    assert [(c.text(), c.checkState()) for c in coders] == [
        (f"ann ({made['ann']})", Qt.CheckState.Checked),
        (f"bob ({made['bob']})", Qt.CheckState.Checked),
        (f"cy ({made['cy']})", Qt.CheckState.Checked),
        ("tester (0)", Qt.CheckState.Unchecked),  # the window's own coder coded nothing
    ]
    qtbot.mouseClick(agreement.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: agreement.report is not None, timeout=20_000)
    return agreement


def _shown(model, row: int) -> dict[str, str]:
    names = model.column_names()
    return {name: model.index(row, c).data() for c, name in enumerate(names)}


def _as_shown(name: str, value: object) -> str:
    if value is None:
        return "—"
    if name == "pairable" and isinstance(value, float):
        return str(round(value))  # a count of values, or coders × characters
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def test_the_window_shows_and_exports_the_services_figures(
    qtbot, qtmodeltester, window, team, tmp_path, monkeypatch
):
    agreement = computed(qtbot, window)
    for model in (
        agreement.overall_model,
        agreement.category_model,
        agreement.pair_model,
        agreement.document_model,
        agreement.matrix_model,
    ):
        qtmodeltester.check(model)
    with ProjectService.open(team.path, read_only=True) as project:
        expected = measure_agreement(project, coders=["ann", "bob", "cy"])
    assert agreement.report == expected
    models = {
        "overall": agreement.overall_model,
        "categories": agreement.category_model,
        "pairs": agreement.pair_model,
        "documents": agreement.document_model,
    }
    for table in tables(expected):
        model = models[table.name]
        assert model.rowCount() == len(table.rows)
        for row, values in enumerate(table.rows):
            shown = _shown(model, row)
            assert shown == {name: _as_shown(name, values[name]) for name in shown}
    overall = {_shown(agreement.overall_model, r)["figure"]: r for r in range(7)}
    assert _shown(agreement.overall_model, overall["claim"])["value"] == "0.438"  # 7/16
    assert _shown(agreement.overall_model, overall["stance"])["value"] == "0.667"  # 2/3
    assert _shown(agreement.overall_model, overall["claim"])["unpaired_statements"] == "cy: 1"
    # The coder × coder matrix of α claim: ann and bob agree, cy differs from both.
    agreement.matrix_figure.setCurrentIndex(agreement.matrix_figure.findData("alpha_claim"))
    matrix = agreement.matrix_model
    cells = [[matrix.index(r, c).data() for c in range(3)] for r in range(3)]
    assert cells == [["", "1.000", "0.000"], ["1.000", "", "0.000"], ["0.000", "0.000", ""]]
    # The documents table sorts by a figure.
    view = agreement.document_view
    column = agreement.document_model.column_names().index("alpha_u_statements")
    view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert [view.model().index(r, 0).data() for r in range(2)] == [
        "Austin on troops",
        "Putin thanks Kim",
    ]
    view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert view.model().index(0, 0).data() == "Putin thanks Kim"
    # Export from the buttons: a folder of CSV tables, one JSON file.
    monkeypatch.setattr(agreement._dialogs, "folder", lambda _title: tmp_path)
    monkeypatch.setattr(agreement._dialogs, "save_file", lambda *_a: tmp_path / "figures")
    qtbot.mouseClick(agreement.csv_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(agreement.json_button, Qt.MouseButton.LeftButton)
    folder = tmp_path / "team-agreement"
    for table in tables(expected):
        with open(folder / f"{table.name}.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(table.rows)
    with open(folder / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        documents = list(csv.DictReader(handle))
    assert [d["title"] for d in documents] == ["Austin on troops", "Putin thanks Kim"]
    assert float(documents[0]["alpha_claim"]) == pytest.approx(
        expected.documents[0].agreements.coding.variables["claim"].value
    )
    saved = json.loads((tmp_path / "figures.json").read_text("utf-8"))
    assert saved["pooled"]["statement_coding"]["claim"]["value"] == pytest.approx(7 / 16)
    assert "Saved" in agreement.status.text()
    # Closing the project closes the window.
    window.files.close_project()
    qtbot.waitUntil(lambda: window.findChild(AgreementWindow) is None)


def _open_document(agreement: AgreementWindow, title: str) -> AdjudicationWindow:
    view = agreement.document_view
    row = next(
        r for r in range(view.model().rowCount()) if view.model().index(r, 0).data() == title
    )
    view.setCurrentIndex(view.model().index(row, 0))
    view.doubleClicked.emit(view.model().index(row, 0))
    found = agreement.findChild(AdjudicationWindow)
    assert found is not None
    return found


def _cell(adjudicate: AdjudicationWindow, row: int, column: int) -> str:
    item = adjudicate.table.item(row, column)
    assert item is not None
    return item.text()


def _row_of(adjudicate: AdjudicationWindow, quote: str) -> int:
    rows = range(adjudicate.table.rowCount())
    return next(r for r in rows if _cell(adjudicate, r, 0) == f"“{quote}”")


def _gold(window: MainWindow, document_id: str) -> list[tuple[int, int, str | None]]:
    project = window.project
    assert project is not None
    gold = next((c.id for c in project.coders() if c.name == "gold"), None)
    return [
        (a.start, a.end, a.stance) for a in project.annotations(document_id) if a.coder_id == gold
    ]


def test_compare_mode_next_and_previous_keys(qtbot, window):
    agreement = computed(qtbot, window)
    main_keys = set(all_shortcuts(window))
    adjudicate = _open_document(agreement, "Austin on troops")
    table = adjudicate.table
    assert table.rowCount() == 8  # the disagreements (test_adjudication lists them)
    assert sorted(adjudicate.views) == ["ann", "bob", "cy", "gold"]
    assert table.currentRow() == 0
    # Real key presses, to the list and to a coder's text, once the window is active.
    adjudicate.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is adjudicate)
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_N)
    assert table.currentRow() == 1
    text = adjudicate.views["bob"]
    text.setFocus()
    QTest.keyClick(text, Qt.Key.Key_F8)
    assert table.currentRow() == 2
    QTest.keyClick(text, Qt.Key.Key_P)
    QTest.keyClick(text, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert table.currentRow() == 0
    QTest.keyClick(table, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert table.currentRow() == 7  # round the start
    QTest.keyClick(table, Qt.Key.Key_N)
    assert table.currentRow() == 0  # and round the end
    # The compare window's own keys are no keys of the main window (its digits are, for
    # the stance of a statement there: each window's keys work in that window only).
    ours = {k.toString() for a in adjudicate.actions() for k in a.shortcuts()}
    assert {"N", "P", "F8", "Shift+F8", "E", "R", "1", "2", "3"} <= ours
    assert "S" in main_keys
    assert not {"N", "P", "F8", "Shift+F8", "E", "R"} & main_keys


def test_compare_mode_accepts_edits_and_resolves_one_undo_step_each(qtbot, window, team):
    agreement = computed(qtbot, window)
    adjudicate = _open_document(agreement, "Austin on troops")
    document = team.documents["A"]
    table = adjudicate.table
    # The selected disagreement is selected in every coder's copy of the text.
    table.selectRow(_row_of(adjudicate, S3))
    bob_view = adjudicate.views["bob"]
    assert bob_view.selected_span() == span_of("A", "demanded new sanctions on Pyongyang")
    # 1 accepts ann's version: one undo step that also makes the gold coder.
    steps = window.session.undo_stack.index()
    press_in(adjudicate, "1")
    assert _gold(window, document) == [(*span_of("A", S3), "support")]
    assert window.session.undo_stack.index() == steps + 1
    last = table.columnCount() - 1
    assert _cell(adjudicate, _row_of(adjudicate, S3), last).startswith("Sanctions on North Korea")
    assert "gold" in [c.name for c in window.project.coders()]
    listed = [agreement.coder_list.item(i) for i in range(agreement.coder_list.count())]
    assert [(c.text(), c.checkState()) for c in listed if c.text().startswith("gold")] == [
        ("gold (1)", Qt.CheckState.Unchecked)  # offered, not measured unless checked
    ]
    assert "Compute again" in agreement.status.text()
    press_in(adjudicate, "Ctrl+Z")
    assert _gold(window, document) == []
    assert "gold" not in [c.name for c in window.project.coders()]
    # E edits: the dialog (answered here) gives the gold version another stance.
    table.selectRow(_row_of(adjudicate, S3))

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, GoldEditDialog)
        dialog.stance.setCurrentIndex(dialog.stance.findData("oppose"))
        return True

    adjudicate._dialogs.run = answer  # type: ignore[method-assign]
    press_in(adjudicate, "E")
    assert _gold(window, document) == [(*span_of("A", S3), "oppose")]
    # R marks cy's lone statement resolved without gold; the mark is in the document.
    table.selectRow(_row_of(adjudicate, "10,000 soldiers"))
    press_in(adjudicate, "R")
    row = _row_of(adjudicate, "10,000 soldiers")
    assert _cell(adjudicate, row, last) == "resolved, no gold"
    assert window.project.document(document).extra["adjudication"]["resolved"]
    assert "Disagreements: 8, still open: 6;" in adjudicate.header.text()
    press_in(adjudicate, "Ctrl+Z")
    assert "adjudication" not in window.project.document(document).extra
    # Accept all of bob: one step.
    steps = window.session.undo_stack.index()
    adjudicate.all_of.setCurrentText("bob")
    assert adjudicate.accept_everything("bob")
    assert window.session.undo_stack.index() == steps + 1
    assert len(_gold(window, document)) == 7  # every item bob has a version in
    window.session.undo_stack.undo()
    assert _gold(window, document) == [(*span_of("A", S3), "oppose")]


def test_the_documents_table_needs_a_row_to_adjudicate(qtbot, window):
    agreement = computed(qtbot, window)
    agreement.adjudicate_button.click()
    assert "Select a document" in agreement.status.text()
    agreement._adjudicate_row(QModelIndex())
    assert agreement.findChild(AdjudicationWindow) is None


def test_cancel_stops_the_measuring_and_says_so(qtbot, window, monkeypatch):
    """The progress dialog's Cancel reaches the work: a measuring that runs until it is
    cancelled (standing in for a large project) ends with the service's message."""
    from annotator.gui import agreement_window as module
    from annotator.services.agreement.measure import AgreementCancelledError

    started = threading.Event()

    def endless(_project, *, progress, cancelled, **_options):
        progress(0, 10)
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        raise AgreementCancelledError("agreement cancelled; nothing was measured")

    monkeypatch.setattr(module, "measure_agreement", endless)
    menu_action(window, "Analysis", "Agreement…").trigger()
    agreement = window.findChild(AgreementWindow)
    assert agreement is not None
    qtbot.mouseClick(agreement.compute_button, Qt.MouseButton.LeftButton)
    task = agreement.task
    assert task is not None
    assert task.dialog is not None
    qtbot.waitUntil(started.is_set)
    assert not agreement.compute_button.isEnabled()
    cancel = task.dialog.findChild(QPushButton)
    assert cancel is not None
    assert cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: "cancelled" in agreement.status.text())
    assert agreement.report is None
    assert agreement.compute_button.isEnabled()
