"""Write the lines of queries to a file while the queries run, hashing them on the way.

A file's rows are read by one query per range of documents (:mod:`span_sql` makes them).
Each reader thread has its own connection, all of them in one snapshot
(``Database.read_together``), and runs the next range; SQLite's step releases the GIL, so
the readers use every core. The calling thread writes the ranges in order and hashes them
(SHA-256 and the file write release the GIL too). The range being written streams through;
a reader that runs ahead keeps its range in memory, at most one range per reader. Each query
returns its lines as UTF-8 bytes, so nothing is decoded or encoded on the way.
"""

from __future__ import annotations

import hashlib
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

FETCH_ROWS = 5000
_DONE = None


@dataclass(frozen=True)
class Query:
    sql: str
    params: Sequence[object]


class _Readers:
    """Reader threads that run ``queries`` on ``connections``, each range into its queue."""

    def __init__(
        self,
        connections: Sequence[sqlite3.Connection],
        queries: Sequence[Query],
        should_stop: Callable[[], bool] | None,
    ) -> None:
        self.queries = queries
        self.should_stop = should_stop
        self.outputs: list[queue.SimpleQueue[list[bytes] | None]] = [
            queue.SimpleQueue() for _ in queries
        ]
        self.rows = [0] * len(queries)
        self.error: BaseException | None = None
        self.stopped = threading.Event()
        # A reader takes a slot before its next range and the writer gives one back after
        # writing a range: ranges are taken in order, so the one being written always has
        # its slot, and no reader runs more than one range ahead of it.
        self._slots = threading.Semaphore(len(connections) + 1)
        self._next = 0
        self._lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._run, args=(c,), name=f"export reader {n}", daemon=True)
            for n, c in enumerate(connections)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def written(self) -> None:
        self._slots.release()

    def stop(self) -> None:
        self.stopped.set()
        for _ in self.threads:  # wake readers waiting for a slot
            self._slots.release()

    def _take(self) -> int | None:
        self._slots.acquire()
        with self._lock:
            if self.stopped.is_set() or self._next >= len(self.queries):
                return None
            index = self._next
            self._next += 1
            return index

    def _run(self, connection: sqlite3.Connection) -> None:
        while (index := self._take()) is not None:
            output = self.outputs[index]
            try:
                self.rows[index] = self._read(connection, self.queries[index], output)
            except BaseException as error:  # handed to the writing thread, which raises it
                if self.error is None:
                    self.error = error
                self.stopped.set()
            finally:
                output.put(_DONE)

    def _read(
        self,
        connection: sqlite3.Connection,
        query: Query,
        output: queue.SimpleQueue[list[bytes] | None],
    ) -> int:
        count = 0
        cursor = connection.execute(query.sql, tuple(query.params))
        try:
            while batch := cursor.fetchmany(FETCH_ROWS):
                if self.stopped.is_set():
                    break
                if self.should_stop is not None and self.should_stop():
                    raise InterruptedError("export stopped")
                # The rows as they are, not joined: a document's lines are one row of about
                # a megabyte, and joining a batch of them took a fresh block of tens of
                # megabytes (page faults) to copy them into, only to be written out.
                output.put([row[0] for row in batch])
                count += sum(row[1] for row in batch)
        finally:
            cursor.close()
        return count


def write_queries_lines(
    connections: Sequence[sqlite3.Connection],
    queries: Sequence[Query],
    path: Path,
    *,
    head: bytes = b"",
    should_stop: Callable[[], bool] | None = None,
) -> tuple[int, str]:
    """Write ``head`` and then the bytes of every row of ``queries``, in order, to ``path``;
    each row is (bytes, how many lines they hold). Return (lines, SHA-256 of the file).

    The connections must see one snapshot (the queries are parts of one answer). When
    ``should_stop`` says yes, writing stops and ``InterruptedError`` is raised (the file is
    incomplete)."""
    if not connections:
        raise ValueError("no connection to read with")
    readers = _Readers(connections, queries, should_stop)
    digest = hashlib.sha256(head)
    readers.start()
    try:
        with open(path, "wb") as handle:
            handle.write(head)
            for output in readers.outputs:
                while (rows := output.get()) is not _DONE:
                    for chunk in rows:
                        digest.update(chunk)
                        handle.write(chunk)
                if readers.error is not None:
                    break
                readers.written()
            handle.flush()
            os.fsync(handle.fileno())  # on the handle that wrote it (Windows needs that)
    finally:
        readers.stop()
        for thread in readers.threads:
            thread.join()
    if readers.error is not None:
        if isinstance(readers.error, InterruptedError):
            raise InterruptedError(f"stopped writing {path.name}") from readers.error
        raise readers.error
    return sum(readers.rows), digest.hexdigest()
