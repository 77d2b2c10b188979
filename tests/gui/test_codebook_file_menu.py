"""File → Export Codebook… and Import Codebook… (issue #21.3), from the menu, with the import
one undo step."""

from __future__ import annotations

import json

from tests.gui.test_window_paths import menu_action


def test_a_codebook_goes_out_and_comes_back_in_from_the_file_menu(
    window, qtbot, tmp_path, monkeypatch
):
    target = tmp_path / "codebook.json"
    monkeypatch.setattr(window.dialogs, "save_file", lambda *_args, **_kw: target)
    menu_action(window, "File", "Export Codebook…").trigger()
    document = json.loads(target.read_text(encoding="utf-8"))
    actor = document["actors"][0]
    assert actor["name"] in {a.name for a in window.project.actors()}
    actor["description"] = "Code only when named."
    document["actors"].append({"actor_id": "from-file", "name": "Lead Analyst", "kind": "person"})
    target.write_text(json.dumps(document), encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(window.dialogs, "open_file", lambda *_args: target)
    monkeypatch.setattr(window.dialogs, "information", lambda _title, text: shown.append(text))
    rows = window.codebook.actor_model.rowCount()
    menu_action(window, "File", "Import Codebook…").trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].startswith("inserted 1, updated 1")
    actors = {a.id: a for a in window.project.actors()}
    assert actors[actor["actor_id"]].description == "Code only when named."
    assert window.codebook.actor_model.rowCount() == rows + 1  # the dock redrew
    menu_action(window, "Edit", "Undo Import Codebook").trigger()
    assert "from-file" not in {a.id for a in window.project.actors()}
    assert window.codebook.actor_model.rowCount() == rows
