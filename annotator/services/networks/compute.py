"""Edge weights of discourse networks (docs/networks.md has the formulas and an example).

Plain Python over already filtered statements: the two-mode actor x claim network here, the
one-mode networks of actors (linked through the claims they share) or claims (through the
actors who speak on both) in :mod:`one_mode`, weighted by the stances' agreement on the
project's scale.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from annotator.services.networks.graph import Edge, Network, actor_node, claim_node, usable
from annotator.services.networks.one_mode import one_mode
from annotator.services.networks.options import NetworkOptions
from annotator.services.networks.statements import Codebook, NetStatement


def compute_network(
    statements: Sequence[NetStatement], codebook: Codebook, options: NetworkOptions
) -> Network:
    """The network of ``statements`` (already filtered and de-duplicated)."""
    kept = usable(statements, options)
    if options.one_mode:
        return one_mode(kept, codebook, options)
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
