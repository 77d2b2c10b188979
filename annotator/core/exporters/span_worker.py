"""A second process that formats the later part of a large statements or mentions export.

SQLite formats each line in C, but one connection uses one core. Two connections in two
threads of one process convoyed on the GIL, which the sqlite3 module releases and takes
back around every row (20 s instead of 7 for a million statements), so the later half of
the documents is formatted here, in a process of its own, into a part file that the
exporting process appends to its own half.

The worker must read exactly the snapshot the exporting session reads. The exporter holds
the write lock (``BEGIN IMMEDIATE`` on a connection of its own, :class:`WritersPaused`) from
before its session's first read until this worker says its read transaction has begun: no
commit can fall between the two. The worker is started first, so writers wait for one
exchange of lines (milliseconds), not for a process to start.

Protocol, one line at a time: the exporter starts the worker early and sends
``{"database": path}`` as JSON; the worker answers ``started`` once connected; the exporter
pauses writers and sends the parts, ``{"parts": [{"sql": ..., "params": [...], "out":
path}, ...]}``, then ``snapshot``; the worker begins its read transaction and answers
``ready``; the exporter lets writers go on and sends ``go``; the worker answers ``done
<rows>`` after each part. On failure the worker writes the reason on stderr and exits with
status 1. Only the standard library, :mod:`.span_sql` and :mod:`.line_writer` are
imported, so it starts in ~0.1 s.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from annotator.core.exporters.line_writer import FETCH_ROWS
from annotator.core.exporters.span_sql import register_functions

log = logging.getLogger(__name__)

WORKER_FLAG = "--annotator-span-worker"
"""What the frozen app's launcher answers by running :func:`main` instead of the app."""
MMAP_BYTES = 1 << 32
"""Read the file through a memory map (SQLite caps it at 2 GB): scanning a million
statements took 8.7 s through read() calls and 7.3 s mapped."""
START_TIMEOUT_S = 30.0
"""A frozen app can take seconds to start a process where antivirus software scans it."""
SNAPSHOT_TIMEOUT_S = 3.0
"""Writers are paused meanwhile; the worker answers in milliseconds."""
POLL_S = 0.2
"""How often a wait for the worker asks whether the export was cancelled."""
WRITE_LOCK_TIMEOUT_S = 2.0


class WorkerError(Exception):
    """The worker failed or could not be started; the caller formats the part itself."""


@dataclass(frozen=True)
class Part:
    sql: str
    params: list[str]
    out: Path


def ready_for_export(connection: sqlite3.Connection) -> None:
    """Map the file into memory and add the SQL functions the export queries call (the
    worker's connection and the exporting session's alike)."""
    connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    register_functions(connection)


def open_for_export(database: Path) -> sqlite3.Connection:
    """A read-only connection for formatting export lines."""
    connection = sqlite3.connect(
        f"{database.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None
    )
    ready_for_export(connection)
    return connection


def main() -> int:
    """Run one job read from stdin (see the module docstring)."""
    try:
        job = json.loads(sys.stdin.readline())
        connection = open_for_export(Path(job["database"]))
        _say("started")
        job.update(json.loads(sys.stdin.readline()))  # the parts
        _expect("snapshot")  # writers are paused
        connection.execute("BEGIN")
        connection.execute("SELECT 1 FROM annotation LIMIT 1").fetchall()  # snapshot taken
        _say("ready")
        _expect("go")  # writers go on
        for part in job["parts"]:
            rows = 0
            with open(part["out"], "wb") as handle:
                cursor = connection.execute(part["sql"], part["params"])
                while batch := cursor.fetchmany(FETCH_ROWS):
                    handle.write(b"".join(row[0] for row in batch))
                    rows += len(batch)
            _say(f"done {rows}")
        connection.execute("ROLLBACK")
        connection.close()
    except Exception as error:  # reported to the exporter, which formats the part itself
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        return 1
    return 0


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _expect(word: str) -> None:
    line = sys.stdin.readline().strip()
    if line != word:
        raise RuntimeError(f"expected {word!r} from the exporter, got {line!r}")


def worker_command() -> list[str]:
    if getattr(sys, "frozen", False):  # the bundled app: its launcher knows the flag
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", __name__]


class SpanWorker:
    """The exporter's handle on one worker process."""

    def __init__(self, database: Path) -> None:
        environment = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[3])
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, environment.get("PYTHONPATH")) if p
        )
        try:
            self._process = subprocess.Popen(
                worker_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=environment,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as error:
            raise WorkerError(f"cannot start the export worker: {error}") from error
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._failure: str | None = None
        assert self._process.stdin is not None
        try:
            self._process.stdin.write((json.dumps({"database": str(database)}) + "\n").encode())
            self._process.stdin.flush()
        except OSError as error:
            self.stop()
            raise WorkerError(f"the export worker did not take its job: {error}") from error
        threading.Thread(target=self._read_lines, name="span worker", daemon=True).start()

    def _read_lines(self) -> None:
        assert self._process.stdout is not None
        with self._process.stdout as lines:
            for raw in lines:
                self._lines.put(raw.decode("utf-8", "replace").strip())
        self._lines.put(None)

    def _fail(self, reason: str) -> NoReturn:
        self.stop()
        self._failure = reason
        raise WorkerError(reason)

    def _next(
        self, expected: str, timeout: float | None, should_stop: Callable[[], bool] | None = None
    ) -> str:
        if self._failure is not None:
            raise WorkerError(self._failure)
        waited = 0.0
        while True:
            try:
                line = self._lines.get(timeout=POLL_S)
                break
            except queue.Empty:
                waited += POLL_S
                if should_stop is not None and should_stop():
                    self.stop()
                    raise InterruptedError("the export was cancelled") from None
                if timeout is not None and waited >= timeout:
                    self._fail(f"the export worker sent no '{expected}' in {timeout:.0f} s")
        if line is None or not line.startswith(expected):
            self._end_process()
            stderr = self._process.stderr
            reason = (
                "" if stderr is None or stderr.closed else stderr.read().decode("utf-8", "replace")
            )
            self._fail(f"the export worker failed: {reason.strip() or line or 'no reason given'}")
        return line

    def wait_started(self) -> None:
        """Wait until the worker has started and opened the project."""
        self._next("started", START_TIMEOUT_S)

    def take_snapshot(self, parts: list[Part]) -> None:
        """Give the worker its parts and have it begin its read transaction; wait until it
        has."""
        job = {"parts": [{"sql": p.sql, "params": p.params, "out": str(p.out)} for p in parts]}
        self._send(json.dumps(job))
        self._send("snapshot")
        self._next("ready", SNAPSHOT_TIMEOUT_S)

    def go(self) -> None:
        """Let the worker format its parts (once writers may go on again)."""
        self._send("go")
        assert self._process.stdin is not None
        with contextlib.suppress(OSError):
            self._process.stdin.close()

    def _send(self, word: str) -> None:
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(f"{word}\n".encode())
            self._process.stdin.flush()
        except OSError as error:  # it died: the next wait says why
            log.info("the export worker did not take %r: %s", word[:20], error)

    def wait_part(self, should_stop: Callable[[], bool] | None = None) -> int:
        """Wait for the next part to be complete; its row count. Raises
        ``InterruptedError`` (having ended the worker) when ``should_stop`` says so."""
        return int(self._next("done", None, should_stop).split()[1])

    def _end_process(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdin is not None and not self._process.stdin.closed:
            with contextlib.suppress(OSError):
                self._process.stdin.close()

    def stop(self) -> None:
        """End the worker, finished or not."""
        self._end_process()
        if self._process.stderr is not None:
            self._process.stderr.close()


class WritersPaused:
    """The project's write lock, held from creation until :meth:`release`, so that no commit
    can come between two processes starting to read.

    Raises:
        WorkerError: when it cannot be had in a moment (another process is writing, or the
            file cannot be locked).
    """

    def __init__(self, database: Path) -> None:
        self._connection: sqlite3.Connection | None = None
        try:
            connection = sqlite3.connect(
                database,
                timeout=WRITE_LOCK_TIMEOUT_S,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise WorkerError(f"cannot open the project to pause writers: {error}") from error
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            connection.close()
            raise WorkerError(f"cannot pause writers: {error}") from error
        self._connection = connection

    def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")
            self._connection.close()
            self._connection = None


if __name__ == "__main__":
    sys.exit(main())
