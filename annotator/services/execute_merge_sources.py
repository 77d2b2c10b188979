"""The executors of the provenance rows a merge writes (services/merge_operations.py:
:class:`AddMergeSource`, :class:`RemoveMergeSource`), and what they record of who was given
which documents (docs/team.md, docs/agreement.md)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.core.records import MergeSourceRecord
from annotator.services import merge_operations as mops
from annotator.services.changes import ChangeSet
from annotator.services.execution import Result, execute, get_row


@execute.register
def _(op: mops.AddMergeSource, session: Session) -> Result:
    source = op.source
    if session.get(models.MergeSource, source.id) is not None:
        raise OperationRefusedError(f"merge source {source.id} already exists")
    session.add(
        models.MergeSource(
            id=source.id,
            project_id=source.project_id,
            path=source.path,
            merged_at=source.merged_at,
            coder_ids=None if source.coder_ids is None else list(source.coder_ids),
            document_ids=None if source.document_ids is None else list(source.document_ids),
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
    record = MergeSourceRecord(
        row.id,
        row.project_id,
        row.path,
        row.merged_at,
        None if row.coder_ids is None else tuple(row.coder_ids),
        None if row.document_ids is None else tuple(row.document_ids),
    )
    session.delete(row)
    session.flush()
    return mops.AddMergeSource(record), ChangeSet(project=True)


def assignment_recorded(
    session: Session, project_id: str, coders: Iterable[str], documents: Iterable[str]
) -> bool:
    """Whether a merge of the file whose project id is ``project_id`` already recorded that
    ``coders`` were given ``documents``."""
    wanted_coders, wanted_documents = set(coders), set(documents)
    rows = session.exec(
        select(models.MergeSource).where(models.MergeSource.project_id == project_id)
    )
    return any(
        wanted_coders <= set(row.coder_ids or ())
        and wanted_documents <= set(row.document_ids or ())
        for row in rows
    )
