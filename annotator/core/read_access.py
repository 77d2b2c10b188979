"""Reading a project file that this process will not write, wherever it lies.

A WAL-mode file is read through its ``-shm`` index, which SQLite creates beside it; in a
read-only folder (a CD, a write-protected stick, a share without write permission) it cannot,
and a plain read-only open fails with "unable to open database file". What works, by case
(tests/core/test_read_only_media.py; SQLite 3.40 and later):

- a writable folder, or ``-wal`` and ``-shm`` already there (the file was copied or left
  while open): a plain open reads the file and its WAL (SQLite opens a file it cannot write
  read-only by itself, and its index read-only into private memory);
- no ``-wal`` (or an empty one): nothing is outside the main file, so ``immutable=1`` reads
  it without any lock or index. Never with a ``-wal`` that holds commits: immutable ignores
  the WAL, and the reader would see the file as it was before them;
- a ``-wal`` without its ``-shm``: SQLite can neither build the index there nor ignore the
  WAL safely, so the file and its WAL are copied into a private temporary folder and read
  from there (the copy goes when the project is closed).

Connections are ``query_only`` and never change the journal mode (a read-only open of an
empty file once wrote an SQLite header into it). As with any SQLite reader, the last
connection to close in a writable folder checkpoints a WAL left by a crashed writer.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.sqlite_library import stop_counting_memory

log = logging.getLogger(__name__)

# Before the process's first connection: every module that opens one imports this module.
stop_counting_memory()


def sqlite_uri(path: Path, **parameters: str) -> str:
    """A ``file:`` URI for ``path`` (``?``, ``#`` and ``%`` in names escaped)."""
    text = Path(path).absolute().as_posix()
    if not text.startswith("/"):  # a Windows drive path: file:/C:/...
        text = "/" + text
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"file:{urllib.parse.quote(text, safe='/:')}" + (f"?{query}" if query else "")


def _readable(uri: str) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            connection.execute("PRAGMA query_only = ON")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        return False
    return True


@dataclass
class ReadAccess:
    """How to read one project file: an SQLite URI, and what it took (for the log)."""

    path: Path
    uri: str
    how: str
    snapshot: Path | None = None

    def connect(self, *, timeout: float = 5.0) -> sqlite3.Connection:
        connection = sqlite3.connect(self.uri, uri=True, timeout=timeout, check_same_thread=False)
        connection.execute("PRAGMA query_only = ON")
        return connection

    def close(self) -> None:
        """Remove the private copy, if one was made."""
        if self.snapshot is not None:
            shutil.rmtree(self.snapshot, ignore_errors=True)
            self.snapshot = None


def read_access(path: Path) -> ReadAccess:
    """The way to read ``path`` without writing anything (see the module docstring).

    When nothing works (a missing or unreadable file), the plain URI is returned and the
    caller's first query reports SQLite's own error.
    """
    path = Path(path)
    plain = sqlite_uri(path, mode="rw")  # not "rwc": a missing file is never created
    if _readable(plain):
        return ReadAccess(path, plain, "read-only")
    wal = path.with_name(path.name + "-wal")
    try:
        wal_bytes = wal.stat().st_size
    except OSError:
        wal_bytes = 0
    if wal_bytes == 0:
        immutable = sqlite_uri(path, mode="ro", immutable="1")
        if _readable(immutable):
            log.info("reading %s as immutable (its folder cannot be written)", path)
            return ReadAccess(path, immutable, "immutable (the folder is read-only)")
        return ReadAccess(path, plain, "read-only")
    return _private_copy(path, wal) or ReadAccess(path, plain, "read-only")


def _private_copy(path: Path, wal: Path) -> ReadAccess | None:
    folder = Path(tempfile.mkdtemp(prefix="annotator-read-"))
    copy = folder / path.name
    try:
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    except OSError as error:
        log.warning("cannot copy %s to read it: %s", path, error)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    uri = sqlite_uri(copy, mode="rw")
    if not _readable(uri):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    log.info("reading %s through a private copy (a -wal without its -shm, read-only)", path)
    return ReadAccess(path, uri, "a private copy (the folder is read-only)", folder)


def private_copy_of(access: ReadAccess, how: str) -> ReadAccess:
    """A copy of what ``access`` reads, in a private temporary folder, taken through SQLite's
    backup API (the file and its WAL as one snapshot), to be changed there (an older
    version's file upgraded so this version can read it); ``access`` is closed."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-read-"))
    copy = folder / access.path.name
    try:
        with (
            contextlib.closing(access.connect()) as source,
            contextlib.closing(sqlite3.connect(copy)) as target,
        ):
            source.backup(target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        access.close()
    log.info("reading %s through a private copy: %s", access.path, how)
    return ReadAccess(access.path, sqlite_uri(copy, mode="rw"), how, folder)


@contextlib.contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only sqlite3 connection to ``path`` for the block (see :func:`read_access`)."""
    access = read_access(path)
    try:
        with contextlib.closing(access.connect()) as connection:
            yield connection
    finally:
        access.close()
