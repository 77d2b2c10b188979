"""Write the lines of a query to a file while the query runs, hashing them on the way.

SQLite's step and SHA-256 both release the GIL, so a second thread that hashes and writes
while the first fetches the next batch uses the second core. The query returns each line
as UTF-8 bytes, so nothing is decoded or encoded on the way. A part made by another process
(:mod:`.span_worker`) is appended after the query's own lines, hashed through a memory map
while the kernel copies it.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import queue
import shutil
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

FETCH_ROWS = 5000
COPY_CHUNK = 8 << 20
_DONE = None

Chunk = bytes | Path
"""Lines to write, or a finished part file to append."""


class Digest(Protocol):
    def update(self, data: bytes | mmap.mmap, /) -> None: ...


def append_part(part: Path, handle: BinaryIO, digest: Digest) -> None:
    """Append the file ``part`` to the open binary file ``handle``, updating ``digest``."""
    if part.stat().st_size == 0:
        return
    with open(part, "rb") as source:
        if not hasattr(os, "copy_file_range"):  # not Linux: read once, hash and write
            while data := source.read(COPY_CHUNK):
                digest.update(data)
                handle.write(data)
            return
        handle.flush()
        start = handle.tell()
        failure: list[OSError] = []
        copier = threading.Thread(
            target=_copy_range, args=(source, handle, failure), name=f"append {part.name}"
        )
        copier.start()
        with mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            digest.update(mapped)
        copier.join()
        if failure:  # e.g. a file system without it: copy through user space
            handle.seek(start)
            handle.truncate()
            source.seek(0)
            shutil.copyfileobj(source, handle, COPY_CHUNK)
        else:  # the kernel wrote past the file object's idea of its position
            handle.seek(0, os.SEEK_END)


def _copy_range(source: BinaryIO, target: BinaryIO, failure: list[OSError]) -> None:
    size = os.fstat(source.fileno()).st_size
    copied = 0
    try:
        while copied < size:
            done = os.copy_file_range(source.fileno(), target.fileno(), size - copied, copied)
            if done == 0:
                raise OSError(f"{source.name} ended early")
            copied += done
    except OSError as error:
        failure.append(error)


class _Writer(threading.Thread):
    def __init__(self, path: Path, head: bytes) -> None:
        super().__init__(name=f"write {path.name}", daemon=True)
        self.path = path
        self.head = head
        self.digest = hashlib.sha256()
        self.chunks: queue.Queue[Chunk | None] = queue.Queue(maxsize=4)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with open(self.path, "wb") as handle:
                self.digest.update(self.head)
                handle.write(self.head)
                while (chunk := self.chunks.get()) is not _DONE:
                    if isinstance(chunk, Path):
                        append_part(chunk, handle, self.digest)
                        continue
                    self.digest.update(chunk)
                    handle.write(chunk)
        except BaseException as error:  # handed to the fetching thread, which raises it
            self.error = error
            while self.chunks.get() is not _DONE:  # let the producer finish its puts
                pass

    def put(self, chunk: Chunk | None) -> None:
        if self.error is not None and chunk is not _DONE:
            return
        self.chunks.put(chunk)


def _put_rows(
    connection: sqlite3.Connection,
    sql: str,
    params: Sequence[object],
    writer: _Writer,
    should_stop: Callable[[], bool] | None,
    path: Path,
) -> int:
    count = 0
    cursor = connection.execute(sql, tuple(params))
    try:
        while batch := cursor.fetchmany(FETCH_ROWS):
            if writer.error is not None:
                break
            if should_stop is not None and should_stop():
                raise InterruptedError(f"stopped writing {path.name}")
            writer.put(b"".join(row[0] for row in batch))
            count += len(batch)
    finally:
        cursor.close()
    return count


@dataclass(frozen=True)
class Remainder:
    """What follows a query's own lines: a part file another process made and its row
    count, or, when there is none, a query for the same connection (same snapshot)."""

    part: Path | None = None
    rows: int = 0
    sql: str = ""
    params: Sequence[object] = ()


def write_query_lines(
    connection: sqlite3.Connection,
    sql: str,
    params: Sequence[object],
    path: Path,
    *,
    head: bytes = b"",
    should_stop: Callable[[], bool] | None = None,
    rest: Callable[[], Remainder] | None = None,
) -> tuple[int, str]:
    """Write ``head`` and then the single bytes column of every row of ``sql`` to ``path``
    (then what ``rest`` gives); return (row count, SHA-256 of the file). ``should_stop`` is
    asked between batches; when it says yes, writing stops and ``InterruptedError`` is
    raised (the file is incomplete)."""
    writer = _Writer(path, head)
    writer.start()
    try:
        count = _put_rows(connection, sql, params, writer, should_stop, path)
        if rest is not None and writer.error is None:
            remainder = rest()
            if remainder.part is not None:
                writer.put(remainder.part)
                count += remainder.rows
            else:
                sql, params = remainder.sql, remainder.params
                count += _put_rows(connection, sql, params, writer, should_stop, path)
    finally:
        writer.put(_DONE)
        writer.join()
    if writer.error is not None:
        raise writer.error
    return count, writer.digest.hexdigest()
