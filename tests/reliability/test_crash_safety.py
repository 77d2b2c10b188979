"""Kill a process that is changing a project, at random moments, many times; after every kill
the project must be whole: integrity, references and anchors sound, every operation the
process reported as committed present, the one in flight wholly applied or not at all, and
the search index repaired on the next open.

The child (crash_worker.py) goes through the real service layer: statements, mentions,
edits, deletions, imports and actor merges, each followed by a search-index update, so kills
land inside SQLite commits, index commits and imports alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from annotator.core.check import check_project
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

KILLS = 30
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@dataclass
class Expected:
    notes: dict[str, str] = field(default_factory=dict)  # annotation id -> note ("" if none)
    imports: dict[str, list[str]] = field(default_factory=dict)  # token -> document ids
    merged: dict[str, str] = field(default_factory=dict)  # source actor -> target
    created: set[str] = field(default_factory=set)


def _run_and_kill(project: Path, seed: int, rng: random.Random) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_worker", str(project), str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("ready"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert ready.wait(60), child.stderr.read() if child.stderr else "no output"
    # The kill moment is the randomised variable of this test, not a wait for something.
    time.sleep(rng.uniform(0.02, 0.6))
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    reader.join(30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    return lines


def _record(expected: Expected, facts: dict[str, Any]) -> None:
    op = facts["op"]
    if op == "add":
        expected.notes[facts["id"]] = ""
    elif op == "edit":
        expected.notes[facts["id"]] = facts["note"]
    elif op == "delete":
        expected.notes.pop(facts["id"], None)
    elif op == "import":
        expected.imports[facts["token"]] = facts["ids"]
    elif op == "create":
        expected.created.add(facts["id"])
    elif op == "merge":
        expected.merged[facts["source"]] = facts["target"]


def _replay(expected: Expected, lines: list[str]) -> dict[str, Any] | None:
    """Record every reported operation; return the one begun and not reported done."""
    in_flight = None
    for line in lines:
        kind, _, payload = line.partition(" ")
        if kind == "begin":
            in_flight = json.loads(payload)
        elif kind == "done":
            _record(expected, json.loads(payload))
            in_flight = None
    return in_flight


def _query(path: Path, sql: str, *params: str) -> list[tuple[Any, ...]]:
    # closing(): a sqlite3 connection's own ``with`` ends a transaction, not the connection.
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(sql, params).fetchall()


def _annotation_notes(path: Path) -> dict[str, str]:
    return dict(_query(path, "SELECT id, note FROM annotation"))


def _documents_with(path: Path, token: str) -> list[str]:
    return [row[0] for row in _query(path, "SELECT id FROM document WHERE instr(text, ?)", token)]


def _actor_ids(path: Path) -> set[str]:
    return {row[0] for row in _query(path, "SELECT id FROM actor")}


def _settle_annotation(path: Path, expected: Expected, facts: dict[str, Any]) -> None:
    notes = _annotation_notes(path)
    annotation_id = facts["id"]
    if facts["op"] == "add" and annotation_id in notes:
        expected.notes[annotation_id] = notes[annotation_id]
    elif facts["op"] == "edit":
        assert notes[annotation_id] in (expected.notes[annotation_id], facts["note"])
        expected.notes[annotation_id] = notes[annotation_id]
    elif facts["op"] == "delete" and annotation_id not in notes:
        expected.notes.pop(annotation_id, None)


def _settle_import(path: Path, expected: Expected, facts: dict[str, Any]) -> None:
    found = _documents_with(path, facts["token"])
    assert len(found) in (0, 3), f"a half-applied import: {len(found)} of 3 documents"
    if found:
        expected.imports[facts["token"]] = found


def _settle_actor(path: Path, expected: Expected, facts: dict[str, Any]) -> None:
    actors = _actor_ids(path)
    if facts["op"] == "create" and facts["id"] in actors:
        expected.created.add(facts["id"])
    elif facts["op"] == "merge" and facts["source"] not in actors:
        expected.merged[facts["source"]] = facts["target"]


_SETTLE = {
    "add": _settle_annotation,
    "edit": _settle_annotation,
    "delete": _settle_annotation,
    "import": _settle_import,
    "create": _settle_actor,
    "merge": _settle_actor,
}


def _settle_in_flight(path: Path, expected: Expected, in_flight: dict[str, Any] | None) -> None:
    """The operation in flight at the kill is wholly applied or not at all; adopt what it is."""
    if in_flight is not None:
        _SETTLE[in_flight["op"]](path, expected, in_flight)


def _check(path: Path, expected: Expected, index: Path, this_run: set[str]) -> None:
    report = check_project(path)  # integrity_check, foreign keys, anchors, schema
    assert report.ok, report.problems
    notes = _annotation_notes(path)
    for annotation_id, note in expected.notes.items():
        assert annotation_id in notes, f"a committed annotation was lost: {annotation_id}"
        assert notes[annotation_id] == note
    for token, ids in expected.imports.items():
        assert sorted(_documents_with(path, token)) == sorted(ids), token
    actors = _actor_ids(path)
    for source, target in expected.merged.items():
        assert source not in actors
        assert target in actors
    for created in expected.created - set(expected.merged):
        assert created in actors
    with ProjectService.open(path) as project:  # takes over the killed writer's lock
        search = SearchService(project, index)
        search.ensure_current()
        for token in this_run:
            results = search.search(f"{token}0")
            assert [hit.document_id for hit in results.hits] == _documents_with(path, f"{token}0")
        search.close()


@pytest.mark.slow
def test_killing_a_writer_at_random_moments_never_loses_or_half_applies_anything(
    demo_template, tmp_path
):
    path = tmp_path / "project.annot"
    shutil.copy(demo_template, path)
    index = tmp_path / "index"
    expected = Expected()
    rng = random.Random(20261123)
    applied = 0
    for seed in range(KILLS):
        lines = _run_and_kill(path, seed, rng)
        before = set(expected.imports)
        in_flight = _replay(expected, lines)
        _settle_in_flight(path, expected, in_flight)
        applied += sum(line.startswith("done") for line in lines)
        _check(path, expected, index, set(expected.imports) - before)
    assert applied > KILLS  # the kills landed among real work, not before it started
