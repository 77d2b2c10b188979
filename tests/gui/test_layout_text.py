"""Long names in the window (issue #16.14): cut in the middle, whole in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_codebook_names_are_cut_in_the_middle_with_the_whole_name_in_the_tooltip(window):
    codebook = window.codebook
    assert codebook.claims.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert codebook.actors.textElideMode() == Qt.TextElideMode.ElideMiddle
    labels = {c.label for c in window.project.claims()}
    model = codebook.claim_model
    tips = {
        model.item(r).child(c).toolTip()
        for r in range(model.rowCount())
        for c in range(model.item(r).rowCount())
    }
    tips |= {model.item(r).toolTip() for r in range(model.rowCount())}
    assert {tip.split("\n")[0] for tip in tips} == labels


def test_the_document_list_fits_its_dock_with_whole_titles_in_tooltips(window, qtbot):
    window.resize(1280, 720)
    table = window.document_list
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width() + 1  # nothing scrolls sideways
    assert header.sectionSize(0) >= 120  # the title keeps the most room
    model = table.model()
    for row in range(model.rowCount()):
        title = model.index(row, 0).data()
        assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole).split("\n")[0] == title
