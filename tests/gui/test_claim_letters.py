"""A claim's letter, shown as [a] in the codebook, picks it in the claim picker (issue
#16.13); each step of coding a statement says which step it is (#16.8)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel

from tests.gui.helpers import VOA, Step, answer, digit, open_document, press, select, type_and_enter


def _labelled(text: str, then: Step, seen: list[str]) -> Step:
    def step(dialog: QDialog) -> None:
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        seen.append(next((t for t in labels if text in t), f"no {text!r} in {labels}"))
        then(dialog)

    return step


def test_a_claims_letter_picks_it_and_each_step_is_labelled(window, qtbot):
    letters = {c.shortcut: c for c in window.project.claims() if c.shortcut}
    troops = letters["t"]
    # Typed alone, "t" is the letter [t], not the first claim with a word starting with
    # "t" ("North Korea supplies arms to Russia").
    assert troops.label == "North Korean troops in the Ukraine war"
    open_document(window, VOA)
    select(window, "North Korea vowed Tuesday to continue its military cooperation", qtbot)
    seen: list[str] = []
    answer(
        window,
        _labelled("Step 1 of 3", type_and_enter("t"), seen),
        _labelled("Step 2 of 3", type_and_enter("dprk"), seen),
        _labelled("Step 3 of 3", digit("2"), seen),
    )
    press(window, "S")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    (statement,) = window.project.annotations(window.session.document_id)
    assert statement.claim_id == troops.id
    assert [s.split(":")[0] for s in seen] == ["Step 1 of 3", "Step 2 of 3", "Step 3 of 3"]
    # The stance step says what it is the stance on, and whose (walkthrough).
    speaker = next(a for a in window.project.actors() if a.id == statement.actor_id)
    assert seen[2] == f"Step 3 of 3: the stance of {speaker.name} on “{troops.label}”."


def test_the_claim_picker_shows_the_letters(window, qtbot):
    open_document(window, VOA)
    select(window, "North Korea vowed", qtbot)
    rows: list[str] = []

    def look(dialog: QDialog) -> None:
        rows.extend(dialog.list.model().stringList())  # type: ignore[attr-defined]
        dialog.reject()

    answer(window, look)
    press(window, "S")
    assert any(row.strip().endswith("[a]") for row in rows), rows


def test_a_new_claim_goes_where_the_user_puts_it_in_the_tree(window, qtbot):
    open_document(window, VOA)
    select(window, "North Korea vowed Tuesday", qtbot)
    parent = next(c for c in window.project.claims() if c.label.startswith("Sanctions"))
    seen: list[str] = []
    answer(
        window,
        type_and_enter("Sanctions are failing"),  # nothing like it: "Create …"
        _labelled("is new", type_and_enter("sanctions on"), seen),  # its parent
        type_and_enter("dprk"),
        digit("2"),
    )
    press(window, "S")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    created = next(c for c in window.project.claims() if c.label == "Sanctions are failing")
    assert created.parent_id == parent.id
    assert seen
    assert "Sanctions are failing" in seen[0]
    window.undo_stack.undo()  # the claim and the statement: one step
    assert all(c.label != "Sanctions are failing" for c in window.project.claims())
    assert window.project.annotations(window.session.document_id) == []
