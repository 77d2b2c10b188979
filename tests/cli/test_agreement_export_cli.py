"""``annotator agreement --csv DIR`` (#19.3) writes the tables of the constructed three-coder
project; ``annotator export --only-coder gold`` exports what adjudication made (#19.4)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.agreement.adjudication import accept, compare_document
from annotator.services.project import ProjectService
from tests.services.agreement_team import S1_WIDE, build_team


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_folder_from_the_command_line(tmp_path, capsys):
    team = build_team(tmp_path / "team.annot")
    code, out, _err = run(capsys, "agreement", team.path, "--csv", tmp_path / "tables")
    assert code == 0
    assert f"wrote 5 files to {tmp_path / 'tables'}" in out
    with open(tmp_path / "tables" / "overall.csv", encoding="utf-8-sig", newline="") as handle:
        overall = {row["figure"]: row for row in csv.DictReader(handle)}
    assert float(overall["claim"]["value"]) == pytest.approx(7 / 16)  # test_agreement_team
    assert float(overall["stance"]["value"]) == pytest.approx(2 / 3)
    # With --json, stdout stays one JSON object and the summary goes to stderr.
    code, out, err = run(capsys, "agreement", team.path, "--json", "--csv", tmp_path / "tables")
    assert code == 0
    assert json.loads(out)["coders"] == ["ann", "bob", "cy"]
    assert "wrote 5 files" in err
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "a.txt").write_text("x", encoding="utf-8")
    code, _out, err = run(capsys, "agreement", team.path, "--csv", tmp_path / "theirs")
    assert code == 1
    assert "not empty" in err


def test_gold_exports_alone_with_only_coder(tmp_path, capsys):
    team = build_team(tmp_path / "team.annot")
    with ProjectService.open(team.path) as project:
        comparison = compare_document(project, team.documents["A"])
        first = next(i for i in comparison.items if i.kind == "statement")
        project.apply(accept(comparison, first, "bob"))
    code, _out, _err = run(
        capsys,
        "export",
        team.path,
        "--format",
        "jsonl",
        "--only-coder",
        "gold",
        "--out",
        tmp_path / "gold",
    )
    assert code == 0
    lines = (tmp_path / "gold" / "statements.jsonl").read_text("utf-8").splitlines()
    assert [(r["coder"], r["quote"]) for r in map(json.loads, lines)] == [("gold", S1_WIDE)]
