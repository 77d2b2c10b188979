"""The claim picker filters without breaking the claim tree: matches stay in tree order,
each under its parents, the best match highlighted; a claim's letter typed alone offers no
'Create'."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.core.records import ClaimRecord
from annotator.gui.picker import PickerDialog
from tests.gui.helpers import VOA, answer, open_document, press, select


def _rows_after_typing(window, qtbot, text: str) -> tuple[list[str], str]:
    """The claim picker's rows once ``text`` is typed, and the highlighted one."""
    seen: list[tuple[list[str], str]] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, PickerDialog)
        qtbot.keyClicks(dialog.filter, text)
        rows = [row.strip() for row in dialog.list.model().stringList()]  # type: ignore[attr-defined]
        seen.append((rows, dialog.list.currentIndex().data().strip()))
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Escape)

    open_document(window, VOA)
    select(window, "North Korea vowed Tuesday", qtbot)
    answer(window, look)
    press(window, "S")
    assert seen, "no claim picker"
    return seen[0]


def _row(claim: ClaimRecord) -> str:
    return f"{claim.label}  [{claim.shortcut}]" if claim.shortcut else claim.label


def _tree(window) -> list[tuple[str, str | None]]:
    """(row text, parent's row text) of every claim, in tree order."""
    claims = window.project.claims()
    text = {c.id: _row(c) for c in claims}
    return [(text[c.id], text.get(c.parent_id or "")) for c in claims]


def _in_tree_order_under_parents(window, rows: list[str]) -> None:
    tree = _tree(window)
    order = [row for row, _parent in tree]
    claims = [row for row in rows if row in order]
    assert claims == sorted(claims, key=order.index)
    for row, parent in tree:
        if row in claims and parent is not None:
            assert parent in claims[: claims.index(row)], f"{row!r} without {parent!r}"


def test_a_letter_keeps_the_tree_and_offers_no_create(window, qtbot):
    rows, current = _rows_after_typing(window, qtbot, "a")
    letter = next(c for c in window.project.claims() if c.shortcut == "a")
    assert letter.parent_id is not None  # a child: it must stay under its parent
    assert current == _row(letter)
    _in_tree_order_under_parents(window, rows)
    assert not any(row.startswith("Create") for row in rows), rows


def test_a_matching_child_is_shown_under_its_parent(window, qtbot):
    rows, current = _rows_after_typing(window, qtbot, "arms")
    letter = next(c for c in window.project.claims() if c.shortcut == "a")
    parent = next(c for c in window.project.claims() if c.id == letter.parent_id)
    assert current == _row(letter)
    assert rows.index(_row(parent)) < rows.index(current)
    _in_tree_order_under_parents(window, rows)
    assert rows[-1] == "Create “arms”"
