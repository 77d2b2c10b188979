"""Windows' file rules, checked on every platform (issue #18; DESIGN.md §5).

Windows refuses ``fsync`` of a read-only handle (tests/conftest.py applies that rule to every
test) and cannot delete or replace a file that is still open, so every index and file handle
must be closed on every error path. On Linux an open handle is seen in /proc/self/fd.
"""

from __future__ import annotations

import os
import sys

import pytest

from annotator.core import fileops
from annotator.core.dataset_schema import MANIFEST_FILE
from annotator.core.exporters.dataset_folder import dataset_folder
from annotator.services import self_test

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")


def open_paths_under(folder_name_part: str) -> list[str]:
    """The files this process holds open whose path contains ``folder_name_part``."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)
        if folder_name_part in target:
            found.append(target)
    return found


def test_the_guard_refuses_fsync_of_a_read_only_handle(
    tmp_path,
    _fsync_only_on_writable_handles,  # noqa: PT019 (its value: the refused fsyncs)
):
    if sys.platform == "win32":
        pytest.skip("Windows itself applies the rule")
    path = tmp_path / "data.bin"
    path.write_bytes(b"abc")
    with open(path, "rb") as handle, pytest.raises(PermissionError):
        os.fsync(handle.fileno())
    assert _fsync_only_on_writable_handles == [str(path)]
    _fsync_only_on_writable_handles.clear()  # seen; the fixture's own check would fail


def test_fsync_file_keeps_the_content_and_passes_the_guard(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x00content\r\n")
    fileops.fsync_file(path)
    assert path.read_bytes() == b"\x00content\r\n"


def test_fsync_dir_accepts_a_folder(tmp_path):
    (tmp_path / "a").write_text("x")
    fileops.fsync_dir(tmp_path)  # POSIX: a read-only folder handle, which the guard allows


def test_a_finished_dataset_folder_was_flushed_through_writable_handles(tmp_path):
    target = tmp_path / "out"
    with dataset_folder(target) as staging:
        (staging / "rows.jsonl").write_text('{"a": 1}\n', encoding="utf-8")
        (staging / MANIFEST_FILE).write_text("{}", encoding="utf-8")
    assert (target / "rows.jsonl").read_text(encoding="utf-8") == '{"a": 1}\n'


@linux_only
def test_a_failing_dataset_folder_leaves_nothing_open_or_behind(tmp_path):
    target = tmp_path / "out"

    def failing_export() -> None:
        with dataset_folder(target) as staging:
            (staging / "rows.jsonl").write_text("half", encoding="utf-8")
            raise RuntimeError("the export failed")

    with pytest.raises(RuntimeError):
        failing_export()
    assert open_paths_under(str(tmp_path)) == []
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == []


@linux_only
def test_a_failed_self_test_step_closes_the_search_index_and_project(monkeypatch, capsys):
    """Windows could not delete the self-test's scratch folder after the export step failed:
    the search index in it was left open (issue #18)."""

    def failing_export(*args, **kwargs):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(self_test, "export_dataset", failing_export)
    assert self_test.run_self_test(lambda line: None) is False
    assert open_paths_under("annotator-self-test-") == []
