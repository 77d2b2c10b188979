"""The search panel as a new analyst uses it (issue #16.11): several results visible at
1280x720, the matched words marked in each result, the old query's highlights gone when a
new query starts (or fails), and "Hit 2 of 7" while stepping with F3."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from annotator.core.search import Mark, Snippet
from annotator.gui.result_delegate import HtmlRole
from annotator.gui.search_panel import MARK_OPEN, _short_snippet
from tests.gui.helpers import press


def _search(window, qtbot, text: str) -> None:
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.busy)
    press(window, "Ctrl+F")
    panel.input.clear()
    qtbot.keyClicks(panel.input, text)
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.busy)


def test_results_mark_the_matched_words_and_several_fit_at_1280x720(window, qtbot):
    window.resize(1280, 720)
    _search(window, qtbot, "korea russia")
    panel = window.search_panel
    model = panel.model
    assert model.rowCount() == 5
    html = model.index(0, 0).data(HtmlRole)
    assert f"{MARK_OPEN}Korea" in html or f"{MARK_OPEN}Russia" in html
    results = panel.results
    qtbot.waitUntil(lambda: results.visualRect(model.index(1, 0)).height() > 0)
    visible = [
        row
        for row in range(model.rowCount())
        if results.visualRect(model.index(row, 0)).top() < results.viewport().height()
    ]
    assert len(visible) >= 3, [results.visualRect(model.index(r, 0)) for r in range(5)]


def test_a_title_or_snippet_is_shown_as_text_never_as_markup(window, qtbot):
    _search(window, qtbot, "korea")
    html = window.search_panel.model.index(0, 0).data(HtmlRole)
    # Every "<" in the row is one of ours: text from the documents is escaped.
    tags = {part.split(">")[0].split()[0] for part in html.split("<")[1:]}
    assert tags <= {"b", "/b", "br", "span", "/span"}


def test_a_new_query_clears_the_old_highlights_and_f3_counts_the_hits(window, qtbot):
    _search(window, qtbot, '"invariably support"')
    results = window.search_panel.results
    results.activated.emit(window.search_panel.model.index(0, 0))
    assert len(window.view.hits) == 3
    assert window.statusBar().currentMessage() == "Hit 1 of 3"
    press(window, "F3")
    assert window.statusBar().currentMessage() == "Hit 2 of 3"
    _search(window, qtbot, '"unclosed')
    assert "Query problem" in window.search_panel.status.text()
    assert window.view.hits == []
    _search(window, qtbot, "belousov")
    assert window.view.hits == []  # until a result is opened


def test_closing_the_project_leaves_no_old_search_behind(window, qtbot):
    from tests.gui.test_window_paths import menu_action

    _search(window, qtbot, '"invariably support"')
    window.search_panel.results.activated.emit(window.search_panel.model.index(0, 0))
    assert window.statusBar().currentMessage() == "Hit 1 of 3"
    _search(window, qtbot, "belousov")
    assert window.statusBar().currentMessage() == ""  # the old query's counter is gone
    menu_action(window, "File", "Close Project").trigger()
    panel = window.search_panel
    assert panel.input.text() == ""
    panel.input.setText("korea")
    panel.run()
    assert "Open a project" in panel.status.text()


def test_a_stance_that_exists_nowhere_is_said_under_the_count(window, qtbot):
    # The same SearchResults.notes the command line prints (issue #14).
    _search(window, qtbot, "stance:xyz")
    status = window.search_panel.status.text()
    assert status.startswith("0 documents match")
    assert "No stance 'xyz' in this project, so stance:xyz matches nothing" in status
    _search(window, qtbot, "stance:support")
    assert "No stance" not in window.search_panel.status.text()


def test_a_result_row_shows_whole_words_around_the_match():
    # A row shows about 150 characters from a little before the first match: cut there, a
    # row began "…d. North Korea is under…" and ended "…its Western pa…".
    text = (
        "Pyongyang has defied every resolution since the talks collapsed. North Korea is "
        "under heavy UN Security Council sanctions over its weapons programme, while Russia "
        "also faces sanctions by the US and its Western partners after the invasion began."
    )
    first = text.index("sanctions")
    marks = tuple(
        Mark(i, i + len("sanctions")) for i in (first, text.index("sanctions", first + 1))
    )
    shown = _short_snippet(Snippet(0, len(text), text, marks))
    plain = re.sub("<[^>]+>", "", shown)
    assert plain.startswith("…"), plain
    assert plain.endswith("…"), plain
    inner = plain.strip("…")
    start = text.index(inner)
    assert start == 0 or text[start - 1] == " ", plain
    assert text[start + len(inner)] == " ", plain
    assert f"{MARK_OPEN}sanctions" in shown


def test_after_deleting_the_open_hit_no_other_hit_looks_open(window, qtbot, monkeypatch):
    # A new analyst deleted the article a hit had opened: the window showed the next article
    # of the list while the results selected the hit that took the deleted one's row.
    from annotator.gui.roles import IdRole
    from tests.gui.test_window_paths import menu_action

    _search(window, qtbot, "korea")
    panel = window.search_panel
    assert panel.model.rowCount() >= 3
    second = panel.model.index(1, 0)
    panel.results.setCurrentIndex(second)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    deleted = second.data(IdRole)
    qtbot.waitUntil(lambda: window.session.document_id == deleted)
    monkeypatch.setattr(window.dialogs, "confirm", lambda _title, _text: True)
    menu_action(window, "Document", "Delete Documents…").trigger()

    def listed() -> list[str]:
        return [panel.model.index(r, 0).data(IdRole) for r in range(panel.model.rowCount())]

    qtbot.waitUntil(lambda: window.session.document_id not in (None, deleted))
    qtbot.waitUntil(lambda: not panel.busy and listed() and deleted not in listed())
    current = panel.results.currentIndex()
    assert not current.isValid() or current.data(IdRole) == window.session.document_id
