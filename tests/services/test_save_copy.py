"""Save a Copy (issue #13.3): a verified copy of a project that is open, to a chosen place;
never over the project, its own files or backups, or a project open for writing."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.backup import backup_dir_for, make_verified_backup
from annotator.core.errors import BackupError
from annotator.services.maintenance import save_copy
from annotator.services.operations import CreateActor
from annotator.services.project import ProjectService
from tests.media import read_only


def _actors(path: Path) -> list[str]:
    with ProjectService.open(path, read_only=True) as project:
        return sorted(a.name for a in project.actors())


def _in_main_file(path: Path, actor: str) -> bool:
    uri = f"file:{path}?mode=ro&immutable=1"  # the main file alone, as a file copy sees it
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as raw:
        return bool(raw.execute("SELECT 1 FROM actor WHERE name = ?", (actor,)).fetchall())


def test_a_copy_of_an_open_project_has_every_commit_a_file_copy_would_miss(tmp_path):
    path = tmp_path / "p.annot"
    with ProjectService.create(path) as project:
        project.apply(CreateActor.new("Kim"))
        with contextlib.closing(sqlite3.connect(path)) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        project.apply(CreateActor.new("Putin"))  # in the -wal only, for now
        assert not _in_main_file(path, "Putin")  # what copying the .annot would carry
        copy = save_copy(path, tmp_path / "copy.annot")
        assert copy == tmp_path / "copy.annot"
        assert project.read_only_reason is None  # the project stays open for writing
    assert _actors(copy) == ["Kim", "Putin"]
    assert _in_main_file(copy, "Putin")  # self-contained: one file, no -wal
    assert not copy.with_name(copy.name + "-wal").exists()
    with ProjectService.open(copy) as copied, ProjectService.open(path) as original:
        assert copied.info().id == original.info().id


def test_a_folder_as_target_gets_the_project_name(tmp_path):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    (tmp_path / "stick").mkdir()
    assert save_copy(path, tmp_path / "stick") == tmp_path / "stick" / "p.annot"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("p.annot", "the project itself"),
        ("hardlink", "the project itself"),
        ("p.annot-wal", "belongs to the project"),
        ("p.annot.lock", "belongs to the project"),
        ("backups", "belongs to the project"),
        ("backup", "belongs to the project"),
        ("existing.annot", "already exists"),
        ("missing/x.annot", "does not exist"),
    ],
)
def test_what_a_copy_never_overwrites(tmp_path, target, message):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    backup = make_verified_backup(path, "manual")
    (tmp_path / "existing.annot").write_bytes(b"keep me")
    if target == "hardlink":
        if sys.platform == "win32":
            pytest.skip("hard links need privileges")
        os.link(path, tmp_path / "hardlink")
    chosen = {"backups": backup_dir_for(path), "backup": backup}.get(target)
    before = {p.name: p.stat().st_size for p in tmp_path.iterdir() if p.is_file()}
    with (
        ProjectService.open(path) as project,  # open, as in the window
        pytest.raises(BackupError, match=message),
    ):
        save_copy(project.path, chosen or tmp_path / target)
    assert backup.stat().st_size > 0
    assert (tmp_path / "existing.annot").read_bytes() == b"keep me"
    after = {p.name: p.stat().st_size for p in tmp_path.iterdir() if p.is_file()}
    assert set(after) <= set(before) | {"p.annot.lock"}


def test_overwrite_replaces_a_file_but_never_a_project_open_for_writing(tmp_path):
    path = tmp_path / "p.annot"
    with ProjectService.create(path) as project:
        project.apply(CreateActor.new("Kim"))
    old = tmp_path / "old-copy.annot"
    ProjectService.create(old).close()
    with (
        ProjectService.open(old),  # somebody works on it
        pytest.raises(BackupError, match=r"cannot be replaced: .*open for writing"),
    ):
        save_copy(path, old, overwrite=True)
    save_copy(path, old, overwrite=True)
    assert _actors(old) == ["Kim"]


def test_a_copy_can_be_saved_from_read_only_media(demo_template, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    shutil.copy(demo_template, media / "demo.annot")
    with read_only(media):
        copy = save_copy(media / "demo.annot", tmp_path / "mine.annot")
    with ProjectService.open(copy) as project:
        assert project.stats()["documents"] == 5


def test_the_cli_writes_a_verified_copy(tmp_path, capsys):
    path = tmp_path / "p.annot"
    with ProjectService.create(path) as project:
        project.apply(CreateActor.new("Kim"))
    assert main(["backup", str(path), "--to", str(tmp_path / "copy.annot")]) == 0
    assert "verified copy written to" in capsys.readouterr().out
    assert _actors(tmp_path / "copy.annot") == ["Kim"]
    assert main(["backup", str(path), "--to", str(tmp_path / "copy.annot")]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["backup", str(path), "--to", str(tmp_path / "copy.annot"), "--overwrite"]) == 0
