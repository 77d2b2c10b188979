"""The dataset readers (issue #17.7): CSV and XLSX rows come out as JSONL has them, the
formula guard is undone only in spreadsheet CSV, and a bad row is that row's problem."""

from __future__ import annotations

import codecs
import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from annotator.core.dataset_readers.csv_reader import read_csv
from annotator.core.dataset_readers.rows import RowProblemError, typed_value
from annotator.core.dataset_readers.source import open_dataset
from annotator.core.dataset_readers.xlsx_reader import XlsxWorkbook
from annotator.core.errors import AnnotatorError

HEADER = "statement_id,start,end,quote,note,stance\r\n"


def _csv(tmp_path: Path, *rows: str, name: str = "statements.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(codecs.BOM_UTF8 + (HEADER + "".join(rows)).encode("utf-8"))
    return path


def test_spreadsheet_csv_loses_the_guard_and_only_it(tmp_path):
    path = _csv(
        tmp_path,
        "s1,0,3,'-ab,'=SUM(A1),support\r\n",
        "s2,1,2,'plain,\"'\t tab\",\r\n",
        "s3,2,4,\"'''x\",'@x,oppose\r\n",
    )
    rows = dict(read_csv(path, "statements", guarded=True))
    assert rows[2] == {
        "statement_id": "s1",
        "start": 0,
        "end": 3,
        "quote": "-ab",
        "note": "=SUM(A1)",
        "stance": "support",
    }
    assert rows[3]["quote"] == "'plain"  # no guard: a text that starts with ' keeps it
    assert rows[3]["note"] == "\t tab"
    assert rows[3]["stance"] is None  # empty, as JSONL's null
    assert rows[4]["quote"] == "''x"
    exact = dict(read_csv(path, "statements", guarded=False))
    assert exact[2]["quote"] == "'-ab"
    assert exact[2]["note"] == "'=SUM(A1)"


def test_bad_csv_rows_are_their_own_problem(tmp_path):
    path = tmp_path / "statements.csv"
    path.write_bytes(
        (HEADER + "s1,0,3,abc,,\r\n").encode()
        + b"s2,0,3,caf\xe9,,\r\n"
        + b"s3,0,3\r\n"
        + b"s4,0,3,a,b,c,d\r\n"
        + b"\r\n"
        + b'"s5",x1,3,"multi\r\nline",,\r\n'
        + b"s6,0,3,abc,,support\r\n"
    )
    rows = list(read_csv(path, "statements", guarded=True))
    numbers = [number for number, _ in rows]
    assert numbers == [2, 3, 4, 5, 7, 8]  # the blank row 6 is numbered and skipped
    problems = {n: str(row) for n, row in rows if isinstance(row, RowProblemError)}
    assert problems == {
        3: "it is not UTF-8 text (line 3, byte 11; Excel: save as CSV UTF-8)",
        4: "it has 3 cells, the header 6 (cut short?)",
        5: "it has 7 cells, more than the header's 6",
    }
    rows_by_number = dict(rows)
    assert rows_by_number[7]["start"] == "x1"  # the loader says it is not a whole number
    assert rows_by_number[7]["quote"] == "multi\r\nline"
    assert rows_by_number[8]["stance"] == "support"


def test_a_csv_without_a_header_is_one_problem(tmp_path):
    path = tmp_path / "statements.csv"
    path.write_bytes(b",,\r\ns1,0,1\r\n")
    assert [(n, str(p)) for n, p in read_csv(path, "statements", guarded=True)] == [
        (1, "the header (the first row) is empty")
    ]


def test_cells_get_the_jsonl_type():
    assert typed_value("statements", "start", "12") == 12
    assert typed_value("statements", "start", 12.0) == 12.0  # the loader takes whole floats
    assert typed_value("statements", "stance", 2) == "2"  # Excel made a number of it
    assert typed_value("statements", "stance", 2.5) == "2.5"
    assert typed_value("statements", "note", "") is None
    assert typed_value("actors", "aliases", "Kim | the leader") == ["Kim", "the leader"]
    assert typed_value("actors", "aliases", None) == []
    assert typed_value("documents", "text", None) == ""
    assert typed_value("documents", "published_at", dt.datetime(2024, 3, 1)) == "2024-03-01"
    assert typed_value("statements", "created_at", dt.datetime(2024, 3, 1, 5)) == (
        "2024-03-01T05:00:00"
    )


def test_xlsx_cells_are_read_as_they_are_and_formulas_refuse_their_row(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "statements"
    sheet.append(["statement_id", "start", "end", "quote", "note", "stance", None])
    sheet.append(["s1", 0, 3, "'-ab", "=not a formula", "support", "my remark"])
    sheet["E2"].data_type = "s"
    sheet.append([None] * 6)
    sheet.append(["s3", 0, 3, "abc", "=SUM(B2:C2)", "oppose"])
    sheet.append(["s4", 0, 3, "abc", None, 3])
    book.save(tmp_path / "dataset.xlsx")
    with XlsxWorkbook(tmp_path / "dataset.xlsx") as workbook:
        rows = list(workbook.rows("statements"))
    assert [n for n, _ in rows] == [2, 4, 5]
    assert rows[0][1] == {
        "statement_id": "s1",
        "start": 0,
        "end": 3,
        "quote": "'-ab",  # no guard in XLSX: the text as it is
        "note": "=not a formula",
        "stance": "support",
    }
    assert str(rows[1][1]) == "cell E4 holds a formula ('=SUM(B2:C2)'), not a value"
    assert rows[2][1]["stance"] == "3"


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    (tmp_path / "dataset.xlsx").write_bytes(b"not a zip")
    with pytest.raises(AnnotatorError, match=r"dataset\.xlsx: not an XLSX workbook"):
        open_dataset(tmp_path)


def test_a_folder_in_two_formats_without_a_manifest_is_refused(tmp_path):
    _csv(tmp_path)
    (tmp_path / "statements.jsonl").write_text("", "utf-8")
    with pytest.raises(AnnotatorError, match="datasets in jsonl and csv"):
        open_dataset(tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": "csv"}', "utf-8")
    with open_dataset(tmp_path) as dataset:
        assert dataset.fmt == "csv"
        assert dataset.guarded


def test_the_manifest_names_the_exact_variant(tmp_path):
    _csv(tmp_path)
    (tmp_path / "manifest.json").write_text(
        '{"format": "csv", "csv": {"variant": "exact"}}', "utf-8"
    )
    with open_dataset(tmp_path) as dataset:
        assert not dataset.guarded
    with open_dataset(tmp_path / "statements.csv") as dataset:
        assert not dataset.guarded
        assert [t.label for t in dataset.tables] == ["statements.csv"]


def test_a_csv_excel_saved_with_semicolons_is_named_as_such(tmp_path):
    path = tmp_path / "statements.csv"
    path.write_bytes(b"statement_id;start;end\r\ns1;0;1\r\n")
    [(number, problem)] = read_csv(path, "statements", guarded=True)
    assert number == 1
    assert "separated by semicolons" in str(problem)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([b",", b'"', b"\r\n", b"\n", b"\r", b"'=", b"\xe9", b"\x00", b"a", b"1"]),
        max_size=60,
    )
)
def test_any_csv_gives_rows_or_problems(tmp_path_factory, pieces):
    path = tmp_path_factory.mktemp("csv") / "statements.csv"
    path.write_bytes(HEADER.encode() + b"".join(pieces))
    for number, row in read_csv(path, "statements", guarded=True):
        assert number >= 2
        assert isinstance(row, dict | RowProblemError)
        assert not isinstance(row, RowProblemError) or str(row)


def test_every_row_of_a_sheet_is_read_whatever_size_it_states(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "statements"
    sheet.append(["statement_id", "start"])
    for number in range(5):
        sheet.append([f"s{number}", number])
    book.save(tmp_path / "made.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "made.xlsx") as source,
        zipfile.ZipFile(tmp_path / "dataset.xlsx", "w") as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                assert b'<dimension ref="A1:B6"/>' in data
                data = data.replace(b'<dimension ref="A1:B6"/>', b'<dimension ref="A1:B2"/>')
            target.writestr(entry, data)
    with XlsxWorkbook(tmp_path / "dataset.xlsx") as workbook:
        assert [row["statement_id"] for _, row in workbook.rows("statements")] == [
            f"s{n}" for n in range(5)
        ]


def test_the_worksheet_character_rule_is_openpyxls():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from annotator.core.exporters.xlsx_writer import ILLEGAL_CHARACTERS

    assert ILLEGAL_CHARACTERS.pattern == ILLEGAL_CHARACTERS_RE.pattern
    every = "".join(map(chr, range(0x110000)))
    assert ILLEGAL_CHARACTERS.findall(every) == ILLEGAL_CHARACTERS_RE.findall(every)


def test_starting_the_app_does_not_import_openpyxl():
    # A quarter of a second of every start: it is imported when a workbook is made or read.
    code = (
        "import sys, annotator.cli.main, annotator.gui.main_window, "
        "annotator.services.dataset_export, annotator.services.dataset_load; "
        "print('openpyxl' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "False"
