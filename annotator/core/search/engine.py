"""Running queries on an open Whoosh searcher: ranked hits, totals, marks and snippets."""

from __future__ import annotations

from typing import Any

from whoosh import collectors, query

from annotator.core.search import (
    ActorResolver,
    Cancelled,
    Mark,
    RankedHit,
    SearchCancelledError,
    SearchOutcome,
    TextSource,
)
from annotator.core.search.query import Marker, ParsedQuery
from annotator.core.search.snippets import make_snippets


def run_query(
    searcher: Any, parsed: ParsedQuery, *, limit: int, kind: str = "document"
) -> tuple[list[tuple[str, str, float]], int]:
    """(id, document id, score) of the top ``limit`` hits of ``kind``, and how many there
    are in all."""
    # Documents far outnumber statements: masking the statements out costs half as much as
    # filtering the documents in (measured at 22,250 documents).
    kind_query = query.Term("kind", "statement" if kind == "document" else kind)
    # replace=0: Whoosh's collector otherwise swaps a union whose branch cannot reach the
    # top hits for an intersection, which keeps the top hits right but stops counting that
    # branch's documents ("sanction OR nuclear": 8,866 of 19,284). No terms=True: it records
    # the matched terms of every hit for Whoosh's own highlighter, which fuzzy queries needed
    # (DESIGN.md §6); marks come from the Marker, and recording terms took the 22,250 p95
    # from 39 to 59 ms.
    collector = collectors.FilterCollector(
        collectors.TopCollector(limit, usequality=False, replace=0),
        allow=None if kind == "document" else kind_query,
        restrict=kind_query if kind == "document" else None,
    )
    searcher.search_with_collector(parsed.query, collector)
    results = collector.results()
    found = [(hit["id"], hit["doc_id"], float(hit.score)) for hit in results]
    return found, len(results)


def with_snippets(
    found: list[tuple[str, str, float]],
    total: int,
    marker: Marker,
    texts: TextSource,
    cancelled: Cancelled | None = None,
) -> SearchOutcome:
    """The hits with their marks and snippets, made from the texts in SQLite; ``cancelled``
    is asked before each hit (marking a huge article is the slow part of a search)."""
    bodies = texts(sorted({doc_id for _id, doc_id, _score in found}))
    hits = []
    for id_, doc_id, score in found:
        if cancelled is not None and cancelled():
            raise SearchCancelledError("the search was cancelled")
        body = bodies.get(doc_id, "")
        marks = marker.marks(body)
        hits.append(RankedHit(id_, doc_id, score, tuple(marks), tuple(make_snippets(body, marks))))
    return SearchOutcome(hits, total)


def marks_in(
    searcher: Any, parsed: ParsedQuery, document_text: str, resolver: ActorResolver | None
) -> list[Mark]:
    """Every span of ``document_text`` that ``parsed`` matches."""
    del resolver  # resolved when parsing
    return Marker(parsed, searcher.reader()).marks(document_text)


def documents_naming(
    searcher: Any, actor_ids: set[str], phrases: list[tuple[str, ...]]
) -> set[str]:
    """Documents indexed as naming one of ``actor_ids``, or whose text holds one of the
    word sequences ``phrases``."""
    alternatives: list[query.Query] = [query.Term("named", i) for i in sorted(actor_ids)]
    for words in phrases:
        # Names are words as written; `written` has no positions, so a name of several words
        # finds the documents holding all of them (more than naming it: fine for re-indexing).
        if words:
            alternatives.append(query.And([query.Term("written", word) for word in words]))
    if not alternatives:
        return set()
    results = searcher.search(
        query.Or(alternatives), limit=None, filter=query.Term("kind", "document")
    )
    return {hit["doc_id"] for hit in results}
