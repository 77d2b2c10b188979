"""The claim tree as plain data: ancestor chains and sub-trees, computed once here for every
user (the search index, the exporter, export filters)."""

from __future__ import annotations

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
