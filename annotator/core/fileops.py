"""Flushing files and folders to disk in a way every platform accepts (DESIGN.md §5).

Windows flushes a file through ``FlushFileBuffers``, which needs a handle with write access:
``os.fsync`` on a file opened read-only raises ``PermissionError`` there (issue #18: export
and backup failed on Windows for exactly that). So a file is reopened for writing to be
flushed. Folders cannot be opened at all on Windows (nor need to be: NTFS records a rename in
its journal), so a folder is flushed on POSIX only, where it is opened read-only because
POSIX opens no folder for writing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush ``path``'s data and metadata to disk (it must exist and be writable)."""
    # O_RDWR, not O_WRONLY|O_TRUNC: the content stays; O_BINARY matters on Windows only.
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make the entries of folder ``path`` (new names, renames) durable; no-op on Windows."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Windows: LockFileEx's flags and the error it gives for a range another handle has locked.
_LOCKFILE_FAIL_IMMEDIATELY = 0x1
_LOCKFILE_EXCLUSIVE_LOCK = 0x2
_ERROR_LOCK_VIOLATION = 33


def _windows_byte_lock(fd: int, offset: int, *, lock: bool) -> bool:
    """Lock (or unlock) one byte at ``offset`` of ``fd``'s file, exclusively and without
    waiting; False when another handle holds it. Windows only.

    ``LockFileEx`` takes the offset in its OVERLAPPED argument: no seek. ``msvcrt.locking``
    locks at the file position instead, and seeking far past the end fails on some file
    systems and under Wine (the first Wine run: ``lseek`` to 2**50 gave EINVAL, so no
    project could be created), and Wine's ``_locking`` reads the position as 32 bits.
    """
    if sys.platform != "win32":
        raise NotImplementedError("byte-range locks are Windows-only; POSIX uses flock")
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class Overlapped(ctypes.Structure):
        _fields_ = (
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        )

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
    overlapped = Overlapped(None, None, offset & 0xFFFFFFFF, offset >> 32, None)
    if lock:
        flags = _LOCKFILE_EXCLUSIVE_LOCK | _LOCKFILE_FAIL_IMMEDIATELY
        done = kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(overlapped))
    else:
        done = kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(overlapped))
    if done:
        return True
    error = ctypes.get_last_error()
    if lock and error == _ERROR_LOCK_VIOLATION:
        return False
    raise ctypes.WinError(error)


def try_lock_byte(fd: int, offset: int) -> bool:
    """Take an exclusive lock on the byte at ``offset`` (Windows); False when it is held."""
    return _windows_byte_lock(fd, offset, lock=True)


def unlock_byte(fd: int, offset: int) -> None:
    """Release :func:`try_lock_byte`'s lock (Windows)."""
    _windows_byte_lock(fd, offset, lock=False)
