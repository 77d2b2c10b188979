"""Running queries on an open Whoosh searcher: ranked hits, totals, marks and snippets."""

from __future__ import annotations

from typing import Any

from whoosh import query

from annotator.core.search import (
    ActorResolver,
    Cancelled,
    Mark,
    RankedHit,
    SearchCancelledError,
    SearchOutcome,
    StatementSpans,
    TextSource,
)
from annotator.core.search.marks import Marker, merge_marks
from annotator.core.search.query import ParsedQuery, positive_leaves
from annotator.core.search.ranking import top_hits
from annotator.core.search.schema import is_own_stem
from annotator.core.search.scope import SCOPE_FIELD, placeholder
from annotator.core.search.snippets import make_snippets


def resolve_scopes(
    searcher: Any, parsed: ParsedQuery, kind: str = "document"
) -> tuple[query.Query, dict[str, list[str]]]:
    """``parsed``'s query with each statement scope replaced by the documents (or, searching
    statements, the statements) that hold a statement meeting its conditions; and, by
    document, the statements that met a scope the hits owe to (not one under ``NOT``)."""
    if not parsed.scopes:
        return parsed.query, {}
    positive = {
        leaf.text
        for leaf in positive_leaves(parsed.query)
        if getattr(leaf, "fieldname", None) == SCOPE_FIELD
    }
    statements = query.Term("kind", "statement")
    met: list[dict[str, list[str]]] = []
    for conditions in parsed.scopes:
        by_document: dict[str, list[str]] = {}
        for number in searcher.docs_for_query(query.And([statements, conditions])):
            fields = searcher.stored_fields(number)
            by_document.setdefault(fields["doc_id"], []).append(fields["id"])
        met.append(by_document)

    def replace(node: query.Query) -> query.Query:
        if getattr(node, "fieldname", None) != SCOPE_FIELD:
            return node
        by_document = met[int(node.text[1:])]
        if kind == "document":
            terms = [query.Term("doc_id", document) for document in sorted(by_document)]
        else:
            terms = [query.Term("id", i) for ids in by_document.values() for i in ids]
        if not terms:
            return query.Term("id", _NO_ID)
        # One score for all: which statement met the conditions says nothing of relevance.
        return query.ConstantScoreQuery(query.Or(terms), 1.0)

    hits: dict[str, list[str]] = {}
    for number, by_document in enumerate(met):
        if placeholder(number) in positive:
            for document, ids in by_document.items():
                bucket = hits.setdefault(document, [])
                bucket.extend(i for i in ids if i not in bucket)
    return parsed.query.accept(replace), hits


_NO_ID = "\x00"
"""An id no entry has: a scope no statement meets matches nothing, NOT it everything."""


def run_query(
    searcher: Any, resolved: query.Query, *, limit: int, kind: str = "document"
) -> tuple[list[tuple[str, str, float]], int]:
    """(id, document id, score) of the top ``limit`` hits of ``kind``, and how many there
    are in all: see :mod:`.ranking`. Whoosh's top collector ranked them before, and the
    tests still compare with it."""
    if kind == "document":
        # Documents far outnumber statements: masking the statements out is cheaper.
        ranked, total = top_hits(searcher, resolved, limit, allowed=None, excluded=b"statement")
    else:
        ranked, total = top_hits(searcher, resolved, limit, allowed=kind.encode(), excluded=None)
    found = []
    for score, number in ranked:
        fields = searcher.stored_fields(number)
        found.append((fields["id"], fields["doc_id"], score))
    return found, total


def with_snippets(
    found: list[tuple[str, str, float]],
    total: int,
    marker: Marker,
    texts: TextSource,
    cancelled: Cancelled | None = None,
    statements: dict[str, list[str]] | None = None,
    spans: StatementSpans | None = None,
) -> SearchOutcome:
    """The hits with their marks and snippets, made from the texts in SQLite; ``cancelled``
    is asked before each hit (marking a huge article is the slow part of a search). The
    statements a hit's document met a scope with (``statements``) are marked whole, at the
    places ``spans`` gives."""
    statements = statements or {}
    bodies = texts(sorted({doc_id for _id, doc_id, _score in found}))
    wanted = [i for _id, doc_id, _score in found for i in statements.get(doc_id, ())]
    places = spans(wanted) if spans is not None and wanted else {}
    hits = []
    for id_, doc_id, score in found:
        if cancelled is not None and cancelled():
            raise SearchCancelledError("the search was cancelled")
        body = bodies.get(doc_id, "")
        own = [i for i in statements.get(doc_id, ()) if i in places]
        own.sort(key=lambda i: places[i])
        marked = [(m.start, m.end) for m in marker.marks(body)] + [places[i] for i in own]
        marks = merge_marks(marked)
        hits.append(
            RankedHit(
                id_, doc_id, score, tuple(marks), tuple(make_snippets(body, marks)), tuple(own)
            )
        )
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
        # A word that is its own stem is found by its stem (more again; see surface.py).
        if words:
            alternatives.append(
                query.And(
                    [query.Term("body" if is_own_stem(word) else "written", word) for word in words]
                )
            )
    if not alternatives:
        return set()
    results = searcher.search(
        query.Or(alternatives), limit=None, filter=query.Term("kind", "document")
    )
    return {hit["doc_id"] for hit in results}
