"""Codebook files (issue #21.3): export, import into another project, merge by id then by
name, one undo step, clear messages for files that are not codebooks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import operations as ops
from annotator.services.codebook_files import export_codebook, import_codebook
from annotator.services.demo import create_demo_project
from annotator.services.project import ProjectService
from tests.cli.test_cli import run
from tests.services.test_operations import snapshot


@pytest.fixture
def demo(tmp_path: Path):
    project, _report = create_demo_project(tmp_path / "demo.annot")
    yield project
    project.close()


def _codebook(project: ProjectService, path: Path) -> dict[str, Any]:
    export_codebook(project, path)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_a_codebook_moves_to_an_empty_project_whole(demo, tmp_path):
    original = _codebook(demo, tmp_path / "codebook.json")
    assert original["actors"]
    assert original["claims"]
    other = ProjectService.create(tmp_path / "other.annot", stance_scale=("support",))
    report, _changes, _undo = import_codebook(other, tmp_path / "codebook.json")
    assert report.total("rejected") == 0
    claims = list(_walk(original["claims"]))
    assert report.total("inserted") == len(original["actors"]) + len(claims)
    # Ids, names, aliases, kinds, colours, descriptions, the tree and the scale all came.
    assert _codebook(other, tmp_path / "again.json") == original
    other.close()


def _walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def test_import_renames_by_id_adds_the_new_and_skips_what_cannot_go_in(demo, tmp_path):
    document = _codebook(demo, tmp_path / "codebook.json")
    first, second = document["actors"][:2]
    first["name"] = "Renamed Actor"
    first["description"] = "Code the person, not the office."
    document["actors"].append({"actor_id": "new-1", "name": "Brand New", "kind": "organization"})
    # A new actor whose name is an alias of another: refused by the codebook rules.
    alias = next(a for a in demo.actors() if a.aliases).aliases[0].alias
    document["actors"].append({"actor_id": "new-2", "name": alias, "kind": "person"})
    document["claims"][0]["description"] = "Any claim about it."
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(demo)
    report, _changes, undo = import_codebook(demo, tmp_path / "edited.json")
    actors = {a.id: a for a in demo.actors()}
    assert actors[first["actor_id"]].name == "Renamed Actor"
    assert actors[first["actor_id"]].description == "Code the person, not the office."
    assert actors["new-1"].kind == "organization"
    assert "new-2" not in actors  # found by its name: the alias's owner, left as it is
    assert actors[second["actor_id"]].name == second["name"]
    claim = next(c for c in demo.claims() if c.id == document["claims"][0]["claim_id"])
    assert claim.description == "Any claim about it."
    assert report.counts["actors"]["updated"] == 1
    assert report.counts["actors"]["inserted"] == 1
    assert report.counts["claims"]["updated"] == 1
    demo.apply(undo)  # one step takes it all back
    assert snapshot(demo) == before


def test_a_clashing_rename_is_skipped_with_its_reason_and_the_rest_goes_in(demo, tmp_path):
    document = _codebook(demo, tmp_path / "codebook.json")
    first, second = document["actors"][:2]
    first["name"] = second["name"]  # two actors cannot share a name
    document["actors"].append({"actor_id": "new-1", "name": "Brand New", "kind": "organization"})
    (tmp_path / "clash.json").write_text(json.dumps(document), encoding="utf-8")
    report, _changes, _undo = import_codebook(demo, tmp_path / "clash.json")
    assert report.counts["actors"]["rejected"] == 1
    (message,) = report.messages
    assert message.startswith("clash.json actor 1: ")
    assert "already exists" in message
    assert "new-1" in {a.id for a in demo.actors()}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"documents": []}', "not a codebook"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"actors": {}}', "actors must be a list"),
    ],
)
def test_a_file_that_is_not_a_codebook_is_named_and_nothing_changes(
    demo, tmp_path, content, message
):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = snapshot(demo)
    with pytest.raises(AnnotatorError, match=f"bad.json: {message}"):
        import_codebook(demo, bad)
    assert snapshot(demo) == before


def test_the_command_line_exports_and_imports(demo, tmp_path, capsys):
    path = demo.path
    demo.close()
    code, out, _err = run(capsys, "codebook", "export", path, "--out", tmp_path / "cb.json")
    assert code == 0
    assert "cb.json" in out
    other = tmp_path / "other.annot"
    assert run(capsys, "init", other)[0] == 0
    code, out, _err = run(capsys, "codebook", "import", other, tmp_path / "cb.json", "--json")
    assert code == 0
    assert json.loads(out)["inserted"] > 0
    with ProjectService.open(other) as project:
        assert {a.name for a in project.actors()} == {
            a["name"] for a in json.loads((tmp_path / "cb.json").read_text())["actors"]
        }
    assert not ops.LoadDataset((), update_codebook=True).tables
