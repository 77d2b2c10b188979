"""The default layout at 1280x720 (a small laptop screen): the Annotations table, the
actors and the claims show enough rows to work with, and the article enough lines."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings


def _fully_visible(view: QAbstractItemView, indexes: list[QModelIndex]) -> int:
    area = view.viewport().rect()
    return sum(1 for index in indexes if area.contains(view.visualRect(index)))


def _rows_that_fit(view: QAbstractItemView, row_height: int) -> int:
    return view.viewport().height() // row_height


@pytest.mark.parametrize("shown_first", [False, True], ids=["shown-at-1280", "resized-to-1280"])
def test_at_1280x720_every_dock_shows_enough_rows(qtbot, demo_template, tmp_path, shown_first):
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    window = MainWindow(Settings(), coder="tester")  # no saved layout: the default one
    qtbot.addWidget(window)
    assert window.open_path(path)
    if shown_first:  # as when a window manager fits the window to a small screen
        window.show()
        qtbot.waitExposed(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.size().height() == 720)

    def laid_out() -> None:
        table = window.annotation_table
        assert _rows_that_fit(table, table.verticalHeader().defaultSectionSize()) >= 6

        actors = window.codebook.actors
        actor_rows = [actors.model().index(r, 0) for r in range(actors.model().rowCount())]
        assert len(actor_rows) >= 6
        assert _fully_visible(actors, actor_rows) >= 6

        claims = window.codebook.claims
        model = claims.model()
        claim_rows = [model.index(r, 0) for r in range(model.rowCount())]
        claim_rows += [
            model.index(c, 0, parent)
            for parent in list(claim_rows)
            for c in range(model.rowCount(parent))
        ]
        assert len(claim_rows) >= 6
        assert _fully_visible(claims, claim_rows) >= 6

        view = window.view
        assert view.viewport().height() // view.fontMetrics().lineSpacing() >= 15
        assert window.search_panel.results.viewport().height() >= 250

    qtbot.waitUntil(laid_out)  # the docks take their sizes on the next layout pass
    window.close()
