"""Write the lines of a query to a file while the query runs, hashing them on the way.

SQLite's step and SHA-256 both release the GIL, so a second thread that hashes and writes
while the first fetches the next batch uses the second core. The query returns each line
as UTF-8 bytes, so nothing is decoded or encoded on the way.
"""

from __future__ import annotations

import hashlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

FETCH_ROWS = 5000
_DONE = None


class _Writer(threading.Thread):
    def __init__(self, path: Path, head: bytes) -> None:
        super().__init__(name=f"write {path.name}", daemon=True)
        self.path = path
        self.head = head
        self.digest = hashlib.sha256()
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with open(self.path, "wb") as handle:
                self.digest.update(self.head)
                handle.write(self.head)
                while (chunk := self.chunks.get()) is not _DONE:
                    self.digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())  # on the handle that wrote it (Windows needs that)
        except BaseException as error:  # handed to the fetching thread, which raises it
            self.error = error
            while self.chunks.get() is not _DONE:  # let the producer finish its puts
                pass

    def put(self, chunk: bytes | None) -> None:
        if self.error is not None and chunk is not _DONE:
            return
        self.chunks.put(chunk)


def write_query_lines(
    connection: sqlite3.Connection,
    sql: str,
    params: Sequence[object],
    path: Path,
    *,
    head: bytes = b"",
    should_stop: Callable[[], bool] | None = None,
) -> tuple[int, str]:
    """Write ``head`` and then the single bytes column of every row of ``sql`` to ``path``;
    return (row count, SHA-256 of the file). ``should_stop`` is asked between batches; when
    it says yes, writing stops and ``InterruptedError`` is raised (the file is incomplete)."""
    writer = _Writer(path, head)
    writer.start()
    count = 0
    try:
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
    finally:
        writer.put(_DONE)
        writer.join()
    if writer.error is not None:
        raise writer.error
    return count, writer.digest.hexdigest()
