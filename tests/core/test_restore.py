"""Restore (issue #13.4): only sound backups of this very project, never the file an earlier
restore replaced, and an interrupted restore finished by the next open."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core import backup as backup_module
from annotator.core.backup import backup_dir_for, list_backups, make_verified_backup
from annotator.core.errors import BackupError
from annotator.core.restore import REPLACED_LABEL, restore_backup, staged_restore_for
from annotator.services.maintenance import check, restore
from annotator.services.operations import CreateActor
from annotator.services.project import ProjectService


def _actors(path: Path) -> list[str]:
    with ProjectService.open(path, read_only=True) as project:
        return sorted(a.name for a in project.actors())


def _project_with_history(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A project with two manual backups: one with Kim, a newer one with Kim and Putin; the
    project itself has Kim, Putin and Xi."""
    path = tmp_path / "p.annot"
    with ProjectService.create(path) as project:
        project.apply(CreateActor.new("Kim"))
        first = make_verified_backup(path, "manual")
        project.apply(CreateActor.new("Putin"))
        second = make_verified_backup(path, "manual")
        project.apply(CreateActor.new("Xi"))
    return path, first, second


def test_a_second_restore_does_not_undo_the_first(tmp_path):
    path, _first, second = _project_with_history(tmp_path)
    result = restore(path)
    assert result.restored_from == second
    assert _actors(path) == ["Kim", "Putin"]
    result = restore(path)  # the newest backup again, not the file the first one replaced
    assert result.restored_from == second
    assert REPLACED_LABEL not in result.restored_from.name
    assert _actors(path) == ["Kim", "Putin"]


def test_a_replaced_file_is_restored_only_when_named(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    kept = restore(path).replaced_file_kept_as
    restore(path, kept)  # the user asks for the state before the restore: it is theirs
    assert _actors(path) == ["Kim", "Putin", "Xi"]


def test_files_replaced_by_restores_are_rotated_like_backups(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    for _ in range(backup_module.KEEP_PER_LABEL + 3):
        restore(path)
    replaced = [b for b in list_backups(path) if f".{REPLACED_LABEL}." in b.name]
    assert len(replaced) == backup_module.KEEP_PER_LABEL
    leftovers = [p for p in backup_dir_for(path).iterdir() if p.name.endswith(("-wal", "-shm"))]
    companions = {p.name.rsplit("-", 1)[0] for p in leftovers}
    assert companions <= {p.name for p in replaced}  # no -wal outlives its file


def test_a_sqlite_file_that_is_not_a_project_is_refused(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    other = tmp_path / "notes.db"
    with contextlib.closing(sqlite3.connect(other)) as raw:
        raw.execute("CREATE TABLE notes (x)")
        raw.commit()
    with pytest.raises(BackupError, match="not an Annotator project"):
        restore(path, other)
    assert _actors(path) == ["Kim", "Putin", "Xi"]


def test_a_backup_of_another_project_is_refused(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    stranger = tmp_path / "stranger.annot"
    with ProjectService.create(stranger) as project:
        project.apply(CreateActor.new("Somebody else"))
    with pytest.raises(BackupError, match="another project"):
        restore(path, stranger)
    assert _actors(path) == ["Kim", "Putin", "Xi"]


def test_a_missing_backup_is_not_found_not_damaged(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    with pytest.raises(BackupError, match="not found") as caught:
        restore(path, tmp_path / "nowhere.annot")
    assert "damaged" not in str(caught.value)


def test_a_text_file_is_not_a_project_and_the_project_itself_is_not_a_backup(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(BackupError, match="not an SQLite file"):
        restore(path, text)
    with pytest.raises(BackupError, match="the project itself"):
        restore(path, path)


def test_a_damaged_project_is_restored_from_its_own_backups(tmp_path):
    """The current file cannot say whose it is: the backups beside it can."""
    path, _first, second = _project_with_history(tmp_path)
    path.write_bytes(b"garbage" * 100)
    assert restore(path).restored_from == second
    assert _actors(path) == ["Kim", "Putin"]


def test_the_cli_restore_refuses_a_foreign_file_with_exit_1(tmp_path, capsys):
    path, _first, _second = _project_with_history(tmp_path)
    other = tmp_path / "notes.db"
    with contextlib.closing(sqlite3.connect(other)) as raw:
        raw.execute("CREATE TABLE notes (x)")
    assert main(["restore", str(path), "--from", str(other)]) == 1
    err = capsys.readouterr().err
    assert "not an Annotator project" in err
    assert "was not changed" in err


def _crash_after_writing(path: Path, actor: str) -> None:
    """A writer that commits ``actor`` and is killed: the commit stays in the -wal only."""
    code = (
        "import sys; from pathlib import Path\n"
        "from annotator.services.operations import CreateActor\n"
        "from annotator.services.project import ProjectService\n"
        f"project = ProjectService.open(Path({str(path)!r}), backup=False)\n"
        f"project.apply(CreateActor.new({actor!r}))\n"
        "print('committed', flush=True)\n"
        "sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "committed"
    child.kill()
    child.wait(10)
    child.stdout.close()
    if child.stdin is not None:
        child.stdin.close()
    assert path.with_name(path.name + "-wal").stat().st_size > 0


def _interrupt_restore_at(monkeypatch: pytest.MonkeyPatch, renames_done: int) -> None:
    """Make the restore stop (as if killed) after ``renames_done`` of its renames."""
    real_replace = os.replace
    done: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        if not str(source).endswith(".restoring.json.tmp"):  # the intent is written first
            if len(done) == renames_done:
                raise KeyboardInterrupt("simulated kill")
            done.append(str(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.skipif(sys.platform == "win32", reason="kills a writer to leave its -wal")
@pytest.mark.parametrize("renames_done", [0, 1, 2, 3])
def test_an_interrupted_restore_is_finished_by_the_next_open(tmp_path, monkeypatch, renames_done):
    """Kill points: before the first rename, after the project moved, after its -wal moved,
    after its -shm moved (the last rename then puts the restored copy in)."""
    path, _first, second = _project_with_history(tmp_path)
    _crash_after_writing(path, "Zelensky")  # its commit lives in the -wal beside the project
    _interrupt_restore_at(monkeypatch, renames_done)
    with pytest.raises(KeyboardInterrupt):
        restore_backup(path, second)
    monkeypatch.undo()
    assert staged_restore_for(path).exists()
    report = check(path)
    assert report.facts["interrupted_restore"] == str(staged_restore_for(path))
    if not path.exists():
        assert not report.ok
        assert staged_restore_for(path).name in report.problems[0]
    with ProjectService.open(path) as project:  # finishes it
        assert sorted(a.name for a in project.actors()) == ["Kim", "Putin"]
    assert not staged_restore_for(path).exists()
    replaced = [b for b in list_backups(path) if f".{REPLACED_LABEL}." in b.name]
    assert len(replaced) == 1
    # The replaced file took its -wal with it: nothing lost, and nothing of it in the restore.
    assert _actors(replaced[0]) == ["Kim", "Putin", "Xi", "Zelensky"]
    assert check(path).ok


def test_a_restore_killed_while_copying_leaves_the_project_as_it_was(tmp_path):
    path, _first, _second = _project_with_history(tmp_path)
    staged = staged_restore_for(path)
    staged.write_bytes(b"SQLite format 3\x00 half a copy")  # killed mid-copy: no intent yet
    with ProjectService.open(path) as project:
        assert sorted(a.name for a in project.actors()) == ["Kim", "Putin", "Xi"]
    assert not staged.exists()
