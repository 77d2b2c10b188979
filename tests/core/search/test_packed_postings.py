"""The index's packed posting blocks hold what Whoosh's own blocks hold: every term's
documents, weights and values read back the same, through Whoosh's matchers and in bulk,
with blocks of a few postings so that every term spans several; and a segment Whoosh's own
codec wrote is still read, and merged, as it was written."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage

from annotator.core.search.schema import make_schema
from annotator.core.search.whoosh_postings import (
    PackedCodec,
    PackedLeafMatcher,
    leaf_matcher,
    posting_blocks,
)

WORDS = ["korea", "north", "south", "with", "Sanctions", "sanctus", "İstanbul", "制裁", "🚀"]

texts = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=40).map(" ".join),
    min_size=1,
    max_size=12,
)


def _index(codecs: list[Any], batches: list[list[str]]) -> Any:
    """One segment per batch, each written with its codec."""
    ix = RamStorage().create_index(make_schema(), indexname=f"t{uuid.uuid4().hex}")
    number = 0
    for codec, batch in zip(codecs, batches, strict=True):
        writer = ix.writer(codec=codec)
        for text in batch:
            writer.add_document(
                id=f"d{number}", kind="document", doc_id=f"d{number}", body=text, title=text
            )
            number += 1
        writer.commit(merge=False)
    return ix


def _postings(ix: Any) -> dict[tuple[str, bytes], list[tuple[int, float, Any]]]:
    """(field, term) -> every posting through Whoosh's matchers, in document order."""
    found: dict[tuple[str, bytes], list[tuple[int, float, Any]]] = {}
    with ix.reader() as reader:
        for fieldname, term in reader.all_terms():
            matcher = reader.postings(fieldname, term)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            found[fieldname, term] = items
    return found


def _bulk(ix: Any, values: bool) -> dict[tuple[str, bytes], list[tuple[int, float, Any]]]:
    """The same, read block by block (one segment)."""
    found: dict[tuple[str, bytes], list[tuple[int, float, Any]]] = {}
    with ix.reader() as reader:
        for fieldname, term in reader.all_terms():
            items: list[tuple[int, float, Any]] = []
            for ids, weights, stored in posting_blocks(reader, fieldname, term, values=values):
                if weights is None or isinstance(weights, float):
                    weights = [weights or 1.0] * len(ids)
                stored = [None] * len(ids) if stored is None else stored
                items += zip(ids, weights, stored, strict=True)
            found[fieldname, term] = items
    return found


@settings(max_examples=40, deadline=None)
@given(texts)
def test_packed_blocks_read_back_what_whoosh_blocks_hold(batch):
    whoosh_own = _index([W3Codec(blocklimit=3, compression=0)], [batch])
    packed = _index([PackedCodec(blocklimit=3, compression=0)], [batch])
    expected = _postings(whoosh_own)
    assert _postings(packed) == expected
    assert _bulk(packed, values=True) == _bulk(whoosh_own, values=True) == expected
    without_values = {key: [(i, w, None) for i, w, _v in items] for key, items in expected.items()}
    assert _bulk(packed, values=False) == without_values


@settings(max_examples=25, deadline=None)
@given(texts, st.integers(0, 40))
def test_skipping_through_packed_blocks_lands_where_whoosh_does(batch, target):
    whoosh_own = _index([W3Codec(blocklimit=2, compression=0)], [batch])
    packed = _index([PackedCodec(blocklimit=2, compression=0)], [batch])

    def landings(ix: Any) -> dict[tuple[str, bytes], tuple[int, ...]]:
        found = {}
        with ix.reader() as reader:
            for fieldname, term in reader.all_terms():
                matcher = reader.postings(fieldname, term)
                if matcher.is_active():
                    matcher.skip_to(target)
                found[fieldname, term] = tuple(matcher.all_ids()) if matcher.is_active() else ()
        return found

    assert landings(packed) == landings(whoosh_own)


def test_whoosh_written_segments_are_still_read_and_merged_into_packed_ones():
    first = ["north korea with sanctions " * 30] * 5
    second = ["south korea " * 50, "sanctus İstanbul 制裁 🚀"]
    mixed = _index([W3Codec(blocklimit=3), PackedCodec(blocklimit=3)], [first, second])
    reference = _index([W3Codec(blocklimit=3)], [first + second])
    assert _postings(mixed) == _postings(reference)
    with mixed.searcher() as searcher:
        kinds = [
            type(leaf_matcher(leaf, "body", b"korea"))
            for leaf, _ in searcher.reader().leaf_readers()
        ]
    assert kinds == [whoosh3.W3LeafMatcher, PackedLeafMatcher]
    writer = mixed.writer(codec=PackedCodec(blocklimit=3))
    writer.commit(optimize=True)
    with mixed.reader() as reader:
        assert type(leaf_matcher(reader, "body", b"korea")) is PackedLeafMatcher
    assert _postings(mixed) == _postings(reference)
    assert _bulk(mixed, values=True) == _bulk(reference, values=True)
