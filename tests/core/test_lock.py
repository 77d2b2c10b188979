"""One writer per project; others read; a crashed writer's lock is recovered."""

import os
import signal
import subprocess
import sys
import textwrap

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
