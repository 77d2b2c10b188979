"""``annotator package`` and ``annotator merge`` (#19.1-2): what they write and print, and
their exit codes (0 ok, 1 refused, 2 usage, 3 conflicts or annotations left out)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.services.team_projects import Lead, make_lead, span


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def lead(tmp_path: Path) -> Lead:
    made = make_lead(tmp_path / "lead.annot")
    made.project.close()  # the commands open it themselves
    return made


def _code(path: Path, coder: str, document: str, phrase: str, actor: str) -> str:
    with ProjectService.open(path) as package:
        start, end = span(package, document, phrase)
        op = ops.AddMention(document, start, end, actor, package.ensure_coder(coder).id)
        package.apply(op)
    return op.id


def test_package_writes_the_chosen_documents_and_says_so(lead, tmp_path, capsys):
    target = tmp_path / "ann.annot"
    ids = f"{lead.documents[0]},{lead.documents[2]}"
    code, out, err = run(
        capsys, "package", tmp_path / "lead.annot", "--out", target, "--documents", ids
    )
    assert (code, err) == (0, "")
    assert out == (
        f"coding package written to {target}: 2 documents, 3 actors, 2 claims, 0 annotations\n"
    )
    with ProjectService.open(target, read_only=True) as package:
        assert [d.id for d in package.document_summaries()] == [
            lead.documents[0],
            lead.documents[2],
        ]
    code, _out, err = run(capsys, "package", tmp_path / "lead.annot", "--out", target)
    assert code == 1
    assert err == (
        f"annotator: {target} already exists; choose another name, or replace it with --force "
        "(nothing was written)\n"
    )
    code, out, _err = run(
        capsys, "package", tmp_path / "lead.annot", "--out", target, "--force", "--json",
        "--with-annotations",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["documents"] == lead.documents
    assert json.loads(out)["annotations"] == 1


def test_a_sample_is_drawn_again_by_its_seed(lead, tmp_path, capsys):
    drawn = []
    for name in ("one", "two"):
        code, out, err = run(
            capsys, "package", tmp_path / "lead.annot", "--out", tmp_path / f"{name}.annot",
            "--sample", "2", "--seed", "7", "--json",
        )  # fmt: skip
        assert (code, err) == (0, "")
        drawn.append(json.loads(out)["documents"])
    assert drawn[0] == drawn[1]
    assert len(drawn[0]) == 2
    code, out, err = run(
        capsys, "package", tmp_path / "lead.annot", "--out", tmp_path / "three.annot",
        "--sample", "2", "--json",
    )  # fmt: skip
    seed = json.loads(out)["seed"]
    assert err == f"sample seed: {seed} (--seed {seed} draws the same documents again)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--documents", "nope"], "annotator: no document with id nope in this project\n"),
        (["--sample", "9", "--seed", "1"], "annotator: cannot sample 9 documents from 5"),
        (["--seed", "3"], "annotator: --seed goes with --sample N\n"),
        (["--query", "a AND OR b"], "annotator: "),
    ],
)
def test_package_usage_errors_exit_2_and_write_nothing(lead, tmp_path, capsys, args, message):
    target = tmp_path / "p.annot"
    code, out, err = run(capsys, "package", tmp_path / "lead.annot", "--out", target, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert not target.exists()


def test_merge_reports_what_came_and_exits_3_on_a_conflict(lead, tmp_path, capsys):
    project = tmp_path / "lead.annot"
    ann = tmp_path / "ann.annot"
    assert run(capsys, "package", project, "--out", ann)[0] == 0
    mention = _code(ann, "ann", lead.documents[0], "Kim Jong Un", lead.kim)
    code, out, err = run(capsys, "merge", project, ann)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "merged 1 file: added 1, updated 0, unchanged 0, conflicts 0, rejected 0",
        f"{ann} (ann): added 1, updated 0, unchanged 0, conflicts 0, rejected 0, skipped 0",
        "new coders: ann",
    ]
    code, out, err = run(capsys, "merge", project, ann, "--json")
    assert (code, err, json.loads(out)["unchanged"]) == (0, "", 1)
    with ProjectService.open(project) as opened:
        opened.apply(ops.EditAnnotation(mention, note="lead's note"))
    with ProjectService.open(ann) as package:
        package.apply(ops.EditAnnotation(mention, note="ann's note"))
    code, out, err = run(capsys, "merge", project, ann)
    assert code == 3
    assert err == (
        f"conflict: annotation {mention} in 'Article 1' ({ann}): note \"lead's note\" here, "
        "\"ann's note\" there; this project's version kept\n"
    )
    assert out.startswith("merged 1 file: added 0, updated 0, unchanged 0, conflicts 1")


def test_merge_refuses_a_package_of_another_project_unless_forced(lead, tmp_path, capsys):
    other = make_lead(tmp_path / "other" / "other.annot")
    other.project.close()
    foreign = tmp_path / "foreign.annot"
    assert run(capsys, "package", tmp_path / "other" / "other.annot", "--out", foreign)[0] == 0
    _code(foreign, "eve", other.documents[1], "John Kirby", lead.usa)
    code, out, err = run(capsys, "merge", tmp_path / "lead.annot", foreign)
    assert (code, out) == (1, "")
    assert err.startswith(f"annotator: {foreign} is a package of another project (id ")
    assert err.endswith("Nothing was merged (--force merges them anyway).\n")
    code, out, err = run(capsys, "merge", tmp_path / "lead.annot", foreign, "--force")
    assert (code, err) == (0, "")
    assert out.startswith("merged 1 file: added 1,")


def test_merge_needs_files(lead, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["merge", str(tmp_path / "lead.annot")])
    assert exit_.value.code == 2
    assert "CODER_FILE" in capsys.readouterr().err
