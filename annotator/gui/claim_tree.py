"""The claim tree, walked in one place (the services list claims parents first)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.records import ClaimRecord

MAX_DEPTH = 20
"""A guard against a cycle in damaged data (the services never make one)."""


def claim_depths(claims: Sequence[ClaimRecord]) -> dict[str, int]:
    """Each claim's depth in the tree (0 for a top-level claim)."""
    parents = {c.id: c.parent_id for c in claims}
    depths: dict[str, int] = {}
    for claim in claims:
        level, parent = 0, claim.parent_id
        while parent is not None and parent in parents and level < MAX_DEPTH:
            parent = parents[parent]
            level += 1
        depths[claim.id] = level
    return depths
