"""Phrase and expanded-term queries that read each term's postings once, in bulk.

Whoosh evaluates both with trees of matchers stepped in Python: a phrase builds span objects
for every document holding all its words (~20 µs a document; for "North Korea" in a corpus
about Korea that is every document), and a prefix, wildcard or fuzzy term becomes a binary
tree of one matcher per expansion (``tart*`` expanded to 1,070 words, 150 ms at 22,000
articles). Here postings are read block by block (decoded by ``pickle`` in C), documents
are found with sets and dictionaries, and the result is handed to Whoosh as a list matcher:
the same documents, a third of the time or less (tests compare both with Whoosh's own).
The Whoosh internals this needs are in :mod:`.whoosh_compat`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from itertools import compress, repeat
from operator import add, not_
from typing import Any

from whoosh import matching, query

from annotator.core.search.surface import STEMMED, SurfaceWords, add_weights, expanded
from annotator.core.search.whoosh_compat import (
    ScoredList,
    block_scorer,
    deleted_documents,
    frequencies,
    with_class,
)
from annotator.core.search.whoosh_postings import position_decoder, posting_blocks

K1 = 1.2
"""Term-frequency saturation for expanded terms (BM25's default)."""


def read_postings(reader: Any, fieldname: str, term: bytes) -> dict[int, bytes]:
    """Document number -> encoded value of every posting of ``term``."""
    postings: dict[int, bytes] = {}
    for ids, _weights, values in posting_blocks(reader, fieldname, term):
        postings.update(zip(ids, values, strict=False))
    return postings


def phrase_documents(
    postings: list[dict[int, bytes]],
    slop: int,
    decode: Callable[[bytes], Iterable[int]],
    decode_many: Callable[[Iterable[bytes]], Iterable[Iterable[int]]] | None = None,
) -> set[int]:
    """The document numbers where the words occur in order, each at most ``slop`` positions
    after the previous (1: adjacent), given each word's postings and how to decode one
    posting's positions (``decode``) or many (``decode_many``)."""
    if decode_many is None:
        decode_many = partial(map, decode)
    by_size = sorted(postings, key=len)
    candidates = set(by_size[0]).intersection(*by_size[1:])
    first, rest = postings[0], postings[1:]
    if slop == 1 and len(rest) == 1:  # two adjacent words, most phrases
        # Nested maps, no Python loop a document: the first word's places, each moved one
        # on, meet the second word's (a third of the time of a comprehension); whether they
        # meet is enough (isdisjoint stops at the first, builds no set: a fifth less).
        documents = list(candidates)
        starts = decode_many(map(first.__getitem__, documents))
        following = decode_many(map(rest[0].__getitem__, documents))
        moved = map(set, map(map, repeat((1).__add__), starts))
        return set(compress(documents, map(not_, map(set.isdisjoint, moved, following))))
    found = set()
    for document in candidates:
        ends = set(decode(first[document]))
        for word in rest:
            if slop == 1:
                ends = {p + 1 for p in ends}.intersection(decode(word[document]))
            else:
                ends = {p for p in decode(word[document]) if any(0 < p - e <= slop for e in ends)}
            if not ends:
                break
        else:
            found.add(document)
    return found


def _without_deleted(reader: Any, documents: Iterable[int]) -> list[int]:
    deleted = deleted_documents(reader)
    return sorted(d for d in documents if d not in deleted)


class BulkPhrase(query.Phrase):  # type: ignore[misc]
    """A :class:`whoosh.query.Phrase` (words in order, within ``slop``) whose matcher
    finds its documents with :func:`phrase_documents`. Scores are Whoosh's for its phrases:
    the sum of each word's BM25F score in the document."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        documents, scores = self.scored(searcher, context)
        return ScoredList(documents, scores) if documents else matching.NullMatcher()

    def scored(self, searcher: Any, context: Any = None) -> tuple[list[int], list[float]]:
        """The live documents of the segment ``searcher`` holding the phrase, in order, and
        their scores."""
        fieldname = self.fieldname
        if fieldname not in searcher.schema or not self.words:
            return [], []
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            raise query.QueryError(f"Phrase search: {fieldname!r} field has no positions")
        reader = searcher.reader()
        try:
            terms = [field.to_bytes(word) for word in self.words]
        except ValueError:
            return [], []
        if any((fieldname, term) not in reader for term in terms):
            return [], []
        postings = [read_postings(reader, fieldname, term) for term in terms]
        found = phrase_documents(
            postings,
            max(1, self.slop),
            position_decoder(field.format),
            getattr(field.format, "decode_many", None),
        )
        documents = _without_deleted(reader, found)
        if not documents:
            return [], []
        weighting = (context.weighting if context is not None else None) or searcher.weighting
        totals = [0.0] * len(documents)
        for term, word in zip(terms, postings, strict=True):
            scorer = weighting.scorer(searcher, fieldname, term)
            values = list(map(word.__getitem__, documents))
            scored = block_scorer(scorer, reader, fieldname)
            if scored is None:  # not BM25F or the like: scored by frequency, as Whoosh does
                word_scores = list(map(float, frequencies(values)))
            else:
                word_scores = scored(documents, map(float, frequencies(values)))
            totals = list(map(add, totals, word_scores))
        boost = self.boost
        return documents, [boost * total for total in totals]


class BulkExpansion:
    """Mixed into Whoosh's prefix, wildcard and fuzzy queries: the documents of all the
    expansions, read in bulk. Scored as Whoosh means ``constantscore``: not by how rare each
    expansion is (Whoosh summed a BM25F score per expansion, one matcher each), only by how
    often the expansions occur in the document, saturating like BM25: ``boost * tf * (K1 +
    1) / (tf + K1)``."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        documents, scores = self.scored(searcher, context)
        return ScoredList(documents, scores) if documents else matching.NullMatcher()

    def scored(self, searcher: Any, context: Any = None) -> tuple[list[int], list[float]]:
        """The live documents of the segment ``searcher`` holding an expansion, in order,
        and their scores."""
        del context  # scored by frequency alone
        fieldname = self.field()  # type: ignore[attr-defined]
        if fieldname not in searcher.schema:
            return [], []
        reader = searcher.reader()
        totals: dict[int, float] = {}
        if fieldname in STEMMED:  # words as written: see surface.py
            SurfaceWords(self, reader).add_frequencies(totals)
        else:
            for term in expanded(self, reader):
                if term:
                    add_weights(reader, fieldname, term, totals)
        documents = _without_deleted(reader, totals)
        boost = self.boost  # type: ignore[attr-defined]
        return documents, [boost * totals[d] * (K1 + 1) / (totals[d] + K1) for d in documents]


class BulkPrefix(BulkExpansion, query.Prefix):  # type: ignore[misc]
    pass


class BulkWildcard(BulkExpansion, query.Wildcard):  # type: ignore[misc]
    pass


class BulkFuzzyTerm(BulkExpansion, query.FuzzyTerm):  # type: ignore[misc]
    pass


_BULK = {query.Prefix: BulkPrefix, query.Wildcard: BulkWildcard, query.FuzzyTerm: BulkFuzzyTerm}


def bulk_version(node: query.Query) -> query.Query | None:
    """The bulk-reading equivalent of a Whoosh phrase or expanded-term query, if any."""
    if type(node) is query.Phrase:
        return BulkPhrase(node.fieldname, node.words, node.slop, node.boost, node.char_ranges)
    bulk_class = _BULK.get(type(node))
    if bulk_class is None:
        return None
    return with_class(node, bulk_class)
