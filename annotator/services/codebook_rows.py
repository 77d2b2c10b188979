"""The codebook as a dataset writes it: actor and claim rows (for ``actors``/``claims`` files)
and ``codebook.json``'s document (stance scale, actors, claim tree); shared by the dataset
export and the codebook files (services/codebook_files.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from annotator.core import models
from annotator.core.codebook import claim_chains
from annotator.core.records import ClaimRecord
from annotator.services.project import ProjectService


def null_if_empty(value: Any) -> Any:
    return None if value == "" else value


def claim_paths(claims: list[ClaimRecord]) -> dict[str, str]:
    """claim id -> 'Parent > Child > Claim'."""
    chains = claim_chains((c.id, c.label, c.parent_id) for c in claims)
    return {claim_id: " > ".join(chain) for claim_id, chain in chains.items()}


class Lookups:
    """The codebook and coders of a project, read once for an export."""

    def __init__(self, project: ProjectService) -> None:
        self.actors = {a.id: a for a in project.actors()}
        self.claims = project.claims()
        self.claim_by_id = {c.id: c for c in self.claims}
        self.claim_path = claim_paths(self.claims)
        self.coders = {c.id: c.name for c in project.coders()}


def codebook(stance_scale: Sequence[str], lookups: Lookups) -> dict[str, Any]:
    return {
        "stance_scale": list(stance_scale),
        "actors": list(actor_rows(lookups)),
        "claims": claim_tree(lookups),
        "actor_kinds": list(models.ACTOR_KINDS),
    }


def codebook_document(project: ProjectService) -> dict[str, Any]:
    """The project's codebook as a dataset's ``codebook.json`` holds it: stance scale,
    actors (kinds, aliases, colours, descriptions) and the claim tree."""
    return codebook(project.info().stance_scale, Lookups(project))


def actor_rows(lookups: Lookups) -> Iterator[dict[str, Any]]:
    for actor in lookups.actors.values():
        yield {
            "actor_id": actor.id,
            "name": actor.name,
            "kind": actor.kind,
            "description": null_if_empty(actor.description),
            "colour": null_if_empty(actor.colour),
            "aliases": [alias.alias for alias in actor.aliases],
        }


def claim_rows(lookups: Lookups) -> Iterator[dict[str, Any]]:
    for claim in lookups.claims:
        yield {
            "claim_id": claim.id,
            "label": claim.label,
            "description": null_if_empty(claim.description),
            "parent_id": claim.parent_id,
            "path": lookups.claim_path[claim.id],
            "colour": null_if_empty(claim.colour),
            "shortcut": claim.shortcut,
            "position": claim.position,
        }


def claim_tree(lookups: Lookups) -> list[dict[str, Any]]:
    nodes = {row["claim_id"]: {**row, "children": []} for row in claim_rows(lookups)}
    roots: list[dict[str, Any]] = []
    for claim in lookups.claims:
        node = nodes[claim.id]
        parent = nodes.get(claim.parent_id) if claim.parent_id else None
        (parent["children"] if parent else roots).append(node)
    return roots
