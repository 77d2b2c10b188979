"""CSV export: RFC 4180 with BOM, the formula guard documented and undoable, values equal to
the JSONL export's."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.exporters.formula_guard import guard, unguard
from annotator.services import operations as ops
from annotator.services.dataset_export import ExportOptions, export_dataset
from annotator.services.project import ProjectService

TRICKY_NOTES = [
    '=HYPERLINK("http://x","click")',
    "+49 30 1234",
    "-minus first",
    "@mention",
    "\tleading tab",
    "'already quoted",
    'quotes " and ; semicolons, commas\nand a new line',
    "emoji 😊 and CJK 平和 and RTL שלום",
]


@given(st.text())
def test_guard_round_trips(text):
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r", "\n"))


@contextlib.contextmanager
def _coded_project(
    demo_template: Path, tmp_path: Path, *, coder: str
) -> Iterator[tuple[ProjectService, str]]:
    """A copy of the demo project with one statement per tricky note on one article;
    yields the project and that article's text."""
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    with ProjectService.open(path) as project:
        coder_id = project.ensure_coder(coder).id
        document = project.document_summaries()[1]
        claim = project.claims()[0].id
        for number, note in enumerate(TRICKY_NOTES):
            start = number * 10 + 5
            project.apply(
                ops.AddStatement(
                    document.id, start, start + 20, claim, coder_id, stance="support", note=note
                )
            )
        yield project, project.document(document.id).text


def test_csv_cells_read_back_to_the_jsonl_values(demo_template, tmp_path):
    with _coded_project(demo_template, tmp_path, coder="=evil coder") as (project, text):
        export_dataset(project, tmp_path / "csv", fmt="csv")
        export_dataset(project, tmp_path / "jsonl", fmt="jsonl")
    raw = (tmp_path / "csv" / "statements.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert b"\r\n" in raw
    with open(tmp_path / "csv" / "statements.csv", encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    jsonl_rows = [
        json.loads(line)
        for line in (tmp_path / "jsonl" / "statements.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(csv_rows) == len(jsonl_rows) == len(TRICKY_NOTES)
    for csv_row, json_row in zip(csv_rows, jsonl_rows, strict=True):
        for column, value in json_row.items():
            expected = "" if value is None else str(value)
            assert unguard(csv_row[column]) == expected, column
        assert not csv_row["coder"].startswith("=")  # guarded in the file
        assert csv_row["quote"] == guard(text[int(csv_row["start"]) : int(csv_row["end"])])
    manifest = json.loads((tmp_path / "csv" / "manifest.json").read_text("utf-8"))
    assert manifest["csv"]["formula_guard"]["prefix"] == "'"
    assert manifest["files"]["statements.csv"]["rows"] == len(TRICKY_NOTES)
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8-sig", newline="") as handle:
        assert "text" not in next(csv.reader(handle))


def test_xlsx_cells_are_never_formulas_and_keep_their_text(demo_template, tmp_path):
    from openpyxl import load_workbook

    with _coded_project(demo_template, tmp_path, coder="analyst") as (project, _text):
        report = export_dataset(project, tmp_path / "xlsx", fmt="xlsx")
    assert report.rows["statements"] == len(TRICKY_NOTES)
    book = load_workbook(tmp_path / "xlsx" / "dataset.xlsx")
    assert {"statements", "mentions", "documents", "actors", "claims"} <= set(book.sheetnames)
    sheet = book["statements"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None
    header = [cell.value for cell in sheet[1]]
    notes = [row[header.index("note")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert notes == TRICKY_NOTES
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
    manifest = json.loads((tmp_path / "xlsx" / "manifest.json").read_text("utf-8"))
    assert manifest["files"]["dataset.xlsx#statements"]["rows"] == len(TRICKY_NOTES)


def _export_killed_midway(project_path, out, tmp_path) -> subprocess.CompletedProcess[str]:
    """Run an export in a child process that is SIGKILLed while writing mentions."""
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        import annotator.services.dataset_export as export
        import annotator.services.span_export as spans
        real = spans.write_queries_lines
        def write(connections, queries, path, **options):
            if path.name == "mentions.jsonl":
                os.kill(os.getpid(), signal.SIGKILL)
            return real(connections, queries, path, **options)
        spans.write_queries_lines = write
        from annotator.services.project import ProjectService
        with ProjectService.open(Path({str(project_path)!r}), read_only=True) as project:
            export.export_dataset(project, Path({str(out)!r}))
    """)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_killed_export_leaves_no_complete_looking_dataset(demo_template, tmp_path):
    out = tmp_path / "dataset"
    child = _export_killed_midway(demo_template, out, tmp_path)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert not out.exists()  # only a hidden staging folder, never the dataset's name
    assert list(tmp_path.glob(".dataset.*.partial"))
    with ProjectService.open(demo_template, read_only=True) as project:
        export_dataset(project, out)
    assert (out / "manifest.json").is_file()
    assert not list(tmp_path.glob(".dataset.*"))  # the killed export's leftovers are gone


def test_a_killed_export_leaves_the_previous_dataset_whole(demo_template, tmp_path):
    out = tmp_path / "dataset"
    with ProjectService.open(demo_template, read_only=True) as project:
        export_dataset(project, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    child = _export_killed_midway(demo_template, out, tmp_path)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    (staging,) = [p for p in out.iterdir() if p.is_dir()]  # the killed export's
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for name, meta in manifest["files"].items():
        if meta["sha256"]:
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == meta["sha256"]
    with ProjectService.open(demo_template, read_only=True) as project:
        export_dataset(project, out)
    assert not staging.exists()  # removed by the next export, its process being gone
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def reference_rows(project: ProjectService, kind: str) -> list[dict[str, Any]]:
    """The statement or mention rows docs/dataset.md describes, made in plain Python from the
    project's records (independent of the exporter's column definitions)."""
    actors = {a.id: a for a in project.actors()}
    claims = {c.id: c for c in project.claims()}
    coders = {c.id: c.name for c in project.coders()}

    def path(claim_id: str) -> str:
        claim = claims[claim_id]
        return (
            claim.label if claim.parent_id is None else f"{path(claim.parent_id)} > {claim.label}"
        )

    rows = []
    for record in sorted(
        (a for a in project.annotations() if a.kind == kind),
        key=lambda a: (a.document_id, a.start, a.id),
    ):
        document = project.document(record.document_id)
        actor = actors.get(record.actor_id) if record.actor_id else None
        claim = claims.get(record.claim_id) if record.claim_id else None
        row: dict[str, Any] = {f"{kind}_id": record.id, "document_id": record.document_id}
        row["document_sha256"] = document.text_sha256
        if kind == "statement":
            row["document_title"] = document.title
            row["document_source"] = document.source
            row["document_published_at"] = (
                document.published_at.isoformat() if document.published_at else None
            )
            row["document_url"] = document.url
        row |= {"start": record.start, "end": record.end, "quote": record.exact}
        row |= {"prefix": record.prefix, "suffix": record.suffix}
        who = "speaker" if kind == "statement" else "actor"
        row[who] = actor.name if actor else None
        row[f"{who}_id"] = actor.id if actor else None
        row[f"{who}_kind"] = actor.kind if actor else None
        if kind == "statement":
            row["claim"] = claim.label if claim else None
            row["claim_id"] = claim.id if claim else None
            row["claim_path"] = path(claim.id) if claim else None
            row["stance"] = record.stance
        row |= {"note": record.note, "coder": coders[record.coder_id]}
        row |= {"created_at": _iso(record.created_at), "updated_at": _iso(record.updated_at)}
        row["anchor_status"] = record.anchor_status
        rows.append({k: None if v == "" else v for k, v in row.items()})
    return rows


def test_sql_made_span_files_equal_the_python_writers_byte_for_byte(demo_template, tmp_path):
    """CSV/JSONL statements and mentions are formatted by SQLite; the reference rows (plain
    Python) written by the Python writers must give the same bytes, in both CSV variants."""
    from annotator.core.dataset_schema import MENTIONS, STATEMENTS
    from annotator.core.exporters.csv_writer import write_csv
    from annotator.core.exporters.jsonl import write_jsonl

    with _coded_project(demo_template, tmp_path, coder='=evil, "coder"') as (project, _text):
        document = project.document_summaries()[1].id
        actor = project.actors()[0].id
        coder = project.ensure_coder('=evil, "coder"').id
        project.apply(ops.AddMention(document, 3, 9, actor, coder, note="nul \0 inside"))
        project.apply(ops.AddMention(document, 4, 12, actor, coder, note="\u3000=SUM(A1)"))
        statement = next(a.id for a in project.annotations(document) if a.kind == "statement")
        project.apply(ops.EditAnnotation(statement, note="\0=starts with nul"))
        for fmt in ("csv", "jsonl"):
            export_dataset(project, tmp_path / fmt, fmt=fmt)
        export_dataset(
            project, tmp_path / "exact", options=ExportOptions("csv", csv_variant="exact")
        )
        for table in (STATEMENTS, MENTIONS):
            rows = reference_rows(project, table.name.removesuffix("s"))
            assert [list(row) for row in rows[:1]] == [list(table.column_names)]
            reference = tmp_path / f"python-{table.name}"
            write_csv(reference.with_suffix(".csv"), table.column_names, rows)
            write_csv(reference.with_suffix(".exact"), table.column_names, rows, "exact")
            write_jsonl(reference.with_suffix(".jsonl"), rows)
            for folder, suffix in (("csv", ".csv"), ("jsonl", ".jsonl"), ("exact", ".exact")):
                made = tmp_path / folder / f"{table.name}{suffix.replace('exact', 'csv')}"
                assert made.read_bytes() == reference.with_suffix(suffix).read_bytes(), (
                    table.name,
                    folder,
                )
    assert b"\xef\xbf\xbd=starts with nul" in (tmp_path / "csv" / "statements.csv").read_bytes()
    assert b"\\u0000=starts with nul" in (tmp_path / "jsonl" / "statements.jsonl").read_bytes()
    assert "'\u3000=SUM(A1)".encode() in (tmp_path / "csv" / "mentions.csv").read_bytes()
    assert b"'\xe3\x80\x80=SUM" not in (tmp_path / "exact" / "mentions.csv").read_bytes()


def test_pandas_reads_the_csv_back_to_the_original_strings(demo_template, tmp_path):
    import pandas as pd

    with _coded_project(demo_template, tmp_path, coder="-coder") as (project, text):
        export_dataset(project, tmp_path / "csv", fmt="csv")
    frame = pd.read_csv(
        tmp_path / "csv" / "statements.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    assert [unguard(note) for note in frame["note"]] == TRICKY_NOTES
    assert {unguard(coder) for coder in frame["coder"]} == {"-coder"}
    for quote, start, end in zip(frame["quote"], frame["start"], frame["end"], strict=True):
        assert unguard(quote) == text[int(start) : int(end)]
    assert list(frame.columns)[:3] == ["statement_id", "document_id", "document_sha256"]


def test_an_export_removes_only_its_own_abandoned_staging_folders(demo_template, tmp_path):
    from annotator.core.exporters.dataset_folder import STAGING_MARKER

    running = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    dead_pid = 2**22 + 12345  # above Linux's pid_max: no such process
    folders = {
        "running": tmp_path / f".dataset.{running.pid}-abc.partial",
        "abandoned": tmp_path / f".dataset.{dead_pid}-abc.partial",
        "look-alike": tmp_path / f".dataset.{dead_pid}-xyz.partial",
    }
    for name, folder in folders.items():
        folder.mkdir()
        (folder / "statements.jsonl").write_text("{}\n")
        if name != "look-alike":  # a folder like ours that no export made
            (folder / STAGING_MARKER).write_bytes(b"")
    try:
        with ProjectService.open(demo_template, read_only=True) as project:
            export_dataset(project, tmp_path / "dataset")
        assert folders["running"].is_dir()
        assert not folders["abandoned"].exists()
        assert (folders["look-alike"] / "statements.jsonl").is_file()
    finally:
        running.communicate(b"")
