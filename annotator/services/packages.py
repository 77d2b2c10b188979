"""Coding packages (docs/team.md): a new project file for one coder, made from the lead's
project, with the chosen documents (ids, texts and details as they are), the whole codebook
(ids kept), none of the lead's annotations unless asked, and the lead project's id recorded,
so that the coder's work merges back (services/merging.py).

The package is built as a project of its own in a temporary folder beside the target, then
written to the target as a verified copy (services/maintenance.save_copy: integrity-checked,
appearing whole or not at all, never replacing a file unless told to).
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError, BackupError, storage_error
from annotator.core.records import AnnotationRecord
from annotator.services import operations as ops
from annotator.services.maintenance import save_copy
from annotator.services.project import ProjectService
from annotator.services.search import SearchService

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class PackageError(AnnotatorError):
    """The package cannot be made as asked (the message says why); nothing was written."""


@dataclass(frozen=True, slots=True)
class PackageReport:
    path: Path
    documents: int
    annotations: int
    actors: int
    claims: int
    lead_project_id: str

    def summary(self) -> str:
        return (
            f"coding package written to {self.path}: {self.documents} documents, "
            f"{self.actors} actors, {self.claims} claims, {self.annotations} annotations"
        )


def choose_documents(
    project: ProjectService,
    *,
    ids: Sequence[str] | None = None,
    query: str | None = None,
    search: SearchService | None = None,
    sample: int | None = None,
    seed: int = 0,
) -> list[str]:
    """The ids of the documents a package gets, in import order: those named in ``ids``, or
    matching ``query`` (through ``search``), or all; then, with ``sample``, that many of
    them drawn at random with ``seed`` (the same seed draws the same documents).

    Raises:
        PackageError: an id is not a document here, or the sample is larger than the choice.
        QueryError: the query is malformed.
    """
    order = [summary.id for summary in project.document_summaries()]
    chosen = order
    if ids is not None:
        known = set(order)
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise PackageError(f"no document with id {', '.join(unknown)} in this project")
        wanted = set(ids)
        chosen = [i for i in order if i in wanted]
    elif query is not None:
        searcher = search or SearchService(project)
        try:
            searcher.ensure_current()
            hits = searcher.search(query, limit=max(len(order), 1), highlight=False)
        finally:
            if search is None:
                searcher.close()
        matched = {hit.document_id for hit in hits.hits}
        chosen = [i for i in order if i in matched]
    if sample is not None:
        if sample < 1:
            raise PackageError(f"a sample needs at least 1 document, not {sample}")
        if sample > len(chosen):
            raise PackageError(
                f"cannot sample {sample} documents from {len(chosen)}; choose at most {len(chosen)}"
            )
        drawn = set(random.Random(seed).sample(chosen, sample))
        chosen = [i for i in chosen if i in drawn]
    if not chosen:
        raise PackageError("no document was chosen; a package needs at least one")
    return chosen


def _refuse_target(project: ProjectService, target: Path, *, force: bool) -> None:
    if not target.parent.is_dir():
        raise PackageError(f"cannot write {target}: the folder {target.parent} does not exist")
    if target.resolve() == project.path or (target.exists() and _same_file(target, project.path)):
        raise PackageError(f"{target} is the project itself; choose another file for the package")
    if target.exists() and not force:
        raise PackageError(
            f"{target} already exists; choose another name, or replace it with --force "
            "(nothing was written)"
        )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _contents(
    project: ProjectService, document_ids: Sequence[str], *, with_annotations: bool
) -> tuple[list[ops.Operation], int]:
    """The operations that fill a package, and how many annotations they bring."""
    steps: list[ops.Operation] = [ops.CreateActor(actor) for actor in project.actors()]
    steps += [ops.CreateClaim(claim) for claim in project.claims()]  # parents first
    steps.append(ops.AddDocuments(tuple(project.document(i) for i in document_ids)))
    annotations = []
    if with_annotations:
        wanted = set(document_ids)
        annotations = [a for a in project.annotations() if a.document_id in wanted]
        used = {a.coder_id for a in annotations}
        steps += [ops.CreateCoder(c) for c in project.coders() if c.id in used]
        # Provenance stays with the lead: the package has no merge_source rows.
        steps += [ops.RestoreAnnotation(_own(annotation)) for annotation in annotations]
    return steps, len(annotations)


def _own(annotation: AnnotationRecord) -> AnnotationRecord:
    return dataclasses.replace(annotation, merge_source_id=None)


def make_package(
    project: ProjectService,
    target: Path,
    document_ids: Sequence[str],
    *,
    with_annotations: bool = False,
    force: bool = False,
    cancelled: Cancelled | None = None,
) -> PackageReport:
    """Write a coding package of ``project`` with the documents ``document_ids`` to
    ``target`` (see the module's docstring).

    Raises:
        PackageError: ``target`` is the project, exists (unless ``force``), or its folder
            does not; or ``cancelled`` said so. Nothing is then written.
        BackupError: writing the package failed; nothing is left at ``target``.
    """
    target = Path(target)
    _refuse_target(project, target, force=force)
    info = project.info()
    steps, n_annotations = _contents(project, document_ids, with_annotations=with_annotations)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise storage_error(error, f"cannot write {target.name}") from error
    try:
        built = folder / target.name
        with ProjectService.create(
            built,
            name=target.stem,
            stance_scale=info.stance_scale,
            lead_project_id=info.id,
        ) as package:
            if cancelled is not None and cancelled():
                raise PackageError("making the package was cancelled; nothing was written")
            package.apply(ops.Batch(tuple(steps), "make coding package"))
        if cancelled is not None and cancelled():
            raise PackageError("making the package was cancelled; nothing was written")
        try:
            save_copy(built, target, overwrite=force)
        except BackupError as error:
            raise PackageError(str(error)) from error
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
    actors = sum(isinstance(step, ops.CreateActor) for step in steps)
    claims = sum(isinstance(step, ops.CreateClaim) for step in steps)
    return PackageReport(target, len(document_ids), n_annotations, actors, claims, info.id)
