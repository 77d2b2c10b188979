"""The claim tree as plain data: ancestor chains and sub-trees, computed once here for every
user (the search index, the exporter, export filters)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable


def claim_chains(claims: Iterable[tuple[str, str, str | None]]) -> dict[str, tuple[str, ...]]:
    """claim id -> the labels from its root down to itself, from (id, label, parent id)
    triples. A broken or cyclic parent link ends the chain rather than looping."""
    rows = {claim_id: (label, parent_id) for claim_id, label, parent_id in claims}
    chains: dict[str, tuple[str, ...]] = {}
    for claim_id in rows:
        labels: list[str] = []
        seen: set[str] = set()
        node: str | None = claim_id
        while node is not None and node in rows and node not in seen:
            seen.add(node)
            labels.append(rows[node][0])
            node = rows[node][1]
        chains[claim_id] = tuple(reversed(labels))
    return chains


def with_descendants(claims: Iterable[tuple[str, str | None]], roots: Iterable[str]) -> set[str]:
    """``roots`` and every claim below them, from (id, parent id) pairs."""
    children: dict[str | None, list[str]] = {}
    for claim_id, parent_id in claims:
        children.setdefault(parent_id, []).append(claim_id)
    found = set(roots)
    stack = list(found)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


CLAIM_PALETTE = ("#f2c14e", "#5fa8d3", "#f78154", "#4d9078", "#b4436c", "#9bc53d", "#c3a995")
"""Colours given to new claims, in turn."""


def new_claim_colour(used: Iterable[str]) -> str:
    """The palette colour fewest claims have (the first such), for a new claim: stored with
    it, so that creating or moving claims never recolours the others (issue #16.5)."""
    counts = dict.fromkeys(CLAIM_PALETTE, 0)
    for colour in used:
        if colour in counts:
            counts[colour] += 1
    return min(CLAIM_PALETTE, key=lambda colour: counts[colour])


def fallback_claim_colour(claim_id: str) -> str:
    """A colour for a claim stored without one (made before colours were stored): from its
    id, so that it does not change when other claims come and go."""
    return CLAIM_PALETTE[zlib.crc32(claim_id.encode("utf-8")) % len(CLAIM_PALETTE)]
