"""The annotation window by keyboard: select, `S` / `A`, pickers, undo and redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QListView

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.gui.undo import push
from annotator.services import operations as ops
from annotator.services.importing import import_paths
from tests.gui.helpers import (
    VOA,
    answer,
    code_a_mention,
    digit,
    enter,
    escape,
    open_document,
    press,
    select,
    type_and_enter,
)
from tests.gui.test_window_paths import menu_action
from tests.services.test_operations import snapshot


def test_keyboard_flow_codes_a_statement(window, qtbot):
    open_document(window, VOA)
    start, end = select(
        window, "North Korea vowed Tuesday to continue its military cooperation", qtbot
    )
    answer(
        window,
        type_and_enter("military coop"),  # the claim
        type_and_enter("dprk"),  # the speaker, found by an alias
        digit("1"),  # support
    )
    press(window, "S")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    (statement,) = window.project.annotations(window.session.document_id)
    actors = {a.id: a.name for a in window.project.actors()}
    claims = {c.id: c.label for c in window.project.claims()}
    assert (statement.start, statement.end) == (start, end)
    assert statement.exact == window.view.text[start:end]
    assert actors[statement.actor_id] == "North Korea"
    assert claims[statement.claim_id] == "North Korea–Russia military cooperation"
    assert statement.stance == "support"
    assert window.undo_stack.undoText() == "Code statement"


def test_a_mention_of_a_new_actor_is_one_undoable_step(window, qtbot):
    open_document(window, VOA)
    select(window, "Bruce Turner", qtbot)
    before = snapshot(window.project)
    answer(
        window,
        type_and_enter("Bruce Turner"),  # nothing matches: "Create …" is first
        type_and_enter("person"),
    )
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    after = snapshot(window.project)
    assert "Bruce Turner" in {a.name for a in window.project.actors()}
    window.undo_stack.undo()
    assert snapshot(window.project) == before
    assert window.annotation_model.rowCount() == 0
    window.undo_stack.redo()
    assert snapshot(window.project) == after
    assert window.annotation_model.rowCount() == 1


def test_the_speaker_defaults_to_the_last_actor_mentioned_before(window, qtbot):
    open_document(window, VOA)
    start = window.view.text.index("North Korea vowed")
    window.view.select_span(start, start + len("North Korea"))
    answer(window, type_and_enter("North Korea"))
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    span = select(window, "The DPRK will further develop traditional relations", qtbot)
    speaker = window.article.default_speaker(span[0])
    assert {a.id: a.name for a in window.project.actors()}[speaker] == "North Korea"

    answer(window, type_and_enter("military coop"), enter(), digit("2"))
    press(window, "S")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 2)
    statement = next(a for a in window.project.annotations() if a.kind == "statement")
    assert statement.actor_id == speaker
    assert statement.stance == "oppose"


def test_escape_cancels_and_changes_nothing(window, qtbot):
    open_document(window, VOA)
    select(window, "Bruce Turner", qtbot)
    before = snapshot(window.project)
    answer(window, escape())
    press(window, "A")
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert snapshot(window.project) == before
    assert window.undo_stack.count() == 0


def test_emoji_and_cjk_selection_is_stored_as_seen(window, qtbot, tmp_path):
    article = tmp_path / "emoji.txt"
    article.write_text(
        "Headline\n👨‍👩‍👧 家族 𠀀 Kim said “平和 😊 now” in Seoul.\n", encoding="utf-8"
    )
    import_paths(window.project, [article])
    window.documents.set_documents(window.project.document_summaries())
    document_id = open_document(window, "Headline")
    text = window.project.document(document_id).text
    # Select from inside the family emoji to just after 😊, as a mouse drag might.
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.to_utf16(text.index("👨")) + 1)
    cursor.setPosition(view.to_utf16(text.index("😊") + 1), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    answer(window, type_and_enter("Kim Jong Un"))
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    (mention,) = window.project.annotations(document_id)
    assert mention.exact == text[text.index("👨") : text.index("😊") + 1]  # whole clusters
    visible = view.textCursor().selectedText().replace("\u2029", "\n")
    assert visible == mention.exact


def test_opening_a_search_result_marks_the_hits(window, qtbot):
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.busy)  # the index is built in the background first
    window.findChild(QDockWidget, "searchDock").close()
    press(window, "Ctrl+F")
    assert window.findChild(QDockWidget, "searchDock").isVisible()  # shown again
    assert window.focusWidget() is panel.input  # (has the focus once the window is active)
    qtbot.keyClicks(panel.input, '"invariably support"')
    qtbot.keyClick(panel.input, Qt.Key.Key_Return)
    results = window.findChild(QListView, "searchResults")
    qtbot.waitUntil(lambda: results.model().rowCount() == 1)
    results.activated.emit(results.model().index(0, 0))
    assert len(window.view.hits) == 3
    start, end = window.view.hits[0]
    assert window.view.text[start:end].lower() == "invariably support"
    assert window.view.selected_span() == (start, end)
    press(window, "F3")
    assert window.view.selected_span() == window.view.hits[1]


def test_a_refused_operation_leaves_the_stack_clean(window):
    messages: list[str] = []
    window.bus.failed.disconnect()
    window.bus.failed.connect(messages.append)
    before = snapshot(window.project)
    push(window.undo_stack, window.project, window.bus, ops.DeleteClaim("no-such-claim"))
    assert window.undo_stack.count() == 0
    assert messages
    assert "does not exist" in messages[0]
    assert snapshot(window.project) == before


def test_item_models_pass_the_model_tester(window, qtmodeltester, qtbot):
    code_a_mention(window, qtbot)
    qtmodeltester.check(window.annotation_model)
    qtmodeltester.check(window.codebook.actor_model)
    qtmodeltester.check(window.codebook.claim_model)
    qtbot.waitUntil(lambda: not window.search_panel.busy)
    window.search_panel.input.setText("Belousov")
    window.search_panel.run()
    qtbot.waitUntil(lambda: window.search_panel.model.rowCount() > 0)
    qtmodeltester.check(window.search_panel.model)


def test_boundaries_move_by_whole_clusters_and_undo(window, qtbot):
    start, end = code_a_mention(window, qtbot)
    window.annotation_table.selectRow(0)
    press(window, "Shift+Alt+Right")
    press(window, "Shift+Alt+Up")
    (mention,) = window.project.annotations(window.session.document_id)
    assert (mention.start, mention.end) == (start - 1, end + 1)
    assert mention.exact == window.view.text[start - 1 : end + 1]
    # The highlight moved with it (redrawn in place, not by reloading the document).
    paint = window.view._annotation_paints[mention.id]
    assert (paint.start, paint.end) == (
        window.view.to_utf16(start - 1),
        window.view.to_utf16(end + 1),
    )
    press(window, "Del")
    assert window.view._annotation_paints == {}
    assert window.annotation_model.rowCount() == 0
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    (mention,) = window.project.annotations(window.session.document_id)
    assert (mention.start, mention.end) == (start, end)


def test_an_import_is_one_undoable_step(window, qtbot, tmp_path, monkeypatch):

    monkeypatch.setattr(window.dialogs, "information", lambda *args: None)
    (tmp_path / "a.txt").write_text("Alpha article\n\nBody one.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Beta article\n\nBody two.\n", encoding="utf-8")
    before = window.documents.rowCount()
    window.files.import_files([tmp_path])  # runs in the background
    qtbot.waitUntil(lambda: window.documents.rowCount() == before + 2)
    assert window.undo_stack.undoText() == "Import 2 documents"
    window.undo_stack.undo()
    assert window.documents.rowCount() == before
    window.undo_stack.redo()
    assert window.documents.rowCount() == before + 2


def test_uncoded_documents_look_different(window, qtbot):
    # By their marker (a ring, not a dot: test_document_markers.py), not greyed out.
    model = window.documents
    uncoded = model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    code_a_mention(window, qtbot)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == VOA)
    coded = model.index(row, 0).data(Qt.ItemDataRole.DecorationRole)
    assert uncoded.cacheKey() != coded.cacheKey()
    assert "Not coded yet" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_merging_actors_from_the_codebook(window, qtbot):
    actors = {a.name: a.id for a in window.project.actors()}
    answer(window, type_and_enter("Kim Jong Un"))
    window.codebook_actions.merge_actor(actors["John Kirby"])
    qtbot.waitUntil(lambda: "John Kirby" not in {a.name for a in window.project.actors()})
    kim = next(a for a in window.project.actors() if a.name == "Kim Jong Un")
    assert "John Kirby" in {alias.alias for alias in kim.aliases}
    assert window.codebook.actor_model.rowCount() == len(actors) - 1
    window.undo_stack.undo()
    assert window.codebook.actor_model.rowCount() == len(actors)


def test_recent_projects_are_remembered(window):
    assert window.settings.recent_projects()[0] == window.project.path


def test_a_long_import_can_be_cancelled(window, qtbot, tmp_path, monkeypatch):

    monkeypatch.setattr(window.dialogs, "information", lambda *args: None)
    for number in range(300):
        (tmp_path / f"{number:03d}.txt").write_text(f"Article {number}\n\nText {number}.\n")
    window.files.import_files([tmp_path])
    window.files.task.cancel()
    qtbot.waitUntil(lambda: getattr(window.files, "summary_box", None) is not None)
    summary = window.files.summary_box.text()
    window.files.summary_box.accept()
    assert summary.endswith("(cancelled)")
    imported = int(summary.split(",")[0].removeprefix("imported "))
    assert imported < 300
    assert window.project.stats()["documents"] == 5 + imported
    if imported:  # what was read before the cancel went in, as one undo step
        window.undo_stack.undo()
        assert window.project.stats()["documents"] == 5


def test_recoding_a_statement_changes_claim_speaker_and_stance(window, qtbot):
    open_document(window, VOA)
    select(window, "North Korea vowed Tuesday", qtbot)
    answer(
        window,
        type_and_enter("military coop"),
        type_and_enter("dprk"),
        digit("1"),
    )
    press(window, "S")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    window.annotation_table.selectRow(0)
    answer(window, type_and_enter("arms"), type_and_enter("kcna"), digit("3"))
    press(window, "Ctrl+R")
    qtbot.waitUntil(lambda: window.annotation_model.annotation(0).stance == "neutral")
    row = window.annotation_model.annotation(0)
    assert (row.claim, row.actor) == ("North Korea supplies arms to Russia", "KCNA")
    window.undo_stack.undo()
    assert window.annotation_model.annotation(0).stance == "support"


def test_idle_time_merges_the_search_index(window, qtbot):
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.busy)
    search = window.session.search
    for _ in range(3):  # a few small commits leave a few segments
        select(window, "Belousov", qtbot)
        answer(window, type_and_enter("Andrey Belousov"))
        press(window, "A")
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        search.ensure_current()
        window.undo_stack.undo()
        search.ensure_current()
    assert window.shell.index.idle.isActive()  # changes restart the idle timer
    with search.index._open().reader() as reader:
        assert len(reader.leaf_readers()) > 1
    window.shell.index.merge_when_idle()
    qtbot.waitUntil(lambda: not panel.busy)
    with search.index._open().reader() as reader:
        assert len(reader.leaf_readers()) == 1
    assert search.index.status().usable


def test_a_malformed_query_says_what_is_wrong_in_the_panel(window, qtbot):
    panel = window.search_panel
    qtbot.waitUntil(lambda: not panel.busy)
    panel.input.setText('"unclosed phrase')
    panel.run()
    qtbot.waitUntil(lambda: not panel.busy)
    assert panel.status.text().startswith("Query problem:")
    assert "quotation mark" in panel.status.text()
    assert panel.model.rowCount() == 0


def test_recolouring_an_actor_recolours_its_mentions(window, qtbot, monkeypatch):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog

    code_a_mention(window, qtbot)
    kim = next(a for a in window.project.actors() if a.name == "Kim Jong Un")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args: QColor("#123456"))
    window.codebook_actions.recolour_actor(kim.id, kim.colour)
    (paint,) = window.view._annotation_paints.values()
    assert paint.fmt.underlineColor().name() == "#123456"
    window.undo_stack.undo()
    (paint,) = window.view._annotation_paints.values()
    assert paint.fmt.underlineColor().name() != "#123456"


def test_hovering_a_highlight_shows_its_coding(window, qtbot):
    start, _end = code_a_mention(window, qtbot)
    paints = window.view._highlighter.paints_at(window.view.to_utf16(start) + 2)
    assert [p.tip for p in paints] == ["Mention of Kim Jong Un"]


def test_merging_claims_from_the_codebook(window, qtbot):
    claims = {c.label: c.id for c in window.project.claims()}
    answer(window, type_and_enter("Sanctions on North Korea"))
    window.codebook_actions.merge_claim(claims["China's stance on the partnership"])
    qtbot.waitUntil(lambda: window.codebook.claim_model.rowCount() == 2)
    assert "China's stance on the partnership" not in {c.label for c in window.project.claims()}
    window.undo_stack.undo()
    assert window.codebook.claim_model.rowCount() == 3


def test_docks_and_geometry_are_restored(window, qtbot):
    from PySide6.QtWidgets import QDockWidget

    search_dock = window.findChild(QDockWidget, "searchDock")
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, search_dock)
    window.close()
    again = MainWindow(Settings())
    qtbot.addWidget(again)
    restored = again.findChild(QDockWidget, "searchDock")
    assert restored is not None
    assert again.dockWidgetArea(restored) == Qt.DockWidgetArea.LeftDockWidgetArea
    again.close()


def test_the_article_stays_readable_on_a_dark_palette(window, qtbot):
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#dddddd"))
    window.view.setPalette(palette)
    code_a_mention(window, qtbot)
    window.view.textCursor().clearSelection()
    window.view.setTextCursor(window.view.textCursor())
    image = window.view.viewport().grab().toImage()
    lightness = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), 3)
        for y in range(0, min(image.height(), 300), 3)
    ]
    dark = sum(1 for value in lightness if value < 60)
    light = sum(1 for value in lightness if value > 150)
    assert dark > len(lightness) // 2  # a dark page...
    assert light > 100  # ...with light text on it


def test_a_coded_dataset_loads_from_the_file_menu(window, qtbot, tmp_path, monkeypatch):

    from annotator.services.dataset_export import export_dataset

    shown: list[str] = []
    monkeypatch.setattr(window.dialogs, "information", lambda _t, text: shown.append(text))
    code_a_mention(window, qtbot)
    export_dataset(window.project, tmp_path / "ds")
    window.undo_stack.undo()
    assert window.annotation_model.rowCount() == 0
    window.files.load_dataset(tmp_path / "ds")
    qtbot.waitUntil(lambda: bool(shown))
    assert "inserted 1" in shown[0]
    assert window.annotation_model.rowCount() == 1  # the view redrew from the change set
    # A load is one undo step (issue #15.1), taken back and redone from the Edit menu.
    undo = menu_action(window, "Edit", "Undo Load Coded Dataset")
    undo.trigger()
    assert window.annotation_model.rowCount() == 0
    assert window.undo_stack.redoText() == "Load Coded Dataset"
    window.undo_stack.redo()
    assert window.annotation_model.rowCount() == 1


def test_the_import_summary_lists_every_rejection_and_can_be_copied(window, qtbot, tmp_path):
    (tmp_path / "good.txt").write_text("Good article\n\nIt goes in.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02junk")
    window.files.import_files([tmp_path])
    qtbot.waitUntil(lambda: getattr(window.files, "summary_box", None) is not None)
    box = window.files.summary_box
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "imported 1, duplicates 0, near-duplicates 0, rejected 2"
    assert "empty.txt: the file is empty" in box.detailedText()
    assert "junk.txt: looks like a binary file" in box.detailedText()
    assert box.icon() == box.Icon.Warning
    box.accept()


def test_spaces_at_the_ends_of_a_selection_are_not_coded(window, qtbot):
    """Issue #16.9: " Bruce Turner " selected with its spaces is coded as "Bruce Turner"."""
    open_document(window, VOA)
    start = window.view.text.index("Bruce Turner")
    window.view.select_span(start - 1, start + len("Bruce Turner") + 1)
    assert window.view.text[start - 1].isspace()
    answer(window, type_and_enter("Bruce Turner"), type_and_enter("person"))
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    (mention,) = window.project.annotations()
    assert (mention.start, mention.end) == (start, start + len("Bruce Turner"))


def test_the_actor_picker_starts_from_the_selected_text(window, qtbot):
    """Issue #16.8: select "Kim Jong Un", press A, Enter: Kim Jong Un is coded (another actor
    was preselected); a selection no name holds is proposed as a new actor."""
    open_document(window, VOA)
    select(window, "Kim Jong Un", qtbot)
    answer(window, enter())
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 1)
    names = {a.id: a.name for a in window.project.actors()}
    (mention,) = window.project.annotations()
    assert names[mention.actor_id] == "Kim Jong Un"

    select(window, "Bruce Turner", qtbot)
    answer(window, enter(), type_and_enter("person"))
    press(window, "A")
    qtbot.waitUntil(lambda: window.annotation_model.rowCount() == 2)
    assert "Bruce Turner" in {a.name for a in window.project.actors()}
