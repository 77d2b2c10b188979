"""Which project files this process has open through SQLite, known by the file's identity.

A file's identity is its device and inode on POSIX, its volume serial number and file index
on Windows (``os.stat`` fills ``st_dev`` and ``st_ino`` from GetFileInformationByHandle there
too), so a hard link, a symlink, a bind mount or a ``..`` path all name the same file.

Why it matters: closing *any* descriptor of a file drops every POSIX (fcntl) lock the process
holds on it, SQLite's included. A connection in another process can then take the file for its
own, checkpoint and restart the WAL under a live writer, and committed transactions vanish
(seen in tests/reliability: an idle connection left open while the same process read the
file's header). So while SQLite has a file open here, nothing else may close a descriptor of
it: such descriptors (the lock's) are parked and closed once the last connection has gone.
"""

from __future__ import annotations

import collections
import contextlib
import os
import threading
from pathlib import Path

FileIdentity = tuple[int, int]
"""(device, inode) on POSIX; (volume serial number, file index) on Windows."""

_lock = threading.Lock()
_open: collections.Counter[FileIdentity | str] = collections.Counter()
_parked: dict[FileIdentity | str, list[int]] = {}
_names: dict[FileIdentity | str, Path] = {}


def identity_of(path: Path) -> FileIdentity | None:
    """The identity of the file at ``path`` (following symlinks), or None when it is missing
    or the file system gives no file numbers (then its resolved path stands in)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if status.st_ino == 0:  # some network and FAT file systems on Windows
        return None
    return (status.st_dev, status.st_ino)


def _key(path: Path) -> FileIdentity | str:
    return identity_of(path) or str(Path(path).resolve())


def register(path: Path) -> FileIdentity | str:
    """Note that SQLite connections to ``path`` are open here; return the key to pass to
    :func:`unregister` (the identity can change later: a restore puts another file there)."""
    key = _key(path)
    with _lock:
        _open[key] += 1
        _names.setdefault(key, Path(path))
    return key


def unregister(key: FileIdentity | str) -> None:
    """The connections registered under ``key`` are all closed: close parked descriptors."""
    with _lock:
        _open[key] -= 1
        if _open[key] > 0:
            return
        del _open[key]
        _names.pop(key, None)
        parked = _parked.pop(key, [])
    for descriptor in parked:
        with contextlib.suppress(OSError):
            os.close(descriptor)


def is_open(path: Path) -> bool:
    """Whether this process holds SQLite connections to the file at ``path``."""
    key = _key(path)
    with _lock:
        return _open[key] > 0


def name_in_use(path: Path) -> Path | None:
    """The name under which SQLite has the file at ``path`` open here, if it has."""
    key = _key(path)
    with _lock:
        return _names.get(key) if _open[key] > 0 else None


def close_descriptor(key: FileIdentity | str, descriptor: int) -> None:
    """Close ``descriptor`` (of the file known as ``key``) now, or once SQLite has closed the
    file here when it still has it open (see the module docstring)."""
    with _lock:
        if _open[key] > 0:
            _parked.setdefault(key, []).append(descriptor)
            return
    os.close(descriptor)
