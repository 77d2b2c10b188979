"""The codebook side of a dataset load (services/execute_load.py): actors, aliases, claims,
coders and the stance scale a dataset brings, found by id then by name, or made through the
codebook's own executors (so a load follows the rules every other change follows), with the
inverses of what it made kept for the load's undo."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.core.models import is_plain_id, name_key, new_id
from annotator.core.records import ActorRecord, ClaimRecord, CoderRecord
from annotator.core.text import storable
from annotator.services import dataset_checks as checks
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execution import execute, get_row, stance_scale
from annotator.services.load_report import LoadReport


class RowRejectedError(Exception):
    """One dataset row cannot be loaded; the message says why."""


def text_of(value: Any) -> str:
    """A dataset value as text SQLite can store (a JSON "\\ud800" escape gives a lone
    surrogate, which UTF-8 cannot hold)."""
    return "" if value is None else storable(str(value))


class CodebookUpsert:
    """A load's codebook work and what it has done: the inverses of every step, in order."""

    def __init__(self, session: Session, report: LoadReport, *, update_codebook: bool) -> None:
        self.session = session
        self.report = report
        self.update_codebook = update_codebook
        self.inverses: list[ops.Operation] = []
        self.changes = ChangeSet()
        self._coders: dict[str, str] = {}
        self.scale = stance_scale(session)
        self.created = False  # whether the last actor()/claim() call created one

    def apply(self, op: ops.Operation) -> None:
        inverse, changes = execute(op, self.session)
        self.inverses.append(inverse)
        self.changes = self.changes | changes

    def extend_scale(self, values: tuple[str, ...]) -> None:
        missing = [value for value in values if value not in self.scale]
        if missing:
            self.apply(ops.SetStanceScale((*self.scale, *missing)))
            self.scale = stance_scale(self.session)

    def actor(
        self, actor_id: Any, name: Any, kind: Any = None, details: dict[str, Any] | None = None
    ) -> str | None:
        """The project's actor for a dataset's (id, name), created when missing; ``details``
        (description, colour) apply to a created actor only."""
        self.created = False
        if not actor_id and not name:
            return None
        if actor_id and self.session.get(models.Actor, str(actor_id)) is not None:
            return str(actor_id)
        if not name:
            raise RowRejectedError(f"actor {actor_id} is not in this project and has no name")
        key = name_key(text_of(name))
        row = self.session.exec(select(models.Actor).where(models.Actor.name_key == key)).first()
        if row is not None:
            return row.id
        alias = self.session.exec(
            select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
        ).first()
        if alias is not None:
            return alias.actor_id
        given = str(actor_id) if actor_id and is_plain_id(str(actor_id)) else new_id()
        self.apply(
            ops.CreateActor(
                ActorRecord(
                    id=given,
                    name=text_of(name),
                    kind=str(kind) if kind in models.ACTOR_KINDS else "other",
                    description=text_of((details or {}).get("description")),
                    colour=text_of((details or {}).get("colour")),
                    aliases=(),
                )
            )
        )
        self.created = True
        return given

    def edit_actor(self, actor_id: str, values: dict[str, Any]) -> bool:
        """Give the actor the row's name, kind, description and colour; whether it changed."""
        row = get_row(self.session, models.Actor, actor_id, "actor")
        if (
            str(values.get("actor_id")) != actor_id
            and name_key(text_of(values.get("name"))) != row.name_key
        ):
            return False  # found by one of its aliases: another actor's row, not this one's
        wanted = {
            "name": " ".join(text_of(values.get("name")).split()) or row.name,
            "kind": str(values.get("kind"))
            if values.get("kind") in models.ACTOR_KINDS
            else row.kind,
            "description": text_of(values.get("description")),
            "colour": text_of(values.get("colour")),
        }
        edits = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if edits:
            self.apply(ops.EditActor(actor_id, **edits))
        return bool(edits)

    def edit_claim(self, claim_id: str, values: dict[str, Any]) -> bool:
        """Give the claim the row's label, description and colour; whether it changed."""
        row = get_row(self.session, models.Claim, claim_id, "claim")
        wanted = {
            "label_text": " ".join(text_of(values.get("label")).split()) or row.label,
            "description": text_of(values.get("description")),
            "colour": text_of(values.get("colour")) or row.colour,
        }
        current = {"label_text": row.label, "description": row.description, "colour": row.colour}
        edits = {k: v for k, v in wanted.items() if current[k] != v}
        if edits:
            self.apply(ops.EditClaim(claim_id, **edits))
        return bool(edits)

    def alias(self, actor_id: str, alias: str, where: str) -> None:
        """Give the actor ``alias`` unless it has it; a clash is reported, not fatal."""
        owner = self.session.exec(
            select(models.ActorAlias.actor_id).where(models.ActorAlias.alias_key == name_key(alias))
        ).first()
        if owner == actor_id:
            return
        savepoint = self.session.begin_nested()
        try:
            self.apply(ops.AddAlias(actor_id, alias))
            savepoint.commit()
        except OperationRefusedError as error:
            savepoint.rollback()
            self.report.messages.append(f"{where}: alias {alias!r} left out: {error}")

    def claim(
        self, claim_id: Any, label: Any, path: Any = None, details: dict[str, Any] | None = None
    ) -> str:
        """The project's claim for a dataset's (id, label, path), created with its missing
        ancestors when absent; ``details`` apply to a created claim only."""
        self.created = False
        if claim_id and self.session.get(models.Claim, str(claim_id)) is not None:
            return str(claim_id)
        if not label:
            raise RowRejectedError(f"claim {claim_id} is not in this project and has no label")
        parent_id = None
        for ancestor in [text_of(p) for p in checks.claim_path(path)][:-1]:
            parent_id = self._claim_by_label(None, ancestor, parent_id, {})
        self.created = False
        given = str(claim_id) if claim_id and is_plain_id(str(claim_id)) else None
        return self._claim_by_label(given, text_of(label), parent_id, details or {})

    def _claim_by_label(
        self, claim_id: str | None, label: str, parent_id: str | None, details: dict[str, Any]
    ) -> str:
        row = self.session.exec(
            select(models.Claim).where(models.Claim.label_key == name_key(label))
        ).first()
        if row is not None:
            return row.id
        shortcut = details.get("shortcut")
        if (
            shortcut is not None
            and self.session.exec(
                select(models.Claim.id).where(models.Claim.shortcut == str(shortcut))
            ).first()
        ):
            shortcut = None  # taken here: keep the claim, drop the key
        claim = ClaimRecord(
            id=claim_id or new_id(),
            label=label,
            description=text_of(details.get("description")),
            parent_id=parent_id,
            colour=text_of(details.get("colour")),
            shortcut=None if shortcut is None else str(shortcut),
            position=int(details.get("position") or 0),
        )
        self.apply(ops.CreateClaim(claim))
        self.created = True
        return claim.id

    def coder(self, name: Any) -> str:
        name = " ".join(text_of(name).split()) or "unknown"
        key = name_key(name)
        if key not in self._coders:
            found = self.session.exec(
                select(models.Coder.id).where(models.Coder.name_key == key)
            ).first()
            if found is None:
                found = new_id()
                self.apply(ops.CreateCoder(CoderRecord(found, name)))
            self._coders[key] = found
        return self._coders[key]
