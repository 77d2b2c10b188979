"""File → Export Dataset: the dialog's exact-CSV and document-text choices reach the export
(#17.9, #17.11), driven by keys and clicks."""

from __future__ import annotations

import csv
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from annotator.gui.export_dialog import ExportDialog


def choose(qtbot, dialog: ExportDialog, fmt: str, *, exact: bool, with_text: bool) -> None:
    """Pick ``fmt`` with the keyboard and tick the boxes with the mouse, as a user would."""
    dialog.format_box.setFocus()
    qtbot.keyClick(dialog.format_box, Qt.Key.Key_Home)
    while dialog.format_box.currentText() != fmt:
        qtbot.keyClick(dialog.format_box, Qt.Key.Key_Down)
    for box, wanted in ((dialog.exact_box, exact), (dialog.text_box, with_text)):
        if box.isChecked() != wanted:
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())


def test_the_csv_choices_are_offered_for_csv_only(qtbot):
    dialog = ExportDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    choose(qtbot, dialog, "csv", exact=True, with_text=True)
    options = dialog.options()
    assert (options.fmt, options.csv_variant, options.with_text) == ("csv", "exact", True)
    choose(qtbot, dialog, "jsonl", exact=True, with_text=True)
    assert not dialog.exact_box.isEnabled()
    assert not dialog.text_box.isEnabled()
    options = dialog.options()
    assert (options.csv_variant, options.with_text) == ("spreadsheet", False)


def test_export_from_the_file_menu_writes_the_exact_csv_with_text(
    window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))

    def answer(dialog: ExportDialog) -> int:
        dialog.show()
        choose(qtbot, dialog, "csv", exact=True, with_text=True)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", answer)  # modal loop only; the rest is real
    action = next(a for a in window.actions() if a.text().startswith("&Export Dataset"))
    action.trigger()
    target = tmp_path / "demo-dataset-csv"
    qtbot.waitUntil(lambda: (target / "manifest.json").is_file())
    manifest = json.loads((target / "manifest.json").read_text("utf-8"))
    assert manifest["csv"]["variant"] == "exact"
    with open(target / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5
    texts = {d.id: window.project.document(d.id).text for d in window.project.document_summaries()}
    assert {row["document_id"]: row["text"] for row in rows} == texts


def test_cancelling_the_dialog_exports_nothing(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))

    def cancel(dialog: ExportDialog) -> int:
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", cancel)
    window.files.export()
    assert window.files.task is None
    assert list(tmp_path.glob("demo-dataset-*")) == []


def test_exporting_again_into_the_same_folder_asks_first(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))

    def accept(dialog: ExportDialog) -> int:
        dialog.show()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", accept)
    asked: list[str] = []
    answers = iter([False, True])

    def confirm(title: str, text: str) -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(window.dialogs, "confirm", confirm)
    window.files.export()  # a new folder: nothing to ask
    qtbot.waitUntil(lambda: window.files.task is None or not window.files.task.running)
    target = tmp_path / "demo-dataset-jsonl"
    qtbot.waitUntil(lambda: (target / "manifest.json").is_file())
    assert asked == []
    before = (target / "manifest.json").read_bytes()
    window.files.export()  # declined: nothing is written
    assert len(asked) == 1
    assert str(target) in asked[0]
    assert (target / "manifest.json").read_bytes() == before
    window.files.export()  # accepted: exported again
    assert len(asked) == 2
    qtbot.waitUntil(lambda: (target / "manifest.json").read_bytes() != before)
