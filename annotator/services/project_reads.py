"""The project's codebook and counts, as frozen records: the read half of
:class:`~annotator.services.project.ProjectService` that other files' code asks most."""

from __future__ import annotations

from sqlmodel import SQLModel, col, func, select

from annotator.core import models
from annotator.core.db import ProjectDatabase
from annotator.core.record_rows import actor_record, claim_record
from annotator.core.records import DOCUMENT_STATUSES, ActorRecord, ClaimRecord, CoderRecord


class ProjectReads:
    """Reads of the codebook (actors, claims, coders) and the project's counts."""

    _db: ProjectDatabase

    def actors(self) -> list[ActorRecord]:
        with self._db.read() as session:
            aliases: dict[str, list[models.ActorAlias]] = {}
            for alias in session.exec(select(models.ActorAlias)):
                aliases.setdefault(alias.actor_id, []).append(alias)
            rows = session.exec(select(models.Actor).order_by(models.Actor.name_key))
            return [actor_record(row, aliases.get(row.id, [])) for row in rows]

    def claims(self) -> list[ClaimRecord]:
        """The codebook, parents before children, siblings by position then label."""
        with self._db.read() as session:
            rows = list(
                session.exec(
                    select(models.Claim).order_by(
                        col(models.Claim.position), col(models.Claim.label_key)
                    )
                )
            )
        children: dict[str | None, list[models.Claim]] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        ordered: list[ClaimRecord] = []

        def walk(parent: str | None) -> None:
            for row in children.get(parent, []):
                ordered.append(claim_record(row))
                walk(row.id)

        walk(None)
        return ordered

    def coders(self) -> list[CoderRecord]:
        with self._db.read() as session:
            rows = session.exec(select(models.Coder).order_by(models.Coder.name_key))
            return [CoderRecord(row.id, row.name) for row in rows]

    def status_counts(self) -> dict[str, int]:
        """How many documents have each coding status (every status, in order)."""
        with self._db.read() as session:
            found = dict(
                session.exec(
                    select(models.Document.status, func.count()).group_by(models.Document.status)
                ).all()
            )
        return {status: int(found.get(status, 0)) for status in DOCUMENT_STATUSES}

    def stats(self) -> dict[str, int]:
        """The six counts of ``annotator stats`` (DESIGN.md §8)."""
        with self._db.read() as session:
            kinds = dict(
                session.exec(
                    select(models.Annotation.kind, func.count()).group_by(models.Annotation.kind)
                ).all()
            )

            def count(model: type[SQLModel]) -> int:
                return int(session.exec(select(func.count()).select_from(model)).one())

            return {
                "documents": count(models.Document),
                "statements": int(kinds.get("statement", 0)),
                "mentions": int(kinds.get("mention", 0)),
                "actors": count(models.Actor),
                "claims": count(models.Claim),
                "coders": count(models.Coder),
            }
