"""Load a coded dataset (DESIGN.md §8a) into a project: an idempotent upsert.

The dataset may be JSONL, a CSV folder or an XLSX workbook, as ``export`` writes them (issue
#17.7): a reader per format (``core/dataset_readers``) turns its files into the rows JSONL
has, and everything below loads those rows, whatever the format.

Documents are matched by the SHA-256 of their text (a dataset whose documents carry the text,
JSONL or CSV ``--with-text``, brings missing documents along, with their ids); actors and
claims by id, else by name, else created; statements and mentions are upserted by id, so
loading the same dataset twice changes nothing. A row whose quote no longer fits its offsets
is re-anchored by its quote and context, or rejected with a message naming file and line (or
row, sheet). A note the format could only carry changed (U+0000 in CSV, control characters in
XLSX, written as U+FFFD) keeps its stored text. Everything is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.anchoring import fits, make_selector, reanchor
from annotator.core.dataset_readers.rows import Rows
from annotator.core.dataset_readers.source import Dataset, TableSource, open_dataset
from annotator.core.errors import AnnotatorError
from annotator.core.models import is_plain_id, name_key, new_id, utcnow
from annotator.core.text import storable, text_sha256
from annotator.services import dataset_checks as checks
from annotator.services.changes import ChangeSet
from annotator.services.load_report import LoadReport
from annotator.services.project import ProjectService
from annotator.services.transaction import record_changes


class RowRejectedError(Exception):
    """One dataset row cannot be loaded; the message says why."""


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


def _s(value: Any) -> str:
    """A dataset value as text SQLite can store (a JSON "\\ud800" escape gives a lone
    surrogate, which UTF-8 cannot hold)."""
    return "" if value is None else storable(str(value))


class _Loader:
    def __init__(
        self,
        session: Session,
        report: LoadReport,
        as_written: Callable[[str], str] | None = None,
    ) -> None:
        self.session = session
        self.report = report
        self.as_written = as_written
        """What the dataset's format makes of a text (None: it is exact)."""
        self.now = utcnow()
        self.changes = ChangeSet()
        self.documents_by_sha = {
            row.text_sha256: row for row in session.exec(select(models.Document))
        }
        project = session.exec(select(models.Project)).one()
        self.project = project
        self.created = False  # whether the last actor()/claim() call created a row

    def note(self, changes: ChangeSet) -> None:
        self.changes = self.changes | changes

    # --- codebook ------------------------------------------------------------------------

    def stance_scale(self, values: list[Any]) -> None:
        scale = list(self.project.stance_scale)
        missing = [str(v) for v in values if str(v) not in scale]
        if missing:
            self.project.stance_scale = scale + missing
            self.session.add(self.project)
            self.note(ChangeSet(project=True))

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
        key = name_key(str(name))
        row = self.session.exec(select(models.Actor).where(models.Actor.name_key == key)).first()
        if row is None:
            alias = self.session.exec(
                select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
            ).first()
            if alias is not None:
                return alias.actor_id
            kind = str(kind) if kind in models.ACTOR_KINDS else "other"
            new = str(actor_id) if actor_id and is_plain_id(str(actor_id)) else new_id()
            row = models.Actor(
                id=new,
                name=" ".join(str(name).split()),
                name_key=key,
                kind=kind,
                description=_s((details or {}).get("description")),
                colour=_s((details or {}).get("colour")),
            )
            self.session.add(row)
            self.session.flush()
            self.note(ChangeSet(actors=frozenset({row.id})))
            self.created = True
        return row.id

    def alias(self, actor_id: str, alias: str) -> None:
        key = name_key(alias)
        taken = self.session.exec(
            select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
        ).first()
        named = self.session.exec(select(models.Actor).where(models.Actor.name_key == key)).first()
        if taken is None and named is None:
            self.session.add(
                models.ActorAlias(id=new_id(), actor_id=actor_id, alias=alias, alias_key=key)
            )
            self.note(ChangeSet(actors=frozenset({actor_id})))

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
        ancestors = [storable(p) for p in checks.claim_path(path)][:-1]
        for ancestor in ancestors:
            parent_id = self._claim_by_label(None, ancestor, parent_id)
        self.created = False
        given = str(claim_id) if claim_id and is_plain_id(str(claim_id)) else None
        return self._claim_by_label(given, str(label), parent_id, details or {})

    def _claim_by_label(
        self,
        claim_id: str | None,
        label: str,
        parent_id: str | None,
        details: dict[str, Any] | None = None,
    ) -> str:
        key = name_key(label)
        row = self.session.exec(select(models.Claim).where(models.Claim.label_key == key)).first()
        if row is None:
            details = details or {}
            shortcut = details.get("shortcut")
            if (
                shortcut is not None
                and self.session.exec(
                    select(models.Claim).where(models.Claim.shortcut == str(shortcut))
                ).first()
            ):
                shortcut = None  # taken here: keep the claim, drop the key
            row = models.Claim(
                id=claim_id or new_id(),
                label=" ".join(label.split()),
                label_key=key,
                parent_id=parent_id,
                description=_s(details.get("description")),
                colour=_s(details.get("colour")),
                shortcut=None if shortcut is None else str(shortcut),
                position=int(details.get("position") or 0),
            )
            self.session.add(row)
            self.session.flush()
            self.note(ChangeSet(claims=frozenset({row.id})))
            self.created = True
        return row.id

    def coder(self, name: Any) -> str:
        name = " ".join(_s(name).split()) or "unknown"
        key = name_key(name)
        row = self.session.exec(select(models.Coder).where(models.Coder.name_key == key)).first()
        if row is None:
            row = models.Coder(id=new_id(), name=name, name_key=key)
            self.session.add(row)
            self.session.flush()
            self.note(ChangeSet(coders=frozenset({row.id})))
        return row.id

    # --- documents -----------------------------------------------------------------------

    def document_row(self, row: dict[str, Any]) -> str:
        sha = _s(row.get("document_sha256"))
        if sha in self.documents_by_sha:
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
        document = models.Document(
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
        self.session.add(document)
        self.session.flush()
        self.documents_by_sha[sha] = document
        self.note(ChangeSet(documents=frozenset({document_id})))
        return "inserted"

    # --- statements and mentions ---------------------------------------------------------

    def annotation_row(self, kind: str, row: dict[str, Any]) -> str:
        annotation_id = _annotation_id(kind, row)
        sha = _s(row.get("document_sha256"))
        document = self.documents_by_sha.get(sha)
        if document is None:
            title = _s(row.get("document_title"))
            raise RowRejectedError(
                f"its document {title!r} (sha256 {sha[:12]}…) is not in this project"
            )
        quote = _s(row.get("quote"))
        start, end = checks.offsets(row)
        status = _s(row.get("anchor_status")) or "ok"
        if not fits(document.text, start, end, quote):
            found = reanchor(
                document.text, quote, _s(row.get("prefix")), _s(row.get("suffix")), hint=start
            )
            if found is None:
                raise RowRejectedError(f"its quote {quote[:40]!r} is not in the document's text")
            (start, end), status = found, "reanchored"
        selector = make_selector(document.text, start, end)
        if kind == "statement":
            actor_id = self.actor(
                row.get("speaker_id"), row.get("speaker"), row.get("speaker_kind")
            )
            claim_id: str | None = self.claim(
                row.get("claim_id"), row.get("claim"), row.get("claim_path")
            )
            stance = row.get("stance")
            if stance is not None and stance not in self.project.stance_scale:
                raise RowRejectedError(f"stance {stance!r} is not on this project's stance scale")
        else:
            actor_id = self.actor(row.get("actor_id"), row.get("actor"), row.get("actor_kind"))
            if actor_id is None:
                raise RowRejectedError("a mention needs an actor")
            claim_id, stance = None, None
        values: dict[str, Any] = {
            "document_id": document.id,
            "coder_id": self.coder(row.get("coder")),
            "kind": kind,
            "start": start,
            "end": end,
            "exact": selector.exact,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
            "actor_id": actor_id,
            "claim_id": claim_id,
            "stance": stance,
            "note": _s(row.get("note")),
            "anchor_status": status,
            "updated_at": checks.timestamp(row.get("updated_at"), self.now, "updated_at"),
        }
        existing = self.session.get(models.Annotation, annotation_id)
        if existing is not None:
            if self.as_written is not None and values["note"] == self.as_written(existing.note):
                values["note"] = existing.note  # as exact as the format could carry it
            if existing.kind != kind:
                raise RowRejectedError(f"id {annotation_id} belongs to a {existing.kind} here")
            if all(getattr(existing, k) == v for k, v in values.items()):
                return "unchanged"
            for key, value in values.items():
                setattr(existing, key, value)
            self.session.add(existing)
            outcome = "updated"
        else:
            created = checks.timestamp(row.get("created_at"), self.now, "created_at")
            self.session.add(models.Annotation(id=annotation_id, created_at=created, **values))
            outcome = "inserted"
        self.session.flush()
        self.note(
            ChangeSet(
                annotations=frozenset({annotation_id}), annotated_documents=frozenset({document.id})
            )
        )
        return outcome


def _load_rows(loader: _Loader, source: TableSource, rows: Rows, report: LoadReport) -> int:
    """Load one table's rows, each on its own; return how many rows were read."""
    table, read = source.table, 0
    for number, parsed in rows:
        read += 1
        row = parsed if isinstance(parsed, checks.RowProblemError) else checks.storable_json(parsed)
        savepoint = loader.session.begin_nested()
        try:
            if isinstance(row, checks.RowProblemError):
                raise row
            if not isinstance(row, dict):
                raise RowRejectedError("not a JSON object")
            if table == "documents":
                outcome = loader.document_row(row)
            elif table == "actors":
                outcome = _load_actor(loader, row)
            elif table == "claims":
                loader.claim(row.get("claim_id"), row.get("label"), row.get("path"), row)
                outcome = "inserted" if loader.created else "unchanged"
            else:
                outcome = loader.annotation_row(table[:-1], row)
            savepoint.commit()
        except (RowRejectedError, ValueError, TypeError, OverflowError) as error:
            savepoint.rollback()
            report.messages.append(f"{source.label} {source.unit} {number}: {error}")
            outcome = "rejected"
        report.count(table, outcome)
    return read


def _load_actor(loader: _Loader, row: dict[str, Any]) -> str:
    actor_id = loader.actor(row.get("actor_id"), row.get("name"), row.get("kind"), row)
    if actor_id is None:
        raise RowRejectedError("an actor row needs an id or a name")
    created = loader.created
    for alias in row.get("aliases") or []:
        loader.alias(actor_id, " ".join(str(alias).split()))
    return "inserted" if created else "unchanged"


def load_dataset(project: ProjectService, path: Path) -> tuple[LoadReport, ChangeSet]:
    """Load a dataset folder (JSONL, CSV or XLSX) or one of its files into ``project`` (see
    the module docstring)."""
    report = LoadReport()
    with open_dataset(Path(path)) as dataset:
        read, changes = _load(project, dataset, report)
    report.file_problems[:0] = checks.manifest_problems(dataset.folder, read)
    return report, changes


def _load(
    project: ProjectService, dataset: Dataset, report: LoadReport
) -> tuple[list[tuple[str, Path, str, int]], ChangeSet]:
    """Load every table of ``dataset``; return for each its manifest key, file, label and
    rows read (for the manifest check), and what changed."""
    read: list[tuple[str, Path, str, int]] = []
    with project.database.write() as session:
        loader = _Loader(session, report, dataset.as_written)
        codebook = dataset.codebook
        if codebook is not None and codebook.is_file():
            try:
                scale = json.loads(codebook.read_text(encoding="utf-8")).get("stance_scale", [])
            except (ValueError, AttributeError) as error:
                raise AnnotatorError(f"{codebook.name}: not valid JSON ({error})") from error
            try:
                loader.stance_scale(checks.stance_scale(scale))
            except checks.RowProblemError as problem:
                report.file_problems.append(f"{codebook.name}: {problem}; the scale is kept")
        for source in dataset.tables:
            count = _load_rows(loader, source, dataset.rows(source), report)
            read.append((source.manifest_key, source.path, source.label, count))
        record_changes(session, loader.changes)
    return read, loader.changes
