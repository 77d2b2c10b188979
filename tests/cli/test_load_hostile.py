"""`load` on damaged or hostile datasets (issue #13.7): each bad row is rejected with its file,
line and reason, the good rows go in, the exit code is 3, and files that differ from their
manifest are reported."""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.services.project import ProjectService


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A demo project and a JSONL export of it (documents with their text)."""
    project = tmp_path / "demo.annot"
    assert run(capsys, "init", project, "--demo")[0] == 0
    dataset = tmp_path / "dataset"
    code, _, err = run(capsys, "export", project, "--out", dataset)
    assert code == 0, err
    return project, dataset


def _statement(document: dict[str, Any], **changes: object) -> dict[str, Any]:
    text = document["text"]
    row = {
        "statement_id": "s-good",
        "document_sha256": document["document_sha256"],
        "start": 0,
        "end": 10,
        "quote": text[:10],
        "speaker": "Kim Jong Un",
        "claim": "A claim from a dataset",
        "stance": "support",
        "coder": "tester",
    }
    row.update(changes)
    return row


def test_bad_rows_are_rejected_by_line_and_the_rest_goes_in(exported, tmp_path, capsys):
    project, dataset = exported
    document = json.loads((dataset / "documents.jsonl").read_text("utf-8").splitlines()[0])
    with ProjectService.open(project, read_only=True) as service:
        claims_before = len(service.claims())
    deep = " > ".join(f"level {n}" for n in range(3000))

    def line(statement_id: str, **changes: object) -> bytes:
        return json.dumps(_statement(document, statement_id=statement_id, **changes)).encode()

    lines = [
        line("s-good"),
        line("s-cut")[:40],
        b'{"statement_id": "s-latin", "quote": "caf\xe9"}',
        line("s-inf").replace(b'"start": 0', b'"start": Infinity'),
        line("s-big").replace(b'"end": 10', b'"end": 1e400'),
        line("s-time", created_at="9999-12-31T23:59:59-23:00"),
        line("s-deep", claim="leaf", claim_path=deep),
        line("s-bool", start=True),
    ]
    single = tmp_path / "hostile" / "statements.jsonl"
    single.parent.mkdir()
    single.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = run(capsys, "load", project, single)
    assert code == 3
    assert "inserted 1" in out
    assert "rejected 7" in out
    assert "Traceback" not in err
    for number, words in [
        (2, "not valid JSON"),
        (3, "not UTF-8"),
        (4, "Infinity"),
        (5, "not a whole number"),
        (6, "is not a date and time"),
        (7, "3000 levels deep"),
        (8, "not a whole number"),
    ]:
        assert f"statements.jsonl line {number}: " in err
        said = next(x for x in err.splitlines() if f"line {number}: " in x)
        assert words in said, said
    with ProjectService.open(project, read_only=True) as service:
        assert service.annotation("s-good").stance == "support"
        assert len(service.claims()) == claims_before + 1  # the good row's claim only


def test_a_file_cut_short_since_export_is_reported(exported, capsys):
    project, dataset = exported
    documents = dataset / "documents.jsonl"
    lines = documents.read_text("utf-8").splitlines(keepends=True)
    documents.write_text("".join(lines[:3]), "utf-8")
    code, _out, err = run(capsys, "load", project, dataset)
    assert code == 3
    assert f"documents.jsonl: 3 rows, but manifest.json says {len(lines)}" in err
    # The same file named on its own is checked against the manifest beside it.
    code, _out, err = run(capsys, "load", project, documents)
    assert code == 3
    assert "documents.jsonl: 3 rows" in err


def test_an_unchanged_export_loads_without_problems(exported, capsys):
    project, dataset = exported
    code, _out, err = run(capsys, "load", project, dataset)
    assert code == 0, err
    assert "problem" not in err


@pytest.mark.parametrize("scale", ["abc", 3, None, [1, 2], {"a": 1}])
def test_a_stance_scale_that_is_not_a_list_of_names_is_ignored_with_a_message(
    exported, tmp_path, capsys, scale
):
    project, dataset = exported
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    (copy / "manifest.json").unlink()  # a dataset edited by hand
    codebook = json.loads((copy / "codebook.json").read_text("utf-8"))
    codebook["stance_scale"] = scale
    (copy / "codebook.json").write_text(json.dumps(codebook), "utf-8")
    with ProjectService.open(project, read_only=True) as service:
        before = list(service.info().stance_scale)
    code, _out, err = run(capsys, "load", project, copy)
    assert code == 3
    assert "codebook.json: stance_scale must be a list of stance names" in err
    with ProjectService.open(project, read_only=True) as service:
        assert list(service.info().stance_scale) == before


def test_bad_csv_rows_are_rejected_by_row_and_the_rest_goes_in(exported, tmp_path, capsys):
    project, _ = exported
    dataset = tmp_path / "csv"
    code, _, err = run(capsys, "export", project, "--format", "csv", "--out", dataset)
    assert code == 0, err
    statements = dataset / "statements.csv"
    header, good = list(csv.reader(statements.read_text("utf-8-sig").splitlines()))[:2]

    def changed(**cells: str) -> bytes:
        row = list(good)
        for name, value in cells.items():
            row[header.index(name)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(row)
        return buffer.getvalue().encode("utf-8")

    statements.write_bytes(
        codecs.BOM_UTF8
        + b"".join(
            [
                (",".join(header) + "\r\n").encode(),
                changed(statement_id="s-ok"),
                changed(statement_id="s-start", start="x1"),
                changed(statement_id="s-stance", stance="'=nonsense"),
                changed(statement_id="s-bytes", note="caf\u00e9").replace(b"\xc3\xa9", b"\xe9"),
                b"s-short,1,2\r\n",
            ]
        )
    )
    code, out, err = run(capsys, "load", project, dataset)
    assert code == 3
    assert "rejected 4" in out
    assert "Traceback" not in err
    assert "statements.csv: 5 rows, but manifest.json says 4" in err
    for number, words in [
        (3, "its start 'x1' is not a whole number"),
        (4, "stance '=nonsense' is not on this project's stance scale"),  # the guard undone
        (5, "it is not UTF-8 text (line 5, byte"),
        (6, "it has 3 cells, the header 24 (cut short?)"),
    ]:
        said = next((x for x in err.splitlines() if f"statements.csv row {number}: " in x), err)
        assert words in said, said
    with ProjectService.open(project, read_only=True) as service:
        assert service.annotation("s-ok").stance == good[header.index("stance")]


def test_a_workbook_loads_on_its_own_and_a_formula_rejects_its_row(exported, tmp_path, capsys):
    import openpyxl

    project, _ = exported
    dataset = tmp_path / "xlsx"
    code, _, err = run(capsys, "export", project, "--format", "xlsx", "--out", dataset)
    assert code == 0, err
    workbook = dataset / "dataset.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book["statements"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=header.index("note") + 1, value="=1+1")
    book.save(workbook)
    code, out, err = run(capsys, "load", project, workbook)
    assert code == 3
    column = openpyxl.utils.get_column_letter(header.index("note") + 1)
    assert (
        f"rejected: dataset.xlsx sheet statements row 3: cell {column}3 holds a formula "
        "('=1+1'), not a value"
    ) in err
    assert "rejected 1" in out


def test_the_help_says_load_reads_every_format(capsys):
    with pytest.raises(SystemExit):
        main(["load", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "JSONL, CSV or XLSX" in text
    assert "statements.csv, dataset.xlsx" in text
