"""The search index on Whoosh: a cache of the project, checked before use, repaired by
rebuilding.

Beside the Whoosh files, ``annotator-index.json`` records the project id, the schema version,
the watermark (the project's last change the index holds) and the size of every index file at
the last commit. The index is trusted only when all of them agree; a missing, truncated or
foreign file, an older schema, or a commit that was interrupted after Whoosh wrote but before
the record was updated all make :meth:`WhooshIndex.status` report a problem, and the services
rebuild. The record is written after Whoosh commits and replaced atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import collectors, query
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.util.filelock import try_for
from whoosh.writing import IndexWriter

from annotator.core.processes import can_fork_workers, workers_die_with_parent
from annotator.core.search import (
    ActorResolver,
    Cancelled,
    DocumentEntry,
    Entry,
    IndexStatus,
    Mark,
    Progress,
    RankedHit,
    SearchOutcome,
    Snippet,
    StatementEntry,
    TextSource,
)
from annotator.core.search.bulk import BulkPhrase
from annotator.core.search.query import Marker, QueryBuilder
from annotator.core.search.schema import SCHEMA_VERSION, make_schema

log = logging.getLogger(__name__)

META_FILE = "annotator-index.json"
INDEX_NAME = "MAIN"
SNIPPETS = 3
SNIPPET_CONTEXT = 70
BULK_THRESHOLD = 1000
"""Rebuilds of at least this many entries use two processes and several segments."""
MAX_SEGMENTS = 8
WRITER_TIMEOUT_S = 5.0
"""How long an update waits for another process's index writer before giving up."""


IndexBusyError = whoosh_index.LockError
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
def _committing(folder: Path, timeout: float) -> Iterator[None]:
    """Hold the commit lock of ``folder`` for the block, waiting up to ``timeout`` seconds.

    Raises:
        IndexBusyError: another process holds it for longer.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(folder)).lock(COMMIT_LOCK)
    if not (lock.acquire(blocking=False) or try_for(lock.acquire, timeout=timeout)):
        raise IndexBusyError(f"another process is writing the search index in {folder}")
    try:
        yield
    finally:
        lock.release()


def _entry_fields(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, DocumentEntry):
        published = entry.published_at
        fields: dict[str, Any] = {
            "id": entry.id,
            "kind": "document",
            "doc_id": entry.id,
            "title": entry.title,
            "source": entry.source,
            "body": entry.text,
            "actor": "\n".join(entry.actors),
            "actor_id": ",".join(entry.actor_ids),
            "named": ",".join(entry.named_actor_ids),
            "claim": "\n".join(entry.claims),
            "stance": ",".join(entry.stances),
            "coder": ",".join(entry.coders),
        }
        if published is not None:
            fields["date"] = dt.datetime(published.year, published.month, published.day)
        return fields
    return {
        "id": entry.id,
        "kind": "statement",
        "doc_id": entry.document_id,
        "body": entry.quote,
        "actor": entry.speaker,
        "actor_id": entry.speaker_id,
        "claim": "\n".join(entry.claims),
        "stance": entry.stance,
        "coder": entry.coder,
    }


def make_snippets(text: str, marks: list[Mark], limit: int = SNIPPETS) -> list[Snippet]:
    """Up to ``limit`` excerpts of ``text`` around the marks, the densest first chosen, then
    shown in text order; each excerpt starts and ends at a word boundary."""
    windows: list[tuple[int, int, list[Mark]]] = []
    for mark in marks:
        if windows and mark.start <= windows[-1][1]:
            start, _end, inside = windows[-1]
            windows[-1] = (start, min(len(text), mark.end + SNIPPET_CONTEXT), [*inside, mark])
        else:
            start = max(0, mark.start - SNIPPET_CONTEXT)
            windows.append((start, min(len(text), mark.end + SNIPPET_CONTEXT), [mark]))
    if not windows:  # matched in another field (title, source, actor...): show the lead
        end = (
            len(text)
            if len(text) <= 2 * SNIPPET_CONTEXT
            else text.rfind(" ", 0, 2 * SNIPPET_CONTEXT)
        )
        end = end if end > 0 else min(len(text), 2 * SNIPPET_CONTEXT)
        return [Snippet(0, end, text[:end].replace("\n", " "))] if text else []
    best = sorted(windows, key=lambda w: (-len(w[2]), w[0]))[:limit]
    snippets = []
    for start, end, inside in sorted(best):
        if start > 0:
            space = text.find(" ", start, inside[0].start)
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", inside[-1].end, end)
            end = space if space >= 0 else end
        excerpt = text[start:end].replace("\n", " ")  # same length: marks stay aligned
        snippets.append(Snippet(start, end, excerpt, tuple(inside)))
    return snippets


class WhooshIndex:
    """One project's index in ``folder``; see the module docstring."""

    def __init__(self, folder: Path, project_id: str) -> None:
        self.folder = Path(folder)
        self.project_id = project_id
        self._builder = QueryBuilder()
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
        toc = TOC.read(FileStorage(str(folder)), INDEX_NAME)
        prefixes = tuple(f"{segment.segment_id()}." for segment in toc.segments)
        names = [f"_{INDEX_NAME}_{toc.generation}.toc"] + [
            path.name for path in folder.iterdir() if path.name.startswith(prefixes)
        ]
        return {name: (folder / name).stat().st_size for name in sorted(names)}

    def status(self) -> IndexStatus:
        """Whether the index can be trusted as it is (see the module docstring), or whether
        another process is writing it (``busy``: use it as it is meanwhile)."""
        if not self.folder.is_dir():
            return IndexStatus(None, "there is no index yet")
        try:
            with _committing(self.folder, timeout=0):
                return self._checked_status()
        except IndexBusyError:
            meta = self._read_meta() or {}
            watermark = meta.get("watermark")
            return IndexStatus(watermark if isinstance(watermark, int) else None, busy=True)

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
        return IndexStatus(int(meta["watermark"]))

    def _write_meta(self, watermark: int, entries: int, *, folder: Path | None = None) -> None:
        folder = folder or self.folder
        meta = {
            "project_id": self.project_id,
            "schema_version": SCHEMA_VERSION,
            "watermark": watermark,
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
            self._write_meta(watermark, count, folder=staging)
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
            with _committing(self.folder, WRITER_TIMEOUT_S):  # no commit is under way
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
        writer = (
            ix.writer(procs=2, multisegment=True, limitmb=128) if bulk else ix.writer(limitmb=128)
        )
        count = 0
        try:
            for count, entry in enumerate(entries, start=1):
                writer.add_document(**_entry_fields(entry))
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

    def update(self, document_ids: Iterable[str], entries: Iterable[Entry], watermark: int) -> None:
        """Replace everything indexed for ``document_ids`` with ``entries`` (documents that
        no longer exist simply get no entries)."""
        with _committing(self.folder, WRITER_TIMEOUT_S):
            ix = self._open()
            writer: IndexWriter = ix.writer(timeout=WRITER_TIMEOUT_S)
            try:
                for document_id in document_ids:
                    writer.delete_by_term("doc_id", document_id)
                for entry in entries:
                    writer.add_document(**_entry_fields(entry))
            except BaseException:
                writer.cancel()
                raise
            # Many small commits leave many segments and slow queries 3-6x (DESIGN.md §6):
            # let Whoosh merge small ones when they pile up.
            with ix.reader() as reader:
                segments = len(reader.leaf_readers())
            writer.commit(merge=segments >= MAX_SEGMENTS)
            with ix.searcher() as searcher:
                self._write_meta(watermark, searcher.doc_count())

    def merge_segments(self) -> None:
        """Merge all segments into one (when idle: queries get faster)."""
        with _committing(self.folder, timeout=0):  # busy: the next idle moment will do
            ix = self._open()
            meta = self._read_meta()
            ix.optimize()
            if meta is not None:
                with ix.searcher() as searcher:
                    self._write_meta(int(meta["watermark"]), searcher.doc_count())

    # --- reading -------------------------------------------------------------------------

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

    def search(
        self,
        text: str,
        *,
        limit: int,
        kind: str = "document",
        resolver: ActorResolver | None = None,
        texts: TextSource | None = None,
    ) -> SearchOutcome:
        """Ranked hits for ``text``; with ``texts``, each hit carries its marks and snippets
        (made from the text in SQLite, which the index does not store)."""
        parsed = self._builder.parse(text, resolver)
        with self._searcher() as searcher:
            # Documents far outnumber statements: masking the statements out costs half as
            # much as filtering the documents in (measured at 22,250 documents).
            kind_query = query.Term("kind", "statement" if kind == "document" else kind)
            # replace=0: Whoosh's collector otherwise swaps a union whose branch cannot
            # reach the top hits for an intersection, which keeps the top hits right but
            # stops counting that branch's documents ("sanction OR nuclear": 8,866 of
            # 19,284). No terms=True: it records the matched terms of every hit for Whoosh's
            # own highlighter, which fuzzy queries needed (DESIGN.md §6); marks come from the
            # Marker below, and recording terms took the 22,250 p95 from 39 to 59 ms.
            collector = collectors.FilterCollector(
                collectors.TopCollector(limit, usequality=False, replace=0),
                allow=None if kind == "document" else kind_query,
                restrict=kind_query if kind == "document" else None,
            )
            searcher.search_with_collector(parsed.query, collector)
            results = collector.results()
            found = [(hit["id"], hit["doc_id"], float(hit.score)) for hit in results]
            total = len(results)
            if texts is None or not found:
                return SearchOutcome([RankedHit(*row) for row in found], total)
            marker = Marker(parsed, searcher.reader())
        bodies = texts(sorted({doc_id for _id, doc_id, _score in found}))
        hits = []
        for id_, doc_id, score in found:
            body = bodies.get(doc_id, "")
            marks = marker.marks(body)
            hits.append(
                RankedHit(id_, doc_id, score, tuple(marks), tuple(make_snippets(body, marks)))
            )
        return SearchOutcome(hits, total)

    def marks(
        self, text: str, document_text: str, *, resolver: ActorResolver | None = None
    ) -> list[Mark]:
        """Every span of ``document_text`` that the query ``text`` matches."""
        parsed = self._builder.parse(text, resolver)
        with self._searcher() as searcher:
            marker = Marker(parsed, searcher.reader())
        return marker.marks(document_text)

    def documents_naming(self, actor_ids: set[str], phrases: list[tuple[str, ...]]) -> set[str]:
        """Documents indexed as naming one of ``actor_ids``, or whose text holds one of the
        word sequences ``phrases`` (to re-index when an actor's names change)."""
        alternatives: list[query.Query] = [query.Term("named", i) for i in sorted(actor_ids)]
        for words in phrases:
            if len(words) == 1:
                alternatives.append(query.Term("body", words[0]))
            elif words:
                alternatives.append(BulkPhrase("body", list(words)))
        if not alternatives:
            return set()
        with self._searcher() as searcher:
            results = searcher.search(
                query.Or(alternatives), limit=None, filter=query.Term("kind", "document")
            )
            return {hit["doc_id"] for hit in results}


__all__ = [
    "IndexBusyError",
    "IndexCancelledError",
    "StatementEntry",
    "WhooshIndex",
    "make_snippets",
]
