"""Partial backups left by killed processes are removed by the next open (issue #13.9); only
files named like ours, and only when the process that wrote them is gone."""

from __future__ import annotations

import subprocess
import sys

from annotator.core.backup import backup_dir_for, make_verified_backup
from annotator.services.project import ProjectService


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(30)
    return child.pid  # gone (and, on a quiet machine, not reused in a moment)


def test_partial_backups_of_dead_processes_go_at_the_next_open(tmp_path):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    made = make_verified_backup(path, "manual")
    folder = backup_dir_for(path)
    alive = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)  # fmt: skip
    try:
        dead = folder / f"{made.name}.{_dead_pid()}.partial"
        older_version = folder / "p.20240101T000000000000Z.open.annot.partial"
        running = folder / f"p.20240101T000000000001Z.open.annot.{alive.pid}.partial"
        foreign = folder / "notes.partial"
        for leftover in (dead, older_version, running, foreign):
            leftover.write_bytes(b"x" * 1000)
        with ProjectService.open(path, backup=False):
            pass
        assert not dead.exists()
        assert not older_version.exists()  # an older version named them without a pid
        assert running.exists()  # its writer is alive: a copy under way
        assert foreign.exists()  # not a name of ours
        assert made.exists()
    finally:
        assert alive.stdin is not None
        alive.stdin.close()
        alive.wait(30)
