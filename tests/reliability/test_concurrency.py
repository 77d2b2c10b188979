"""Two processes on one project: a writer applying operations without pause (the crash
worker, also keeping the search index current) and this process reading, searching and
exporting at the same time. No "database is locked" may reach the user, every export must be
a consistent snapshot, and a second writer is refused with a message naming the holder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import ProjectLockedError
from annotator.services.dataset_export import export_dataset
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


@pytest.mark.slow
def test_reading_searching_and_exporting_while_another_process_writes(demo_template, tmp_path):
    path = tmp_path / "project.annot"
    shutil.copy(demo_template, path)
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_worker", str(path), "7"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().startswith("ready")
        with pytest.raises(ProjectLockedError, match="open for writing in"):
            ProjectService.open(path)  # a second writer: refused, naming the holder
        with ProjectService.open(path, read_only=True) as reader:
            search = SearchService(reader, tmp_path / "index")
            seen_statements = []
            for round_number in range(6):
                state = search.ensure_current()  # may find the writer busy: never raises
                assert state, state
                search.search("Pyongyang")
                out = tmp_path / f"export-{round_number}"
                report = export_dataset(reader, out, fmt="jsonl")
                manifest = json.loads((out / "manifest.json").read_text("utf-8"))
                lines = (out / "statements.jsonl").read_text("utf-8").splitlines()
                # One snapshot: the manifest's count is the file's, whatever the writer did.
                assert manifest["files"]["statements.jsonl"]["rows"] == len(lines)
                assert report.rows["statements"] == len(lines)
                seen_statements.append(len(lines))
                writer.stdout.readline()  # the writer has committed at least once more
            search.close()
        assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
        assert seen_statements[-1] >= seen_statements[0]
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(30)
