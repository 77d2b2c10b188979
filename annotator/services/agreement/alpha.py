"""Krippendorff's α for coded units, from the coincidence matrix (Krippendorff 2013,
"Computing Krippendorff's Alpha-Reliability"; Krippendorff 2019, *Content Analysis*, 4th ed.,
ch. 12), and the percent agreement of the same pairable values.

A unit is the list of values its coders gave (``None`` where a coder gave none). Only units
with two or more values are pairable. With ``o_ck`` the coincidences of values ``c`` and
``k`` (each unit adds 1/(m_u − 1) for every ordered pair of its values), ``n_c`` their
marginals and ``n`` their total::

    α = 1 − D_o / D_e,  D_o = Σ o_ck δ²_ck / n,  D_e = Σ n_c n_k δ²_ck / (n (n − 1))

α is undefined (``value is None``, with the reason) when fewer than two values are pairable
or when the data show no variation (D_e = 0); it is never divided by zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

METRICS = ("nominal", "ordinal", "interval", "ratio")

Value = Hashable


@dataclass(frozen=True, slots=True)
class Agreement:
    """One agreement figure: α (or αu) with what it was computed from."""

    value: float | None
    """The coefficient, None when undefined (see :attr:`reason`)."""
    observed: float | None = None
    """D_o, the observed disagreement."""
    expected: float | None = None
    """D_e, the disagreement expected by chance."""
    pairable: float = 0
    """n, the number of pairable values (for αu: the pairable length, m × L)."""
    reason: str = ""
    """Why the value is undefined ("" when it is defined)."""
    percent: float | None = None
    """Percent agreement of the pairable values (α only): agreeing pairs / all pairs."""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": self.value,
            "observed": self.observed,
            "expected": self.expected,
            "pairable": self.pairable,
        }
        if self.percent is not None:
            data["percent_agreement"] = self.percent
        if self.reason:
            data["undefined"] = self.reason
        return data


def coincidences(units: Sequence[Sequence[Value | None]]) -> dict[tuple[Value, Value], float]:
    """The coincidence matrix ``o_ck`` of the pairable units (ordered pairs of values)."""
    matrix: defaultdict[tuple[Value, Value], float] = defaultdict(float)
    for unit in units:
        values = [v for v in unit if v is not None]
        if len(values) < 2:
            continue
        weight = 1.0 / (len(values) - 1)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    matrix[c, k] += weight
    return matrix


def _number(value: Value) -> float:
    return float(str(value))


def _delta(metric: str, marginals: dict[Value, float]) -> Any:
    """The squared difference function δ²(c, k) of ``metric``."""
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "interval":
        return lambda c, k: (_number(c) - _number(k)) ** 2
    if metric == "ratio":
        return lambda c, k: (
            0.0 if c == k else ((_number(c) - _number(k)) / (_number(c) + _number(k))) ** 2
        )
    if metric == "ordinal":
        ranked = sorted(marginals, key=_number)
        rank = {value: index for index, value in enumerate(ranked)}
        cumulative = [0.0]
        for value in ranked:
            cumulative.append(cumulative[-1] + marginals[value])

        def ordinal(c: Value, k: Value) -> float:
            low, high = sorted((rank[c], rank[k]))
            between = cumulative[high + 1] - cumulative[low]
            return (between - (marginals[c] + marginals[k]) / 2) ** 2

        return ordinal
    raise ValueError(f"unknown metric {metric!r} (one of {', '.join(METRICS)})")


def percent_agreement(units: Sequence[Sequence[Value | None]]) -> float | None:
    """Agreeing pairs of values among all pairs of values within units (None: no pairs)."""
    agreeing = pairs = 0
    for unit in units:
        values = [v for v in unit if v is not None]
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                pairs += 1
                agreeing += values[i] == values[j]
    return agreeing / pairs if pairs else None


def alpha(units: Sequence[Sequence[Value | None]], metric: str = "nominal") -> Agreement:
    """Krippendorff's α of ``units`` (each a sequence of values, None = missing).

    Ordinal, interval and ratio values must be numbers (or strings of numbers)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r} (one of {', '.join(METRICS)})")
    matrix = coincidences(units)
    marginals: dict[Value, float] = {}
    for (c, _k), count in matrix.items():
        marginals[c] = marginals.get(c, 0.0) + count
    n = sum(marginals.values())
    percent = percent_agreement(units)
    if n < 2:
        return Agreement(None, pairable=n, reason="fewer than two pairable values")
    delta = _delta(metric, marginals)
    observed = sum(count * delta(c, k) for (c, k), count in matrix.items()) / n
    expected = sum(
        marginals[c] * marginals[k] * delta(c, k) for c in marginals for k in marginals
    ) / (n * (n - 1))
    if expected <= 0:
        return Agreement(
            None, observed, expected, n, "no variation: every pairable value is the same", percent
        )
    return Agreement(1 - observed / expected, observed, expected, n, "", percent)
