"""The Statements table's Stance column is as wide as the longest value of the scale: a
stance renamed in Edit → Preferences ("neutral" → "ambivalent") read "amb…ent"."""

from __future__ import annotations

from annotator.core.statement_table import COLUMNS
from annotator.gui.undo import push
from annotator.services import operations as ops
from tests.gui.test_statements_view import column_values, shown

LONG = "strongly disagree"


def test_the_stance_column_fits_a_renamed_value(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    scale = window.project.info().stance_scale
    renamed = tuple(LONG if value == "oppose" else value for value in scale)
    assert push(
        window.undo_stack,
        window.project,
        window.session.bus,
        ops.SetStanceScale(renamed, (("oppose", LONG),)),
    )
    qtbot.waitUntil(lambda: LONG in column_values(panel, "stance"))
    header = panel.table.horizontalHeader()
    text_room = header.sectionSize(COLUMNS.index("stance")) - 8  # the cell's margins
    assert panel.table.fontMetrics().horizontalAdvance(LONG) <= text_room
