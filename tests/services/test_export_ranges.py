"""An export read in ranges by several threads is the export read in one go, and its readers
see one snapshot however busy the writers are."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlmodel import func, select

from annotator.core import models
from annotator.core.dataset_schema import Table
from annotator.core.exporters import span_sql
from annotator.services import operations as ops
from annotator.services import span_export
from annotator.services.dataset_export import export_dataset
from annotator.services.project import ProjectService
from tests.conftest import make_document

NOTES = ["", "=1+2", 'say "no", twice', "line\r\nbreak", "-3", "plain"]


def _project(path: Path) -> ProjectService:
    rng = random.Random(3)
    project = ProjectService.create(path)
    coder = project.ensure_coder("ann").id
    speaker = ops.CreateActor.new("Alice", "person")
    claim = ops.CreateClaim.new("Sanctions")
    project.apply(speaker)
    project.apply(claim)
    documents = [make_document(f"Article {n}. " + "Words, and more words. " * 30) for n in range(7)]
    project.apply(ops.AddDocuments(tuple(documents)))
    for _ in range(60):
        document = rng.choice(documents)
        start = rng.randrange(0, 400)
        project.apply(
            ops.AddStatement(
                document.id,
                start,
                start + rng.randint(1, 60),
                claim.claim.id,
                coder,
                speaker_id=speaker.actor.id,
                stance=rng.choice(["support", "oppose", None]),
                note=rng.choice(NOTES),
            )
        )
        project.apply(ops.AddMention(document.id, start, start + 5, speaker.actor.id, coder))
    return project


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.name not in ("manifest.json", ".annotator-dataset.json")
    }


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_in_many_ranges_is_the_export_in_one(tmp_path, monkeypatch, fmt):
    project = _project(tmp_path / "p.annot")
    export_dataset(project, tmp_path / "whole", fmt=fmt)
    ranges: list[int] = []

    def small_ranges(
        connection: sqlite3.Connection,
        table: Table,
        where: span_sql.SpanFilter,
        rows: int = span_sql.RANGE_ROWS,
    ) -> list[span_sql.SpanFilter]:
        parts = span_sql.document_ranges(connection, table, where, rows=4)
        ranges.append(len(parts))
        return parts

    monkeypatch.setattr(span_export, "document_ranges", small_ranges)
    monkeypatch.setattr(span_export, "READERS", 3)
    export_dataset(project, tmp_path / "ranges", fmt=fmt)
    project.close()
    assert min(ranges) > 2  # statements and mentions were both cut
    assert _files(tmp_path / "ranges") == _files(tmp_path / "whole")


def test_sessions_read_together_see_one_snapshot_while_a_writer_commits(tmp_path):
    project = _project(tmp_path / "p.annot")
    document = project.document_summaries()[0].id
    coder = project.ensure_coder("ann").id
    claim = project.claims()[0].id
    done = threading.Event()

    def write() -> None:
        n = 0
        while not done.is_set():
            project.apply(ops.AddStatement(document, n % 300, n % 300 + 2, claim, coder))
            n += 1

    writer = threading.Thread(target=write)
    writer.start()
    seen: list[tuple[int, ...]] = []
    try:
        for _ in range(40):
            with project.database.read_together(3) as sessions:
                counts = tuple(
                    session.exec(select(func.count()).select_from(models.Annotation)).one()
                    for session in sessions
                )
            seen.append(counts)
    finally:
        done.set()
        writer.join()
    project.close()
    assert all(len(set(counts)) == 1 and len(counts) == 3 for counts in seen), seen
    assert len({counts[0] for counts in seen}) > 1  # the writer did commit meanwhile


def test_a_read_only_project_reads_with_one_session(tmp_path):
    _project(tmp_path / "p.annot").close()
    with (
        ProjectService.open(tmp_path / "p.annot", read_only=True) as project,
        project.database.read_together(3) as sessions,
    ):
        assert len(sessions) == 1


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_the_lines_come_in_the_export_order_and_each_once(tmp_path, fmt):
    project = _project(tmp_path / "p.annot")
    expected = sorted(
        (a.document_id, a.start, a.id) for a in project.annotations() if a.kind == "statement"
    )
    export_dataset(project, tmp_path / "out", fmt=fmt)
    project.close()
    text = (tmp_path / "out" / f"statements.{fmt}").read_text("utf-8-sig")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    found = [(r["document_id"], int(r["start"]), r["statement_id"]) for r in rows]
    assert found == expected
