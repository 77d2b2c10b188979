"""The team workflow through the windows (#19.1-2): the lead makes a coding package from the
File menu, a coder opens it (asked for their name once) and codes by keys, and the lead merges
it back from the File menu as one undo step, with a report."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QLineEdit

from annotator.gui.main_window import MainWindow
from annotator.gui.package_dialog import PackageDialog
from annotator.gui.settings import Settings
from annotator.services.packages import make_package
from annotator.services.project import ProjectService
from tests.gui.helpers import VOA, answer, code_a_mention
from tests.gui.test_window_paths import menu_action


def _sample_of_all(documents: int, seed: int):
    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, PackageDialog)
        QTest.mouseClick(dialog.sampled, Qt.MouseButton.LeftButton)
        for box, value in ((dialog.sample, documents), (dialog.seed, seed)):
            box.lineEdit().selectAll()
            QTest.keyClicks(box, str(value))
        QTest.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )

    return step


def _name(name: str):
    def step(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        editor = dialog.findChild(QLineEdit)
        assert editor is not None
        QTest.keyClicks(editor, name)
        QTest.keyClick(editor, Qt.Key.Key_Return)

    return step


def _make_package(window: MainWindow, qtbot, target: Path, monkeypatch, seed: int) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(window.dialogs, "save_file", lambda *_args, **_kw: target)
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: shown.append(text))
    steps = answer(window, _sample_of_all(4, seed))
    menu_action(window, "File", "Make Coding Package…").trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert steps == []  # the dialog came and was answered
    return shown


def test_package_code_and_merge_back_through_the_file_menu(window, qtbot, tmp_path, monkeypatch):
    lead = window.project
    order = [d.id for d in lead.document_summaries()]
    voa = next(d.id for d in lead.document_summaries() if d.title == VOA)
    seed = next(s for s in range(100) if voa in random.Random(s).sample(order, 4))
    target = tmp_path / "ann.annot"
    shown = _make_package(window, qtbot, target, monkeypatch, seed)
    assert shown == [
        f"coding package written to {target}: 4 documents, "
        f"{len(lead.actors())} actors, {len(lead.claims())} claims, 0 annotations"
    ]
    with ProjectService.open(target, read_only=True) as package:
        assert {d.id for d in package.document_summaries()} == set(
            random.Random(seed).sample(order, 4)
        )
        assert package.info().lead_project_id == lead.info().id

    coder = MainWindow(Settings())  # no --coder: a package asks
    qtbot.addWidget(coder)
    remaining = answer(coder, _name("Ann Smith"))
    assert coder.open_path(target)
    assert remaining == []  # the name was asked
    assert Settings().preferences().coder_name == "Ann Smith"
    assert coder.project is not None
    assert {c.name for c in coder.project.coders()} == {"Ann Smith"}
    coder.show()
    qtbot.waitExposed(coder)
    code_a_mention(coder, qtbot)
    coder.close()

    again = MainWindow(Settings())
    qtbot.addWidget(again)
    asked: list[QDialog] = []

    def ask(dialog: QDialog) -> bool:
        asked.append(dialog)
        return False

    again.dialogs.run = ask  # type: ignore[method-assign]
    assert again.open_path(target)
    assert asked == []  # not asked twice
    assert again.project is not None
    assert again.project.coders()[0].name == "Ann Smith"
    again.close()

    before = lead.annotations()
    reports: list[str] = []
    monkeypatch.setattr(window.dialogs, "open_files", lambda *_args: [target])
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: reports.append(text))
    menu_action(window, "File", "Merge Coders' Projects…").trigger()
    qtbot.waitUntil(lambda: bool(reports))
    assert reports[0].splitlines()[:3] == [
        "merged 1 file: added 1, updated 0, unchanged 0, conflicts 0, rejected 0",
        f"{target} (Ann Smith): added 1, updated 0, unchanged 0, conflicts 0, rejected 0, "
        "skipped 0",
        "new coders: Ann Smith",
    ]
    (merged,) = [a for a in lead.annotations() if a not in before]
    assert (merged.document_id, merged.exact) == (voa, "Bruce Turner")
    assert merged.merge_source_id is not None
    assert window.documents.rowCount() == len(order)
    menu_action(window, "Edit", "Undo Merge Coders' Projects").trigger()
    assert lead.annotations() == before
    assert "Ann Smith" not in {c.name for c in lead.coders()}


def test_a_package_of_another_project_is_merged_only_when_confirmed(
    window, qtbot, tmp_path, monkeypatch
):
    other = tmp_path / "other.annot"
    with ProjectService.create(other):
        pass
    asked: list[str] = []

    def confirm(_title: str, text: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(window.dialogs, "open_files", lambda *_args: [other])
    monkeypatch.setattr(window.dialogs, "confirm", confirm)
    count = window.undo_stack.count()
    menu_action(window, "File", "Merge Coders' Projects…").trigger()
    assert len(asked) == 1
    assert asked[0].startswith(f"{other} is not a coding package")
    assert window.undo_stack.count() == count
    assert window.files.team.task is None  # nothing was started
    warnings: list[str] = []
    assert window.project is not None
    monkeypatch.setattr(window.dialogs, "open_files", lambda *_args: [window.project.path])
    monkeypatch.setattr(window.dialogs, "warning", lambda _t, text: warnings.append(text))
    menu_action(window, "File", "Merge Coders' Projects…").trigger()
    assert warnings == [f"{window.project.path} is this project itself; nothing to merge"]
    assert len(asked) == 1


def test_a_package_open_elsewhere_opens_read_only_without_asking_a_name(
    qtbot, demo_template, tmp_path
):
    with ProjectService.open(demo_template, read_only=True) as lead:
        make_package(lead, tmp_path / "ann.annot", [d.id for d in lead.document_summaries()])
    with ProjectService.open(tmp_path / "ann.annot"):  # the coder's other copy of the app
        window = MainWindow(Settings())
        qtbot.addWidget(window)
        asked: list[QDialog] = []

        def ask(dialog: QDialog) -> bool:
            asked.append(dialog)
            return False

        window.dialogs.run = ask  # type: ignore[method-assign]
        assert window.open_path(tmp_path / "ann.annot")
        assert window.project is not None
        assert "is open for writing" in (window.project.read_only_reason or "")
        assert asked == []
        assert Settings().preferences().coder_name == ""
        window.close()
