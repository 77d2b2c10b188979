"""Krippendorff's αu and nominal α computed naively (positions one by one, pairs of values
one by one, exact fractions): the independent reference the agreement tests compare the
service with (agreement_team.py's project, the round trip of round_trip_team.py)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction

CodedSpan = tuple[str, str, int, int, str]
"""(document, coder, start, end, category) of one coded span."""


def _runs(positions: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in sorted(positions):
        if runs and runs[-1][1] == p:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs


def naive_alpha_u(
    lengths: Mapping[str, int], compared: Mapping[str, Sequence[str]], spans: Sequence[CodedSpan]
) -> Fraction:
    """Σ_k D_o(k) / Σ_k D_e(k) over the categories k of ``spans``, pooled over the documents
    of ``compared`` (document -> the coders compared there, annotated or not; ``lengths``:
    each document's length): D_o counted position by position, D_e from every pair of
    pieces (a unit is one piece, each gap position another)."""
    spans = [s for s in spans if s[0] in compared]
    observed_sum = expected_sum = Fraction(0)
    for category in sorted({s[-1] for s in spans}):
        observed = Fraction(0)
        pieces: list[tuple[int, bool]] = []  # (length, is a unit)
        for document, coders in compared.items():
            length = lengths[document]
            covered = {
                coder: {
                    p
                    for d, c, start, end, value in spans
                    if (d, c, value) == (document, coder, category)
                    for p in range(start, end)
                }
                for coder in coders
            }
            for position in range(length):
                inside = [position in covered[c] for c in coders]
                for i, j in itertools.permutations(range(len(coders)), 2):
                    if inside[i] != inside[j]:
                        observed += Fraction(1, len(coders) - 1)
            for coder in coders:
                pieces += [(end - start, True) for start, end in _runs(covered[coder])]
                pieces += [(1, False)] * (length - len(covered[coder]))
        total = sum(length for length, _ in pieces)
        pairs: Counter[tuple[bool, bool]] = Counter()
        for (la, a), (lb, b) in itertools.combinations(pieces, 2):
            pairs[a, b] += la * lb
            pairs[b, a] += la * lb
        observed_sum += observed
        expected_sum += (pairs[True, False] + pairs[False, True]) * Fraction(
            total, sum(pairs.values())
        )
    return 1 - observed_sum / expected_sum


def naive_alpha(units: Sequence[Sequence[str | None]]) -> Fraction:
    """Nominal α from every pair of values: 1 − (disagreeing pairs within units, each unit
    weighted 1/(m_u − 1)) / (disagreeing pairs among all values, over n − 1)."""
    kept = [[v for v in unit if v is not None] for unit in units]
    kept = [u for u in kept if len(u) >= 2]
    values = [v for u in kept for v in u]
    within = sum(
        Fraction(sum(a != b for a, b in itertools.permutations(u, 2)), len(u) - 1) for u in kept
    )
    between = Fraction(sum(a != b for a, b in itertools.permutations(values, 2)), len(values) - 1)
    return 1 - within / between
