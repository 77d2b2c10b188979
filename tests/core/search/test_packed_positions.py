"""The stemmed body's positions format: what goes in comes out, for short and long texts, and
Whoosh reads the frequency first as with its own format."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.search.positions import PackedPositions

positions = st.lists(st.integers(0, 200_000), unique=True).map(sorted)


@given(positions)
def test_positions_come_back_as_they_went_in(wanted):
    packed = PackedPositions()
    value = packed.encode(wanted)
    assert list(packed.decode_positions(value)) == wanted
    assert packed.decode_frequency(value) == len(wanted)
    assert packed.decode_weight(value) == len(wanted)


def test_short_texts_take_two_bytes_a_position_and_long_ones_four():
    packed = PackedPositions()
    assert len(packed.encode([0, 7, 65_535])) == 4 + 3 * 2
    assert len(packed.encode([0, 7, 65_536])) == 4 + 3 * 4 + 1
    assert list(packed.decode_positions(packed.encode([65_536, 70_000]))) == [65_536, 70_000]


def test_merging_values_keeps_every_position():
    packed = PackedPositions()
    combined = packed.combine([packed.encode([1, 5]), packed.encode([3, 70_000])])
    assert list(packed.decode_positions(combined)) == [1, 3, 5, 70_000]
