"""The executor of :class:`~annotator.services.operations.LoadDataset`: a coded dataset's rows
upserted through the other executors, so a load follows the same codebook rules as the
window and the CLI and is undone like any other change.

Documents are matched by the SHA-256 of their text (a row carrying the text brings a missing
document along, with its id); actors and claims by id, else by name (an actor also by alias),
else created; coders by name; statements and mentions are upserted by id, so loading the same
dataset twice changes nothing. A quote that no longer fits its offsets is re-anchored by its
quote and context, or its row is rejected. Each row runs in its own savepoint: a rejected row
leaves nothing behind and the rest still go in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.anchoring import fits, make_selector, reanchor
from annotator.core.errors import OperationRefusedError
from annotator.core.models import is_plain_id, name_key, new_id, utcnow
from annotator.core.record_rows import annotation_record
from annotator.core.records import (
    ActorRecord,
    AnnotationRecord,
    ClaimRecord,
    CoderRecord,
    DocumentRecord,
)
from annotator.core.text import storable, text_sha256
from annotator.services import dataset_checks as checks
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execution import Result, execute, get_row, stance_scale
from annotator.services.load_report import LoadReport


class RowRejectedError(Exception):
    """One dataset row cannot be loaded; the message says why."""


def _s(value: Any) -> str:
    """A dataset value as text SQLite can store (a JSON "\\ud800" escape gives a lone
    surrogate, which UTF-8 cannot hold)."""
    return "" if value is None else storable(str(value))


def _annotation_id(kind: str, row: dict[str, Any]) -> str:
    id_key = "statement_id" if kind == "statement" else "mention_id"
    annotation_id = _s(row.get(id_key))
    if not annotation_id:
        raise RowRejectedError(f"it has no {id_key}")
    if not is_plain_id(annotation_id):
        raise RowRejectedError(
            f"its {id_key} {annotation_id[:40]!r} is not an id (letters, digits and "
            "_ . : - only, starting with a letter or digit, at most 128 characters)"
        )
    return annotation_id


class _Upsert:
    """One load's state: what the project holds, and the inverses of what went in."""

    def __init__(self, session: Session, report: LoadReport, *, update_codebook: bool) -> None:
        self.session = session
        self.report = report
        self.update_codebook = update_codebook
        self.now = utcnow()
        self.inverses: list[ops.Operation] = []
        self.changes = ChangeSet()
        self.document_ids = dict(
            session.exec(select(models.Document.text_sha256, models.Document.id)).all()
        )
        self._texts: dict[str, str] = {}
        self._coders: dict[str, str] = {}
        self.scale = stance_scale(session)
        self.created = False  # whether the last actor()/claim() call created one

    def apply(self, op: ops.Operation) -> None:
        inverse, changes = execute(op, self.session)
        self.inverses.append(inverse)
        self.changes = self.changes | changes

    def row(self, table: str, row: ops.DatasetRow, where: str) -> str:
        """Load one row in a savepoint; its outcome, or "rejected" with the reason noted in
        the report under ``where``."""
        inverses, changes = len(self.inverses), self.changes
        savepoint = self.session.begin_nested()
        try:
            if row.problem is not None:
                raise RowRejectedError(row.problem)
            if not isinstance(row.values, dict):
                raise RowRejectedError("not a JSON object")
            outcome = _table_row(self, table, row.values, where)
            savepoint.commit()
            return outcome
        except (
            RowRejectedError,
            OperationRefusedError,
            ValueError,
            TypeError,
            OverflowError,
        ) as error:
            savepoint.rollback()
            del self.inverses[inverses:]
            self.changes = changes
            self.report.messages.append(f"{where}: {error}")
            return "rejected"

    # --- codebook ------------------------------------------------------------------------

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
        key = name_key(_s(name))
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
                    name=_s(name),
                    kind=str(kind) if kind in models.ACTOR_KINDS else "other",
                    description=_s((details or {}).get("description")),
                    colour=_s((details or {}).get("colour")),
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
            and name_key(_s(values.get("name"))) != row.name_key
        ):
            return False  # found by one of its aliases: another actor's row, not this one's
        wanted = {
            "name": " ".join(_s(values.get("name")).split()) or row.name,
            "kind": str(values.get("kind"))
            if values.get("kind") in models.ACTOR_KINDS
            else row.kind,
            "description": _s(values.get("description")),
            "colour": _s(values.get("colour")),
        }
        edits = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if edits:
            self.apply(ops.EditActor(actor_id, **edits))
        return bool(edits)

    def edit_claim(self, claim_id: str, values: dict[str, Any]) -> bool:
        """Give the claim the row's label, description and colour; whether it changed."""
        row = get_row(self.session, models.Claim, claim_id, "claim")
        wanted = {
            "label_text": " ".join(_s(values.get("label")).split()) or row.label,
            "description": _s(values.get("description")),
            "colour": _s(values.get("colour")) or row.colour,
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
        for ancestor in [_s(p) for p in checks.claim_path(path)][:-1]:
            parent_id = self._claim_by_label(None, ancestor, parent_id, {})
        self.created = False
        given = str(claim_id) if claim_id and is_plain_id(str(claim_id)) else None
        return self._claim_by_label(given, _s(label), parent_id, details or {})

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
            description=_s(details.get("description")),
            parent_id=parent_id,
            colour=_s(details.get("colour")),
            shortcut=None if shortcut is None else str(shortcut),
            position=int(details.get("position") or 0),
        )
        self.apply(ops.CreateClaim(claim))
        self.created = True
        return claim.id

    def coder(self, name: Any) -> str:
        name = " ".join(_s(name).split()) or "unknown"
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

    # --- documents -----------------------------------------------------------------------

    def document(self, row: dict[str, Any]) -> str:
        sha = _s(row.get("document_sha256"))
        if sha in self.document_ids:
            return "unchanged"
        text = row.get("text")
        if not isinstance(text, str) or not text:
            raise RowRejectedError(f"document {sha[:12]} is not in this project and has no text")
        if text_sha256(text) != sha:
            raise RowRejectedError("its text does not match its document_sha256")
        document_id = _s(row.get("document_id"))
        if (
            not is_plain_id(document_id)
            or self.session.get(models.Document, document_id) is not None
        ):
            document_id = new_id()
        published = _s(row.get("published_at"))
        record = DocumentRecord(
            id=document_id,
            title=_s(row.get("title")),
            source=_s(row.get("source")),
            url=_s(row.get("url")),
            author=_s(row.get("author")),
            published_at=dt.date.fromisoformat(published) if published else None,
            language=_s(row.get("language")),
            text=text,
            text_sha256=sha,
            origin=_s(row.get("origin")),
            # Kept, so that an export of the loaded project lists documents in the same
            # order as the dataset did (issue #17.8).
            imported_at=checks.timestamp(row.get("imported_at"), self.now, "imported_at"),
            extra={"loaded_from": "dataset"},
        )
        self.apply(ops.AddDocuments((record,)))
        self.document_ids[sha] = document_id
        self._texts[document_id] = text
        return "inserted"

    def _text(self, document_id: str) -> str:
        if document_id not in self._texts:
            self._texts[document_id] = get_row(
                self.session, models.Document, document_id, "document"
            ).text
        return self._texts[document_id]

    # --- statements and mentions ---------------------------------------------------------

    def annotation(self, kind: str, row: dict[str, Any]) -> str:
        annotation_id = _annotation_id(kind, row)
        sha = _s(row.get("document_sha256"))
        document_id = self.document_ids.get(sha)
        if document_id is None:
            title = _s(row.get("document_title"))
            raise RowRejectedError(
                f"its document {title!r} (sha256 {sha[:12]}…) is not in this project"
            )
        text = self._text(document_id)
        quote = _s(row.get("quote"))
        start, end = checks.offsets(row)
        status = _s(row.get("anchor_status")) or "ok"
        if not fits(text, start, end, quote):
            found = reanchor(text, quote, _s(row.get("prefix")), _s(row.get("suffix")), hint=start)
            if found is None:
                raise RowRejectedError(f"its quote {quote[:40]!r} is not in the document's text")
            (start, end), status = found, "reanchored"
        if kind == "statement":
            actor_id = self.actor(
                row.get("speaker_id"), row.get("speaker"), row.get("speaker_kind")
            )
            claim_id: str | None = self.claim(
                row.get("claim_id"), row.get("claim"), row.get("claim_path")
            )
            stance = row.get("stance")
            if stance is not None and stance not in self.scale:
                raise RowRejectedError(f"stance {stance!r} is not on this project's stance scale")
        else:
            actor_id = self.actor(row.get("actor_id"), row.get("actor"), row.get("actor_kind"))
            if actor_id is None:
                raise RowRejectedError("a mention needs an actor")
            claim_id, stance = None, None
        selector = make_selector(text, start, end)
        existing = self.session.get(models.Annotation, annotation_id)
        if existing is not None and existing.kind != kind:
            raise RowRejectedError(f"id {annotation_id} belongs to a {existing.kind} here")
        record = AnnotationRecord(
            id=annotation_id,
            document_id=document_id,
            coder_id=self.coder(row.get("coder")),
            kind=kind,
            start=start,
            end=end,
            exact=selector.exact,
            prefix=selector.prefix,
            suffix=selector.suffix,
            actor_id=actor_id,
            claim_id=claim_id,
            stance=None if stance is None else str(stance),
            note=_s(row.get("note")),
            created_at=(
                existing.created_at
                if existing is not None
                else checks.timestamp(row.get("created_at"), self.now, "created_at")
            ),
            # A row without a time keeps the stored one unless it changes something.
            updated_at=checks.timestamp(
                row.get("updated_at"),
                self.now if existing is None else existing.updated_at,
                "updated_at",
            ),
            anchor_status=status,
        )
        if existing is None:
            self.apply(ops.RestoreAnnotation(record))
            return "inserted"
        if annotation_record(existing) == record:
            return "unchanged"
        if not row.get("updated_at"):
            record = dataclasses.replace(record, updated_at=self.now)
        self.apply(ops.DeleteAnnotation(annotation_id))
        self.apply(ops.RestoreAnnotation(record))
        return "updated"


def _table_row(upsert: _Upsert, table: str, values: dict[str, Any], where: str) -> str:
    if table == "documents":
        return upsert.document(values)
    if table == "actors":
        actor_id = upsert.actor(
            values.get("actor_id"), values.get("name"), values.get("kind"), values
        )
        if actor_id is None:
            raise RowRejectedError("an actor row needs an id or a name")
        created = upsert.created
        edited = not created and upsert.update_codebook and upsert.edit_actor(actor_id, values)
        for alias in values.get("aliases") or []:
            upsert.alias(actor_id, " ".join(_s(alias).split()), where)
        return "inserted" if created else "updated" if edited else "unchanged"
    if table == "claims":
        claim_id = upsert.claim(
            values.get("claim_id"), values.get("label"), values.get("path"), values
        )
        if upsert.created:
            return "inserted"
        edited = upsert.update_codebook and upsert.edit_claim(claim_id, values)
        return "updated" if edited else "unchanged"
    return upsert.annotation(table[:-1], values)


@execute.register
def _(op: ops.LoadDataset, session: Session) -> Result:
    report = op.report
    upsert = _Upsert(session, report, update_codebook=op.update_codebook)
    upsert.extend_scale(op.stance_values)
    for table in op.tables:
        for row in table.rows:
            where = f"{table.file_name} line {row.number}"
            report.count(table.table, upsert.row(table.table, row, where))
    # Undo goes back in the opposite order: statements before the claims they use, a claim's
    # sub-claims before it, the stance scale last.
    return ops.Batch(tuple(reversed(upsert.inverses)), op.label), upsert.changes
