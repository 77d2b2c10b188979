"""Where each word of the stemmed text stands, stored as a packed array of numbers.

Whoosh's :class:`~whoosh.formats.Positions` stores a posting's positions as a pickled list of
differences, encoded by a Python loop a posting when indexing and summed back by another when
a phrase is searched. Here they are the positions themselves, two bytes each (four in a text
of over 65,536 words), which :mod:`array` reads and writes in C: a phrase of two common words
in 22,250 articles decodes some 40,000 postings, and the import encodes 400,000. Changing
this format means bumping ``SCHEMA_VERSION``.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from operator import itemgetter

from whoosh import formats

from annotator.core.search.whoosh_compat import FREQUENCY_SIZE, frequency_value

_SWAP = sys.byteorder == "big"  # stored little-endian, whatever the machine
_SHORT_LIMIT = 1 << 16
_WIDE = b"\x04"  # ends the value of 32-bit positions


class PackedPositions(formats.Positions):  # type: ignore[misc]
    """Whoosh's positions format (frequency first, as Whoosh reads it) with the positions as
    a little-endian array of unsigned 16-bit numbers, or of 32-bit ones followed by one byte
    where a position needs more than 16 bits."""

    def encode(self, poslist: Sequence[int]) -> bytes:
        if not poslist or max(poslist) < _SHORT_LIMIT:
            packed, tail = array("H", poslist), b""
        else:
            packed, tail = array("I", poslist), _WIDE
        if _SWAP:
            packed.byteswap()
        return frequency_value(len(packed)) + packed.tobytes() + tail

    def decode_positions(self, valuestring: bytes) -> array[int]:
        body = valuestring[FREQUENCY_SIZE:]
        # Two bytes a position make an even length; four, with the one-byte mark, an odd one.
        packed = array("I", body[:-1]) if len(body) & 1 else array("H", body)
        if _SWAP:
            packed.byteswap()
        return packed

    def decode_many(self, values: Iterable[bytes]) -> Iterator[array[int]]:
        """The positions of each of ``values``, decoded by nested maps (no Python call a
        value) when all hold 16-bit positions on a little-endian machine."""
        values = list(values)
        if _SWAP or any(map((1).__and__, map(len, values))):  # a 32-bit one: odd length
            return map(self.decode_positions, values)
        return map(array, repeat("H"), map(_AFTER_FREQUENCY, values))


_AFTER_FREQUENCY = itemgetter(slice(FREQUENCY_SIZE, None))
