"""The coded statements a search hit owes to a ``statement:( … )`` (issue #14.4): where each
is in its document, and what it says (quote, speaker, claim, stance), from SQLite."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from annotator.core import models
from annotator.services.project import ProjectService

_CHUNK = 500
"""Ids per ``IN (…)``: well under SQLite's limit on bound parameters."""


@dataclass(frozen=True, slots=True)
class StatementHit:
    """A statement that met the conditions of a ``statement:( … )``."""

    id: str
    start: int
    end: int
    quote: str
    speaker: str
    claim: str
    stance: str
    coder: str


def statement_hits(project: ProjectService, ids: list[str]) -> dict[str, StatementHit]:
    """The statements ``ids`` (those deleted since the index was updated are left out)."""
    if not ids:  # most searches have no statement scope: no read transaction for them
        return {}
    annotation = models.Annotation.__table__  # type: ignore[attr-defined]
    actor = models.Actor.__table__  # type: ignore[attr-defined]
    claim = models.Claim.__table__  # type: ignore[attr-defined]
    coder = models.Coder.__table__  # type: ignore[attr-defined]
    found: dict[str, StatementHit] = {}
    with project.database.read() as session:
        for begin in range(0, len(ids), _CHUNK):
            rows = session.execute(
                select(
                    annotation.c.id,
                    annotation.c.start,
                    annotation.c.end,
                    annotation.c.exact,
                    actor.c.name,
                    claim.c.label,
                    annotation.c.stance,
                    coder.c.name,
                )
                .select_from(annotation)
                .outerjoin(actor, actor.c.id == annotation.c.actor_id)
                .outerjoin(claim, claim.c.id == annotation.c.claim_id)
                .outerjoin(coder, coder.c.id == annotation.c.coder_id)
                .where(annotation.c.id.in_(ids[begin : begin + _CHUNK]))
            )
            for row in rows:
                found[row[0]] = StatementHit(
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    row[4] or "",
                    row[5] or "",
                    row[6] or "",
                    row[7] or "",
                )
    return found
