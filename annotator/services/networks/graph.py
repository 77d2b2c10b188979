"""What a network is once computed: nodes and weighted edges with their attributes, as the
writers and (later) the app's drawing take them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.services.networks.options import NetworkOptions
from annotator.services.networks.statements import Codebook, NetStatement


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
