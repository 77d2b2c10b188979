"""The executor of :class:`~annotator.services.merge_operations.MergeProjects`: coders'
annotations brought into the lead's project through the other executors (so a merge follows
the codebook's rules and is undone like any other change), with their provenance.

For each coder's file, in order:

- its **codebook** is matched by id; an actor, claim or coder whose id is not here is found by
  name (an actor also by alias; reported), else created with its id, details and aliases
  (listed as new); stance values the project lacks are appended to its scale;
- its **documents** are matched by id when the text is the same, else by the SHA-256 of the
  text; an annotation on a document that is not here is left out, with the reason;
- each **annotation** is matched by id:
  - not here: added, pointing to this merge's ``merge_source`` row, unless it came with the
    package and was not changed in it (``updated_at`` not after the file was made): then it
    was deleted here since, and stays out (skipped);
  - here and the same: unchanged (so merging twice changes nothing);
  - here and different, but not changed in the package: this project's version is newer and
    stays;
  - here, brought by an earlier merge of the same file and not edited here since (its
    ``updated_at`` not after that merge): the coder's newer version replaces it (updated);
  - otherwise it was edited differently on both sides: a **conflict**, reported with what
    differs, and this project's version stays. Nothing is silently overwritten.

A merge that brings nothing writes nothing (not even its ``merge_source`` row).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.core.models import name_key, new_id, utcnow
from annotator.core.record_rows import annotation_record
from annotator.core.records import (
    ActorRecord,
    AliasRecord,
    AnnotationRecord,
    ClaimRecord,
    CoderRecord,
    MergeSourceRecord,
)
from annotator.services import merge_operations as mops
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execution import Result, execute, get_row, stance_scale

# --- provenance rows -----------------------------------------------------------------------


@execute.register
def _(op: mops.AddMergeSource, session: Session) -> Result:
    source = op.source
    if session.get(models.MergeSource, source.id) is not None:
        raise OperationRefusedError(f"merge source {source.id} already exists")
    session.add(
        models.MergeSource(
            id=source.id, project_id=source.project_id, path=source.path, merged_at=source.merged_at
        )
    )
    session.flush()
    return mops.RemoveMergeSource(source.id), ChangeSet(project=True)


@execute.register
def _(op: mops.RemoveMergeSource, session: Session) -> Result:
    row = get_row(session, models.MergeSource, op.id, "merge source")
    used = session.exec(
        select(models.Annotation.id).where(models.Annotation.merge_source_id == op.id)
    ).first()
    if used is not None:
        raise OperationRefusedError(f"annotations still come from merge source {op.id}")
    record = MergeSourceRecord(row.id, row.project_id, row.path, row.merged_at)
    session.delete(row)
    session.flush()
    return mops.AddMergeSource(record), ChangeSet(project=True)


# --- the merge -----------------------------------------------------------------------------

_CONTENT = tuple(
    f.name for f in dataclasses.fields(AnnotationRecord) if f.name != "merge_source_id"
)
_SHOWN = ("start", "end", "actor_id", "claim_id", "stance", "note", "document_id", "kind")


class _Merge:
    """One merge's state: the inverses of what it did, in order, and what changed."""

    def __init__(self, session: Session, report: mops.MergeReport) -> None:
        self.session = session
        self.report = report
        self.inverses: list[ops.Operation] = []
        self.changes = ChangeSet()
        self.now = utcnow()

    def apply(self, op: ops.Operation) -> None:
        inverse, changes = execute(op, self.session)
        self.inverses.append(inverse)
        self.changes = self.changes | changes

    def _free(self, model: type[Any], wanted: str) -> str:
        return wanted if self.session.get(model, wanted) is None else new_id()

    # --- codebook ------------------------------------------------------------------------

    def _renamed(self, what: str, here: str, theirs: str, path: str) -> None:
        if name_key(here) != name_key(theirs):
            self.report.named_differently.append(
                f"{what} {here!r} is named {theirs!r} in {path} (the name here is kept)"
            )

    def actors(self, source: mops.CoderProject) -> dict[str, str]:
        found: dict[str, str] = {}
        for actor in source.actors:
            here_by_id = self.session.get(models.Actor, actor.id)
            if here_by_id is not None:
                found[actor.id] = actor.id
                self._renamed("actor", here_by_id.name, actor.name, source.path)
                continue
            key = name_key(actor.name)
            here = self.session.exec(
                select(models.Actor).where(models.Actor.name_key == key)
            ).first()
            alias = self.session.exec(
                select(models.ActorAlias).where(models.ActorAlias.alias_key == key)
            ).first()
            if here is not None or alias is not None:
                target = here.id if here is not None else alias.actor_id  # type: ignore[union-attr]
                found[actor.id] = target
                name = get_row(self.session, models.Actor, target, "actor").name
                self.report.by_name.append(
                    f"actor {actor.name!r} of {source.path} (id {actor.id}) is {name!r} here "
                    f"(id {target})"
                )
                continue
            found[actor.id] = self._create_actor(actor, source.path)
        return found

    def _create_actor(self, actor: ActorRecord, path: str) -> str:
        kept = [a for a in actor.aliases if not self._alias_taken(a.alias)]
        record = dataclasses.replace(
            actor,
            id=self._free(models.Actor, actor.id),
            aliases=tuple(AliasRecord(self._free(models.ActorAlias, a.id), a.alias) for a in kept),
        )
        self.apply(ops.CreateActor(record))
        self.report.new_actors.append(f"{actor.name} (from {path})")
        return record.id

    def _alias_taken(self, alias: str) -> bool:
        key = name_key(alias)
        as_alias = select(models.ActorAlias.id).where(models.ActorAlias.alias_key == key)
        as_name = select(models.Actor.id).where(models.Actor.name_key == key)
        return (
            self.session.exec(as_alias).first() is not None
            or self.session.exec(as_name).first() is not None
        )

    def claims(self, source: mops.CoderProject) -> dict[str, str]:
        found: dict[str, str] = {}
        for claim in source.claims:  # parents first
            claim_here = self.session.get(models.Claim, claim.id)
            if claim_here is not None:
                found[claim.id] = claim.id
                self._renamed("claim", claim_here.label, claim.label, source.path)
                continue
            here = self.session.exec(
                select(models.Claim).where(models.Claim.label_key == name_key(claim.label))
            ).first()
            if here is not None:
                found[claim.id] = here.id
                self.report.by_name.append(
                    f"claim {claim.label!r} of {source.path} (id {claim.id}) is "
                    f"{here.label!r} here (id {here.id})"
                )
                continue
            shortcut = claim.shortcut
            if (
                shortcut is not None
                and self.session.exec(
                    select(models.Claim.id).where(models.Claim.shortcut == shortcut)
                ).first()
                is not None
            ):
                shortcut = None  # taken here by another claim: the claim comes, its key not
            record = ClaimRecord(
                id=self._free(models.Claim, claim.id),
                label=claim.label,
                description=claim.description,
                parent_id=None if claim.parent_id is None else found.get(claim.parent_id),
                colour=claim.colour,
                shortcut=shortcut,
                position=claim.position,
            )
            self.apply(ops.CreateClaim(record))
            found[claim.id] = record.id
            self.report.new_claims.append(f"{claim.label} (from {source.path})")
        return found

    def coders(self, source: mops.CoderProject) -> dict[str, str]:
        found: dict[str, str] = {}
        for coder in source.coders:
            if self.session.get(models.Coder, coder.id) is not None:
                found[coder.id] = coder.id
                continue
            here = self.session.exec(
                select(models.Coder).where(models.Coder.name_key == name_key(coder.name))
            ).first()
            if here is not None:
                found[coder.id] = here.id
                continue
            record = CoderRecord(self._free(models.Coder, coder.id), coder.name)
            self.apply(ops.CreateCoder(record))
            found[coder.id] = record.id
            self.report.new_coders.append(coder.name)
        return found

    def stances(self, source: mops.CoderProject) -> None:
        scale = stance_scale(self.session)
        missing = [value for value in source.stance_scale if value not in scale]
        if missing:
            self.apply(ops.SetStanceScale((*scale, *missing)))
            self.report.new_stances.extend(missing)

    def documents(self, source: mops.CoderProject) -> dict[str, str]:
        by_hash = dict(
            self.session.exec(select(models.Document.text_sha256, models.Document.id)).all()
        )
        found: dict[str, str] = {}
        for document in source.documents:
            here = by_hash.get(document.text_sha256)
            if here is not None:
                # by id when the text is the same, else the document with this text
                found[document.id] = document.id if document.id == here else here
        return found


def _mapped(found: dict[str, str], given: str | None) -> str | None:
    return None if given is None else found.get(given, given)


def _differences(here: AnnotationRecord, theirs: AnnotationRecord) -> str:
    changed = [
        f"{name} {getattr(here, name)!r} here, {getattr(theirs, name)!r} there"
        for name in _SHOWN
        if getattr(here, name) != getattr(theirs, name)
    ]
    return "; ".join(changed) or "times differ"


class _SourceMerge:
    """The annotations of one coder's file."""

    def __init__(self, merge: _Merge, source: mops.CoderProject) -> None:
        self.merge = merge
        self.source = source
        self.report = mops.SourceReport(source.path, [c.name for c in source.coders])
        self.provenance: MergeSourceRecord | None = None
        self.titles = {d.id: d.title for d in source.documents}

    def run(self) -> None:
        merge, source = self.merge, self.source
        merge.stances(source)
        actors, claims = merge.actors(source), merge.claims(source)
        coders, documents = merge.coders(source), merge.documents(source)
        # messages name a document by its title, whether they hold the file's id or ours
        self.titles |= {documents[d.id]: d.title for d in source.documents if d.id in documents}
        coded = {a.coder_id for a in source.annotations if not self._came_with_package(a)}
        self.report.coders = [c.name for c in source.coders if c.id in coded]
        for annotation in source.annotations:
            document_id = documents.get(annotation.document_id)
            if document_id is None:
                self._leave_out(annotation, "its document is not in this project", rejected=True)
                continue
            mapped = dataclasses.replace(
                annotation,
                document_id=document_id,
                coder_id=coders.get(annotation.coder_id, annotation.coder_id),
                # an id the file's codebook lacks stays as it is (and is refused if not here)
                actor_id=_mapped(actors, annotation.actor_id),
                claim_id=_mapped(claims, annotation.claim_id),
                merge_source_id=None,
            )
            self._one(annotation.id, mapped)
        merge.report.sources.append(self.report)

    def _where(self, annotation: AnnotationRecord) -> str:
        title = self.titles.get(annotation.document_id, "")
        return f"annotation {annotation.id} in {title!r} ({self.source.path})"

    def _leave_out(self, annotation: AnnotationRecord, why: str, *, rejected: bool) -> None:
        if rejected:
            self.report.rejected += 1
        else:
            self.report.skipped += 1
        self.report.messages.append(f"{self._where(annotation)}: {why}")

    def _source_id(self) -> str:
        if self.provenance is None:
            self.provenance = MergeSourceRecord(
                new_id(), self.source.project_id, self.source.path, self.merge.now
            )
            self.merge.apply(mops.AddMergeSource(self.provenance))
        return self.provenance.id

    def _came_with_package(self, annotation: AnnotationRecord) -> bool:
        """Whether ``annotation`` was copied into the package and not changed in it. Only a
        package was made with annotations in it (a project that is none may hold older ones,
        loaded from a dataset, that were never here)."""
        return (
            self.source.lead_project_id is not None
            and annotation.updated_at <= self.source.created_at
        )

    def _one(self, annotation_id: str, theirs: AnnotationRecord) -> None:
        session = self.merge.session
        in_package = self._came_with_package(theirs)
        row = session.get(models.Annotation, annotation_id)
        if row is None:
            if in_package:
                self._leave_out(
                    theirs, "it came with the package and was deleted here since", rejected=False
                )
                return
            self._write(theirs, replace=False)
            return
        here = annotation_record(row)
        if all(getattr(here, name) == getattr(theirs, name) for name in _CONTENT) or in_package:
            self.report.unchanged += 1
            return
        earlier = (
            None
            if here.merge_source_id is None
            else session.get(models.MergeSource, here.merge_source_id)
        )
        if (
            earlier is not None
            and earlier.project_id == self.source.project_id
            and here.updated_at <= earlier.merged_at
        ):
            self._write(theirs, replace=True)
            return
        self.report.conflicts.append(
            f"{self._where(theirs)}: {_differences(here, theirs)}; this project's version kept"
        )

    def _write(self, theirs: AnnotationRecord, *, replace: bool) -> None:
        """Put ``theirs`` in (replacing this project's copy) in a savepoint: a refusal leaves
        nothing behind and is reported."""
        merge = self.merge
        inverses, changes = len(merge.inverses), merge.changes
        savepoint = merge.session.begin_nested()
        try:
            record = dataclasses.replace(theirs, merge_source_id=self._source_id())
            if replace:
                merge.apply(ops.DeleteAnnotation(record.id))
            merge.apply(ops.RestoreAnnotation(record))
            savepoint.commit()
        except OperationRefusedError as error:
            savepoint.rollback()
            del merge.inverses[inverses:]
            merge.changes = changes
            if self.provenance is not None and not any(
                isinstance(op, mops.RemoveMergeSource) and op.id == self.provenance.id
                for op in merge.inverses
            ):
                self.provenance = None  # its row went with the savepoint
            self._leave_out(theirs, str(error), rejected=True)
            return
        if replace:
            self.report.updated += 1
        else:
            self.report.added += 1


@execute.register
def _(op: mops.MergeProjects, session: Session) -> Result:
    merge = _Merge(session, op.report)
    for source in op.sources:
        _SourceMerge(merge, source).run()
    # Undo goes back in the opposite order: annotations before the merge rows and codebook
    # entries they use, the stance scale last.
    return ops.Batch(tuple(reversed(merge.inverses)), op.label), merge.changes
