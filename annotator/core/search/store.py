"""The search index's folder on disk: its record, locks, writing, swapping and clean-up.

Beside the Whoosh files, ``annotator-index.json`` records the project id, the schema version,
the watermark (the project's last change the index holds) and the size of every index file at
the last commit. The index is trusted only when all of them agree; a missing, truncated or
foreign file, an older schema, or a commit that was interrupted after Whoosh wrote but before
the record was updated all make :meth:`IndexStore.status` report a problem, and the services
rebuild. The record is written after Whoosh commits and replaced atomically.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from annotator.core.processes import can_fork_workers, workers_die_with_parent
from annotator.core.search import (
    Cancelled,
    Entry,
    IndexStatus,
    Progress,
)
from annotator.core.search.entries import entry_fields
from annotator.core.search.schema import SCHEMA_VERSION, make_schema
from annotator.core.search.whoosh_compat import (
    IndexLockError,
    acquire,
    commit_lock,
    last_commit_files,
)
from annotator.core.search.whoosh_postings import writer_codec

log = logging.getLogger(__name__)

META_FILE = "annotator-index.json"
INDEX_NAME = "MAIN"
BULK_THRESHOLD = 1000
"""Rebuilds of at least this many entries use two processes and several segments."""
MAX_SEGMENTS = 8
WRITER_TIMEOUT_S = 5.0
"""How long an update waits for another process's index writer before giving up."""


IndexBusyError = IndexLockError
"""Another process is writing the index (its writer lock is taken)."""


class IndexCancelledError(Exception):
    """A rebuild was cancelled; the index is left marked as unusable."""


COMMIT_LOCK = "annotator-commit"
"""A lock file in the index folder, held across a whole commit (Whoosh's writer, then the
record) and across replacing the folder. Whoosh's own lock ends before the record is
written; while another copy of the app is between the two, the index looks damaged, and it
once rebuilt and swapped the folder away under that copy's commit (its new segment's files
vanished: tests/reliability/test_concurrency.py)."""


@contextlib.contextmanager
def committing(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the commit lock of ``folder`` for the block, waiting up to ``timeout`` seconds.

    Raises:
        IndexBusyError: another process holds it for longer.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock = commit_lock(str(folder), COMMIT_LOCK)
    if not acquire(lock, timeout):
        raise IndexBusyError(f"another process is writing the search index in {folder}")
    try:
        yield
    finally:
        lock.release()


class IndexStore:
    """One project's index folder: whether it can be trusted, and writing it."""

    def __init__(self, folder: Path, project_id: str) -> None:
        self.folder = Path(folder)
        self.project_id = project_id
        # Opening the index reads its table of contents and schema: keep one open, with a
        # searcher that is refreshed (cheaply) when a commit made a new generation.
        self._ix: Any = None
        self._searcher_cache: Any = None

    def close(self) -> None:
        """Close the cached searcher (before the files are replaced, and at the end)."""
        if self._searcher_cache is not None:
            self._searcher_cache.close()
        self._searcher_cache = None
        self._ix = None

    def _open(self) -> Any:
        if self._ix is None:
            self._ix = whoosh_index.open_dir(str(self.folder), indexname=INDEX_NAME)
        return self._ix

    @contextlib.contextmanager
    def _searcher(self) -> Iterator[Any]:
        # A new searcher when the index has a newer commit, never Searcher.refresh(): it
        # reuses the readers of unchanged segments and, after Whoosh merged segments, listed
        # one document twice in the hits (tests/reliability found it; a fresh searcher costs
        # ~1 ms, only after a commit).
        ix = self._open()
        cached = self._searcher_cache
        if cached is None or cached.reader().generation() != ix.latest_generation():
            if cached is not None:
                cached.close()
            self._searcher_cache = ix.searcher()
        yield self._searcher_cache

    # --- state ---------------------------------------------------------------------------

    def _meta_path(self) -> Path:
        return self.folder / META_FILE

    def _read_meta(self) -> dict[str, Any] | None:
        try:
            meta = json.loads(self._meta_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return meta if isinstance(meta, dict) else None

    def _file_sizes(self, folder: Path | None = None) -> dict[str, int]:
        """Sizes of the files of the last commit: its table of contents and the files of
        its segments (not what a writer that is still at work has put beside them).

        Raises:
            Exception: when no table of contents can be read (a damaged index).
        """
        folder = folder or self.folder
        toc, prefixes = last_commit_files(str(folder), INDEX_NAME)
        names = [toc] + [path.name for path in folder.iterdir() if path.name.startswith(prefixes)]
        return {name: (folder / name).stat().st_size for name in sorted(names)}

    def status(self) -> IndexStatus:
        """Whether the index can be trusted as it is (see the module docstring), or whether
        another process is writing it (``busy``: use it as it is meanwhile)."""
        if not self.folder.is_dir():
            return IndexStatus(None, "there is no index yet")
        try:
            with committing(self.folder, timeout=0):
                return self._checked_status()
        except IndexBusyError:
            meta = self._read_meta() or {}
            watermark = meta.get("watermark")
            return IndexStatus(
                watermark if isinstance(watermark, int) else None,
                busy=True,
                generation=_generation(meta),
            )

    def _checked_status(self) -> IndexStatus:
        meta = self._read_meta()
        if meta is None:
            return IndexStatus(None, "there is no index yet (or its record is unreadable)")
        if meta.get("project_id") != self.project_id:
            return IndexStatus(None, "the index belongs to another project")
        if meta.get("schema_version") != SCHEMA_VERSION:
            return IndexStatus(None, "the index was made by another version of Annotator")
        try:
            sizes = self._file_sizes()
        except Exception as error:  # no folder, no readable table of contents, ...
            return IndexStatus(None, f"the index cannot be read: {error}")
        if sizes != meta.get("files"):
            return IndexStatus(None, "index files are missing, changed or truncated")
        try:
            ix = whoosh_index.open_dir(str(self.folder), indexname=INDEX_NAME)
            with ix.searcher() as searcher:
                count = searcher.doc_count()
        except Exception as error:  # any damage shows up as some Whoosh or OS error
            return IndexStatus(None, f"the index cannot be opened: {error}")
        if count != meta.get("entries"):
            return IndexStatus(None, "the index holds a different number of entries")
        return IndexStatus(int(meta["watermark"]), generation=_generation(meta))

    def _write_meta(
        self, watermark: int, generation: str, entries: int, *, folder: Path | None = None
    ) -> None:
        folder = folder or self.folder
        meta = {
            "project_id": self.project_id,
            "schema_version": SCHEMA_VERSION,
            "watermark": watermark,
            "generation": generation,
            "entries": entries,
            "files": self._file_sizes(folder),
        }
        temporary = folder / (META_FILE + ".tmp")
        temporary.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        os.replace(temporary, folder / META_FILE)

    # --- writing -------------------------------------------------------------------------

    def rebuild(
        self,
        entries: Iterable[Entry],
        watermark: int,
        *,
        generation: str = "",
        total: int = 0,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        """Replace the index with ``entries`` (``total`` of them, for progress).

        The new index is built in a folder beside the old one and swapped in when complete,
        so a reader (another copy of the app) never sees a half-built index and a crash or
        a cancel leaves no half-built index behind as if it were whole.
        """
        self._remove_leftovers()
        staging = self.folder.with_name(f"{self.folder.name}.building-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            count = self._build(staging, entries, total, progress, cancelled)
            self._write_meta(watermark, generation, count, folder=staging)
            self.close()
            self._swap_in(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        log.info("search index rebuilt: %d entries at watermark %d", count, watermark)

    def _remove_leftovers(self) -> None:
        """Remove half-built or replaced index folders of processes that are gone."""
        if os.name != "posix" or not self.folder.parent.is_dir():
            return
        for path in self.folder.parent.glob(f"{self.folder.name}.*-*"):
            kind, _, pid = path.name[len(self.folder.name) + 1 :].partition("-")
            if kind not in ("building", "old") or not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(path, ignore_errors=True)
            except PermissionError:
                continue  # alive, someone else's

    def _swap_in(self, staging: Path) -> None:
        old = self.folder.with_name(f"{self.folder.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.folder.exists():
            with committing(self.folder, WRITER_TIMEOUT_S):  # no commit is under way
                os.replace(self.folder, old)
                os.replace(staging, self.folder)
        else:
            os.replace(staging, self.folder)
        shutil.rmtree(old, ignore_errors=True)

    def _build(
        self,
        folder: Path,
        entries: Iterable[Entry],
        total: int,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> int:
        ix = whoosh_index.create_in(str(folder), make_schema(), indexname=INDEX_NAME)
        # Two writer processes pay off for large rebuilds, but Whoosh starts them with
        # fork(), which is unsafe from a process running other threads (the app's worker
        # threads, Qt's): only the main thread of a command-line run uses them, and only
        # where they can be made to end with it (a kill -9 left them waiting forever).
        bulk = (
            total >= BULK_THRESHOLD
            and (os.cpu_count() or 1) > 1
            and threading.current_thread() is threading.main_thread()
            and can_fork_workers()
        )
        if bulk:
            workers_die_with_parent()
        codec = writer_codec()
        writer = (
            ix.writer(procs=2, multisegment=True, limitmb=128, codec=codec)
            if bulk
            else ix.writer(limitmb=128, codec=codec)
        )
        count = 0
        try:
            for count, entry in enumerate(entries, start=1):
                writer.add_document(**entry_fields(entry))
                if count % 200 == 0:
                    if cancelled is not None and cancelled():
                        raise IndexCancelledError("rebuilding the search index was cancelled")
                    if progress is not None:
                        progress(count, max(total, count))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        if progress is not None:
            progress(count, max(total, count))
        return count

    def update(
        self,
        document_ids: Iterable[str],
        entries: Iterable[Entry],
        watermark: int,
        *,
        generation: str = "",
    ) -> None:
        """Replace everything indexed for ``document_ids`` with ``entries`` (documents that
        no longer exist simply get no entries)."""
        with committing(self.folder, WRITER_TIMEOUT_S):
            ix = self._open()
            writer: IndexWriter = ix.writer(timeout=WRITER_TIMEOUT_S, codec=writer_codec())
            try:
                for document_id in document_ids:
                    writer.delete_by_term("doc_id", document_id)
                for entry in entries:
                    writer.add_document(**entry_fields(entry))
            except BaseException:
                writer.cancel()
                raise
            # Many small commits leave many segments and slow queries 3-6x (DESIGN.md §6):
            # let Whoosh merge small ones when they pile up.
            with ix.reader() as reader:
                segments = len(reader.leaf_readers())
            writer.commit(merge=segments >= MAX_SEGMENTS)
            with ix.searcher() as searcher:
                self._write_meta(watermark, generation, searcher.doc_count())

    def merge_segments(self) -> None:
        """Merge all segments into one (when idle: queries get faster)."""
        with committing(self.folder, timeout=0):  # busy: the next idle moment will do
            ix = self._open()
            meta = self._read_meta()
            ix.writer(codec=writer_codec()).commit(optimize=True)
            if meta is not None:
                with ix.searcher() as searcher:
                    self._write_meta(
                        int(meta["watermark"]), _generation(meta) or "", searcher.doc_count()
                    )

    def digests(self) -> dict[str, str]:
        """Entry id -> digest of every entry in the index (for `check`)."""
        with self._searcher() as searcher:
            return {
                str(stored["id"]): str(stored.get("digest", ""))
                for stored in searcher.all_stored_fields()
            }


def _generation(meta: dict[str, Any]) -> str | None:
    generation = meta.get("generation")
    return generation if isinstance(generation, str) else None
