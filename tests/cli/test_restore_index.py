"""A restored project is never served the search index of the file it replaced (issue #13.2).

Change numbers repeat after a restore: the backup's journal is shorter than the replaced
file's, and the next changes take the same numbers again. The index must notice that the
history under its watermark is another one, and `check` compares contents, not numbers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.maintenance import check
from annotator.services.project import ProjectService
from annotator.services.search import SearchService


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def found(capsys, project: Path, word: str) -> set[str]:
    code, out, err = run(capsys, "search", project, word, "--json")
    assert code == 0, err
    return {hit["title"] for hit in json.loads(out)["hits"]}


@pytest.fixture
def restored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A demo project whose index knows a document that a restore took away again."""
    project = tmp_path / "demo.annot"
    assert run(capsys, "init", project, "--demo")[0] == 0
    code, out, _ = run(capsys, "backup", project)
    assert code == 0
    backup = re.search(r"written to (.+\.annot)", out)
    assert backup is not None
    (tmp_path / "x.txt").write_text("Quokkaword alpha text here.\n", "utf-8")
    assert run(capsys, "import", project, tmp_path / "x.txt")[0] == 0
    assert found(capsys, project, "quokkaword") == {"Quokkaword alpha text here."}
    code, _, err = run(capsys, "restore", project, "--from", backup.group(1))
    assert code == 0, err
    return project


def test_check_says_the_index_of_the_replaced_file_will_be_rebuilt(restored):
    report = check(restored)
    assert report.ok
    assert report.facts["search_index"].startswith("will be rebuilt on next search")


def test_changes_after_a_restore_that_reuse_the_numbers_are_found(restored, tmp_path, capsys):
    # One import, as many journal entries as the one the restore took away: with the change
    # number alone the index looked current here and found neither word right.
    (tmp_path / "y.txt").write_text("Wallabyword beta text here.\n", "utf-8")
    assert run(capsys, "import", restored, tmp_path / "y.txt")[0] == 0
    assert found(capsys, restored, "wallabyword") == {"Wallabyword beta text here."}
    assert found(capsys, restored, "quokkaword") == set()
    assert check(restored).facts["search_index"] == "current"


def test_export_query_after_a_restore_exports_what_the_project_holds(restored, tmp_path, capsys):
    (tmp_path / "y.txt").write_text("Wallabyword beta text here.\n", "utf-8")
    assert run(capsys, "import", restored, tmp_path / "y.txt")[0] == 0
    out = tmp_path / "subset"
    code, _, err = run(capsys, "export", restored, "--out", out, "--query", "wallabyword")
    assert code == 0, err
    lines = (out / "documents.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Wallabyword beta text here."]


def test_check_compares_the_index_contents_not_only_its_number(tmp_path, capsys):
    project = tmp_path / "demo.annot"
    assert run(capsys, "init", project, "--demo")[0] == 0
    assert found(capsys, project, "korea")  # builds the index
    assert check(project).facts["search_index"] == "current"
    with ProjectService.open(project) as service:
        search = SearchService(service)
        status = search.index.status()
        assert status.watermark is not None
        # An index at the right number that lost a document (as a bug would leave it).
        victim = service.document_summaries()[0].id
        search.index.update([victim], [], status.watermark, generation=status.generation or "")
        search.index.close()
    state = check(project).facts["search_index"]
    assert re.match(r"does not match the project \(entries missing: [1-9]", state), state
