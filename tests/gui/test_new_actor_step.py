"""Creating an actor while coding asks for its kind in a step labelled like the others
("Step n of m: kind of the new actor")."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel

from tests.gui.helpers import VOA, Step, answer, digit, open_document, press, select, type_and_enter


def _label(seen: list[str], then: Step) -> Step:
    def step(dialog: QDialog) -> None:
        seen.append(" | ".join(label.text() for label in dialog.findChildren(QLabel)))
        then(dialog)

    return step


def test_a_new_mentioned_actor_asks_for_its_kind_in_a_labelled_step(window, qtbot):
    open_document(window, VOA)
    select(window, "Bruce Turner", qtbot)
    seen: list[str] = []
    answer(window, _label(seen, type_and_enter("")), _label(seen, type_and_enter("person")))
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    actor = next(a for a in window.project.actors() if a.name == "Bruce Turner")
    assert actor.kind == "person"
    assert seen[0].startswith("Step 1 of 2: the actor mentioned")
    assert seen[1].startswith("Step 2 of 2: kind of the new actor “Bruce Turner”")


def test_a_new_speaker_asks_for_its_kind_in_a_labelled_step(window, qtbot):
    open_document(window, VOA)
    select(window, "North Korea vowed Tuesday", qtbot)
    seen: list[str] = []
    answer(
        window,
        type_and_enter("t"),
        type_and_enter("Pyongyang Radio"),
        _label(seen, type_and_enter("media")),
        digit("1"),
    )
    press(window, "S")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    speaker = next(a for a in window.project.actors() if a.name == "Pyongyang Radio")
    assert speaker.kind == "media"
    assert seen[0].startswith("Step 2 of 3: kind of the new actor “Pyongyang Radio”")
