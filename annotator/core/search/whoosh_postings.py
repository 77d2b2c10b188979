"""How the index's posting blocks are written and read: Whoosh 3's codec with blocks that
Python reads in C, and a term's postings read block by block.

Whoosh 3 pickles each block of up to 128 postings as tuples of numbers, floats and byte
strings, with protocol 2, where every byte string is a call to ``codecs.encode`` when read:
unpickling was a third of a phrase search of two common words at 22,250 articles and most
of reading a word's postings to rank them. :class:`PackedCodec` writes the same block as
packed arrays (document numbers, weights) and one string holding all the values with their
lengths, which ``pickle`` and :mod:`array` read in C. At 22,250 articles a common word's
postings read in three fifths of the time, or a sixth where the values are not wanted (as
for ranking), and the index is a third smaller (148 MB, not 227).

The codec is stored with each segment (Whoosh pickles it in the table of contents), so a
segment written by Whoosh's own codec is still read as Whoosh wrote it. Like
:mod:`.whoosh_compat`, this module uses Whoosh internals (listed in its ``OVERRIDES``).
"""

from __future__ import annotations

import pickle
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from typing import Any

from whoosh import formats
from whoosh.codec import whoosh3
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import _INT_SIZE

from annotator.core.search import whoosh_compat

whoosh_compat.check_version()

_SWAP = sys.byteorder == "big"  # packed little-endian, whatever the machine
_TEXT = "latin-1"  # protocol 2 pickles a str in C; bytes as a call to codecs.encode


def _packed(numbers: array[Any]) -> str:
    """``numbers`` (an array) as little-endian bytes held in a str, one char a byte."""
    if _SWAP:
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers.tobytes().decode(_TEXT)


def _unpacked(typecode: str, text: str) -> array[Any]:
    numbers = array(typecode, text.encode(_TEXT))
    if _SWAP:
        numbers.byteswap()
    return numbers


def _split(values: tuple[str, str]) -> tuple[bytes, ...]:
    """The byte strings packed by :meth:`PackedPostingsWriter._mini_values`."""
    joined, lengths = values
    blob = joined.encode(_TEXT)
    sizes = _unpacked("I", lengths)
    starts, ends = accumulate(sizes, initial=0), accumulate(sizes)
    return tuple(map(blob.__getitem__, map(slice, starts, ends)))


class PackedPostingsWriter(whoosh3.W3PostingsWriter):  # type: ignore[misc]
    """Whoosh 3's postings writer with each block's document numbers, weights and values
    packed (see the module). Never for term vectors (``byteids``): :class:`PackedCodec`
    gives those Whoosh's own writer."""

    def _mini_ids(self) -> Any:
        return _packed(self._ids)  # an array("I") of document numbers

    def _mini_weights(self) -> Any:
        weights = self._weights  # an array("f")
        if not weights or weights.count(weights[0]) == len(weights):  # as Whoosh: None for all 1.0
            return None if not weights or weights[0] == 1.0 else weights[0]
        return _packed(weights)

    def _mini_values(self) -> Any:
        size = self._format.fixed_value_size()
        if size is not None and size >= 0:
            return super()._mini_values()
        values = self._values
        return (b"".join(values).decode(_TEXT), _packed(array("I", map(len, values))))


class PackedLeafMatcher(whoosh3.W3LeafMatcher):  # type: ignore[misc]
    """Whoosh 3's matcher over a term's posting blocks as :class:`PackedPostingsWriter`
    writes them."""

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = _unpacked("I", self._data[0])

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        if isinstance(self._data[1], str):
            self._weights = _unpacked("f", self._data[1])
        else:
            super()._read_weights()

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        if self._fixedsize is None or self._fixedsize < 0:
            self._values = _split(self._data[2])
        else:
            super()._read_values()


class PackedCodec(whoosh3.W3Codec):  # type: ignore[misc]
    """Whoosh 3's codec writing and reading packed posting blocks."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:
            return super().postings_writer(dbfile, byteids=True)
        return PackedPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=False,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return PackedLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


def writer_codec() -> whoosh3.W3Codec:
    """The codec the index is written with: packed blocks, without the per-block
    field-length bounds (see ``whoosh_compat.OVERRIDES``) and without compressing blocks:
    zlib took a sixth of indexing's CPU and part of every read."""
    codec = PackedCodec(compression=0)
    codec.length_stats = False
    return codec


# --- postings read in bulk -----------------------------------------------------------------

_STOP = b"."  # the end of a pickle, which Whoosh strips from stored position lists

Block = tuple[Any, Any, Any]
"""(document numbers, weights, values) of one block of a term's postings."""


def leaf_matcher(reader: Any, fieldname: str, term: bytes) -> Any:
    """The term's matcher in a segment reader, without the deletion filter."""
    matcher = reader.postings(fieldname, term)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _stored_blocks(matcher: whoosh3.W3LeafMatcher, values: bool) -> Iterator[Block]:
    packed = isinstance(matcher, PackedLeafMatcher)
    postfile = matcher._postfile
    size = matcher.format.fixed_value_size()
    while True:
        data = postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
        if matcher._compression:
            data = zlib.decompress(data)
        ids, weights, stored = pickle.loads(data)[:3]
        if packed:
            ids = _unpacked("I", ids)
            weights = _unpacked("f", weights) if isinstance(weights, str) else weights
        elif not matcher._byteids:
            ids = tuple(accumulate(ids))
        if not values:
            stored = None
        elif size == 0:  # as W3LeafMatcher._read_values reads values of a fixed size
            stored = (None,) * len(ids)
        elif size is not None and size > 0:
            stored = tuple(stored[i : i + size] for i in range(0, len(stored), size))
        elif packed:
            stored = _split(stored)
        yield ids, weights, stored
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def posting_blocks(
    reader: Any, fieldname: str, term: bytes, *, values: bool = True
) -> Iterator[Block]:
    """(document numbers, weights, values) of ``term``'s postings in a segment: Whoosh's
    blocks as stored, or, for postings inlined in the term info (or another codec), one
    block gathered through the public matcher API. Deleted documents are included. The
    weights are None (all 1.0), one float for the block, or one a posting; without
    ``values`` the values are None (not read: most of a block's reading)."""
    matcher = leaf_matcher(reader, fieldname, term)
    if isinstance(matcher, whoosh3.W3LeafMatcher):
        yield from _stored_blocks(matcher, values)
        return
    ids, weights, stored = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            stored.append(matcher.value())
        matcher.next()
    yield ids, weights, (stored if values else None)


def position_decoder(field_format: Any) -> Callable[[bytes], Iterable[int]]:
    """A function from an encoded posting value to its positions."""
    if type(field_format) is formats.Positions:

        def decode(value: bytes) -> Iterator[int]:
            body = value[_INT_SIZE:]
            return accumulate(pickle.loads(body if body.endswith(_STOP) else body + _STOP))

        return decode
    decode_positions: Callable[[bytes], Iterable[int]] = field_format.decode_positions
    return decode_positions
