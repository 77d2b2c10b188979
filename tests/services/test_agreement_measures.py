"""Krippendorff's α and αu (#19.3) against published worked examples with known answers, a
hand-computed αu case (docs/agreement.md) and naive implementations written here from the
definitions, pair by pair and position by position."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.services.agreement.alpha import alpha, percent_agreement
from annotator.services.agreement.unitizing import (
    GAP,
    Unit,
    UnitizingTally,
    agreement_of,
    category_tallies,
    merge_overlaps,
    tally,
)

N = None

# Krippendorff (2013), "Computing Krippendorff's Alpha-Reliability", C: 4 observers,
# 12 units, values 1-5, missing values.
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# ibid. A: binary data, two observers, no missing data (α = 0.095).
BINARY_A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
BINARY_B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
# ibid. B: nominal data, two observers, no missing data (α = 0.692).
NOMINAL_A = "aabbdcccedda"
NOMINAL_B = "babbbccceddd"


def units_of(matrix: list[list[Any]]) -> list[tuple[Any, ...]]:
    return list(zip(*matrix, strict=True))


@pytest.mark.parametrize(
    ("metric", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_of_the_published_reliability_data(metric, expected):
    result = alpha(units_of(RELIABILITY_DATA), metric)
    assert result.value == pytest.approx(expected, abs=0.0005)
    assert result.pairable == 40


def test_alpha_of_the_published_two_observer_examples():
    assert alpha(units_of([BINARY_A, BINARY_B])).value == pytest.approx(0.095, abs=0.0005)
    nominal = alpha(units_of([list(NOMINAL_A), list(NOMINAL_B)]))
    assert nominal.value == pytest.approx(0.692, abs=0.0005)
    assert nominal.percent == pytest.approx(9 / 12)


def naive_alpha(units: Any, delta: Callable[[Any, Any], float]) -> float:
    """α from pairs of values, without a coincidence matrix."""
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [values for values in pairable if len(values) >= 2]
    flat = [v for values in pairable for v in values]
    n = len(flat)
    observed = sum(
        delta(a, b) / (len(values) - 1)
        for values in pairable
        for a, b in itertools.permutations(values, 2)
    )
    expected = sum(delta(a, b) for a, b in itertools.permutations(flat, 2)) / (n - 1)
    return 1 - observed / expected


unit_lists = st.lists(
    st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=3, max_size=3),
    min_size=2,
    max_size=12,
)


@given(unit_lists)
def test_alpha_equals_the_pairwise_definition(units):
    for metric, delta in (
        ("nominal", lambda a, b: float(a != b)),
        ("interval", lambda a, b: float((a - b) ** 2)),
    ):
        result = alpha(units, metric)
        if result.value is None:
            continue
        assert result.value == pytest.approx(naive_alpha(units, delta), abs=1e-9)
        assert result.value <= 1 + 1e-12


def test_alpha_edge_cases():
    assert alpha([]).value is None
    one_coder = alpha([[1, N], [2, N]])
    assert one_coder.value is None
    assert "pairable" in one_coder.reason
    assert alpha([[1, 1], [2, 2], [3, 3]]).value == 1.0  # coders identical
    constant = alpha([[1, 1], [1, 1]])  # no variation: undefined, not 1 nor an error
    assert constant.value is None
    assert "variation" in constant.reason
    assert constant.percent == 1.0
    assert percent_agreement([[1, 2, 2]]) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="metric"):
        alpha([[1, 2]], "cosine")


# --- αu --------------------------------------------------------------------------------


def length_one_units(values: Sequence[Any], gap: Any) -> list[Unit]:
    return [Unit(i, i + 1, v) for i, v in enumerate(values) if v != gap]


def test_alpha_u_of_the_hand_computed_case_in_the_docs():
    """docs/agreement.md: L = 10, coder A marks 2-6, coder B 3-7, one category."""
    result = tally([[Unit(2, 6, "X")], [Unit(3, 7, "X")]], 10)
    assert dict(result.observed) == {(GAP, GAP): 10, ("X", "X"): 6, ("X", GAP): 2, (GAP, "X"): 2}
    assert dict(result.squares) == {"X": 32, GAP: 12}
    agreement = result.agreement()
    assert agreement.value == pytest.approx(151 / 240)  # 0.6292
    assert agreement.observed == pytest.approx(4 / 20)
    assert agreement.expected == pytest.approx(2 * 96 / 17.8 / 20)


def test_alpha_u_of_units_of_one_position_is_alpha_of_the_published_examples():
    binary = tally([length_one_units(BINARY_A, 0), length_one_units(BINARY_B, 0)], 10)
    assert binary.agreement().value == pytest.approx(0.095, abs=0.0005)
    nominal = tally([length_one_units(NOMINAL_A, "a"), length_one_units(NOMINAL_B, "a")], 12)
    assert nominal.agreement().value == pytest.approx(0.692, abs=0.0005)


def naive_alpha_u(coders: list[list[Unit]], length: int) -> float | None:
    """αu position by position (observed) and piece by piece (expected)."""
    m = len(coders)

    def value_at(units: list[Unit], position: int) -> Hashable:
        return next((u.value for u in units if u.start <= position < u.end), GAP)

    observed: Counter[tuple[Hashable, Hashable]] = Counter()
    for position in range(length):
        values = [value_at(units, position) for units in coders]
        for i, j in itertools.permutations(range(m), 2):
            observed[values[i], values[j]] += 1  # divided by m - 1 below
    pieces: list[tuple[int, Hashable]] = []
    for units in coders:
        pieces += [(u.end - u.start, u.value) for u in units]
        covered = sum(u.end - u.start for u in units)
        pieces += [(1, GAP)] * (length - covered)
    paired: Counter[tuple[Hashable, Hashable]] = Counter()
    for (la, ca), (lb, cb) in itertools.permutations(pieces, 2):
        paired[ca, cb] += la * lb
    scale = m * length / sum(paired.values())
    d_o = sum(v for (c, k), v in observed.items() if c != k) / (m - 1)
    d_e = sum(v * scale for (c, k), v in paired.items() if c != k)
    return None if d_e == 0 else 1 - d_o / d_e


@st.composite
def unitizations(draw, coders=None):
    length = draw(st.integers(1, 14))
    m = coders or draw(st.integers(2, 4))
    result = []
    for _ in range(m):
        values = draw(st.lists(st.sampled_from([GAP, GAP, "A", "B"]), min_size=length))
        cuts = draw(st.lists(st.booleans(), min_size=length, max_size=length))
        units: list[Unit] = []
        for position, value in enumerate(values[:length]):
            last = units[-1] if units else None
            if value == GAP:
                continue
            if last and last.value == value and last.end == position and not cuts[position]:
                units[-1] = Unit(last.start, position + 1, value)
            else:
                units.append(Unit(position, position + 1, value))
        result.append(units)
    return result, length


@given(unitizations())
def test_alpha_u_equals_the_naive_definition(data):
    coders, length = data
    expected = naive_alpha_u(coders, length)
    value = tally(coders, length).agreement().value
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected, abs=1e-9)


@given(unitizations(), st.randoms(use_true_random=False))
def test_alpha_u_never_exceeds_one_nor_depends_on_the_order_of_coders(data, random):
    coders, length = data
    value = tally(coders, length).agreement().value
    shuffled = list(coders)
    random.shuffle(shuffled)
    again = tally(shuffled, length).agreement().value
    assert (value is None) == (again is None)
    if value is not None:
        assert value <= 1 + 1e-12
        assert again == pytest.approx(value, abs=1e-12)


@given(st.lists(unitizations(coders=3), min_size=1, max_size=4), st.randoms())
def test_pooled_alpha_u_does_not_depend_on_the_order_of_documents(documents, random):
    def pooled(docs: list[tuple[list[list[Unit]], int]]) -> float | None:
        total = UnitizingTally()
        for coders, length in docs:
            total.add(tally(coders, length))
        return total.agreement().value

    value = pooled(documents)
    shuffled = list(documents)
    random.shuffle(shuffled)
    again = pooled(shuffled)
    assert (value is None) == (again is None)
    if value is not None:
        assert value <= 1 + 1e-12
        assert again == pytest.approx(value, abs=1e-12)


@given(unitizations())
def test_a_coder_agrees_with_themself(data):
    coders, length = data
    result = tally([coders[0], coders[0]], length).agreement()
    assert result.value in (1.0, None)
    if any(coders[0]) and sum(u.end - u.start for u in coders[0]) < length:
        assert result.value == 1.0


def test_category_tallies_merge_a_coders_overlapping_units_and_add_up():
    a = [Unit(0, 4, "K"), Unit(2, 6, "K"), Unit(3, 5, "P")]
    assert merge_overlaps(a) == [Unit(0, 6, "K"), Unit(3, 5, "P")]
    b = [Unit(0, 6, "K"), Unit(3, 5, "P")]
    tallies = category_tallies({"a": a, "b": b}, 10, ["K", "P"])
    assert agreement_of(list(tallies.values())).value == 1.0
    c = [Unit(1, 6, "K")]
    tallies = category_tallies({"a": a, "c": c}, 10, ["K", "P"])
    per_category = {k: t.agreement() for k, t in tallies.items()}
    overall = agreement_of(list(tallies.values()))
    assert per_category["K"].value is not None
    assert per_category["P"].value is not None
    assert per_category["P"].value < 0
    observed = sum(t.disagreements()[0] for t in tallies.values())
    expected = sum(t.disagreements()[1] for t in tallies.values())
    assert overall.value == pytest.approx(1 - observed / expected)


def test_alpha_u_edge_cases():
    assert tally([[Unit(0, 2, "K")]], 5).agreement().value is None  # one coder
    nothing = tally([[], []], 5).agreement()
    assert nothing.value is None
    assert "variation" in nothing.reason
    everywhere = tally([[Unit(0, 5, "K")], [Unit(0, 5, "K")]], 5).agreement()
    assert everywhere.value is None
    assert agreement_of([]).value is None
    with pytest.raises(ValueError, match="overlaps"):
        tally([[Unit(0, 3, "K"), Unit(2, 4, "P")], []], 5)
