"""What a new analyst met walking through the team workflow in the window (#19): Agreement
opened before any merge says what to do first; after the merge, a document double-clicked in
the Documents table opens the compare mode, where a digit accepts a version and Ctrl+Z /
Ctrl+Shift+Z say what they undid and redid; File → Export Dataset… exports gold alone."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QTableView

from annotator.gui.adjudication_window import AdjudicationWindow
from annotator.gui.agreement_window import TITLE_WIDTH, AgreementWindow
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services import operations as ops
from annotator.services.packages import make_package
from annotator.services.project import ProjectService
from tests.gui.helpers import VOA
from tests.gui.test_window_paths import menu_action

PHRASE = "North Korea vowed Tuesday to continue its military cooperation"
KIM = "Kim Jong Un"


def _coded_packages(window: MainWindow, tmp_path: Path) -> list[Path]:
    """ann and bob, each given every document, code one statement in the VOA article, on
    the same words, with the same claim and speaker and different stances; bob also marks
    Kim Jong Un in the first article, where ann finds nothing."""
    project = window.project
    assert project is not None
    documents = [d.id for d in project.document_summaries()]
    voa = next(d.id for d in project.document_summaries() if d.title == VOA)
    claim = next(c.id for c in project.claims() if c.label.endswith("military cooperation"))
    speaker = next(a.id for a in project.actors() if a.name == "North Korea")
    kim = next(a.id for a in project.actors() if a.name == KIM)
    paths = []
    for coder, stance in (("ann", "support"), ("bob", "oppose")):
        path = tmp_path / f"{coder}.annot"
        make_package(project, path, documents)
        with ProjectService.open(path) as package:
            start = package.document(voa).text.index(PHRASE)
            coder_id = package.ensure_coder(coder).id
            package.apply(
                ops.AddStatement(voa, start, start + len(PHRASE), claim, coder_id, speaker, stance)
            )
            if coder == "bob":  # and a mention in the first article, where ann found nothing
                first = documents[0]
                start = package.document(first).text.index(KIM)
                package.apply(ops.AddMention(first, start, start + len(KIM), kim, coder_id))
        paths.append(path)
    return paths


def _cell(compare: AdjudicationWindow, row: int, column: int) -> str:
    item = compare.table.item(row, column)
    assert item is not None
    return item.text()


def _agreement(window: MainWindow) -> AgreementWindow:
    menu_action(window, "Analysis", "Agreement…").trigger()
    agreement = window.findChild(AgreementWindow)
    assert agreement is not None
    return agreement


def test_agreement_before_a_merge_says_to_merge_first(window, qtbot):
    agreement = _agreement(window)
    assert agreement.status.text() == (
        "Agreement compares two or more coders, but no coder made annotations in this "
        "project. Merge your coders' packages first: File → Merge Coders' Projects… "
        "(docs/team.md)."
    )
    qtbot.mouseClick(agreement.compute_button, Qt.MouseButton.LeftButton)
    assert agreement.report is None
    assert agreement.status.text().startswith("Agreement compares two or more coders")
    agreement.close()


def _small_figures_keep_their_digits(agreement: AgreementWindow) -> None:
    """αu's D_o and D_e are per position of the texts, so small: shown to 3 significant
    digits (D_e of the statements here, 0.00342, once read 0.003)."""
    assert agreement.report is not None
    statements = agreement.report.pooled.layers["statements"].overall
    assert statements.expected is not None
    assert 0 < statements.expected < 0.01
    model = agreement.overall_model
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    shown = model.index(2, columns.index("D_e")).data()
    assert (model.index(2, 0).data(), shown) == ("statements", f"{statements.expected:.3g}")
    assert len(shown.rstrip("0").split(".")[1].lstrip("0")) >= 2


def _figures_in_sight(view: QTableView) -> None:
    """The long titles leave room for the figures: αu of the statements is in sight."""
    columns = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    statements = columns.index("αu statements")
    assert view.columnWidth(0) == TITLE_WIDTH < view.sizeHintForColumn(0)
    right = view.columnViewportPosition(statements) + view.columnWidth(statements)
    assert 0 < right <= view.viewport().width()


def _export_gold(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> list[dict[str, object]]:
    """File → Export Dataset…, Annotations of: gold (by keys): the statements written."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))

    def export_gold(dialog: ExportDialog) -> int:
        dialog.show()
        box = dialog.coder_box
        assert [box.itemText(i) for i in range(box.count())] == [
            "Every coder", "gold (adjudicated)", "ann", "bob", "tester",
        ]  # fmt: skip
        box.setFocus()
        QTest.keyClick(box, Qt.Key.Key_Down)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", export_gold)  # the modal loop only
    menu_action(window, "File", "Export Dataset…").trigger()
    target = tmp_path / "demo-gold-dataset-jsonl"
    qtbot.waitUntil(lambda: (target / "manifest.json").is_file(), timeout=20_000)
    rows = [
        json.loads(line) for line in (target / "statements.jsonl").read_text("utf-8").splitlines()
    ]
    return rows


def test_merge_compare_accept_undo_redo_and_export_gold(window, qtbot, tmp_path, monkeypatch):
    paths = _coded_packages(window, tmp_path)
    reports: list[str] = []
    monkeypatch.setattr(window.dialogs, "open_files", lambda *_args: paths)
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: reports.append(text))
    menu_action(window, "File", "Merge Coders' Projects…").trigger()
    qtbot.waitUntil(lambda: bool(reports))
    agreement = _agreement(window)
    assert agreement.status.text() == ""  # two coders now: nothing to say
    qtbot.mouseClick(agreement.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: agreement.report is not None, timeout=20_000)
    _small_figures_keep_their_digits(agreement)
    agreement.tabs.setCurrentIndex(2)
    view = agreement.document_view
    _figures_in_sight(view)
    row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 0).data() == VOA)
    where = view.visualRect(view.model().index(row, 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: agreement.findChild(AdjudicationWindow) is not None)
    adjudicate = agreement.findChild(AdjudicationWindow)
    assert adjudicate is not None
    assert adjudicate.table.rowCount() == 1  # the stance differs
    adjudicate.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is adjudicate)
    table = adjudicate.table
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_2)  # bob's version
    assert adjudicate.status.text() == "Accept bob's version. Ctrl+Z undoes it."
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert adjudicate.status.text() == "Undone: Accept bob's version."
    assert "gold" not in adjudicate.comparison.annotations
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(table, Qt.Key.Key_Z, keys)
    assert adjudicate.status.text() == "Redone: Accept bob's version."
    (gold,) = adjudicate.comparison.annotations["gold"]
    assert (gold.exact, gold.stance) == (PHRASE, "oppose")

    rows = _export_gold(window, qtbot, tmp_path, monkeypatch)
    assert [(r["coder"], r["quote"], r["stance"], r["statement_id"]) for r in rows] == [
        ("gold", PHRASE, "oppose", gold.id)
    ]


def test_a_coder_opening_a_package_is_told_who_codes_and_how_to_send_it_back(
    window, qtbot, tmp_path
):
    ann, _bob = _coded_packages(window, tmp_path)
    coder = MainWindow(Settings(), coder="ann")
    qtbot.addWidget(coder)
    assert coder.open_path(ann)
    assert coder.statusBar().currentMessage() == (
        "Coding package: you code as ann; every change is saved as you make it. To send your "
        "work back, close Annotator (or File → Save a Copy…) and send the file."
    )
    coder.close()
    assert not window.statusBar().currentMessage().startswith("Coding package")  # the lead's


def test_a_coder_given_a_document_who_found_nothing_is_compared_and_cannot_be_accepted(
    window, qtbot, tmp_path, monkeypatch
):
    paths = _coded_packages(window, tmp_path)
    reports: list[str] = []
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: reports.append(text))
    window.files.team.merge(paths)
    qtbot.waitUntil(lambda: bool(reports))
    assert window.project is not None
    first = window.project.document_summaries()[0]
    agreement = _agreement(window)
    compare = agreement.adjudicate(first.id)
    assert sorted(compare.views) == ["ann", "bob", "gold"]  # ann was given it
    assert compare.table.rowCount() == 1
    assert _cell(compare, 0, 2) == "not marked by ann"
    assert not compare.accept_buttons["ann"].isEnabled()
    assert compare.accept_buttons["bob"].isEnabled()
    qtbot.mouseClick(compare.resolve_button, Qt.MouseButton.LeftButton)
    assert _cell(compare, 0, 5) == "resolved, no gold"
