"""The statements a network is built from, read through the project service and filtered
(coders, stances, claim subtree, date range), with the codebook and the stance scale's values."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select as sa_select

from annotator.core import models
from annotator.core.codebook import claim_chains, with_descendants
from annotator.core.models import name_key
from annotator.core.records import ActorRecord, ClaimRecord
from annotator.services.networks.options import (
    NetworkOptions,
    NetworkOptionsError,
    scale_values,
)
from annotator.services.project import ProjectService


@dataclass(frozen=True, slots=True)
class NetStatement:
    """One statement as networks see it: who, on what, with which stance value, when."""

    id: str
    document_id: str
    actor_id: str
    claim_id: str
    stance: str | None
    value: float | None
    """The stance's value on the scale; None for no stance (or one no longer on the scale)."""
    date: dt.date | None
    """The document's publication date."""


@dataclass(frozen=True)
class Codebook:
    """Actors and claims (in the codebook's order) and the stance scale with its values."""

    actors: dict[str, ActorRecord]
    claims: dict[str, ClaimRecord]
    claim_paths: dict[str, str]
    stance_scale: tuple[str, ...]
    stance_values: dict[str, float]

    @property
    def stance_range(self) -> float:
        """max - min of the scale's values: of the scale, not of the stances that occur."""
        values = self.stance_values.values()
        return max(values) - min(values) if values else 0.0


@dataclass(frozen=True)
class Reading:
    codebook: Codebook
    statements: tuple[NetStatement, ...]
    skipped: Counter[str] = field(default_factory=Counter)
    """Statements left out, by reason (no speaker, undated, outside the dates...)."""


def read_codebook(project: ProjectService, options: NetworkOptions) -> Codebook:
    claims = project.claims()
    chains = claim_chains((c.id, c.label, c.parent_id) for c in claims)
    scale = project.info().stance_scale
    return Codebook(
        actors={a.id: a for a in project.actors()},
        claims={c.id: c for c in claims},
        claim_paths={claim_id: " > ".join(chain) for claim_id, chain in chains.items()},
        stance_scale=tuple(scale),
        stance_values=scale_values(scale, options.stance_values),
    )


def read_statements(project: ProjectService, options: NetworkOptions) -> Reading:
    """The statements the options select, each with its stance value and date."""
    options.check()
    codebook = read_codebook(project, options)
    claim_ids = _claim_subtree(codebook, options.claims)
    coder_ids = _coder_ids(project, options.coders)
    stances = _stances(codebook, options.stances)
    dates = {d.id: d.published_at for d in project.document_summaries()}
    dated_only = options.date_from or options.date_to or options.window
    low, high = options.date_from or dt.date.min, options.date_to or dt.date.max
    kept: list[NetStatement] = []
    skipped: Counter[str] = Counter()
    for row in _statement_codes(project):
        if row.claim_id is None:
            continue
        if claim_ids is not None and row.claim_id not in claim_ids:
            continue
        if coder_ids is not None and row.coder_id not in coder_ids:
            continue
        if stances and row.stance not in stances:
            continue
        date = dates.get(row.document_id)
        if row.actor_id is None:
            skipped["without a speaker"] += 1
            continue
        if dated_only and date is None:
            skipped["in undated documents"] += 1
            continue
        if date is not None and not low <= date <= high:
            skipped["outside the dates"] += 1
            continue
        value = codebook.stance_values.get(row.stance) if row.stance is not None else None
        kept.append(
            NetStatement(
                row.id, row.document_id, row.actor_id, row.claim_id, row.stance, value, date
            )
        )
    return Reading(codebook, tuple(kept), skipped)


def _statement_codes(project: ProjectService) -> list[Any]:
    """Each statement's ids and codes only, as plain rows: a network needs no quotes, and
    reading 100,000 whole annotations took 1.65 s of a network's time (issue #20.4)."""
    table = models.Annotation.__table__  # type: ignore[attr-defined]
    query = sa_select(
        table.c.id,
        table.c.document_id,
        table.c.coder_id,
        table.c.actor_id,
        table.c.claim_id,
        table.c.stance,
    ).where(table.c.kind == "statement")
    with project.database.read() as session:
        return list(session.execute(query))


def _claim_subtree(codebook: Codebook, claim: str | None) -> set[str] | None:
    if claim is None:
        return None
    root = next(
        (
            c
            for c in codebook.claims.values()
            if c.id == claim or name_key(c.label) == name_key(claim)
        ),
        None,
    )
    if root is None:
        raise NetworkOptionsError(f"no claim {claim!r} in this project")
    return with_descendants(((c.id, c.parent_id) for c in codebook.claims.values()), [root.id])


def _stances(codebook: Codebook, stances: tuple[str, ...]) -> set[str]:
    unknown = [s for s in stances if s not in codebook.stance_scale]
    if unknown:
        raise NetworkOptionsError(
            f"no stance {unknown[0]!r} on this project's scale "
            f"(have: {', '.join(codebook.stance_scale)})"
        )
    return set(stances)


def _coder_ids(project: ProjectService, coders: tuple[str, ...]) -> set[str] | None:
    if not coders:
        return None
    known = project.coders()
    ids: set[str] = set()
    for coder in coders:
        found = [c.id for c in known if c.id == coder or name_key(c.name) == name_key(coder)]
        if not found:
            raise NetworkOptionsError(f"no coder called {coder!r} in this project")
        ids.update(found)
    return ids
