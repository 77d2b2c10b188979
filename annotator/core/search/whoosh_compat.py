"""Every use of Whoosh's internals, in two modules (this one and :mod:`.whoosh_postings`,
the index's posting blocks), checked against the pinned version.

The rest of the app uses Whoosh's public API (schemas, writers, queries, searchers). What it
needs beyond that — private attributes, undocumented formats, patched classes — lives in
them, so a new Whoosh release is checked in two modules: :data:`OVERRIDES` lists each use
and why it is there, and importing this module fails on any Whoosh other than :data:`PINNED` (the
internals are read as they are in that release; another could silently give wrong hits).
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import Any

import whoosh
from whoosh import matching, query
from whoosh.codec import whoosh3
from whoosh.columns import NumericColumn
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, LockError
from whoosh.matching import ReadTooFar
from whoosh.scoring import WeightScorer
from whoosh.system import _INT_SIZE, pack_uint
from whoosh.util.filelock import try_for
from whoosh.util.numeric import byte_to_length

PINNED = (2, 7, 5)
"""The ``whoosh-reloaded`` release whose internals this module reads (pyproject pins it)."""


class WhooshVersionError(ImportError):
    """The installed Whoosh is not the release this module was checked against."""


def check_version(found: tuple[int, ...] | None = None) -> None:
    """Raise :class:`WhooshVersionError` unless Whoosh is :data:`PINNED`."""
    found = tuple(whoosh.__version__[:3]) if found is None else found
    if found != PINNED:
        raise WhooshVersionError(
            f"Annotator reads internals of Whoosh {'.'.join(map(str, PINNED))}, but "
            f"{'.'.join(map(str, found))} is installed; install whoosh-reloaded=="
            f"{'.'.join(map(str, PINNED))} (see annotator/core/search/whoosh_compat.py)"
        )


check_version()


@dataclass(frozen=True, slots=True)
class Override:
    """One use of a Whoosh internal: what is used and why the public API does not do."""

    name: str
    why: str


OVERRIDES: tuple[Override, ...] = (
    Override(
        "W3Codec.postings_writer/postings_reader, W3PostingsWriter._mini_ids/_mini_weights/"
        "_mini_values/_ids/_weights/_values/_byteids/_format, W3LeafMatcher._read_ids/"
        "_read_weights/_read_values/_read_data/_data/_fixedsize (whoosh_postings.py)",
        "write each posting block as packed arrays and one string of values, which pickle "
        "reads in C: Whoosh's blocks call codecs.encode for every value when read (a third "
        "of a phrase search of two common words, most of ranking a common word)",
    ),
    Override(
        "W3LeafMatcher._postfile/_dataoffset/_nextoffset/_compression/_byteids/_lastblock/_goto",
        "read a term's postings block by block (one pickle.loads each) instead of one Python "
        "call per posting: phrases and prefix/wildcard/fuzzy expansions 3x faster",
    ),
    Override(
        "FilterMatcher.child",
        "read the segment's postings without the per-posting deletion check; deleted "
        "documents are removed once, from the documents found",
    ),
    Override(
        "whoosh.system._INT_SIZE and the pickled position lists of formats.Positions",
        "decode a posting's positions with pickle in C, not Whoosh's per-value decoder",
    ),
    Override(
        "BM25F scorer._score(tf, dfl) and scorer.dfl(document)",
        "score documents found in bulk exactly as Whoosh's own term matchers score them "
        "(phrases, and every word of a query ranked by ranking.py); WeightScorer.score is "
        "the posting's weight",
    ),
    Override(
        "W3PerDocReader._cached_reader/_doccount, codec.whoosh3._lenfield/LENGTHS_COLUMN, "
        "NumericColumn.Reader._dbfile/_basepos/_count/_fixedlen, util.numeric.byte_to_length",
        "read a segment's field lengths whole, once, for scoring a phrase's documents in "
        "bulk (five Python calls a document through the public API: a fifth of a phrase "
        "search of two common words)",
    ),
    Override(
        "ListMatcher._ids/_weights/_i",
        "a list matcher whose highest score is computed once (Whoosh rescans the list each "
        "time the collector's threshold rises: 400 ms at 20,000 hits) and skips by bisection",
    ),
    Override(
        "MultiTerm._btexts(reader)",
        "the expansions of a prefix, wildcard or fuzzy term, to read their postings in bulk",
    ),
    Override(
        "__class__ of a parsed Prefix/Wildcard/FuzzyTerm swapped for a bulk-reading subclass",
        "keep every attribute the parser set (the subclasses add no state)",
    ),
    Override(
        "AndNotMatcher._find_first",
        "Whoosh 2.7.5 does not skip the excluded matcher forward before the first hit, so "
        "'a ANDNOT b' kept a segment's first document of a when b held it at a later "
        "position than its own first document (issue #14.3)",
    ),
    Override(
        "Codec.length_stats set False on a W3Codec instance",
        "while writing, Whoosh reads every posting's field length back from the lengths "
        "column (a file read a posting: a quarter of indexing) only to store each block's "
        "length bounds for skipping blocks by quality, which ranking.py never does; a block "
        "without them reads as length 0, the loosest bound BM25 can have",
    ),
    Override(
        "TOC.read(storage, indexname), segment.segment_id()",
        "list the files of the last commit to record their sizes (index damage check)",
    ),
    Override(
        "whoosh.util.filelock.try_for",
        "wait a bounded time for the index's commit lock",
    ),
    Override(
        "whoosh.system.pack_uint as formats.Frequency's posting value",
        "index each word as written with its count without running an analyser's token "
        "objects over every word (the `written` field, issue #14.1)",
    ),
    Override(
        "whoosh.system.pack_uint/_INT_SIZE as the frequency that begins a formats.Positions value",
        "the body's positions as a packed array after that frequency (positions.py), "
        "which Whoosh's own readers of the frequency and weight still read",
    ),
)


_SMALL_COUNTS = tuple(bytes(pack_uint(count)) for count in range(64))


def frequency_value(count: int) -> bytes:
    """A posting's value in :class:`whoosh.formats.Frequency`: its count, packed as Whoosh
    packs it (``Frequency.word_values``)."""
    return _SMALL_COUNTS[count] if count < 64 else bytes(pack_uint(count))


FREQUENCY_SIZE = _INT_SIZE
"""The bytes of the frequency at the start of a positions posting's value."""

_FREQUENCY_BYTES = itemgetter(slice(0, _INT_SIZE))


def frequencies(values: Iterable[bytes]) -> Iterator[int]:
    """The frequency that begins each of ``values`` (as ``pack_uint`` packs it: big-endian),
    read by nested maps rather than a Python call a value."""
    big_endian: Callable[[bytes], int] = partial(int.from_bytes, byteorder="big")
    return map(big_endian, map(_FREQUENCY_BYTES, values))


IndexLockError = LockError
"""Another process holds one of the index's locks."""


# --- scoring in bulk ---------------------------------------------------------------------


def block_scorer(
    scorer: Any, reader: Any, fieldname: str
) -> Callable[[list[int], Iterable[float]], list[float]] | None:
    """A function from documents and their postings' weights to the scores Whoosh's term
    matcher gives them, or None for a scorer that is not BM25F or the like. A score depends
    only on the weight and the field's length, which the segment stores in one byte a
    document and is read whole, once: each distinct pair is scored once (a few hundred for
    a word in 15,000 documents), not five calls a document through the public API."""
    if isinstance(scorer, WeightScorer):  # a field without lengths: the weight is the score
        return lambda _documents, weights: list(map(float, weights))
    if not (hasattr(scorer, "_score") and hasattr(scorer, "dfl")):
        return None
    score: Callable[[float, float | None], float] = scorer._score
    lengths = _field_lengths(reader, fieldname)
    if lengths is None:
        dfl = scorer.dfl
        return lambda documents, weights: list(map(score, weights, map(dfl, documents)))
    length_of = _LENGTH_OF_BYTE

    def scores(documents: list[int], weights: Iterable[float]) -> list[float]:
        pairs = list(zip(weights, map(lengths.__getitem__, documents), strict=False))
        table = {pair: float(score(pair[0], length_of[pair[1]])) for pair in set(pairs)}
        return list(map(table.__getitem__, pairs))

    return scores


_LENGTH_OF_BYTE = [None, *(byte_to_length(code) for code in range(1, 256))]
"""A field length as Whoosh stores it (one byte) and reads it (no length for 0, as
``W3PerDocReader.doc_field_length``)."""


def _field_lengths(reader: Any, fieldname: str) -> bytes | None:
    """Every document's length byte of ``fieldname`` in a segment, or None where it is not
    Whoosh 3's length column."""
    perdoc = getattr(reader, "_perdoc", None)
    if not isinstance(perdoc, whoosh3.W3PerDocReader):
        return None
    column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    if not isinstance(column, NumericColumn.Reader) or column._fixedlen != 1:
        return None
    lengths: bytes | None = getattr(column, "annotator_lengths", None)
    if lengths is None:
        stored = column._dbfile.get(column._basepos, column._count) if column._count else b""
        lengths = bytes(stored) + bytes(max(0, perdoc._doccount + 1 - column._count))
        column.annotator_lengths = lengths  # read once for the segment reader's life
    return lengths


def deleted_documents(reader: Any) -> frozenset[int] | set[int]:
    """Numbers of the deleted documents of a segment reader."""
    return reader.deleted_docs_set if reader.has_deletions() else frozenset()


def expansions(node: Any, reader: Any) -> Iterator[bytes]:
    """The indexed terms a prefix, wildcard or fuzzy query expands to in ``reader``."""
    yield from node._btexts(reader)


def with_class(node: query.Query, cls: type[query.Query]) -> query.Query:
    """A copy of ``node`` as an instance of ``cls`` (a subclass adding no state)."""
    twin = copy.copy(node)
    twin.__class__ = cls
    return twin


class ScoredList(matching.ListMatcher):  # type: ignore[misc]
    """Documents with their scores, for Whoosh's collector. The highest score is computed
    once: Whoosh's list matcher recomputes it (a scan of the list) each time the collector's
    threshold rises, 400 ms for a query matching 20,000 documents."""

    def __init__(self, documents: list[int], scores: list[float], position: int = 0) -> None:
        super().__init__(documents, weights=scores, position=position)
        self._i: int = position
        self._highest = max(scores)

    def block_max_weight(self) -> float:
        return self._highest

    def skip_to(self, id: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        self._i = max(self._i, bisect.bisect_left(self._ids, id, self._i))

    def copy(self) -> ScoredList:
        return ScoredList(self._ids, self._weights, self._i)


# --- ANDNOT ------------------------------------------------------------------------------


class AndNotMatcher(matching.AndNotMatcher):  # type: ignore[misc]
    """Whoosh's ``AndNotMatcher`` with its first match checked like every other: Whoosh
    only compares the two first ids, so when the excluded matcher starts before the first
    document of ``a`` it is never skipped forward, and that document is kept even if the
    excluded term holds it (issue #14.3)."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()

    def _find_next(self) -> bool:
        # Whoosh asks ``a`` for its id after ``skip_to`` even when that ran ``a`` out: a
        # list matcher (our bulk prefixes and phrases) then raised IndexError, so
        # "election AND (ga* ANDNOT election)" ended in a traceback.
        if not self.a.is_active():
            return False
        return bool(super()._find_next())


class AndNot(query.AndNot):  # type: ignore[misc]
    """``a ANDNOT b`` with :class:`AndNotMatcher`."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return AndNotMatcher(scored, excluded)


# --- NOT ---------------------------------------------------------------------------------


class InverseMatcher(matching.InverseMatcher):  # type: ignore[misc]
    """Whoosh's ``InverseMatcher`` that also skips deleted documents after the last one the
    negated query matches: Whoosh stopped skipping once that matcher ran out, so ``NOT tax``
    listed a deleted document that followed the segment's last "tax" document."""

    def _find_next(self) -> None:
        super()._find_next()
        while self._id < self.limit and self.missing(self._id):
            self._id += 1


class Not(query.Not):  # type: ignore[misc]
    """``NOT q`` with :class:`InverseMatcher`."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        child = self.query.matcher(searcher, searcher.boolean_context())
        return InverseMatcher(child, reader.doc_count_all(), missing=reader.is_deleted)


def commit_lock(folder: str, name: str) -> Any:
    """A Whoosh file lock named ``name`` in ``folder``."""
    return FileStorage(folder).lock(name)


def acquire(lock: Any, timeout: float) -> bool:
    """Take ``lock``, waiting up to ``timeout`` seconds; whether it was taken."""
    return bool(lock.acquire(blocking=False) or try_for(lock.acquire, timeout=timeout))


def last_commit_files(folder: str, indexname: str) -> tuple[str, tuple[str, ...]]:
    """The table of contents' file name of the last commit and its segments' file prefixes.

    Raises:
        Exception: when no table of contents can be read (a damaged index).
    """
    toc = TOC.read(FileStorage(folder), indexname)
    prefixes = tuple(f"{segment.segment_id()}." for segment in toc.segments)
    return f"_{indexname}_{toc.generation}.toc", prefixes
