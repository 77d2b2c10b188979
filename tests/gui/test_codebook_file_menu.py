"""File → Export Codebook… and Import Codebook… (issue #21.3), from the menu, with the import
one undo step."""

from __future__ import annotations

import json
from typing import Any

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


def test_importing_into_a_new_project_says_what_was_added_per_table(
    window, qtbot, tmp_path, monkeypatch
):
    """A new analyst read "inserted 15, updated 0, …": 15 what? The message counts per
    table, as many as the file holds."""
    target = tmp_path / "codebook.json"
    monkeypatch.setattr(window.dialogs, "save_file", lambda *_args, **_kw: target)
    menu_action(window, "File", "Export Codebook…").trigger()
    document = json.loads(target.read_text(encoding="utf-8"))
    monkeypatch.setattr(window.dialogs, "save_file", lambda *_args, **_kw: tmp_path / "new.annot")
    menu_action(window, "File", "New Project…").trigger()
    assert window.project is not None
    assert window.project.actors() == []
    shown: list[str] = []
    monkeypatch.setattr(window.dialogs, "open_file", lambda *_args: target)
    monkeypatch.setattr(window.dialogs, "information", lambda _title, text: shown.append(text))
    menu_action(window, "File", "Import Codebook…").trigger()
    qtbot.waitUntil(lambda: bool(shown))
    lines = shown[0].splitlines()
    assert f"actors: inserted {len(document['actors'])}" in lines
    assert f"claims: inserted {_claims_in(document['claims'])}" in lines


def _claims_in(tree: list[dict[str, Any]]) -> int:
    return sum(1 + _claims_in(claim["children"]) for claim in tree)
