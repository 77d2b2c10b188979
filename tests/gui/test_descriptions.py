"""Coding instructions (issue #21.3): an actor's and a claim's description, written from the
codebook's context menu (one undo step each), shown over them in the pickers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from annotator.gui.picker import PickerDialog
from tests.gui.helpers import answer


def _type(qtbot, text: str):
    def step(dialog) -> None:
        editor = dialog.findChild(QPlainTextEdit)
        editor.selectAll()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    return step


def _tips(dialog: PickerDialog) -> dict[str, str]:
    model = dialog.list.model()
    return {
        model.index(row, 0).data().strip(): model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        for row in range(model.rowCount())
    }


def test_descriptions_are_written_from_the_codebook_and_shown_in_the_pickers(window, qtbot):
    claim = window.project.claims()[0]
    actor = window.project.actors()[0]
    answer(
        window,
        _type(qtbot, "Only when the speaker says so."),
        _type(qtbot, "The person, not the office."),
    )
    window.codebook_actions.describe_claim(claim.id, claim.description)
    window.codebook_actions.describe_actor(actor.id, actor.description)
    assert next(c for c in window.project.claims() if c.id == claim.id).description == (
        "Only when the speaker says so."
    )
    assert window.undo_stack.undoText() == "Describe actor"
    claims = PickerDialog("Claim", window.coding._claim_choices(), parent=window)
    label = next(k for k in _tips(claims) if k.startswith(claim.label))
    assert _tips(claims)[label] == "Only when the speaker says so."
    actors = PickerDialog("Actor", window.coding._actor_choices(), parent=window)
    label = next(k for k in _tips(actors) if k.startswith(actor.name))
    assert _tips(actors)[label] == "The person, not the office."
    window.undo_stack.undo()
    assert next(a for a in window.project.actors() if a.id == actor.id).description == ""
