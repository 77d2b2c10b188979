"""Pairing the statements of different coders, so that their claim, speaker and stance can be
compared as the values of one unit (docs/agreement.md, "Pairing statements").

Within a document, two statements of different coders are candidates when their spans
overlap by at least ``min_overlap`` (overlap = shared characters / characters covered by
either, the Jaccard index of the two spans). Candidates are taken best overlap first (ties:
earlier span, then id): a candidate joins the two groups its statements are in when the
groups have no coder in common and every statement of one overlaps every statement of the
other by at least ``min_overlap``. Each group of two or more coders' statements is a unit;
a statement left alone is *unpaired*, and counted, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_MIN_OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class CodedStatement:
    id: str
    coder: str
    start: int
    end: int
    claim: str | None
    speaker: str | None
    stance: str | None


def overlap(a: CodedStatement, b: CodedStatement) -> float:
    """Shared characters over characters covered by either span (0 to 1)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return 0.0
    return shared / (max(a.end, b.end) - min(a.start, b.start))


@dataclass(frozen=True, slots=True)
class Pairing:
    units: tuple[tuple[CodedStatement, ...], ...]
    """Groups of statements of two or more different coders, one statement per coder."""
    unpaired: tuple[CodedStatement, ...]


def _order(statement: CodedStatement) -> tuple[int, int, str, str]:
    return statement.start, statement.end, statement.coder, statement.id


def pair_statements(
    statements: Sequence[CodedStatement], min_overlap: float = DEFAULT_MIN_OVERLAP
) -> Pairing:
    """Group the statements of one document across coders (see the module's docstring)."""
    if not 0 < min_overlap <= 1:
        raise ValueError(f"the minimum overlap must be above 0 and at most 1, not {min_overlap}")
    ordered = sorted(statements, key=_order)
    candidates = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.start >= a.end:
                break  # sorted by start: no later statement overlaps a
            score = overlap(a, b)
            if a.coder != b.coder and score >= min_overlap:
                candidates.append((-score, _order(a), _order(b), a, b))
    candidates.sort(key=lambda c: c[:3])
    group_of = {s.id: [s] for s in ordered}
    for _score, _ka, _kb, a, b in candidates:
        first, second = group_of[a.id], group_of[b.id]
        if first is second or {s.coder for s in first} & {s.coder for s in second}:
            continue
        if all(overlap(x, y) >= min_overlap for x in first for y in second):
            first.extend(second)
            for statement in second:
                group_of[statement.id] = first
    groups: list[list[CodedStatement]] = []
    seen: set[int] = set()
    for statement in ordered:
        group = group_of[statement.id]
        if id(group) not in seen:
            seen.add(id(group))
            groups.append(sorted(group, key=_order))
    return Pairing(
        units=tuple(tuple(g) for g in groups if len(g) > 1),
        unpaired=tuple(g[0] for g in groups if len(g) == 1),
    )
