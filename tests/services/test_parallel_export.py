"""Large statements and mentions files are made by two processes: the same bytes as one
process makes, one snapshot, and a whole export whatever happens to the second process."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

import annotator.core.exporters.span_worker as span_worker
import annotator.services.span_export as span_export
from annotator.core.errors import AnnotatorError
from annotator.services import operations as ops
from annotator.services.dataset_export import ExportCancelledError, export_dataset
from annotator.services.project import ProjectService

NOTES = ["=1+1", 'quote " comma , line\nbreak', "emoji 😊 CJK 平和", "", "@x", "\ttab"]


@pytest.fixture
def project(demo_template, tmp_path):
    """The demo project with statements and mentions on every article."""
    path = tmp_path / "demo.annot"
    shutil.copy(demo_template, path)
    with ProjectService.open(path) as opened:
        coder = opened.ensure_coder("parallel").id
        claim = opened.claims()[0].id
        actor = opened.actors()[0].id
        for document in opened.document_summaries():
            for number, note in enumerate(NOTES):
                start = 7 * number + 1
                opened.apply(
                    ops.AddStatement(
                        document.id, start, start + 12, claim, coder, stance="oppose", note=note
                    )
                )
                opened.apply(ops.AddMention(document.id, start + 2, start + 6, actor, coder))
        yield opened


@pytest.fixture
def workers(monkeypatch):
    """Every table is made in two parts; yields the workers started."""
    started: list[span_worker.SpanWorker] = []
    real = span_worker.SpanWorker

    class Recorded(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(span_export, "SpanWorker", Recorded)
    return started


def _files(folder: Path, fmt: str) -> dict[str, bytes]:
    return {name: (folder / f"{name}.{fmt}").read_bytes() for name in ("statements", "mentions")}


def _one_process(project: ProjectService, out: Path, fmt: str) -> dict[str, bytes]:
    assert export_dataset(project, out, fmt=fmt).second_process == ()
    return _files(out, fmt)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_two_processes_write_the_bytes_one_process_writes(project, workers, tmp_path, fmt):
    expected = _one_process(project, tmp_path / "one", fmt)
    report = export_dataset(project, tmp_path / "two", fmt=fmt, split_from_rows=1)
    assert len(workers) == 1
    assert report.second_process == ("statements", "mentions")
    assert _files(tmp_path / "two", fmt) == expected
    manifest = json.loads((tmp_path / "two" / "manifest.json").read_text("utf-8"))
    for name in ("statements", "mentions"):
        meta = manifest["files"][f"{name}.{fmt}"]
        data = (tmp_path / "two" / f"{name}.{fmt}").read_bytes()
        assert meta["sha256"] == hashlib.sha256(data).hexdigest()
        assert meta["rows"] == report.rows[name] == 5 * len(NOTES)
    assert not list((tmp_path / "two").glob(".*"))  # the worker's part files are gone


def _a_statement_id(project: ProjectService) -> str:
    return next(a.id for a in project.annotations() if a.kind == "statement")


def _copy_statement(database: Path, statement_id: str, new_id: str, timeout: float) -> None:
    connection = sqlite3.connect(database, timeout=timeout, isolation_level=None)
    try:
        connection.execute(
            'INSERT INTO annotation SELECT ?, document_id, coder_id, kind, start, "end", exact,'
            " prefix, suffix, actor_id, claim_id, stance, note, created_at, updated_at,"
            " anchor_status FROM annotation WHERE id = ?",
            (new_id, statement_id),
        )
    finally:
        connection.close()


def test_both_processes_read_one_snapshot(project, workers, tmp_path, monkeypatch):
    statements = [a for a in project.annotations() if a.kind == "statement"]
    first = min(statements, key=lambda s: s.document_id)
    last = max(statements, key=lambda s: s.document_id)
    real_snapshot = span_worker.SpanWorker.take_snapshot

    def snapshot_while_writing(worker, parts):
        # Writers are paused while the worker takes its snapshot.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _copy_statement(project.path, first.id, "blocked-1", timeout=0)
        real_snapshot(worker, parts)

    real_go = span_worker.SpanWorker.go

    def go_after_commits(worker):
        # Writers go on once both snapshots are taken; neither part sees their commits.
        _copy_statement(project.path, first.id, "later-1", timeout=5)
        _copy_statement(project.path, last.id, "later-2", timeout=5)
        real_go(worker)

    monkeypatch.setattr(span_worker.SpanWorker, "take_snapshot", snapshot_while_writing)
    monkeypatch.setattr(span_worker.SpanWorker, "go", go_after_commits)
    report = export_dataset(project, tmp_path / "dataset", fmt="jsonl", split_from_rows=1)
    assert report.second_process == ("statements", "mentions")
    exported = (tmp_path / "dataset" / "statements.jsonl").read_text("utf-8")
    assert report.rows["statements"] == len(statements)
    assert "later-" not in exported
    assert "blocked-" not in exported


def _fake_worker(*lines_after_go: str, answer: bool = True, after: str = "") -> str:
    """Python code for a worker that follows the protocol up to 'go', then prints
    ``lines_after_go`` and runs ``after``; without ``answer`` it never answers 'snapshot'."""
    steps = [
        "import sys, threading",
        "read = sys.stdin.readline",
        "read()",
        "print('started', flush=True)",
        "read()",  # the parts
        "read()",  # snapshot
    ]
    if not answer:
        steps.append("threading.Event().wait()")
    steps += ["print('ready', flush=True)", "read()"]
    steps += [f"print({line!r}, flush=True)" for line in lines_after_go]
    if after:
        steps.append(after)
    return "; ".join(steps)


@pytest.mark.parametrize(
    "behaviour",
    [
        "import sys; sys.stderr.write('cannot start'); sys.exit(3)",
        "import sys; print('started', flush=True); print('garbage', flush=True)",
        _fake_worker(answer=False),
        _fake_worker(after="sys.exit(1)"),
        _fake_worker("done 1"),
        _fake_worker("garbage"),
    ],
    ids=[
        "fails-to-start",
        "talks-nonsense-at-snapshot",
        "never-takes-its-snapshot",
        "dies-after-go",
        "writes-no-part",
        "talks-nonsense-after-go",
    ],
)
def test_an_export_is_whole_whatever_the_worker_does(
    project, workers, tmp_path, monkeypatch, behaviour
):
    expected = _one_process(project, tmp_path / "one", "csv")
    monkeypatch.setattr(span_worker, "worker_command", lambda: [sys.executable, "-c", behaviour])
    monkeypatch.setattr(span_worker, "SNAPSHOT_TIMEOUT_S", 0.5)
    report = export_dataset(project, tmp_path / "two", fmt="csv", split_from_rows=1)
    assert len(workers) == 1
    assert report.second_process == ()
    assert _files(tmp_path / "two", "csv") == expected
    _copy_statement(project.path, _a_statement_id(project), "afterwards", timeout=0)  # not paused


def test_cancelling_while_the_worker_works_stops_it(project, workers, tmp_path, monkeypatch):
    stuck = _fake_worker(after="threading.Event().wait()")
    monkeypatch.setattr(span_worker, "worker_command", lambda: [sys.executable, "-c", stuck])
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 3  # after the parent's own lines, while waiting for the part

    with pytest.raises(ExportCancelledError):
        export_dataset(
            project, tmp_path / "dataset", fmt="jsonl", cancelled=cancelled, split_from_rows=1
        )
    assert len(workers) == 1
    assert workers[0]._process.poll() is not None  # killed, not left running
    assert not (tmp_path / "dataset").exists()


def test_small_tables_are_made_in_one_process(project, tmp_path, monkeypatch):
    started: list[object] = []
    monkeypatch.setattr(span_export, "SpanWorker", lambda *a: started.append(a))
    counts = span_export.span_counts(project)
    assert counts == {"statements": 5 * len(NOTES), "mentions": 5 * len(NOTES)}
    assert max(counts.values()) < span_export.PARALLEL_MIN_ROWS
    report = export_dataset(project, tmp_path / "dataset", fmt="csv")
    assert started == []
    assert report.second_process == ()


def test_a_failed_export_stops_the_worker_it_started(project, workers, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something.txt").write_text("not a dataset", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="not empty"):
        export_dataset(project, tmp_path / "full", fmt="csv", split_from_rows=1)
    assert len(workers) == 1
    assert workers[0]._process.poll() is not None  # ended, not left waiting
