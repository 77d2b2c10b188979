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
