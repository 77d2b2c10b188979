"""One writer per project; others read; a crashed writer's lock is recovered."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.errors import ProjectLockedError
from annotator.core.lock import ProjectLock, lock_path_for
from annotator.services.operations import CreateActor
from annotator.services.project import ProjectService


def test_a_second_writer_is_refused_with_who_holds_it(tmp_path):
    path = tmp_path / "p.annot"
    with ProjectService.create(path):
        with pytest.raises(ProjectLockedError) as caught:
            ProjectService.open(path)
        message = str(caught.value)
        assert "open for writing" in message
        assert f"process {os.getpid()}" in message
        assert "read-only" in message


def test_a_second_copy_can_still_read(tmp_path):
    path = tmp_path / "p.annot"
    with ProjectService.create(path) as writer:
        writer.apply(CreateActor.new("Kim Jong Un"))
        with ProjectService.open(path, fallback_read_only=True) as reader:
            assert reader.read_only_reason is not None
            assert "open for writing" in reader.read_only_reason
            assert [a.name for a in reader.actors()] == ["Kim Jong Un"]
            writer.apply(CreateActor.new("Vladimir Putin"))
            assert len(reader.actors()) == 2  # sees the writer's commits


def test_the_lock_is_released_on_close(tmp_path):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    ProjectService.open(path).close()
    assert lock_path_for(path).read_text() == ""


def test_a_stale_lock_after_a_crash_is_recovered(tmp_path):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from annotator.services.project import ProjectService
            project = ProjectService.open(Path({str(path)!r}))
            print("locked", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(ProjectLockedError):
            ProjectService.open(path)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        child.kill()
        if child.stdout is not None:
            child.stdout.close()
    lock = ProjectLock(path)
    lock.acquire()  # the dead process's lock does not block us
    try:
        assert lock.recovered_from is not None
        assert lock.recovered_from["pid"] == child.pid
    finally:
        lock.release()


# --- one file, many names (issue #13.3) -----------------------------------------------------


def _second_name(path, how: str, tmp_path):
    """Another name of the project file ``path``."""
    if how == "hard link":
        other = path.with_name("hardlink.annot")
        os.link(path, other)
    elif how == "hard link elsewhere":
        (tmp_path / "elsewhere").mkdir()
        other = tmp_path / "elsewhere" / "p.annot"
        os.link(path, other)
    elif how == "symlink":
        other = tmp_path / "symlink.annot"
        other.symlink_to(path)
    else:  # a path through "..", as another tool might spell it
        (tmp_path / "sub").mkdir()
        other = tmp_path / "sub" / ".." / path.name
    return other


NAMES = ["hard link", "hard link elsewhere", "symlink", "dot-dot path"]


@pytest.mark.skipif(sys.platform == "win32", reason="hard links and symlinks need privileges")
@pytest.mark.parametrize("how", NAMES)
def test_a_second_name_of_the_file_gives_no_second_writer(tmp_path, how):
    path = tmp_path / "p.annot"
    with ProjectService.create(path) as writer:
        other = _second_name(path, how, tmp_path)
        with pytest.raises(ProjectLockedError) as caught:
            ProjectService.open(other)
        message = str(caught.value)
        assert "open for writing" in message
        if how != "hard link elsewhere":  # beside it, the holder's details are found
            assert f"process {os.getpid()}" in message
        with ProjectService.open(other, fallback_read_only=True) as reader:
            assert reader.read_only_reason is not None
            writer.apply(CreateActor.new("Kim Jong Un"))
            assert [a.name for a in reader.actors()] == ["Kim Jong Un"]


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL and hard links")
def test_a_writer_in_another_process_holds_every_name_of_the_file(tmp_path):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    other = path.with_name("hardlink.annot")
    os.link(path, other)
    child = _hold_open(other)
    try:
        with pytest.raises(ProjectLockedError) as caught:
            ProjectService.open(path)
        assert f"process {child.pid}" in str(caught.value)
        assert "hardlink.annot" in str(caught.value)  # under which name it is open
        # A reader is sent to the writer's name: SQLite keeps the WAL under that name.
        with ProjectService.open(path, fallback_read_only=True) as reader:
            assert reader.path == other
            assert reader.read_only_reason is not None
        with ProjectService.open(path, read_only=True) as reader:
            assert reader.path == other
    finally:
        child.kill()
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    ProjectService.open(path).close()  # the dead holder's lock is gone with it


def _hold_open(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time
            from pathlib import Path
            from annotator.services.project import ProjectService
            project = ProjectService.open(Path({str(path)!r}), backup=False)
            print("locked", flush=True)
            time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    return child


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
def test_the_file_lock_is_closed_only_when_sqlite_has_let_go_of_the_file(tmp_path):
    """Closing a descriptor of the project file while SQLite has it open here would drop
    SQLite's POSIX locks (core/open_files.py): the lock's descriptor waits for the reader."""
    path = tmp_path / "p.annot"

    def descriptors() -> int:
        fd_dir = Path("/proc/self/fd")
        return sum(1 for fd in fd_dir.iterdir() if _points_to(fd, path))

    writer = ProjectService.create(path)
    reader = ProjectService.open(path, read_only=True)
    assert reader.stats()["documents"] == 0
    writer.close()
    assert descriptors() >= 2  # the reader's SQLite descriptor, and the lock's, parked
    lock = ProjectLock(path)
    lock.acquire()  # yet the lock itself is free
    lock.release()
    reader.close()
    assert descriptors() == 0  # all closed once SQLite let go; nothing leaks


def _points_to(fd: Path, path: Path) -> bool:
    try:
        return os.readlink(fd) == str(path)
    except OSError:
        return False


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL and hard links")
def test_a_hard_link_elsewhere_whose_writer_cannot_be_found_is_not_read_behind_its_back(
    tmp_path,
):
    path = tmp_path / "p.annot"
    ProjectService.create(path).close()
    (tmp_path / "elsewhere").mkdir()
    other = tmp_path / "elsewhere" / "p.annot"
    os.link(path, other)
    child = _hold_open(other)
    try:
        with pytest.raises(ProjectLockedError, match="under another name"):
            ProjectService.open(path, read_only=True)
    finally:
        child.kill()
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()


def test_a_bind_mount_of_the_folder_gives_no_second_writer(tmp_path):
    from tests.media import IS_ROOT

    if not IS_ROOT or sys.platform == "win32":
        pytest.skip("mounting needs root")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    mounted = subprocess.run(
        ["mount", "--bind", str(tmp_path / "a"), str(tmp_path / "b")], check=False
    )
    if mounted.returncode:
        pytest.skip("cannot bind-mount here")
    try:
        with (
            ProjectService.create(tmp_path / "a" / "p.annot"),
            pytest.raises(ProjectLockedError, match=f"process {os.getpid()}"),
        ):
            ProjectService.open(tmp_path / "b" / "p.annot")
    finally:
        subprocess.run(["umount", "-l", str(tmp_path / "b")], check=False)
