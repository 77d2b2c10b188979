"""The Statements view (issue #21.1) through the real widgets: View → Statements, the filter
bar, header clicks, double-click and Enter, recoding many rows as one undo step, export of
what is shown, refreshing after changes, and reading rows a page at a time."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from annotator.core.statement_table import COLUMNS, StatementRow, StatementSort
from annotator.gui import statement_recode
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.gui.statement_columns import header_menu
from annotator.gui.statement_filters import parse_date, parse_text_filter
from annotator.gui.statement_model import PAGE_ROWS, StatementTableModel
from annotator.gui.statements_panel import StatementsPanel
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.gui.helpers import Coded, answer, digit, press, type_and_enter
from tests.gui.test_window_paths import menu_action


def shown(coded: Coded, qtbot) -> StatementsPanel:
    window = coded.window
    menu_action(window, "View", "Statements").trigger()
    panel = window.statements
    qtbot.waitUntil(panel.isVisible)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    return panel


def column_values(panel: StatementsPanel, column: str) -> list[object]:
    number = COLUMNS.index(column)
    model = panel.model
    return [model.index(row, number).data() for row in range(model.rowCount())]


def stances(coded: Coded) -> list[str | None]:
    project = coded.window.project
    assert project is not None
    found = project.annotations_by_id(coded.statements)
    return [found[i].stance for i in coded.statements]


def test_view_statements_lists_every_statement_with_its_claim_path(coded, qtbot, qtmodeltester):
    panel = shown(coded, qtbot)
    assert panel.count.text() == "3 rows"
    assert set(column_values(panel, "actor")) == {"KCNA"}
    claims = column_values(panel, "claim")
    assert all(" \u203a " in str(claim) for claim in claims)  # parent, then child
    assert sorted(map(str, column_values(panel, "stance"))) == ["oppose", "oppose", "support"]
    qtmodeltester.check(panel.model)


def test_the_filter_bar_narrows_the_rows(coded, qtbot):
    panel = shown(coded, qtbot)
    filters = panel.filters
    filters.stance.setCurrentIndex(filters.stance.findData("oppose"))
    assert panel.model.rowCount() == 2
    filters.stance.setCurrentIndex(filters.stance.findText("(no stance yet)"))
    assert filters.stance.currentData() == ""
    assert panel.model.rowCount() == 0  # every statement has its stance
    filters.stance.setCurrentIndex(0)
    qtbot.keyClicks(filters.text, "actor:nobody")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    filters.text.clear()
    qtbot.keyClicks(filters.text, "kcna")
    qtbot.keyClick(filters.text, Qt.Key.Key_Return)  # at once, without the typing pause
    assert panel.model.rowCount() == 3
    filters.kind.setCurrentIndex(filters.kind.findData("mention"))
    assert panel.model.rowCount() == 0
    filters.kind.setCurrentIndex(0)
    qtbot.keyClicks(filters.date_from, "20x")
    qtbot.keyClick(filters.date_from, Qt.Key.Key_Return)
    assert "not a date" in filters.problem.text()
    assert panel.model.rowCount() == 3  # a date that cannot be read is left out


def test_a_search_query_filters_the_rows(coded, qtbot):
    panel = shown(coded, qtbot)
    qtbot.waitUntil(lambda: not coded.window.search_panel.busy)
    query = panel.filters.query
    qtbot.keyClicks(query, "stance:support")
    qtbot.keyClick(query, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 1
    assert column_values(panel, "stance") == ["support"]
    query.clear()
    qtbot.keyClicks(query, "stance:(")
    qtbot.keyClick(query, Qt.Key.Key_Return)
    assert panel.filters.problem.isVisible()


def test_clicking_a_header_sorts_and_clicking_again_reverses(coded, qtbot):
    panel = shown(coded, qtbot)
    header = panel.table.horizontalHeader()
    section = COLUMNS.index("stance")

    def click() -> None:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        QTest.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click()
    assert column_values(panel, "stance") == ["oppose", "oppose", "support"]
    click()
    assert column_values(panel, "stance") == ["support", "oppose", "oppose"]


def test_double_click_and_enter_open_the_article_at_the_annotation(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    window.show_document(window.project.document_summaries()[0].id)
    assert window.session.document_id != coded.document_id
    table = panel.table
    index = panel.model.index(2, 0)
    wanted = index.data(Qt.ItemDataRole.UserRole + 1)
    # A real double-click: press, release, then the double-click event (QTest's mouseDClick
    # sends the last alone, and a view opens only what the press was on).
    where = table.visualRect(index).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.session.document_id == coded.document_id
    assert window.article.current_id() == wanted
    table.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.article.current_id() == panel.model.id_at(0)


def test_recoding_many_statements_is_one_undo_step(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    before = stances(coded)
    assert before == ["support", "oppose", "oppose"]
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert len(panel.selected_ids()) == 3
    depth = window.undo_stack.count()
    answer(window, digit("3"))  # the stance picker: 3 = neutral
    panel.recode_actions["stance"].trigger()
    assert stances(coded) == ["neutral"] * 3
    assert window.undo_stack.count() == depth + 1
    qtbot.waitUntil(lambda: column_values(panel, "stance") == ["neutral"] * 3)
    assert len(panel.selected_ids()) == 3  # the selection survives the refresh
    press(window, "Ctrl+Z")
    assert stances(coded) == before
    qtbot.waitUntil(
        lambda: sorted(map(str, column_values(panel, "stance"))) == sorted(map(str, before))
    )


def test_recoding_the_speaker_from_the_context_menu_uses_the_actor_picker(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    panel.table.selectRow(0)
    panel.table.selectionModel().select(
        panel.model.index(1, 0),
        panel.table.selectionModel().SelectionFlag.Select
        | panel.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = set(panel.selected_ids())
    answer(window, type_and_enter("Kim Jong Un"))
    menu_entry = panel.recode_button.menu().actions()[0]
    assert menu_entry is panel.recode_actions["actor"]
    menu_entry.trigger()
    project = window.project
    kim = next(a.id for a in project.actors() if a.name == "Kim Jong Un")
    speakers = {i: a.actor_id for i, a in project.annotations_by_id(coded.statements).items()}
    assert {i for i, s in speakers.items() if s == kim} == chosen


def test_export_shown_writes_the_visible_columns_and_filtered_rows(coded, qtbot, tmp_path):
    panel = shown(coded, qtbot)
    filters = panel.filters
    filters.stance.setCurrentIndex(filters.stance.findData("oppose"))
    header = panel.table.horizontalHeader()
    for column in COLUMNS:
        header.setSectionHidden(COLUMNS.index(column), column not in ("quote", "stance", "start"))
    header.moveSection(header.visualIndex(COLUMNS.index("start")), 0)
    assert panel.shown_columns() == ["start", "stance", "quote"]
    out = tmp_path / "shown"
    task = panel.export_shown(out)
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=10_000):
        pass
    with open(tmp_path / "shown.csv", encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    text = coded.window.project.document(coded.document_id).text
    assert lines == [
        ["start", "stance", "quote"],
        *([str(s), "oppose", text[s:e]] for s, e in sorted(coded.spans[1:])),
    ]


def test_the_table_follows_changes_to_the_project(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    project = window.project
    claim = next(c for c in project.claims() if c.parent_id is None)
    start, end = coded.spans[0]
    window.session.push(
        ops.AddStatement(coded.document_id, start, end, claim.id, window.session.coder_id),
        "code",
    )
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    window.session.push(ops.EditClaim(claim.id, label_text="Renamed top claim"), "rename")
    qtbot.waitUntil(lambda: "Renamed top claim" in map(str, column_values(panel, "claim")))


class CountingReader:
    """Rows made up for any ids, counting what was asked for."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def __call__(self, ids: Sequence[str]) -> dict[str, StatementRow]:
        self.asked.append(len(ids))
        return {
            i: StatementRow(
                i, "d", "statement", "Doc", "", "A", None, "C", None, "", i, "k", "", 0, 1
            )
            for i in ids
        }


def test_the_model_reads_rows_a_page_at_a_time(qtbot):
    model = StatementTableModel()
    reader = CountingReader()
    ids = [f"id{n:06d}" for n in range(100_000)]
    model.set_ids(ids, reader)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 300)
    table.show()
    qtbot.waitExposed(table)
    assert model.rowCount() == 100_000
    qtbot.waitUntil(lambda: bool(reader.asked))  # painted
    assert 1 <= len(reader.asked) <= 2  # the first screen: one page (two at a boundary)
    assert model.loaded_rows() <= 2 * PAGE_ROWS
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.index(99_999, 6).data() == "id099999")
    assert len(reader.asked) <= 4
    assert sum(reader.asked) <= 4 * PAGE_ROWS  # never the 100,000 rows
    assert all(n <= PAGE_ROWS for n in reader.asked)


def test_a_large_project_is_read_in_the_background_latest_request_wins(coded, qtbot):
    window = coded.window
    panel = window.statements
    panel.loader.in_background_rows = 0  # as for a project of more than 20,000 annotations
    menu_action(window, "View", "Statements").trigger()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    filters = panel.filters
    filters.stance.setCurrentIndex(filters.stance.findData("support"))
    filters.stance.setCurrentIndex(filters.stance.findData("oppose"))  # before the first is read
    assert panel.count.text() == "Reading…"
    assert panel.loader.running == 2
    qtbot.waitUntil(lambda: panel.loader.running == 0)
    assert column_values(panel, "stance") == ["oppose", "oppose"]
    assert panel.count.text() == "2 of 3 rows"
    qtbot.waitUntil(lambda: not window.search_panel.busy)
    qtbot.keyClicks(filters.query, "stance:(")
    qtbot.keyClick(filters.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: filters.problem.isVisible())
    assert "Search query" in filters.problem.text()
    assert panel.model.rowCount() == 2  # the rows shown stay


def test_copy_puts_the_selected_rows_shown_columns_on_the_clipboard(coded, qtbot):
    panel = shown(coded, qtbot)
    header = panel.table.horizontalHeader()
    for column in COLUMNS:
        header.setSectionHidden(COLUMNS.index(column), column not in ("actor", "stance"))
    panel.table.selectRow(0)
    panel.copy_action.trigger()
    expected = f"actor\tstance\n{column_values(panel, 'actor')[0]}\t"
    expected += f"{column_values(panel, 'stance')[0]}\n"
    assert QApplication.clipboard().text() == expected


def test_the_header_menu_filters_by_its_column_and_hides_columns(coded, qtbot):
    panel = shown(coded, qtbot)
    header = panel.table.horizontalHeader()
    section = COLUMNS.index("actor")
    point = QPoint(header.sectionViewportPosition(section) + 5, 5)
    menu = header_menu(panel, panel.table, panel.filters.text, point)
    first = menu.actions()[0]
    assert first.text() == "Filter by Speaker / Actor…"
    first.trigger()
    assert panel.filters.text.text() == "actor:"
    qtbot.keyClicks(panel.filters.text, "nobody")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    quote = next(a for a in menu.actions() if a.text() == "Quote")
    quote.trigger()  # unchecks it
    assert "quote" not in panel.shown_columns()


def test_a_hidden_table_reads_again_only_when_shown(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    window.shell.docks["statementsDock"].close()
    qtbot.waitUntil(lambda: not panel.isVisible())
    reads = panel.model.pages_read
    project = window.project
    claim = next(c for c in project.claims() if c.parent_id is None)
    start, end = coded.spans[0]
    window.session.push(
        ops.AddStatement(coded.document_id, start, end, claim.id, window.session.coder_id),
        "code",
    )
    QApplication.processEvents()  # a refresh (a zero-time timer) would have run by now
    assert not panel._pending.isActive()
    assert panel.model.rowCount() == 3
    assert panel.model.pages_read == reads
    menu_action(window, "View", "Statements").trigger()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)


def test_the_columns_are_remembered_for_the_next_window(coded, qtbot):
    panel = shown(coded, qtbot)
    header = panel.table.horizontalHeader()
    section = COLUMNS.index("actor")
    point = QPoint(header.sectionViewportPosition(COLUMNS.index("note")) + 5, 5)
    menu = header_menu(panel, panel.table, panel.filters.text, point, panel._remember_columns)
    next(a for a in menu.actions() if a.text() == "Note").trigger()  # hides it
    header.moveSection(header.visualIndex(section), 0)
    header.setSortIndicator(COLUMNS.index("stance"), Qt.SortOrder.DescendingOrder)
    assert column_values(panel, "stance") == ["support", "oppose", "oppose"]
    later = StatementsPanel(
        coded.window.session,
        coded.window.codebook_cache,
        coded.window.dialogs,
        lambda _text: None,
        coded.window.settings,
    )
    qtbot.addWidget(later)
    assert later.shown_columns()[0] == "actor"
    assert "note" not in later.shown_columns()
    assert later.request().sort == StatementSort("stance", descending=True)


def test_a_large_recode_runs_in_the_background_and_is_still_one_step(coded, qtbot, monkeypatch):
    monkeypatch.setattr(statement_recode, "IN_BACKGROUND", 1)  # as for more than 200 rows
    panel = shown(coded, qtbot)
    window = coded.window
    depth = window.undo_stack.count()
    panel.table.selectAll()
    answer(window, digit("1"))  # support
    panel.recode_actions["stance"].trigger()
    qtbot.waitUntil(lambda: window.undo_stack.count() == depth + 1)
    assert stances(coded) == ["support"] * 3
    press(window, "Ctrl+Z")
    assert stances(coded) == ["support", "oppose", "oppose"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('actor:kim quote:"of troops" rest', ("rest", (("actor", "kim"), ("quote", "of troops")))),
        ("speaker:KCNA", ("", (("actor", "KCNA"),))),
        ('actor:"" left', ("left", (("actor", ""),))),
        ("actor:", ("", ())),
        ("at 10:30 foo:bar", ("at 10:30 foo:bar", ())),
    ],
)
def test_typed_filters_are_read_as_columns_and_words(typed, expected):
    assert parse_text_filter(typed) == expected


def test_dates_name_their_first_or_last_day():
    assert parse_date("2024", end=False) == dt.date(2024, 1, 1)
    assert parse_date("2024", end=True) == dt.date(2024, 12, 31)
    assert parse_date("2024-02", end=True) == dt.date(2024, 2, 29)
    assert parse_date("2024-12", end=True) == dt.date(2024, 12, 31)
    assert parse_date(" 2024-06-15 ", end=False) == dt.date(2024, 6, 15)
    assert parse_date("", end=False) is None
    for bad in ("2024/06", "June", "2024-13", "2024-02-30"):
        with pytest.raises(ValueError, match=r"."):
            parse_date(bad, end=False)


def test_an_empty_column_filter_finds_statements_without_a_speaker(coded, qtbot):
    panel = shown(coded, qtbot)
    window = coded.window
    first = coded.statements[0]
    window.session.push(ops.EditAnnotation(first, actor_id=None), "no speaker")
    qtbot.keyClicks(panel.filters.text, 'actor:""')
    qtbot.keyClick(panel.filters.text, Qt.Key.Key_Return)
    assert panel.model.ids() == [first]
    assert panel.count.text() == "1 of 3 rows"


def test_a_read_only_project_lists_and_exports_but_does_not_recode(qtbot, demo_template, tmp_path):
    path = tmp_path / "demo.annot"
    path.write_bytes(demo_template.read_bytes())
    window = MainWindow(Settings(), coder="tester")
    qtbot.addWidget(window)
    window.set_project(ProjectService.open(path, read_only=True))
    window.show()
    menu_action(window, "View", "Statements").trigger()
    panel = window.statements
    assert panel.model.rowCount() == 0  # the demo template is not coded
    assert not panel.recode_button.isEnabled()
    assert not panel.recode_actions["claim"].isEnabled()
    assert "read-only" in panel.recode_button.toolTip()
    assert panel.export_button.isEnabled()
    window.close()
