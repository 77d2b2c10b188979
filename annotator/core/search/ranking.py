"""The top hits of a query and how many there are, scored as Whoosh scores them, found
segment by segment with dictionaries and sets.

Whoosh ranks by stepping a tree of matchers once per matching document and asking each for
its score: five Python calls a posting for a plain word ("used": 14,885 of 22,250 articles,
40 ms), more for every AND, OR and NOT above it. Here each leaf gives all its documents'
scores at once (a word's postings read block by block and scored with the segment's field
lengths read once; phrases and expansions from :mod:`.bulk`), and AND, OR and NOT combine
whole dictionaries, with the sums Whoosh's matchers make: AND and OR add their branches'
scores, NOT scores 1, ANDNOT keeps its left side's, a constant score is that constant, and a
boost multiplies. Any other query is run through its own Whoosh matcher, so nothing is
ranked differently, only sooner (tests compare ranks and scores with Whoosh's collector).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from whoosh import query

from annotator.core.search.bulk import BulkExpansion, BulkPhrase
from annotator.core.search.surface import add_into, term_weights
from annotator.core.search.whoosh_compat import (
    AndNot,
    Not,
    block_scorer,
    deleted_documents,
)

Scores = dict[int, float]
"""Segment document number -> score."""

Ranked = tuple[float, int]
"""(score, index-wide document number) of a hit."""


def top_hits(
    searcher: Any, node: query.Query, limit: int, *, allowed: bytes | None, excluded: bytes | None
) -> tuple[list[Ranked], int]:
    """The ``limit`` best hits of ``node``, best first (ties: the earlier document first,
    as Whoosh's top collector keeps them), and how many hits there are in all; a hit is a
    live document whose ``kind`` is ``allowed`` (when given) and not ``excluded``."""
    context = searcher.context()
    best: list[Ranked] = []
    total = 0
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        scores = segment_scores(node, subsearcher, context)
        kept = scores.keys() - deleted_documents(reader)
        if excluded is not None:
            kept -= kind_documents(reader, excluded)
        if allowed is not None:
            kept &= kind_documents(reader, allowed)
        total += len(kept)
        # (score, -number): the greater, the better; C-level maps, not a Python loop.
        ranked = zip(map(scores.__getitem__, kept), map((-offset).__sub__, kept), strict=True)
        best = heapq.nlargest(limit, [*best, *heapq.nlargest(limit, ranked)])
    return [(score, -negated) for score, negated in best], total


def kind_documents(reader: Any, kind: bytes) -> frozenset[int]:
    """The segment's documents (deleted ones included) whose ``kind`` is ``kind``; read once
    for the segment reader's life (a searcher is kept until the index changes)."""
    cache: dict[bytes, frozenset[int]] | None = getattr(reader, "annotator_kinds", None)
    if cache is None:
        cache = {}
        reader.annotator_kinds = cache
    documents = cache.get(kind)
    if documents is None:
        found = term_weights(reader, "kind", kind) if ("kind", kind) in reader else {}
        documents = frozenset(found)
        cache[kind] = documents
    return documents


def segment_scores(node: query.Query, searcher: Any, context: Any) -> Scores:
    """Every document of the segment ``searcher`` that ``node`` matches, with the score
    Whoosh's matcher for ``node`` gives it (deleted documents may be among them)."""
    combine = _COMBINERS.get(type(node))
    if combine is not None:
        return combine(node, searcher, context)
    if isinstance(node, BulkPhrase | BulkExpansion):
        documents, scores = node.scored(searcher, context)
        return dict(zip(documents, scores, strict=True))
    return drained(node, searcher, context)


def drained(node: query.Query, searcher: Any, context: Any) -> Scores:
    """The documents and scores of ``node``'s own Whoosh matcher, one call each."""
    matcher = node.matcher(searcher, context)
    scores: Scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


def _boosted(scores: Scores, boost: float) -> Scores:
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _term(node: query.Term, searcher: Any, context: Any) -> Scores:
    fieldname = node.fieldname
    if fieldname not in searcher.schema:
        return {}
    try:
        term = searcher.schema[fieldname].to_bytes(node.text)
    except ValueError:
        return {}
    reader = searcher.reader()
    if (fieldname, term) not in reader:
        return {}
    weighting = searcher.weighting if context is None else context.weighting
    if weighting is None:  # only which documents match counts (under NOT, say)
        return dict.fromkeys(term_weights(reader, fieldname, term), 1.0)
    score = block_scorer(weighting.scorer(searcher, fieldname, term), reader, fieldname)
    if score is None or node.minquality:
        return drained(node, searcher, context)
    weights = term_weights(reader, fieldname, term)
    numbers = list(weights)
    return _boosted(dict(zip(numbers, score(numbers, weights.values()), strict=True)), node.boost)


def _and(node: query.And, searcher: Any, context: Any) -> Scores:
    subs = node.subqueries
    if len(subs) == 1:
        return segment_scores(subs[0], searcher, context)
    if not subs:
        return {}
    parts = sorted((segment_scores(sub, searcher, context) for sub in subs), key=len)
    common = set(parts[0]).intersection(*parts[1:])
    return _boosted({d: sum(part[d] for part in parts) for d in common}, node.boost)


def _or(node: query.Or, searcher: Any, context: Any) -> Scores:
    subs = node.subqueries
    if node.scale:  # a coordination bonus: Whoosh's own matchers
        return drained(node, searcher, context)
    if len(subs) == 1:
        return segment_scores(subs[0], searcher, context)
    union: Scores = {}
    for sub in subs:
        add_into(union, segment_scores(sub, searcher, context))
    return _boosted(union, node.boost)


def _not(node: Not, searcher: Any, context: Any) -> Scores:
    excluded = segment_scores(node.query, searcher, searcher.boolean_context())
    reader = searcher.reader()
    return dict.fromkeys((d for d in range(reader.doc_count_all()) if d not in excluded), 1.0)


def _and_not(node: AndNot, searcher: Any, context: Any) -> Scores:
    kept = segment_scores(node.a, searcher, context)
    excluded = segment_scores(node.b, searcher, searcher.boolean_context())
    return {d: s for d, s in kept.items() if d not in excluded}


def _constant(node: query.ConstantScoreQuery, searcher: Any, context: Any) -> Scores:
    if context is not None and context.needs_current:
        return drained(node, searcher, context)
    return dict.fromkeys(segment_scores(node.child, searcher, context), node.score)


_COMBINERS: dict[type, Callable[[Any, Any, Any], Scores]] = {
    query.Term: _term,
    query.And: _and,
    query.Or: _or,
    Not: _not,
    AndNot: _and_not,
    query.ConstantScoreQuery: _constant,
}
