"""Read-only folders and files, full disks and empty files (issue #13.8), end to end.

Reading works from read-only media (no lock file, nothing written, the WAL's commits seen);
every command that would write says once, clearly, why it cannot: no OSError traceback, no
errno, no file rejected one by one.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.errors import NotAProjectError, ReadOnlyStorageError, StorageFullError
from annotator.services import operations as ops
from annotator.services.project import ProjectService
from tests.media import assert_cannot_write, fill, read_only, small_disk

LATE_ACTOR = "Actor committed into the WAL"


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _project_in(folder: Path, template: Path, wal: str) -> Path:
    """The demo project in ``folder``, its last commit (an actor) only in its -wal when
    ``wal`` is "wal+shm" or "wal only": copied while the writer had it open, as a user
    copying a folder would."""
    folder.mkdir()
    path = folder / "project.annot"
    if wal == "clean":
        shutil.copy(template, path)
        with ProjectService.open(path) as project:
            project.apply(ops.CreateActor.new(LATE_ACTOR))
        return path
    scratch = folder.parent / f"scratch-{folder.name}"
    scratch.mkdir()
    source = scratch / "project.annot"
    shutil.copy(template, source)
    with ProjectService.open(source) as project:
        with contextlib.closing(sqlite3.connect(source)) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        project.apply(ops.CreateActor.new(LATE_ACTOR))
        for suffix in ("", "-wal", "-shm"):
            if suffix == "-shm" and wal == "wal only":
                continue
            shutil.copy(source.with_name(source.name + suffix), folder / (path.name + suffix))
    assert (folder / "project.annot-wal").stat().st_size > 0
    return path


def _actor_in_main_file(path: Path) -> bool:
    uri = f"file:{path}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as raw:
        return bool(raw.execute("SELECT 1 FROM actor WHERE name = ?", (LATE_ACTOR,)).fetchall())


@pytest.mark.parametrize("wal", ["clean", "wal+shm", "wal only"])
def test_stats_search_export_and_check_work_in_a_read_only_folder(
    demo_template, tmp_path, capsys, wal
):
    path = _project_in(tmp_path / "media", demo_template, wal)
    if wal != "clean":
        assert not _actor_in_main_file(path)  # the premise: that commit is only in the WAL
    before = _snapshot(path.parent)
    with read_only(path.parent):
        assert_cannot_write(path.parent)
        code, out, err = run(capsys, "stats", path, "--json")
        assert (code, err) == (0, "")
        assert json.loads(out)["documents"] == 5
        with ProjectService.open(path, read_only=True) as project:
            assert LATE_ACTOR in {a.name for a in project.actors()}  # the WAL's commit
        code, out, err = run(capsys, "search", path, "Pyongyang")
        assert code == 0, err
        assert "documents match" in out
        code, out, err = run(capsys, "export", path, "--out", tmp_path / "out")
        assert code == 0, err
        assert (tmp_path / "out" / "statements.jsonl").exists()
        code, out, err = run(capsys, "check", path)
        assert code == 0, err
        assert "ok" in out
        assert _snapshot(path.parent) == before  # nothing written, no lock file made
    assert not list(tmp_path.glob("annotator-read-*"))


def _assert_refused_once(code: int, out: str, err: str, *words: str) -> None:
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # said once, not per file
    assert lines[0].startswith("annotator: ")
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in err
    assert "Errno" not in err


def test_commands_that_write_say_once_why_they_cannot_in_a_read_only_folder(
    demo_template, tmp_path, capsys
):
    path = _project_in(tmp_path / "media", demo_template, "clean")
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(3):
        (articles / f"{number}.txt").write_text(f"Article {number} text.", encoding="utf-8")
    code, _, _ = run(capsys, "export", path, "--out", tmp_path / "dataset")
    assert code == 0
    before = _snapshot(path.parent)
    with read_only(path.parent):
        for args in (
            ("import", path, articles),
            ("load", path, tmp_path / "dataset"),
            ("backup", path),
            ("restore", path),
            ("reindex", path),
        ):
            code, out, err = run(capsys, *args)
            if args[0] == "reindex":  # the index lives in the user's cache: it works
                assert code == 0, err
                continue
            _assert_refused_once(code, out, err, "project.annot", "read-only")
        assert _snapshot(path.parent) == before


def test_a_read_only_project_file_is_refused_up_front_and_opens_read_only_with_the_reason(
    demo_template, tmp_path, capsys
):
    path = _project_in(tmp_path / "media", demo_template, "clean")
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(4):
        (articles / f"{number}.txt").write_text(f"Article {number} text.", encoding="utf-8")
    with read_only(path):
        assert_cannot_write(path)
        code, out, err = run(capsys, "import", path, articles)
        _assert_refused_once(code, out, err, "project.annot")
        with pytest.raises(ReadOnlyStorageError, match="cannot be changed"):
            ProjectService.open(path)
        with ProjectService.open(path, fallback_read_only=True) as project:  # the window's way
            assert project.read_only_reason is not None
            assert "project.annot cannot be changed" in project.read_only_reason
            assert project.stats()["documents"] == 5
        code, out, _ = run(capsys, "stats", path, "--json")
        assert code == 0
        assert json.loads(out)["documents"] == 5


def test_a_full_disk_at_open_is_a_message_and_the_project_still_reads(
    demo_template, tmp_path, capsys
):
    with small_disk(tmp_path / "disk") as disk:
        path = disk / "project.annot"
        shutil.copy(demo_template, path)
        ProjectService.open(path).close()  # its backup folder and lock file exist
        fill(disk)
        with pytest.raises(StorageFullError, match="disk is full"):
            ProjectService.open(path)
        with ProjectService.open(path, fallback_read_only=True) as project:
            assert project.read_only_reason is not None
            assert "disk is full" in project.read_only_reason
            assert project.stats()["documents"] == 5
        articles = tmp_path / "articles"
        articles.mkdir()
        (articles / "a.txt").write_text("An article.", encoding="utf-8")
        code, out, err = run(capsys, "import", path, articles)
        _assert_refused_once(code, out, err, "disk is full")
        code, out, err = run(capsys, "backup", path)
        _assert_refused_once(code, out, err, "disk is full")
        code, out, _ = run(capsys, "stats", path, "--json")
        assert code == 0
        assert json.loads(out)["documents"] == 5


def test_a_full_disk_at_create_is_a_message(tmp_path, capsys):
    with small_disk(tmp_path / "disk", size="64k") as disk:
        fill(disk)
        code, out, err = run(capsys, "init", disk / "new.annot", "--demo")
        _assert_refused_once(code, out, err, "disk is full")


@pytest.mark.parametrize("command", ["stats", "import", "check", "backup", "restore", "gui"])
def test_an_empty_file_is_not_a_project_and_stays_empty(tmp_path, capsys, command):
    path = tmp_path / "empty.annot"
    path.write_bytes(b"")
    if command == "gui":
        with pytest.raises(NotAProjectError, match=r"empty \(0 bytes\)"):
            ProjectService.open(path, fallback_read_only=True)
    else:
        extra = [tmp_path] if command == "import" else []
        code, out, err = run(capsys, command, path, *extra)
        assert code == 1
        assert "empty (0 bytes)" in out + err or "no good backup" in err, err
        assert "Traceback" not in err
    assert path.stat().st_size == 0
    leftovers = {p.name for p in tmp_path.iterdir()} - {"empty.annot"}
    assert leftovers <= {"empty.annot.lock"} if command == "restore" else leftovers == set()
