"""Edge weights of discourse networks (docs/networks.md has the formulas and an example).

Plain Python over already filtered statements: a two-mode actor x claim network, or a
one-mode network of actors linked through the claims they share (or of claims linked through
the actors who speak on both), weighted by the stances' agreement on the project's scale.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.services.networks.options import NetworkOptions
from annotator.services.networks.statements import Codebook, NetStatement

Cells = dict[str, Counter[str | None]]
"""node id -> stance label (None: no stance) -> number of statements."""


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    """``actor:<id>`` or ``claim:<id>``: unique across both kinds."""
    label: str
    type: str
    """``actor`` or ``claim``."""
    kind: str
    """An actor's kind (person, organization...); ``claim`` for claims."""
    path: str
    """A claim's path in the codebook (``Parent > Claim``); empty for actors."""
    colour: str
    statements: int
    """The node's statements counted in this network."""


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    weight: float
    statements: int
    """The statements behind the edge: of the actor on the claim (two-mode), or of both
    nodes on what they share (one-mode)."""


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    bipartite: bool
    attributes: dict[str, str | int | float] = field(default_factory=dict)


def actor_node(codebook: Codebook, actor_id: str, statements: int) -> Node:
    actor = codebook.actors[actor_id]
    return Node(f"actor:{actor_id}", actor.name, "actor", actor.kind, "", actor.colour, statements)


def claim_node(codebook: Codebook, claim_id: str, statements: int) -> Node:
    claim = codebook.claims[claim_id]
    path = codebook.claim_paths.get(claim_id, claim.label)
    return Node(f"claim:{claim_id}", claim.label, "claim", "claim", path, claim.colour, statements)


def usable(statements: Iterable[NetStatement], options: NetworkOptions) -> list[NetStatement]:
    """The statements that count: all when the stance is ignored, else those with one."""
    if options.aggregation == "ignore":
        return list(statements)
    return [s for s in statements if s.value is not None]


def compute_network(
    statements: Sequence[NetStatement], codebook: Codebook, options: NetworkOptions
) -> Network:
    """The network of ``statements`` (already filtered and de-duplicated)."""
    kept = usable(statements, options)
    if options.one_mode:
        return _one_mode(kept, codebook, options)
    return _two_mode(kept, codebook, options)


# --- two-mode ------------------------------------------------------------------------------


def _two_mode(
    statements: list[NetStatement], codebook: Codebook, options: NetworkOptions
) -> Network:
    cells: dict[tuple[str, str], Counter[str | None]] = defaultdict(Counter)
    for s in statements:
        cells[s.actor_id, s.claim_id][s.stance] += 1
    per_actor = Counter(s.actor_id for s in statements)
    per_claim = Counter(s.claim_id for s in statements)
    nodes = [actor_node(codebook, a, per_actor[a]) for a in codebook.actors if a in per_actor]
    nodes += [claim_node(codebook, c, per_claim[c]) for c in codebook.claims if c in per_claim]
    order = {node.id: n for n, node in enumerate(nodes)}
    edges: list[Edge] = []
    for (actor, claim), stances in cells.items():
        weight = _two_mode_weight(stances, codebook, options.aggregation)
        denominator = {"activity": per_actor[actor], "prominence": per_claim[claim]}.get(
            options.normalize, 1
        )
        # every pair with statements is an edge, even when its stances sum to 0
        edges.append(
            Edge(f"actor:{actor}", f"claim:{claim}", weight / denominator, stances.total())
        )
    edges.sort(key=lambda e: (order[e.source], order[e.target]))
    return Network(tuple(nodes), tuple(edges), bipartite=True)


def _two_mode_weight(stances: Counter[str | None], codebook: Codebook, aggregation: str) -> float:
    if aggregation == "subtract":
        return math.fsum(codebook.stance_values[str(k)] * n for k, n in stances.items())
    if aggregation == "combine":
        return float(sum(1 << codebook.stance_scale.index(str(k)) for k in stances))
    return float(stances.total())


# --- one-mode ------------------------------------------------------------------------------


@dataclass
class _Pair:
    raw: float = 0.0
    statements: int = 0
    shared: tuple[int, int, int] = (0, 0, 0)
    """For Jaccard: statements of each node in cells both use, and Σ of their products."""


def _one_mode(
    statements: list[NetStatement], codebook: Codebook, options: NetworkOptions
) -> Network:
    by_actor = options.mode == "actors"
    via: dict[str, Cells] = defaultdict(lambda: defaultdict(Counter))
    for s in statements:
        node, other = (s.actor_id, s.claim_id) if by_actor else (s.claim_id, s.actor_id)
        via[other][node][s.stance] += 1
    totals = Counter(s.actor_id if by_actor else s.claim_id for s in statements)
    ids = codebook.actors if by_actor else codebook.claims
    active = [i for i in ids if i in totals]
    rank = {node: n for n, node in enumerate(active)}
    pairs: dict[tuple[str, str], _Pair] = defaultdict(_Pair)
    squares: Counter[str] = Counter()
    for members in via.values():
        for node, stances in members.items():
            squares[node] += stances.total() ** 2
        ordered = sorted(members, key=rank.__getitem__)
        for n, first in enumerate(ordered):
            for second in ordered[n + 1 :]:
                _add(pairs[first, second], members[first], members[second], codebook, options)
    make = actor_node if by_actor else claim_node
    nodes = tuple(make(codebook, i, totals[i]) for i in active)
    edges: list[Edge] = []
    for (first, second), pair in pairs.items():
        norm = _one_mode_norm(
            options.normalize,
            pair,
            (totals[first], totals[second]),
            (squares[first], squares[second]),
        )
        weight = pair.raw / norm if norm else 0.0
        if weight != 0:
            prefix = "actor:" if by_actor else "claim:"
            edges.append(Edge(prefix + first, prefix + second, weight, pair.statements))
    edges.sort(key=lambda e: (rank[e.source.split(":", 1)[1]], rank[e.target.split(":", 1)[1]]))
    return Network(nodes, tuple(edges), bipartite=False)


def agreement(distance: float, aggregation: str) -> float:
    """The factor of a pair of stances ``distance`` apart (|v - v'| / range)."""
    if aggregation == "congruence":
        return 1.0 - distance
    if aggregation == "conflict":
        return distance
    if aggregation == "subtract":
        return 1.0 - 2.0 * distance
    return 1.0  # ignore


def _add(
    pair: _Pair,
    first: Counter[str | None],
    second: Counter[str | None],
    codebook: Codebook,
    options: NetworkOptions,
) -> None:
    """Add what one shared claim (or actor) contributes to a pair of nodes."""
    aggregation, scale = options.aggregation, codebook.stance_range
    pair.statements += first.total() + second.total()
    if aggregation == "ignore":
        pair.raw += first.total() * second.total()
        cells_a: Counter[str | None] = Counter({None: first.total()})
        cells_b: Counter[str | None] = Counter({None: second.total()})
    else:
        values = codebook.stance_values
        for k1, n1 in first.items():
            for k2, n2 in second.items():
                distance = abs(values[str(k1)] - values[str(k2)]) / scale if scale else 0.0
                pair.raw += n1 * n2 * agreement(distance, aggregation)
        cells_a, cells_b = first, second
    a, b, product = pair.shared
    for key in cells_a.keys() & cells_b.keys():
        a, b, product = a + cells_a[key], b + cells_b[key], product + cells_a[key] * cells_b[key]
    pair.shared = (a, b, product)


def _one_mode_norm(
    normalize: str, pair: _Pair, totals: tuple[int, int], squares: tuple[int, int]
) -> float:
    """The denominator of a pair's weight (0: the weight is 0)."""
    if normalize == "average":
        return (totals[0] + totals[1]) / 2
    if normalize == "jaccard":
        shared_a, shared_b, product = pair.shared
        return (totals[0] - shared_a) + (totals[1] - shared_b) + product
    if normalize == "cosine":
        return math.sqrt(squares[0] * squares[1])
    return 1.0
