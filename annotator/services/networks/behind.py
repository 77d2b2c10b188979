"""The statements behind a node or an edge of a network, for the analyst to read: what an actor
said, what an actor said on a claim, and what two actors (or two claims) have in common."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.services.networks.statements import NetStatement


def _side(node_id: str) -> tuple[str, str]:
    kind, _, entity = node_id.partition(":")
    return kind, entity


def _of(statement: NetStatement, node_id: str) -> bool:
    kind, entity = _side(node_id)
    return (statement.actor_id if kind == "actor" else statement.claim_id) == entity


def select_behind(
    statements: Sequence[NetStatement], source: str, target: str | None = None
) -> list[NetStatement]:
    """The statements behind node ``source`` (``target`` None), or behind the edge between
    ``source`` and ``target``: for an actor and a claim, the actor's statements on the claim;
    for two actors, their statements on the claims both spoke about; for two claims, the
    statements on them by actors who spoke about both."""
    if target is None:
        return [s for s in statements if _of(s, source)]
    (kind_a, a), (kind_b, b) = _side(source), _side(target)
    if kind_a != kind_b:
        actor, claim = (a, b) if kind_a == "actor" else (b, a)
        return [s for s in statements if s.actor_id == actor and s.claim_id == claim]
    if kind_a == "actor":
        shared = {s.claim_id for s in statements if s.actor_id == a} & {
            s.claim_id for s in statements if s.actor_id == b
        }
        return [s for s in statements if s.actor_id in (a, b) and s.claim_id in shared]
    common = {s.actor_id for s in statements if s.claim_id == a} & {
        s.actor_id for s in statements if s.claim_id == b
    }
    return [s for s in statements if s.claim_id in (a, b) and s.actor_id in common]
