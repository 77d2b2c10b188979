"""Read-only media and full disks, for real, in tests.

A read-only folder or file is made the way a user meets one: without write permission (when
the tests run as an ordinary user), or, as root, whom permissions do not stop, as a read-only
bind mount (a write-protected stick or a read-only share: the kernel answers EROFS). A full
disk is a small tmpfs filled to the last byte (root only). Tests that cannot have either are
skipped, with the reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> bool:
    result = subprocess.run(["mount", *args], capture_output=True, check=False)
    return result.returncode == 0


def _unmount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True, check=False).returncode:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make the folder or file ``path`` read-only for this process for the block; yields
    how ("permissions" or "read-only mount")."""
    if sys.platform == "win32":
        pytest.skip("read-only media are simulated on POSIX only")
    path = Path(path)
    if not IS_ROOT:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        try:
            yield "permissions"
        finally:
            path.chmod(mode)
        return
    if not (_mount("--bind", str(path), str(path))):
        pytest.skip("running as root without the right to mount: no read-only media")
    try:
        if not _mount("-o", "remount,ro,bind", str(path)):
            pytest.skip("cannot remount read-only")
        yield "read-only mount"
    finally:
        _unmount(path)


def assert_cannot_write(path: Path) -> None:
    """The premise of a read-only test: this process really cannot write ``path``."""
    target = path if path.is_file() else path / ".write-probe"
    flags = os.O_RDWR if path.is_file() else os.O_RDWR | os.O_CREAT
    refused: OSError | None = None
    try:
        os.close(os.open(target, flags))
    except OSError as error:
        refused = error
    if refused is None and not path.is_file():
        target.unlink()
    assert refused is not None, f"{path} is writable: the test would prove nothing"
    assert refused.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


@contextlib.contextmanager
def small_disk(path: Path, size: str = "2m") -> Iterator[Path]:
    """A file system of ``size`` mounted at the (new, empty) folder ``path``."""
    if not IS_ROOT or sys.platform == "win32":
        pytest.skip("a full disk needs root to mount a small file system")
    path.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)):
        pytest.skip("cannot mount a small file system here")
    try:
        yield path
    finally:
        _unmount(path)


def fill(folder: Path) -> None:
    """Write into ``folder`` until its file system has no byte left."""
    block = b"\0" * 4096
    with open(folder / "filler", "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(block)
    with open(folder / "filler-small", "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0")
