"""A column is defined once, in dataset_schema, and reaches CSV, JSONL and XLSX (#15.4);
XLSX writes control characters as U+FFFD and the manifest says so (#17.10)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from annotator.core.dataset_schema import MENTIONS, STATEMENTS, Column, Table
from annotator.services import operations as ops
from annotator.services.dataset_export import export_dataset
from annotator.services.project import ProjectService


@pytest.fixture
def project(demo_template: Path, tmp_path: Path) -> Iterator[ProjectService]:
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    with ProjectService.open(path) as opened:
        coder = opened.ensure_coder("tester").id
        claims = opened.claims()
        opened.apply(ops.EditClaim(claims[0].id, description="=a described claim"))
        for number, summary in enumerate(opened.document_summaries()):
            opened.apply(
                ops.AddStatement(
                    summary.id, 1, 9, claims[number % len(claims)].id, coder, note="\x01bell"
                )
            )
            opened.apply(ops.AddMention(summary.id, 2, 7, opened.actors()[0].id, coder))
        yield opened


def _with_column(table: Table, column: Column) -> Iterator[None]:
    """Add ``column`` to ``table``'s one definition for the duration of a test."""
    original = table.columns
    object.__setattr__(table, "columns", (*original, column))
    try:
        yield
    finally:
        object.__setattr__(table, "columns", original)


@pytest.fixture
def extra_columns() -> Iterator[None]:
    statements = _with_column(
        STATEMENTS, Column("claim_description", "Description.", "claim.description", "text")
    )
    mentions = _with_column(MENTIONS, Column("document_author", "Author.", "document.author"))
    next(statements)
    next(mentions)
    yield
    for generator in (statements, mentions):
        with pytest.raises(StopIteration):
            next(generator)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    sheet = load_workbook(path, read_only=True)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_a_column_added_to_the_schema_reaches_every_format(project, tmp_path, extra_columns):
    claims = {c.id: c.description for c in project.claims()}
    authors = {d.id: project.document(d.id).author for d in project.document_summaries()}
    for fmt in ("csv", "jsonl", "xlsx"):
        export_dataset(project, tmp_path / fmt, fmt=fmt)
    statements = {
        "csv": _csv_rows(tmp_path / "csv" / "statements.csv"),
        "jsonl": [
            json.loads(line)
            for line in (tmp_path / "jsonl" / "statements.jsonl").read_text("utf-8").splitlines()
        ],
        "xlsx": _sheet_rows(tmp_path / "xlsx" / "dataset.xlsx", "statements"),
    }
    for fmt, rows in statements.items():
        assert rows, fmt
        assert list(rows[0])[-1] == "claim_description", fmt
        for row in rows:
            expected = claims[str(row["claim_id"])]
            if fmt == "csv" and expected.startswith("="):
                expected = "'" + expected  # the spreadsheet variant's guard
            if fmt != "csv" and expected == "":  # null in JSONL, an empty cell in XLSX
                expected = None
            assert row["claim_description"] == expected, fmt
    assert any(row["claim_description"] for row in statements["jsonl"])
    mentions = _csv_rows(tmp_path / "csv" / "mentions.csv")
    assert mentions
    for row in mentions:
        assert row["document_author"] == authors[row["document_id"]]
    header = _sheet_rows(tmp_path / "xlsx" / "dataset.xlsx", "mentions")[0]
    assert list(header)[-1] == "document_author"


def test_xlsx_writes_control_characters_as_the_replacement_character(project, tmp_path):
    export_dataset(project, tmp_path / "xlsx", fmt="xlsx")
    notes = {row["note"] for row in _sheet_rows(tmp_path / "xlsx" / "dataset.xlsx", "statements")}
    assert "\ufffdbell" in notes
    manifest = json.loads((tmp_path / "xlsx" / "manifest.json").read_text("utf-8"))
    assert "U+FFFD" in manifest["xlsx"]["control_characters"]
    export_dataset(project, tmp_path / "jsonl", fmt="jsonl")
    assert "\\u0001bell" in (tmp_path / "jsonl" / "statements.jsonl").read_text("utf-8")


def test_the_same_data_gives_the_same_workbook(project, tmp_path, monkeypatch):
    """No time of the export in the workbook (#17.8): its zip entries and its creation and
    change times are 1980-01-01, so export → load → export can give the same bytes."""
    export_dataset(project, tmp_path / "first", fmt="xlsx")
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)  # zip dates come from time.time()
    monkeypatch.setattr(time, "localtime", lambda _seconds=None: time.gmtime(later))
    export_dataset(project, tmp_path / "second", fmt="xlsx")
    first = (tmp_path / "first" / "dataset.xlsx").read_bytes()
    assert first == (tmp_path / "second" / "dataset.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "first" / "dataset.xlsx") as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    book = load_workbook(tmp_path / "first" / "dataset.xlsx", read_only=True)
    assert book.properties.created == book.properties.modified == dt.datetime(1980, 1, 1)
    book.close()
