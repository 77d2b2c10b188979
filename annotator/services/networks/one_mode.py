"""One-mode networks: actors linked through the claims they share, or claims linked through
the actors who speak on both (docs/networks.md, "One-mode").

For every claim (or actor) *j*, each node's statements on it form a vector over the cells
(the stances of the scale; one cell when the stance is ignored); a pair of nodes gains
x_a · M · x_b, M holding the agreement of every two stances. M · x_a is computed once per node
and claim, so a pair costs one short sum: what one-mode networks spend their time on.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.services.networks.graph import Edge, Network, actor_node, claim_node
from annotator.services.networks.options import NetworkOptions
from annotator.services.networks.statements import Codebook, NetStatement

Members = dict[int, list[int]]
Agreements = tuple[dict[str | None, int], list[list[float]]]
"""node number -> statements per cell, of the nodes speaking on one claim (or by one actor)."""


def agreement(distance: float, aggregation: str) -> float:
    """The factor of a pair of stances ``distance`` apart (|v - v'| / range)."""
    if aggregation == "congruence":
        return 1.0 - distance
    if aggregation == "conflict":
        return distance
    if aggregation == "subtract":
        return 1.0 - 2.0 * distance
    return 1.0  # ignore


def agreements(codebook: Codebook, aggregation: str) -> Agreements:
    """The cell of each stance label and the agreement of every two cells."""
    if aggregation == "ignore":
        return {}, [[1.0]]
    labels, values, scale = codebook.stance_scale, codebook.stance_values, codebook.stance_range
    matrix = [
        [
            agreement(abs(values[a] - values[b]) / scale if scale else 0.0, aggregation)
            for b in labels
        ]
        for a in labels
    ]
    return {label: n for n, label in enumerate(labels)}, matrix


@dataclass
class PairSums:
    """Per pair of nodes (key: first * size + second, first < second)."""

    raw: dict[int, float] = field(default_factory=dict)
    statements: dict[int, int] = field(default_factory=dict)
    shared: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """For Jaccard: statements of each node in the cells both use, and Σ of their products."""


def one_mode(
    statements: Sequence[NetStatement], codebook: Codebook, options: NetworkOptions
) -> Network:
    by_actor = options.mode == "actors"
    cells, matrix = agreements(codebook, options.aggregation)
    totals = Counter(s.actor_id if by_actor else s.claim_id for s in statements)
    active = [i for i in (codebook.actors if by_actor else codebook.claims) if i in totals]
    rank = {node: n for n, node in enumerate(active)}
    via: dict[str, Members] = {}
    for s in statements:
        node, other = (s.actor_id, s.claim_id) if by_actor else (s.claim_id, s.actor_id)
        vector = via.setdefault(other, {}).setdefault(rank[node], [0] * len(matrix))
        vector[cells.get(s.stance, 0)] += 1
    size = len(active)
    sums = PairSums()
    squares = [0] * size
    for members in via.values():
        for number, vector in members.items():
            squares[number] += sum(vector) ** 2
        _add_pairs(members, matrix, size, sums)
        if options.normalize == "jaccard":
            _add_shared(members, size, sums)
    counts = [totals[i] for i in active]
    edges: list[Edge] = []
    prefix = "actor:" if by_actor else "claim:"
    for key in sorted(sums.raw):
        first, second = divmod(key, size)
        norm = _norm(options.normalize, sums, key, (first, second), counts, squares)
        weight = sums.raw[key] / norm if norm else 0.0
        if weight != 0:
            source, target = prefix + active[first], prefix + active[second]
            edges.append(Edge(source, target, weight, sums.statements[key]))
    make = actor_node if by_actor else claim_node
    nodes = tuple(make(codebook, i, totals[i]) for i in active)
    return Network(nodes, tuple(edges), bipartite=False)


def _add_pairs(members: Members, matrix: list[list[float]], size: int, sums: PairSums) -> None:
    """Add what one claim (or actor) gives every pair of the nodes on it."""
    width = len(matrix)
    prepared = []
    for node in sorted(members):
        used = [(k, n) for k, n in enumerate(members[node]) if n]
        weighted = [sum(matrix[k][k2] * n for k2, n in used) for k in range(width)]
        prepared.append((node, used, weighted, sum(n for _, n in used)))
    raw, statements = sums.raw, sums.statements
    for position, (first, _, weighted, count) in enumerate(prepared):
        base = first * size
        for second, used, _, other_count in prepared[position + 1 :]:
            key = base + second
            value = 0.0
            for k, n in used:
                value += weighted[k] * n
            raw[key] = raw.get(key, 0.0) + value
            statements[key] = statements.get(key, 0) + count + other_count


def _add_shared(members: Members, size: int, sums: PairSums) -> None:
    """Jaccard's counts of the cells both nodes of a pair use, for one claim (or actor)."""
    ordered = sorted(members)
    for position, first in enumerate(ordered):
        mine = members[first]
        for second in ordered[position + 1 :]:
            key = first * size + second
            a, b, product = sums.shared.get(key, (0, 0, 0))
            for k, n in enumerate(members[second]):
                if n and mine[k]:
                    a, b, product = a + mine[k], b + n, product + mine[k] * n
            sums.shared[key] = (a, b, product)


def _norm(
    normalize: str,
    sums: PairSums,
    key: int,
    pair: tuple[int, int],
    counts: list[int],
    squares: list[int],
) -> float:
    """The denominator of a pair's weight (0: the weight is 0)."""
    first, second = pair
    if normalize == "average":
        return (counts[first] + counts[second]) / 2
    if normalize == "jaccard":
        shared_a, shared_b, product = sums.shared.get(key, (0, 0, 0))
        return (counts[first] - shared_a) + (counts[second] - shared_b) + product
    if normalize == "cosine":
        return math.sqrt(squares[first] * squares[second])
    return 1.0
