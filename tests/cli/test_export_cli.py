"""``annotator export``: the exact CSV for R/pandas (#17.9), the document text in CSV (#17.11)
and a refused target named with exit 1 (#13.1)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services import operations as ops
from annotator.services.project import ProjectService


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def project(demo_template: Path, tmp_path: Path) -> Path:
    """The demo project with statements whose quotes start like formulas."""
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    with ProjectService.open(path) as opened:
        coder = opened.ensure_coder("=coder").id
        claim = opened.claims()[0].id
        for summary in opened.document_summaries():
            text = opened.document(summary.id).text
            for start in [i for i, c in enumerate(text) if c in "-'"][:3]:
                opened.apply(ops.AddStatement(summary.id, start, start + 5, claim, coder))
    return path


def test_exact_csv_quotes_equal_the_text_at_their_offsets(project, tmp_path, capsys):
    out = tmp_path / "exact"
    code, _, err = run(capsys, "export", project, "--format", "csv", "--exact", "--out", out)
    assert code == 0, err
    with ProjectService.open(project, read_only=True) as opened:
        texts = {d.id: opened.document(d.id).text for d in opened.document_summaries()}
    rows = read_csv(out / "statements.csv")
    assert any(row["quote"][:1] in "-'" for row in rows)
    for row in rows:
        assert row["quote"] == texts[row["document_id"]][int(row["start"]) : int(row["end"])]
    assert {row["coder"] for row in rows} >= {"=coder"}
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["csv"]["variant"] == "exact"
    assert manifest["csv"]["formula_guard"] is None


def test_the_default_csv_is_guarded_and_says_so(project, tmp_path, capsys):
    out = tmp_path / "sheet"
    assert run(capsys, "export", project, "--format", "csv", "--out", out)[0] == 0
    rows = read_csv(out / "statements.csv")
    assert all(not row["quote"].startswith("-") for row in rows)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["csv"]["variant"] == "spreadsheet"
    assert manifest["csv"]["formula_guard"]["version"] == 2


def test_with_text_adds_the_documents_text_to_csv(project, tmp_path, capsys):
    out = tmp_path / "text"
    code, _, err = run(
        capsys, "export", project, "--format", "csv", "--exact", "--with-text", "--out", out
    )
    assert code == 0, err
    with ProjectService.open(project, read_only=True) as opened:
        texts = {d.id: opened.document(d.id).text for d in opened.document_summaries()}
    rows = read_csv(out / "documents.csv")
    assert {row["document_id"]: row["text"] for row in rows} == texts
    assert json.loads((out / "manifest.json").read_text("utf-8"))["csv"]["documents_text"]
    plain = tmp_path / "plain"
    assert run(capsys, "export", project, "--format", "csv", "--out", plain)[0] == 0
    assert "text" not in read_csv(plain / "documents.csv")[0]


@pytest.mark.parametrize("flag", ["--exact", "--with-text"])
def test_csv_flags_with_another_format_are_usage_errors(project, tmp_path, capsys, flag):
    code, _, err = run(
        capsys, "export", project, "--format", "jsonl", flag, "--out", tmp_path / "x"
    )
    assert code == 2
    assert flag in err
    assert not (tmp_path / "x").exists()


def test_a_refused_folder_is_named_and_left_whole(project, tmp_path, capsys):
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "analysis.R").write_text("x <- 1\n")
    code, _, err = run(capsys, "export", project, "--format", "csv", "--out", tmp_path)
    assert code == 1
    assert str(tmp_path) in err
    assert (tmp_path / "analysis.R").read_text() == "x <- 1\n"
    assert (tmp_path / "manifest.json").read_text() == "{}"
    with ProjectService.open(project, read_only=True) as opened:
        assert opened.stats()["statements"] > 0


def test_another_format_into_the_same_folder_says_which_files_it_removed(project, tmp_path, capsys):
    # A folder holds one dataset: JSONL written where the CSV export was replaces it. The
    # CSV files went without a word (a new analyst's finding); now they are named.
    out = tmp_path / "dataset"
    assert run(capsys, "export", project, "--format", "csv", "--out", out)[0] == 0
    csv_files = sorted(p.name for p in out.glob("*.csv"))
    assert "statements.csv" in csv_files
    code, said, err = run(capsys, "export", project, "--format", "jsonl", "--out", out)
    assert code == 0, err
    assert not list(out.glob("*.csv"))
    assert "removed the earlier export's" in said
    assert all(name in said for name in csv_files), said
    code, said, _ = run(capsys, "export", project, "--format", "jsonl", "--out", out)
    assert code == 0
    assert "removed" not in said  # the same files written again: nothing removed


def test_force_adds_the_dataset_beside_foreign_files(project, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep")
    assert run(capsys, "export", project, "--out", out)[0] == 1
    code, _, err = run(capsys, "export", project, "--out", out, "--force")
    assert code == 0, err
    assert (out / "notes.txt").read_text() == "keep"
    assert (out / "statements.jsonl").is_file()


def test_the_documented_pandas_snippet_loads_the_exact_csv_correctly(project, tmp_path, capsys):
    from annotator.core.dataset_dictionary import data_dictionary

    out = tmp_path / "exact"
    assert run(capsys, "export", project, "--format", "csv", "--exact", "--out", out)[0] == 0
    docs = data_dictionary()
    snippet = docs.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(snippet.replace("DIR", str(out)), namespace)
    frame = namespace["st"]
    with ProjectService.open(project, read_only=True) as opened:
        texts = {d.id: opened.document(d.id).text for d in opened.document_summaries()}
    rows = frame.to_dict("records")  # type: ignore[attr-defined]
    assert len(rows) == len(read_csv(out / "statements.csv"))
    for row in rows:
        assert row["quote"] == texts[row["document_id"]][row["start"] : row["end"]]
        assert row["note"] == ""  # empty, not NaN
