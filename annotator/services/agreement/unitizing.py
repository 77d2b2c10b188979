"""Krippendorff's unitizing α (αu) over character positions, in the coincidence form of
Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of unitizing textual
continua: further developments" (docs/agreement.md says how it was checked).

Each coder divides a continuum of L positions into *units* (a span with a value) and *gaps*
(value ∅, written ``GAP``). For coders i ≠ j, every unit or gap g of i and h of j that
intersect add the length of their intersection to the coincidence of their values::

    ℓ_ck = Σ_i Σ_j≠i Σ_g Σ_h |c_ig ∩ k_jh| / (m − 1)          (ℓ.. = m L)

Chance pairs every piece with every other piece but itself. A unit is indivisible (a piece
of its length l), a gap is not (each of its positions is a piece of length 1), so with
``s_c`` = Σ l² over units of value c (Σ l over gaps)::

    e_ck = (ℓ_c. ℓ_.k − [c = k] s_c) / (ℓ.. − Σ_c s_c / ℓ..)
    αu = 1 − Σ_c≠k ℓ_ck / Σ_c≠k e_ck

With units of length 1 this is α of the positions (tests check it with published data).
Tallies add up: documents are pooled by adding their tallies, which is the same as coding
one continuum made of them all (gaps being divisible, joining them changes nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.services.agreement.alpha import Agreement

GAP = "∅"


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    value: Hashable


def partition(units: Sequence[Unit], length: int) -> list[Unit]:
    """One coder's continuum ``[0, length)`` as units and the gaps between them, in order.

    Raises ValueError for units that overlap or leave the continuum."""
    pieces: list[Unit] = []
    position = 0
    for unit in sorted(units, key=lambda u: (u.start, u.end)):
        if unit.start < position or unit.end > length or unit.end <= unit.start:
            raise ValueError(f"unit {unit.start}-{unit.end} overlaps or leaves 0-{length}")
        if unit.start > position:
            pieces.append(Unit(position, unit.start, GAP))
        pieces.append(unit)
        position = unit.end
    if position < length:
        pieces.append(Unit(position, length, GAP))
    return pieces


def merge_overlaps(units: Sequence[Unit]) -> list[Unit]:
    """Units of one value that overlap joined into one (a coder marking the same thing twice,
    or nested spans of one category); units of different values are left as they are."""
    merged: list[Unit] = []
    for unit in sorted(units, key=lambda u: (str(u.value), u.start, u.end)):
        last = merged[-1] if merged else None
        if last is not None and last.value == unit.value and unit.start < last.end:
            merged[-1] = Unit(last.start, max(last.end, unit.end), last.value)
        else:
            merged.append(unit)
    return sorted(merged, key=lambda u: (u.start, u.end, str(u.value)))


@dataclass
class UnitizingTally:
    """Observed coincidences and self-pairing sums of one or more continua (additive)."""

    observed: defaultdict[tuple[Hashable, Hashable], float] = field(
        default_factory=lambda: defaultdict(float)
    )
    squares: defaultdict[Hashable, float] = field(default_factory=lambda: defaultdict(float))
    """s_c: Σ l² over units of value c, Σ l over gaps."""
    units: int = 0

    def add(self, other: UnitizingTally) -> None:
        for pair, length in other.observed.items():
            self.observed[pair] += length
        for value, square in other.squares.items():
            self.squares[value] += square
        self.units += other.units

    @property
    def total(self) -> float:
        return float(sum(self.observed.values()))

    def disagreements(self) -> tuple[float, float]:
        """(Σ_c≠k ℓ_ck, Σ_c≠k e_ck), both unnormalised (in position-pairs)."""
        total = self.total
        if total <= 0:
            return 0.0, 0.0
        marginal: defaultdict[Hashable, float] = defaultdict(float)
        for (c, _k), length in self.observed.items():
            marginal[c] += length
        observed = sum(v for (c, k), v in self.observed.items() if c != k)
        denominator = total - sum(self.squares.values()) / total
        agreeing = sum(marginal[c] ** 2 - self.squares[c] for c in marginal) / denominator
        return observed, total - agreeing

    def agreement(self) -> Agreement:
        return agreement_of([self])


def agreement_of(tallies: Sequence[UnitizingTally]) -> Agreement:
    """αu of tallies whose disagreements add up (one per category: Krippendorff 2004's Σ_c
    over categories, each category its own unitization of the text)."""
    pairable = sum(t.total for t in tallies) / max(1, len(tallies))
    if pairable <= 0:
        return Agreement(None, reason="nothing coded by two or more coders")
    sums = [t.disagreements() for t in tallies]
    observed = sum(o for o, _e in sums)
    expected = sum(e for _o, e in sums)
    d_o, d_e = observed / pairable / len(tallies), expected / pairable / len(tallies)
    if expected <= 0:
        return Agreement(None, d_o, d_e, pairable, "no variation: no units, or units everywhere")
    return Agreement(1 - observed / expected, d_o, d_e, pairable)


def tally(coders: Sequence[Sequence[Unit]], length: int) -> UnitizingTally:
    """The tally of one continuum of ``length`` positions unitized by ``coders`` (one list of
    non-overlapping units each); a continuum with fewer than two coders tallies nothing."""
    result = UnitizingTally()
    if len(coders) < 2 or length <= 0:
        return result
    pieces = [partition(units, length) for units in coders]
    weight = 1.0 / (len(pieces) - 1)
    for i, mine in enumerate(pieces):
        for piece in mine:
            size = piece.end - piece.start
            result.squares[piece.value] += size if piece.value == GAP else size * size
            result.units += piece.value != GAP
        for j, theirs in enumerate(pieces):
            if i != j:
                _intersect(mine, theirs, weight, result.observed)
    return result


def _intersect(
    mine: list[Unit],
    theirs: list[Unit],
    weight: float,
    into: defaultdict[tuple[Hashable, Hashable], float],
) -> None:
    """Add the intersections of two partitions of one continuum (a merge of sorted lists)."""
    a = b = 0
    while a < len(mine) and b < len(theirs):
        g, h = mine[a], theirs[b]
        overlap = min(g.end, h.end) - max(g.start, h.start)
        if overlap > 0:
            into[g.value, h.value] += overlap * weight
        if g.end <= h.end:
            a += 1
        else:
            b += 1


def category_tallies(
    coders: Mapping[str, Sequence[Unit]], length: int, categories: Sequence[Hashable]
) -> dict[Hashable, UnitizingTally]:
    """For each category, the tally of the binary unitization (that category's units against
    everything else) by ``coders``; each coder's overlapping units of a category are merged."""
    result: dict[Hashable, UnitizingTally] = {}
    for category in categories:
        continua = [
            merge_overlaps([u for u in units if u.value == category]) for units in coders.values()
        ]
        result[category] = tally(continua, length)
    return result
