"""Words as written, read from a ``written`` field and its stemmed field together.

A prefix, wildcard or fuzzy term is compared with the words as written (#14.1-2). Indexing
every word twice, stemmed and as written, doubled the postings and the cost of an import
(2.2x raw Whoosh against the 1.5 of DESIGN.md §9). But most words are their own stem ("war",
"said", "Korea": 56% of the (word, document) pairs of the benchmark corpus), and those are
already in the stemmed field under themselves. So ``written`` holds only the words whose stem
differs from them ("wars", "studies"), and a word that is its own stem is read from the
stemmed field: its term there counts the word itself and every word written differently with
that stem, so the word itself occurs in a document as often as the term's count less the
counts of those other words in ``written`` (exact, not an estimate).

Those other words are found by their beginning: a Porter stem keeps the word's first letter
and differs from the word at most in its last few letters (``STEM_TAIL``, a test holds it over
a vocabulary), so every word with stem ``t`` starts with ``t`` less its tail.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from annotator.core.search.schema import is_own_stem, stem_of
from annotator.core.search.whoosh_compat import expansions
from annotator.core.search.whoosh_postings import posting_blocks

STEMMED = {"written": "body", "title_written": "title"}
"""Each field of words as written and the stemmed field that holds its own-stem words."""

STEM_TAIL = 3
"""A word with stem ``t`` starts with ``t[:max(1, len(t) - STEM_TAIL)]`` (2 seen at most)."""


def stem_beginning(stem: str) -> str:
    """What every word whose stem is ``stem`` begins with (``STEM_TAIL``)."""
    return stem[: max(1, len(stem) - STEM_TAIL)]


EXPANSIONS_KEPT = 64
_SHAPE = ("maxdist", "prefixlength")
"""What decides a fuzzy term's expansions besides its field and text."""


def expanded(node: Any, reader: Any) -> list[bytes]:
    """The indexed terms a prefix, wildcard or fuzzy term expands to in a segment reader.
    The last few are kept with the reader (it lives until the index changes): ranking and
    marking a search each need them, and a fuzzy term's are found by walking the term list
    with an automaton (7 ms for ``don~`` in 2,000 articles)."""
    kept: dict[tuple[Any, ...], list[bytes]] | None = getattr(reader, "annotator_expansions", None)
    if kept is None:
        kept = {}
        reader.annotator_expansions = kept
    key = (type(node), node.fieldname, node.text, *(getattr(node, a, None) for a in _SHAPE))
    found = kept.get(key)
    if found is None:
        found = [_bytes(term) for term in expansions(node, reader)]
        if len(kept) >= EXPANSIONS_KEPT:
            del kept[next(iter(kept))]  # the oldest
        kept[key] = found
    return found


def add_weights(reader: Any, fieldname: str, term: bytes, totals: dict[int, float]) -> None:
    """Add the weight (frequency x field boost) of every posting of ``term`` to ``totals``."""
    add_into(totals, term_weights(reader, fieldname, term))


def term_weights(reader: Any, fieldname: str, term: bytes) -> dict[int, float]:
    """Document -> weight (frequency x field boost) of every posting of ``term``."""
    weights: dict[int, float] = {}
    for ids, block_weights, _values in posting_blocks(reader, fieldname, term, values=False):
        if block_weights is None or isinstance(block_weights, float):  # one for the block
            weights.update(dict.fromkeys(ids, block_weights or 1.0))
        else:
            weights.update(zip(ids, block_weights, strict=False))
    return weights


def add_into(totals: dict[int, float], weights: dict[int, float]) -> None:
    """Add ``weights`` to ``totals``, document by document. Only documents in both are
    added in Python; the rest are copied in C (a word's expansions mostly overlap little)."""
    both = {document: totals[document] + weights[document] for document in weights.keys() & totals}
    totals.update(weights)
    totals.update(both)


def _bytes(term: bytes | str) -> bytes:
    """A term as stored (Whoosh's fuzzy expansions come as text, the others as bytes)."""
    return term.encode("utf-8") if isinstance(term, str) else term


def _boost(reader: Any, fieldname: str) -> float:
    return float(reader.schema[fieldname].format.field_boost) or 1.0


class SurfaceWords:
    """The words as written of one field of a segment that a prefix, wildcard or fuzzy
    term (on that field) stands for, and how often they occur in each document."""

    def __init__(self, node: Any, reader: Any) -> None:
        self.reader = reader
        self.fieldname: str = node.fieldname
        self.stemmed = STEMMED[self.fieldname]
        self.written: list[bytes] = [term for term in expanded(node, reader) if term]
        """Matching words of the ``written`` field (their stem differs from them)."""
        self.own: list[str] = []
        """Matching words that are their own stem, held by the stemmed field."""
        if self.stemmed in reader.schema:
            twin = copy.copy(node)
            twin.fieldname = self.stemmed
            for term in expanded(twin, reader):
                word = term.decode("utf-8")
                if word and is_own_stem(word):
                    self.own.append(word)
        self._families: dict[str, dict[str, list[bytes]]] = {}
        self._weights: dict[bytes, dict[int, float]] = {}

    def words(self) -> set[str]:
        """Every matching word (those that are their own stem may occur in no document as
        written, only as the stem of others: harmless for marking a text)."""
        return {term.decode("utf-8") for term in self.written} | set(self.own)

    def add_frequencies(self, totals: dict[int, float]) -> None:
        """Add to ``totals`` how often the matching words occur in each document (deleted
        documents included)."""
        for term in self.written:
            add_into(totals, self._written_weights(term))
        for word in self.own:
            add_into(totals, self.own_counts(word))

    def own_counts(self, word: str) -> dict[int, float]:
        """Document -> how often ``word``, its own stem, occurs in it as written."""
        counts: dict[int, float] = {}
        add_weights(self.reader, self.stemmed, word.encode("utf-8"), counts)
        boost = _boost(self.reader, self.stemmed)
        counts = {document: weight / boost for document, weight in counts.items()}
        written_boost = _boost(self.reader, self.fieldname)
        for other in self._family(word):
            for document, weight in self._written_weights(other).items():
                counts[document] = counts.get(document, 0.0) - weight / written_boost
        return {document: count for document, count in counts.items() if count > 0.5}

    def _written_weights(self, term: bytes) -> dict[int, float]:
        """Document -> weight of ``term`` in ``written``, read once (a word of a stem's family
        is often a matching word too: ``hope*`` reads "hopes" for both)."""
        if term not in self._weights:
            self._weights[term] = term_weights(self.reader, self.fieldname, term)
        return self._weights[term]

    def _family(self, stem: str) -> list[bytes]:
        """The words of ``written`` whose stem is ``stem``."""
        beginning = stem_beginning(stem)
        if beginning not in self._families:
            family: dict[str, list[bytes]] = defaultdict(list)
            for term in self.reader.expand_prefix(self.fieldname, beginning):
                family[stem_of(term.decode("utf-8"))].append(term)
            self._families[beginning] = family
        return self._families[beginning].get(stem, [])
