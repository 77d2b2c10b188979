"""Executors of the project's own settings: its set-up and its stance scale.

Registered on :func:`annotator.services.execute.execute` (which imports this module).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from annotator.core import models
from annotator.core.errors import OperationRefusedError
from annotator.core.models import utcnow
from annotator.services import operations as ops
from annotator.services.changes import ChangeSet
from annotator.services.execution import Result, clean_name, execute


def _clean_scale(values: tuple[str, ...]) -> list[str]:
    """A stance scale as stored: spaces collapsed, at least one value, none twice."""
    scale = [" ".join(value.split()) for value in values]
    if not scale or any(not value for value in scale):
        raise OperationRefusedError("the stance scale needs at least one non-empty value")
    if len(set(scale)) != len(scale):
        raise OperationRefusedError("the stance scale lists a value twice")
    return scale


@execute.register
def _(op: ops.SetUpProject, session: Session) -> Result:
    if session.exec(select(models.Project)).first() is not None:
        raise OperationRefusedError("this file already holds a project")
    scale = _clean_scale(op.stance_scale)
    session.add(
        models.Project(
            name=clean_name(op.name, "a project's name"),
            schema_version=op.schema_version,
            stance_scale=scale,
            created_at=utcnow(),
            lead_project_id=op.lead_project_id,
        )
    )
    session.flush()
    # Nothing to go back to: a new file's undo is deleting it.
    return ops.Batch((), "nothing"), ChangeSet(project=True)


@execute.register
def _(op: ops.SetStanceScale, session: Session) -> Result:
    scale = _clean_scale(op.scale)
    project = session.exec(select(models.Project)).one()
    old_scale = list(project.stance_scale)
    renames = _clean_renames(op.renames, old_scale, scale)
    used: dict[str, int] = {
        stance: count
        for stance, count in session.exec(
            select(models.Annotation.stance, func.count()).group_by(models.Annotation.stance)
        ).all()
        if stance is not None
    }
    # Each value (of the old scale or on a statement) keeps or gets a name of its own: two
    # values renamed into one would be merged, and the undo could not part them again.
    sources: dict[str, list[str]] = {}
    for value in [*old_scale, *sorted(set(used) - set(old_scale))]:
        sources.setdefault(renames.get(value, value), []).append(value)
    for target, values in sources.items():
        if len(values) > 1:
            both = " and ".join(repr(v) for v in values)
            raise OperationRefusedError(
                f"{both} would both be {target!r}: a rename cannot merge two stances "
                "(recode the statements of one of them instead)"
            )
    dropped = [(v, n) for v, n in sorted(used.items()) if renames.get(v, v) not in scale]
    if dropped:
        listing = ", ".join(f"{stance!r} ({n})" for stance, n in dropped)
        raise OperationRefusedError(f"statements still use {listing}; recode them first")
    changed: list[models.Annotation] = []
    if renames:
        changed = list(
            session.exec(
                select(models.Annotation).where(col(models.Annotation.stance).in_(renames))
            ).all()
        )
    for row in changed:
        # A renamed value, like a renamed claim, is a codebook change: updated_at stays.
        row.stance = renames[row.stance or ""]
        session.add(row)
    inverse = ops.SetStanceScale(tuple(old_scale), tuple((b, a) for a, b in renames.items()))
    project.stance_scale = scale
    session.add(project)
    session.flush()
    return inverse, ChangeSet(
        annotations=frozenset(row.id for row in changed),
        annotated_documents=frozenset(row.document_id for row in changed),
        project=True,
    )


def _clean_renames(
    renames: tuple[tuple[str, str], ...], old_scale: list[str], scale: list[str]
) -> dict[str, str]:
    """old value -> new value, each from the old scale to the new one (renames to itself
    left out)."""
    cleaned: dict[str, str] = {}
    for old, new in renames:
        new = " ".join(new.split())
        if old in cleaned:
            raise OperationRefusedError(f"{old!r} is renamed twice")
        if old not in old_scale:
            raise OperationRefusedError(f"{old!r} is not on the stance scale; it cannot be renamed")
        if new not in scale:
            raise OperationRefusedError(f"{old!r} is renamed to {new!r}, which the scale lacks")
        if new != old:
            cleaned[old] = new
    return cleaned
