"""Bulk work keeps freed memory for reuse, and the allocator's defaults come back after."""

from __future__ import annotations

import threading

import pytest

from annotator.core import memory


class _Allocator:
    """Records what is asked of glibc's allocator."""

    def __init__(self) -> None:
        self.settings: dict[int, int] = {}
        self.trims = 0

    def mallopt(self, parameter: int, value: int) -> int:
        self.settings[parameter] = value
        return 1

    def malloc_trim(self, pad: int) -> int:
        self.trims += 1
        return 1


@pytest.fixture
def allocator(monkeypatch):
    recorder = _Allocator()
    monkeypatch.setattr(memory, "_libc", recorder)
    return recorder


def test_freed_memory_is_kept_inside_and_the_defaults_come_back_after(allocator):
    with memory.reusing_freed_memory():
        assert allocator.settings == memory.KEEPING
        assert allocator.settings[memory.M_TRIM_THRESHOLD] >= 64 << 20
    assert allocator.settings == memory.DEFAULTS
    assert allocator.trims == 1


def test_the_defaults_come_back_when_the_last_of_overlapping_blocks_ends(allocator):
    first, second = memory.reusing_freed_memory(), memory.reusing_freed_memory()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert allocator.settings == memory.KEEPING
    second.__exit__(None, None, None)
    assert allocator.settings == memory.DEFAULTS


def test_the_defaults_come_back_after_an_error(allocator):
    with pytest.raises(ValueError, match="export failed"), memory.reusing_freed_memory():
        raise ValueError("the export failed")
    assert allocator.settings == memory.DEFAULTS


def test_blocks_in_two_threads_share_one_setting(allocator):
    inside = threading.Barrier(2)
    seen: list[dict[int, int]] = []

    def work() -> None:
        with memory.reusing_freed_memory():
            inside.wait()
            seen.append(dict(allocator.settings))
            inside.wait()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [memory.KEEPING, memory.KEEPING]
    assert allocator.settings == memory.DEFAULTS


def test_an_export_runs_with_freed_memory_kept(tmp_path, monkeypatch):
    from annotator.services import dataset_export
    from annotator.services.project import ProjectService

    entered: list[bool] = []
    real = memory.reusing_freed_memory

    def recording():
        entered.append(True)
        return real()

    monkeypatch.setattr(dataset_export, "reusing_freed_memory", recording)
    project = ProjectService.create(tmp_path / "p.annot")
    try:
        dataset_export.export_dataset(project, tmp_path / "out", fmt="csv")
    finally:
        project.close()
    assert entered == [True]


def test_glibc_is_found_where_it_is_the_c_library():
    import platform
    import sys

    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert memory._glibc() is not None
    else:
        assert memory._glibc() is None
